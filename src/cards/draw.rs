//! Drawing a card: the flag's colours, the texts laid out ([`super::layout`]), shaped with
//! harfrust (kerning, accents), their outlines filled by tiny-skia; then written straight into a
//! palette of the few colours a card has. An indexed PNG takes one byte a pixel instead of
//! three: cards a third of the size, which a site of thousands of pages carries to its server.

use std::collections::HashMap;

use harfrust::font::glyph::outline::{DrawMemory, DrawOptions, PathSink};
use harfrust::{Buffer, Direction, GlyphId, Script, ShapeOptions, ShapePlan, ShaperFont};
use tiny_skia::{FillRule, Mask, PathBuilder, Transform};
use unicode_normalization::UnicodeNormalization;

use super::layout::{self, Block, Frame};
use super::{Card, Fonts, Shape};

type Rgb = [u8; 3];

const WHITE: Rgb = [0xff, 0xff, 0xff];
const INK: Rgb = [0x1b, 0x1b, 0x1b];
/// The site's green, dark enough for text on white and for white text on it.
const GREEN: Rgb = [0x0e, 0x6b, 0x2f];
/// Mali's flag: green, gold, red.
const FLAG: [Rgb; 3] = [[0x14, 0xb5, 0x3a], [0xfc, 0xd1, 0x16], [0xce, 0x11, 0x26]];

/// Where things go on a card of a shape, in pixels.
struct Geometry {
    /// The flag's band at the top.
    band: f32,
    margin: f32,
    /// The green band at the bottom, with the institution's name.
    footer: f32,
    kicker: Frame,
    title: Frame,
    name: Frame,
    /// The size of the address, at the end of the bottom band; none on the square.
    address: Option<f32>,
}

fn geometry(shape: Shape) -> Geometry {
    let frame = |width, largest, smallest, leading, max_lines| Frame {
        width,
        height: f32::MAX,
        largest,
        smallest,
        leading,
        max_lines,
    };
    match shape {
        Shape::Wide => Geometry {
            band: 14.0,
            margin: 80.0,
            footer: 118.0,
            kicker: frame(1040.0, 34.0, 26.0, 1.2, 1),
            title: frame(1040.0, 80.0, 46.0, 1.16, 5),
            name: frame(700.0, 34.0, 24.0, 1.2, 2),
            address: Some(26.0),
        },
        Shape::Square => Geometry {
            band: 8.0,
            margin: 30.0,
            footer: 76.0,
            kicker: frame(340.0, 20.0, 16.0, 1.2, 1),
            title: frame(340.0, 42.0, 26.0, 1.15, 5),
            name: frame(340.0, 21.0, 16.0, 1.2, 2),
            address: None,
        },
    }
}

/// The card as a PNG.
pub(super) fn draw(card: &Card, shape: Shape, fonts: &Fonts) -> Vec<u8> {
    let (width, height) = shape.size();
    let (w, h) = (width as f32, height as f32);
    let g = geometry(shape);
    let title_face = Face::new(&fonts.title);
    let text_face = Face::new(&fonts.text);
    let mut canvas = Canvas::new(width, height, WHITE);
    for (i, colour) in FLAG.iter().enumerate() {
        canvas.rect(w * i as f32 / 3.0, 0.0, w * (i + 1) as f32 / 3.0, g.band, *colour);
    }
    canvas.rect(0.0, h - g.footer, w, h, GREEN);

    // The bottom band: the institution's name, the address at its end.
    let footer_middle = h - g.footer / 2.0;
    let mut name_frame = g.name;
    if let Some(size) = g.address {
        let address = text_face.clean(&card.address);
        let address_width = text_face.measure(&address) * size;
        let baseline = footer_middle + text_face.cap_height * size / 2.0;
        canvas.text(&text_face, &[address], size, 1.0, (w - g.margin - address_width, baseline), WHITE);
        name_frame.width = name_frame.width.min(w - 2.0 * g.margin - address_width - 40.0);
    }
    let name = title_face.fit(&card.footer, &name_frame);
    let top = footer_middle - name.height(&name_frame, title_face.cap_height) / 2.0;
    canvas.block(&title_face, &name, &name_frame, (g.margin, top), WHITE);

    // The kicker and the title, together in the middle of the space between the bands.
    let space = (g.band, h - g.footer);
    let room = space.1 - space.0 - 2.0 * g.margin * 0.7;
    let kicker = card.kicker.as_deref().map(|k| text_face.fit(k, &g.kicker));
    let gap = kicker.as_ref().map_or(0.0, |k| k.size * 1.1);
    let kicker_height = kicker.as_ref().map_or(0.0, |k| k.height(&g.kicker, text_face.cap_height));
    let title_frame = Frame { height: room - kicker_height - gap, ..g.title };
    let title = title_face.fit(&card.title, &title_frame);
    let total = kicker_height + gap + title.height(&title_frame, title_face.cap_height);
    let mut top = space.0 + (space.1 - space.0 - total) / 2.0;
    if let Some(kicker) = &kicker {
        canvas.block(&text_face, kicker, &g.kicker, (g.margin, top), GREEN);
        top += kicker_height + gap;
    }
    canvas.block(&title_face, &title, &title_frame, (g.margin, top), INK);
    canvas.png()
}

impl Block {
    /// From the top of the first line's capitals to the last line's baseline.
    fn height(&self, frame: &Frame, cap_height: f32) -> f32 {
        if self.lines.is_empty() {
            return 0.0;
        }
        self.size * (cap_height + frame.leading * (self.lines.len() - 1) as f32)
    }
}

/// A font ready to shape and draw.
struct Face<'a> {
    font: &'a harfrust::Font,
    shaper: ShaperFont<'a, 'a>,
    /// Made once: planning a text's shaping costs more than shaping a word.
    plan: ShapePlan,
    units: f32,
    /// The height of a capital, in ems.
    cap_height: f32,
}

impl<'a> Face<'a> {
    fn new(font: &'a harfrust::Font) -> Face<'a> {
        let units = f32::from(font.units_per_em());
        let cap_height = font.metrics().cap_height.map_or(0.7, |c| c.to_f64() as f32 / units);
        let plan = ShapePlan::new(font, Direction::LeftToRight, Some(Script::LATIN), None, &[]);
        Face { font, shaper: ShaperFont::new(font), plan, units, cap_height }
    }

    /// `text` in composed form (é, not e and an accent), without the characters the font
    /// cannot draw, nor line breaks.
    fn clean(&self, text: &str) -> String {
        let charmap = self.font.charmap();
        text.nfc()
            .map(|c| if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' { ' ' } else { c })
            .filter(|&c| c == ' ' || charmap.map_unicode(c).is_some())
            .collect()
    }

    fn fit(&self, text: &str, frame: &Frame) -> Block {
        layout::fit(&self.clean(text), frame, self.cap_height, &|t: &str| self.measure(t))
    }

    /// The glyphs of `text` and where each goes, in ems from the start of the line.
    fn shape(&self, text: &str) -> Vec<(GlyphId, f32, f32)> {
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(Some(Script::LATIN));
        if harfrust::shape(&self.shaper, &mut buffer, ShapeOptions::new().plan(Some(&self.plan))).is_err() {
            return Vec::new();
        }
        let mut pen = 0.0;
        let glyphs = buffer.glyph_infos().iter().zip(buffer.glyph_positions()).map(|(info, position)| {
            let at = (pen + position.x_offset as f32) / self.units;
            pen += position.x_advance as f32;
            (GlyphId::new(info.glyph_id), at, position.y_offset as f32 / self.units)
        });
        let mut glyphs: Vec<_> = glyphs.collect();
        glyphs.push((GlyphId::NOTDEF, pen / self.units, 0.0));
        glyphs
    }

    /// The width of `text`, in ems.
    fn measure(&self, text: &str) -> f32 {
        self.shape(text).last().map_or(0.0, |&(_, end, _)| end)
    }

    /// Adds the outlines of `text` at `size` pixels, its baseline starting at `(x, y)`.
    fn outline(&self, text: &str, size: f32, (x, y): (f32, f32), path: &mut PathBuilder) {
        let outlines = self.font.outline_glyphs();
        let glyphs = self.shape(text);
        for &(glyph, at, rise) in &glyphs[..glyphs.len().saturating_sub(1)] {
            let Some(outline) = outlines.get(glyph).filter(|_| glyph != GlyphId::NOTDEF) else { continue };
            let mut pen = Pen { path: &mut *path, scale: size / self.units, x: x + at * size, y: y - rise * size };
            // A glyph that cannot be drawn is left out rather than failing the card.
            let _ = outline.draw(&DrawOptions::new(), DrawMemory::Scratch, &mut pen);
        }
    }
}

/// Outlines in font units, y up, into a path in pixels, y down.
struct Pen<'a> {
    path: &'a mut PathBuilder,
    scale: f32,
    x: f32,
    y: f32,
}

impl Pen<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl PathSink for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let ((cx, cy), (x, y)) = (self.at(cx, cy), self.at(x, y));
        self.path.quad_to(cx, cy, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let ((cx0, cy0), (cx1, cy1), (x, y)) = (self.at(cx0, cy0), self.at(cx1, cy1), self.at(x, y));
        self.path.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// Shades of coverage a text's edge is drawn with: 16 over the colour beneath, which the eye
/// cannot tell from 256.
const SHADES: u16 = 16;

/// The colours of a card, 256 at most, each with its index.
#[derive(Default)]
struct Palette {
    colours: Vec<Rgb>,
    indexes: HashMap<Rgb, u8>,
}

impl Palette {
    /// The index of `rgb`, added if new; when the palette is full, the nearest colour's.
    fn index(&mut self, rgb: Rgb) -> u8 {
        if let Some(&index) = self.indexes.get(&rgb) {
            return index;
        }
        if self.colours.len() == 256 {
            let distance = |c: &Rgb| (0..3).map(|i| (i32::from(c[i]) - i32::from(rgb[i])).pow(2)).sum::<i32>();
            let nearest = (0..256).min_by_key(|&i| distance(&self.colours[i])).unwrap_or(0);
            return nearest as u8;
        }
        let index = self.colours.len() as u8;
        self.colours.push(rgb);
        self.indexes.insert(rgb, index);
        index
    }
}

/// Pixels as indexes into the palette of the colours drawn.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    palette: Palette,
}

impl Canvas {
    fn new(width: u32, height: u32, background: Rgb) -> Canvas {
        let mut palette = Palette::default();
        let index = palette.index(background);
        Canvas { width, height, pixels: vec![index; (width * height) as usize], palette }
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, rgb: Rgb) {
        let index = self.palette.index(rgb);
        let (x0, x1) = (x0.round().max(0.0) as usize, (x1.round() as usize).min(self.width as usize));
        let (y0, y1) = (y0.round().max(0.0) as usize, (y1.round() as usize).min(self.height as usize));
        for y in y0..y1 {
            let row = y * self.width as usize;
            self.pixels[row + x0..row + x1].fill(index);
        }
    }

    /// The lines of `block`, the first's capitals from `top`, at `x`.
    fn block(&mut self, face: &Face, block: &Block, frame: &Frame, (x, top): (f32, f32), rgb: Rgb) {
        let baseline = top + face.cap_height * block.size;
        self.text(face, &block.lines, block.size, frame.leading, (x, baseline), rgb);
    }

    /// Lines of text at `size`, `leading` ems apart, the first's baseline at `(x, y)`.
    fn text(&mut self, face: &Face, lines: &[String], size: f32, leading: f32, (x, y): (f32, f32), rgb: Rgb) {
        let mut path = PathBuilder::new();
        for (i, line) in lines.iter().enumerate() {
            face.outline(line, size, (x, y + i as f32 * leading * size), &mut path);
        }
        let Some(path) = path.finish() else { return };
        // Only the rows and columns the text covers, one pixel more on each side for its edges.
        let bounds = path.bounds();
        let left = (bounds.left().floor() as i64 - 1).clamp(0, i64::from(self.width)) as u32;
        let top = (bounds.top().floor() as i64 - 1).clamp(0, i64::from(self.height)) as u32;
        let right = (bounds.right().ceil() as i64 + 1).clamp(0, i64::from(self.width)) as u32;
        let bottom = (bounds.bottom().ceil() as i64 + 1).clamp(0, i64::from(self.height)) as u32;
        let Some(mut mask) = Mask::new(right.saturating_sub(left), bottom.saturating_sub(top)) else { return };
        let shift = Transform::from_translate(-(left as f32), -(top as f32));
        mask.fill_path(&path, FillRule::Winding, true, shift);
        self.paint(&mask, (left, top), rgb);
    }

    /// `rgb` over the pixels, as much as `mask`, whose corner is at `(left, top)`, covers them.
    fn paint(&mut self, mask: &Mask, (left, top): (u32, u32), rgb: Rgb) {
        // The index of each colour beneath at each shade, found once.
        let mut blends = [[None::<u8>; SHADES as usize + 1]; 256];
        let (width, mask_width) = (self.width as usize, mask.width() as usize);
        for (y, coverages) in mask.data().chunks_exact(mask_width).enumerate() {
            let start = (top as usize + y) * width + left as usize;
            for (pixel, &coverage) in self.pixels[start..start + mask_width].iter_mut().zip(coverages) {
                let shade = (u16::from(coverage) * SHADES + 127) / 255;
                if shade == 0 {
                    continue;
                }
                let under = *pixel;
                *pixel = *blends[usize::from(under)][usize::from(shade)].get_or_insert_with(|| {
                    let below = self.palette.colours[usize::from(under)];
                    let mix = |i: usize| {
                        let (a, b) = (u16::from(below[i]), u16::from(rgb[i]));
                        ((a * (SHADES - shade) + b * shade + SHADES / 2) / SHADES) as u8
                    };
                    self.palette.index([mix(0), mix(1), mix(2)])
                });
            }
        }
    }

    /// The pixels as an 8-bit indexed PNG.
    fn png(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(self.palette.colours.concat());
        // Measured on sample cards: level 3 makes files 6 % larger than
        // the default level 6, in half the time; filters only make palette images larger.
        encoder.set_deflate_compression(png::DeflateCompression::Level(3));
        encoder.set_filter(png::Filter::NoFilter);
        // Into memory, with exactly the pixels its size needs: this cannot fail.
        let written = encoder.write_header().and_then(|mut writer| writer.write_image_data(&self.pixels));
        written.expect("the pixels of a card fill its size");
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::tests::theme_fonts;

    const LONG: &str = "Cérémonie de signature du plan de travail 2026 entre le Ministère de la Santé et du \
                        Développement Social et le Haut-Commissariat pour les Réfugiés (HCR)";

    #[test]
    fn accents_are_drawn_and_what_the_font_lacks_is_left_out() {
        let fonts = theme_fonts();
        let face = Face::new(&fonts.title);
        // A decomposed accent (e and U+0301) as some keyboards type it; an emoji.
        let clean = face.clean("Me\u{301}naka 😀 «\u{202f}HCR\u{202f}» :\tÉté");
        assert_eq!(clean, "Ménaka  «\u{202f}HCR\u{202f}» : Été");
        let glyphs = face.shape(&clean);
        assert!(glyphs[..glyphs.len() - 1].iter().all(|(glyph, _, _)| *glyph != GlyphId::NOTDEF), "{glyphs:?}");
        assert_eq!(face.measure("Ménaka"), face.measure(&face.clean("Me\u{301}naka")));
        // Kerning: « AV » is narrower than « A » and « V » apart.
        assert!(face.measure("AV") < face.measure("A") + face.measure("V"));
    }

    #[test]
    fn a_long_title_fits_the_card_at_a_size_read_in_a_thumbnail() {
        let fonts = theme_fonts();
        let face = Face::new(&fonts.title);
        for shape in Shape::ALL {
            let frame = Frame { height: 330.0, ..geometry(shape).title };
            let block = face.fit(LONG, &frame);
            assert!(block.size >= frame.smallest && !block.lines.is_empty(), "{shape:?}: {block:?}");
            for line in &block.lines {
                assert!(face.measure(line) * block.size <= frame.width, "{shape:?}: {line} is too wide");
            }
        }
    }

    #[test]
    fn a_card_has_the_flag_the_title_and_the_band() {
        let card = Card {
            kicker: Some("Bamako · 6 février 2026".into()),
            title: LONG.into(),
            footer: "Coordination Nationale du Rapatriement".into(),
            address: "example.org".into(),
        };
        let png = draw(&card, Shape::Wide, &theme_fonts());
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (1200, 630));
        assert_eq!(image.get_pixel(100, 5).0, FLAG[0]);
        assert_eq!(image.get_pixel(600, 5).0, FLAG[1]);
        assert_eq!(image.get_pixel(1100, 5).0, FLAG[2]);
        assert_eq!(image.get_pixel(5, 625).0, GREEN);
        let ink = image.pixels().filter(|p| p.0 == INK).count();
        assert!(ink > 20_000, "the title is drawn: {ink} pixels of ink");
        assert!(png.len() < 60_000, "{} bytes", png.len());
    }
}

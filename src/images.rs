//! The content's photos made light for phones: each JPEG, PNG or WebP becomes a few widths, in
//! WebP and in a format every browser reads, kept between builds in a cache named by the hash
//! of the photo's bytes, and the `<picture>` that offers them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;

use crate::error::{Error, Location, Problem};
use crate::fsio;
use crate::fsio::SourceFile;
use crate::hash::fnv1a;
use crate::url::SitePath;

/// The cache's folder in the site's root.
pub const CACHE: &str = ".cache/images";

/// The widths made, in pixels: a phone, a phone with a dense screen or a tablet, a large screen.
/// A photo is never enlarged: a smaller one gets its own width.
const WIDTHS: [u32; 3] = [480, 960, 1440];

/// Part of every cache entry's name: changing how images are made starts a new cache.
const RECIPE: &str = "v1-480-960-1440-webp75-jpeg80";

/// The largest photo made smaller, in pixels: a phone's 48-million-pixel photo is taken, one
/// whose header claims 65,000 × 65,000 is refused before a byte of it is decoded.
const MAX_PIXELS: u64 = 100_000_000;

/// What decoding a photo may take in memory at most, whatever its header says.
const MAX_MEMORY: u64 = 1 << 30;

/// How wide an image is shown: the text column on large screens, the whole width on phones.
const SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// A photo ready to publish: its size once upright, and the files made from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// The format browsers without WebP get: JPEG, or PNG for images with transparency.
    pub fallback: Format,
    /// The cache's folder holding `<width>.<extension>` for each width and format.
    folder: PathBuf,
}

impl Picture {
    /// The widths made, smallest first.
    pub fn widths(&self) -> Vec<u32> {
        let largest = self.width.min(WIDTHS[WIDTHS.len() - 1]);
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < largest).collect();
        widths.push(largest);
        widths
    }

    /// The height of the image `width` pixels wide.
    pub fn height_at(&self, width: u32) -> u32 {
        ((u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2) / u64::from(self.width)).max(1) as u32
    }

    /// Every file made: (its site path next to the original at `original`, its file in the cache).
    pub fn files(&self, original: &SitePath) -> Vec<(SitePath, PathBuf)> {
        let mut files = Vec::new();
        for format in [Format::Webp, self.fallback] {
            for width in self.widths() {
                let name = format!("{width}.{}", format.extension());
                files.push((variant(original, width, format), self.folder.join(name)));
            }
        }
        files
    }

    /// The largest file in the fallback format, for link previews: (path, width, height).
    pub fn largest(&self, original: &SitePath) -> (SitePath, u32, u32) {
        let width = *self.widths().last().unwrap_or(&self.width);
        (variant(original, width, self.fallback), width, self.height_at(width))
    }

    /// The `<picture>` showing the photo at `original` with its description. Images out of the
    /// first screen load only when scrolled to.
    pub fn html(&self, original: &SitePath, alt: &str, lazy: bool) -> String {
        let srcset = |format| {
            let candidates: Vec<String> =
                self.widths().iter().map(|&w| format!("{} {w}w", variant(original, w, format))).collect();
            candidates.join(", ")
        };
        let (src, width, height) = self.largest(original);
        let mut html = String::new();
        let _ = write!(
            html,
            r#"<picture><source type="{}" srcset="{}" sizes="{SIZES}"><img src="{src}" srcset="{}" sizes="{SIZES}" width="{width}" height="{height}" alt="{}""#,
            Format::Webp.mime(),
            srcset(Format::Webp),
            srcset(self.fallback),
            crate::text::escape(alt),
        );
        html.push_str(if lazy {
            r#" loading="lazy" decoding="async"></picture>"#
        } else {
            r#" fetchpriority="high"></picture>"#
        });
        html
    }
}

/// `/activites/photo.jpg` at 480 px in WebP: `/activites/photo-480.webp`.
fn variant(original: &SitePath, width: u32, format: Format) -> SitePath {
    let path = original.as_str();
    let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
    SitePath::from_link(&format!("{stem}-{width}.{}", format.extension())).unwrap_or_else(|| original.clone())
}

/// Whether the build makes a [`Picture`] of this content file.
pub fn is_photo(rel: &Path) -> bool {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// The pictures of a build, by content-relative file, and what they were made from: the next
/// build reuses those whose file has not changed.
#[derive(Debug, Default, Clone)]
pub struct Pictures {
    by_file: HashMap<PathBuf, (Stamp, Arc<Picture>)>,
    /// Photos that could not be read or made smaller.
    pub errors: Vec<Error>,
}

/// When a file was last changed and its size: unchanged, its picture is unchanged too.
type Stamp = (SystemTime, u64);

impl Pictures {
    pub fn get(&self, rel: &Path) -> Option<&Arc<Picture>> {
        self.by_file.get(rel).map(|(_, picture)| picture)
    }
}

/// Told after each photo how many are done, out of how many.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// What may be done with the cache of pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache<'a> {
    /// The pictures missing from the folder are made there.
    Fill(&'a Path),
    /// The folder is only read: the photos it lacks are decoded, to find their problems and
    /// sizes, and nothing is written (for `check`).
    Read(&'a Path),
}

/// Makes the pictures of every photo among `assets`, in parallel, reusing the cache and
/// `previous`.
pub fn process(assets: &[SourceFile], cache: Cache, previous: Option<&Pictures>, progress: Progress) -> Pictures {
    let photos: Vec<&SourceFile> = assets.iter().filter(|a| is_photo(&a.rel)).collect();
    let done = AtomicUsize::new(0);
    let results: Vec<_> = photos
        .par_iter()
        .map(|file| {
            let result = picture(file, cache, previous);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, photos.len());
            result.map(|made| (file.rel.clone(), made))
        })
        .collect();
    let mut pictures = Pictures::default();
    for result in results {
        match result {
            Ok((rel, made)) => {
                pictures.by_file.insert(rel, made);
            }
            Err(error) => pictures.errors.push(error),
        }
    }
    pictures
}

fn picture(file: &SourceFile, cache: Cache, previous: Option<&Pictures>) -> Result<(Stamp, Arc<Picture>), Error> {
    let metadata = fsio::metadata(&file.path, &file.shown)?;
    let stamp = (metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH), metadata.len());
    if let Some((before, picture)) = previous.and_then(|p| p.by_file.get(&file.rel))
        && *before == stamp
        && picture.folder.join(INFO).is_file()
    {
        return Ok((stamp, picture.clone()));
    }
    let bytes = fsio::read(&file.path, &file.shown)?;
    let (Cache::Fill(dir) | Cache::Read(dir)) = cache;
    let folder = dir.join(format!("{:016x}", fnv1a(RECIPE.as_bytes().iter().chain(&bytes))));
    let picture = match read_info(&folder) {
        Some(picture) => picture,
        None => make(&bytes, folder, matches!(cache, Cache::Fill(_))).map_err(|error| match error {
            MakeError::Cache(error) => error,
            MakeError::TooLarge { width, height } => {
                Error::at(Location::file(&file.shown), Problem::PhotoTooLarge { width, height, max: MAX_PIXELS })
            }
            MakeError::Truncated => Error::at(Location::file(&file.shown), Problem::TruncatedPhoto),
            other => Error::at(Location::file(&file.shown), Problem::BadImage { reason: other.to_string() }),
        })?,
    };
    Ok((stamp, Arc::new(picture)))
}

/// Written last in a cache folder: without it, the folder is unfinished and made again.
const INFO: &str = "info";

fn read_info(folder: &Path) -> Option<Picture> {
    let info = std::fs::read_to_string(folder.join(INFO)).ok()?;
    let mut fields = info.split_whitespace();
    let width = fields.next()?.parse().ok()?;
    let height = fields.next()?.parse().ok()?;
    let fallback = match fields.next()? {
        "png" => Format::Png,
        _ => Format::Jpeg,
    };
    Some(Picture { width, height, fallback, folder: folder.to_path_buf() })
}

/// Decodes the photo, turns it upright as the camera recorded, and, with `write`, encodes every
/// variant into `folder`.
fn make(bytes: &[u8], folder: PathBuf, write: bool) -> Result<Picture, MakeError> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_MEMORY);
    reader.limits(limits);
    if reader.format() == Some(image::ImageFormat::Jpeg) && !jpeg_is_whole(bytes) {
        return Err(MakeError::Truncated);
    }
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MakeError::TooLarge { width, height });
    }
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    let fallback = if image.color().has_alpha() { Format::Png } else { Format::Jpeg };
    let picture = Picture { width: image.width(), height: image.height(), fallback, folder };
    if !write {
        return Ok(picture);
    }
    fsio::create_dir_all(&picture.folder)?;
    picture.widths().par_iter().try_for_each(|&width| {
        let resized =
            if width == image.width() { image.clone() } else { image.thumbnail_exact(width, picture.height_at(width)) };
        let name = |format: Format| picture.folder.join(format!("{width}.{}", format.extension()));
        fsio::write(&name(Format::Webp), &webp(&resized))?;
        fsio::write(&name(fallback), &encode(&resized, fallback)?)?;
        Ok::<_, MakeError>(())
    })?;
    let info = format!("{} {} {}\n", picture.width, picture.height, fallback.extension());
    fsio::write(&picture.folder.join(INFO), info.as_bytes())?;
    Ok(picture)
}

/// Whether a JPEG file holds its end: its segments are walked from the start, each by its
/// length (a thumbnail in the header is inside one), and each scan's data up to the marker that
/// follows it, until the marker that ends the image (`FF D9`). A file cut short ends before it.
/// (The decoder fills what is missing with grey, without a word; its strict mode also refuses
/// small faults of real cameras' files, which browsers show.)
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        // The next marker: bytes that are not one are skipped, as decoders do.
        let Some(next) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) else { return false };
        at += next + 1;
        match bytes.get(at) {
            None => return false,
            Some(0xD9) => return true,
            // Fill bytes, and markers without a length.
            Some(0xFF | 0x00 | 0x01 | 0xD0..=0xD7) => continue,
            Some(&code) => {
                let Some(length) = bytes.get(at + 1..at + 3) else { return false };
                at += 1 + usize::from(u16::from_be_bytes([length[0], length[1]]));
                if code == 0xDA {
                    at = after_scan(bytes, at);
                }
            }
        }
    }
}

/// Where a scan's data, starting at `at`, ends: at the first marker that is not a byte `FF`
/// kept as data (`FF 00`) or a restart marker.
fn after_scan(bytes: &[u8], mut at: usize) -> usize {
    while let Some(next) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) {
        at += next;
        match bytes.get(at + 1) {
            Some(0x00 | 0xD0..=0xD7) => at += 2,
            _ => return at,
        }
    }
    bytes.len()
}

fn webp(image: &DynamicImage) -> Vec<u8> {
    let (width, height) = (image.width(), image.height());
    if image.color().has_alpha() {
        webp::Encoder::from_rgba(image.to_rgba8().as_raw(), width, height).encode(75.0).to_vec()
    } else {
        webp::Encoder::from_rgb(image.to_rgb8().as_raw(), width, height).encode(75.0).to_vec()
    }
}

fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, MakeError> {
    let mut bytes = Vec::new();
    match format {
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut bytes,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            image.to_rgba8().write_with_encoder(encoder)?;
        }
        _ => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80);
            image.to_rgb8().write_with_encoder(encoder)?;
        }
    }
    Ok(bytes)
}

#[derive(Debug, thiserror::Error)]
enum MakeError {
    #[error("{0}")]
    Image(#[from] image::ImageError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("too large")]
    TooLarge { width: u32, height: u32 },
    #[error("truncated")]
    Truncated,
    /// Not the photo's fault: the cache could not be written.
    #[error("{0}")]
    Cache(#[from] Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(width: u32, height: u32) -> Picture {
        Picture { width, height, fallback: Format::Jpeg, folder: PathBuf::from("/cache/x") }
    }

    #[test]
    fn a_jpeg_cut_short_is_told_even_with_a_whole_thumbnail_in_its_header() {
        let noise = |w: u32, h: u32| {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([((x * 7) ^ (y * 13)) as u8, 90, 200])
            }))
        };
        let (thumbnail, main) =
            (encode(&noise(40, 30), Format::Jpeg).unwrap(), encode(&noise(300, 200), Format::Jpeg).unwrap());
        // As a camera writes it: the start, the thumbnail in an APP1 segment, the image.
        let mut jpeg = main[..2].to_vec();
        jpeg.extend_from_slice(&[0xFF, 0xE1]);
        jpeg.extend_from_slice(&(thumbnail.len() as u16 + 2).to_be_bytes());
        jpeg.extend_from_slice(&thumbnail);
        jpeg.extend_from_slice(&main[2..]);
        assert!(jpeg_is_whole(&jpeg));
        assert!(make(&jpeg, PathBuf::from("/nowhere"), false).is_ok());
        for cut in [jpeg.len() - 2, jpeg.len() * 2 / 3, thumbnail.len() + 10] {
            assert!(!jpeg_is_whole(&jpeg[..cut]), "cut at {cut}");
            assert!(matches!(make(&jpeg[..cut], PathBuf::from("/nowhere"), false), Err(MakeError::Truncated)));
        }
        // Bytes after the end (some phones pad their files) are no harm.
        jpeg.extend_from_slice(&[0; 64]);
        assert!(jpeg_is_whole(&jpeg));
    }

    #[test]
    fn photos_are_never_enlarged() {
        assert_eq!(picture(4000, 3000).widths(), [480, 960, 1440]);
        assert_eq!(picture(1000, 750).widths(), [480, 960, 1000]);
        assert_eq!(picture(300, 200).widths(), [300]);
        assert_eq!(picture(4000, 3000).height_at(480), 360);
        assert_eq!(picture(1000, 3).height_at(480), 1);
    }

    #[test]
    fn variants_sit_next_to_the_original() {
        let original = SitePath::from_link("/activites/photo.jpg").unwrap();
        let files = picture(1000, 750).files(&original);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/activites/photo-480.webp",
                "/activites/photo-960.webp",
                "/activites/photo-1000.webp",
                "/activites/photo-480.jpg",
                "/activites/photo-960.jpg",
                "/activites/photo-1000.jpg"
            ]
        );
        assert_eq!(files[0].1, Path::new("/cache/x/480.webp"));
    }

    #[test]
    fn the_picture_offers_webp_and_sizes() {
        let original = SitePath::from_link("/a/p.png").unwrap();
        let html = Picture { fallback: Format::Png, ..picture(600, 300) }.html(&original, "Une <photo>", true);
        assert_eq!(
            html,
            r#"<picture><source type="image/webp" srcset="/a/p-480.webp 480w, /a/p-600.webp 600w" sizes="(min-width: 44rem) 42rem, 100vw"><img src="/a/p-600.png" srcset="/a/p-480.png 480w, /a/p-600.png 600w" sizes="(min-width: 44rem) 42rem, 100vw" width="600" height="300" alt="Une &lt;photo&gt;" loading="lazy" decoding="async"></picture>"#
        );
        assert!(picture(600, 300).html(&original, "x", false).ends_with(r#" fetchpriority="high"></picture>"#));
    }

    #[test]
    fn only_photos_are_processed() {
        for name in ["a.jpg", "b.JPEG", "c.png", "d.webp"] {
            assert!(is_photo(Path::new(name)), "{name}");
        }
        for name in ["a.svg", "b.gif", "c.pdf", "d"] {
            assert!(!is_photo(Path::new(name)), "{name}");
        }
    }
}

//! Share cards: the picture a link to the site shows where it is shared (WhatsApp, Facebook,
//! X…). Each card gives a page's title, the date and place of an activity, the institution's
//! name and the flag's colours, drawn by the build with the theme's fonts, 1,200 × 630 pixels
//! and a square of 400. Made cards are kept in a cache named by the hash of what they show,
//! of how they are drawn and of the fonts: the next builds reuse them, and only a card whose
//! text changed is drawn again.

mod draw;
pub mod layout;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Location, Problem};
use crate::fsio;
use crate::hash::fnv1a;

/// The cache's folder in the site's root.
pub const CACHE: &str = ".cache/cards";

/// Part of every card's hash: changing how cards are drawn draws them all again.
const RECIPE: &str = "cards-v1";

/// What a card shows, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// Above the title, smaller: the date and place of an activity.
    pub kicker: Option<String>,
    pub title: String,
    /// In the band at the bottom: the institution's name.
    pub footer: String,
    /// At the end of the band, on the wide card: the site's address.
    pub address: String,
}

impl Card {
    /// What the card says, as its description for people who cannot see it.
    pub fn alt(&self) -> String {
        let mut parts: Vec<&str> = self.kicker.iter().map(String::as_str).collect();
        parts.extend([self.title.as_str(), self.footer.as_str()]);
        parts.join(" — ")
    }
}

/// The two pictures made of each card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// 1,200 × 630: what Facebook, X and WhatsApp show large.
    Wide,
    /// 400 × 400: the thumbnail WhatsApp shows beside a message.
    Square,
}

impl Shape {
    pub const ALL: [Shape; 2] = [Shape::Wide, Shape::Square];

    /// Width and height, in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Shape::Wide => (1200, 630),
            Shape::Square => (400, 400),
        }
    }

    /// The file's name, in the folder of the page it shows.
    pub fn file_name(self) -> &'static str {
        match self {
            Shape::Wide => "card.png",
            Shape::Square => "card-square.png",
        }
    }
}

/// The theme's fonts for cards, read and checked: one for the title, one for the other texts.
#[derive(Clone)]
pub struct Fonts {
    title: harfrust::Font,
    text: harfrust::Font,
    /// Of both files' bytes: another font draws every card again.
    hash: u64,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fonts({:016x})", self.hash)
    }
}

impl Fonts {
    /// The fonts' files in the theme's folder.
    pub const TITLE: &str = "fonts/card-title.ttf";
    pub const TEXT: &str = "fonts/card-text.ttf";

    /// The cards' fonts of the theme at `dir` (`shown` in messages); `None` when the theme has
    /// no `fonts/` folder: it makes no cards.
    pub fn read(dir: &Path, shown: &Path) -> Result<Option<Fonts>, Error> {
        if !dir.join("fonts").is_dir() {
            return Ok(None);
        }
        let read = |rel: &str| -> Result<(harfrust::Font, Vec<u8>), Error> {
            let bytes = fsio::read(&dir.join(rel), &shown.join(rel))?;
            let font = harfrust::Font::new(bytes.clone(), 0)
                .filter(|font| font.charmap().map_unicode('A').is_some() && font.units_per_em() > 0)
                .ok_or_else(|| Error::at(Location::file(&shown.join(rel)), Problem::BadFont))?;
            Ok((font, bytes))
        };
        let (title, title_bytes) = read(Fonts::TITLE)?;
        let (text, text_bytes) = read(Fonts::TEXT)?;
        let hash = fnv1a(title_bytes.iter().chain(&[0]).chain(&text_bytes));
        Ok(Some(Fonts { title, text, hash }))
    }

    pub fn hash(&self) -> u64 {
        self.hash
    }
}

/// How many cards a build drew and reused, and the time spent drawing, summed over threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub made: usize,
    pub reused: usize,
    pub time: Duration,
}

/// Makes the cards of a build in the cache, from any thread.
#[derive(Debug)]
pub struct Maker {
    fonts: Fonts,
    folder: PathBuf,
    made: AtomicUsize,
    reused: AtomicUsize,
    nanos: AtomicU64,
}

impl Maker {
    /// Cards drawn with `fonts`, kept in `folder`.
    pub fn new(fonts: Fonts, folder: PathBuf) -> Maker {
        Maker { fonts, folder, made: AtomicUsize::new(0), reused: AtomicUsize::new(0), nanos: AtomicU64::new(0) }
    }

    /// The file of `card` in `shape`: from the cache, or drawn into it.
    pub fn file(&self, card: &Card, shape: Shape) -> Result<PathBuf, Error> {
        let file = self.folder.join(format!("{:016x}.png", key(card, shape, &self.fonts)));
        if file.is_file() {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(file);
        }
        let started = Instant::now();
        let png = draw::draw(card, shape, &self.fonts);
        fsio::create_dir_all(&self.folder)?;
        fsio::write_whole(&file, &png)?;
        self.made.fetch_add(1, Ordering::Relaxed);
        self.nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(file)
    }

    pub fn stats(&self) -> Stats {
        Stats {
            made: self.made.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            time: Duration::from_nanos(self.nanos.load(Ordering::Relaxed)),
        }
    }
}

/// The hash that names a card in the cache: what it shows, its shape, how and with what it is drawn.
fn key(card: &Card, shape: Shape, fonts: &Fonts) -> u64 {
    let texts = [card.kicker.as_deref().unwrap_or_default(), &card.title, &card.footer, &card.address];
    let mut bytes = format!("{RECIPE}\0{:016x}\0{shape:?}", fonts.hash).into_bytes();
    for text in texts {
        bytes.push(0);
        bytes.extend(text.as_bytes());
    }
    bytes.push(u8::from(card.kicker.is_some()));
    fnv1a(bytes.iter())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn theme_fonts() -> Fonts {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/cnr");
        Fonts::read(&theme, &theme).unwrap().expect("the theme has card fonts")
    }

    fn card(title: &str) -> Card {
        Card {
            kicker: Some("6 février 2026 · Bamako".into()),
            title: title.into(),
            footer: "Coordination Nationale du Rapatriement".into(),
            address: "example.org".into(),
        }
    }

    #[test]
    fn a_card_is_named_by_what_it_shows() {
        let fonts = theme_fonts();
        let a = key(&card("Réunion"), Shape::Wide, &fonts);
        assert_eq!(a, key(&card("Réunion"), Shape::Wide, &fonts));
        assert_ne!(a, key(&card("Réunion"), Shape::Square, &fonts));
        assert_ne!(a, key(&card("Réunion."), Shape::Wide, &fonts));
        assert_ne!(a, key(&Card { kicker: None, ..card("Réunion") }, Shape::Wide, &fonts));
    }

    #[test]
    fn cards_are_drawn_once_into_the_cache() {
        let folder = tempfile::tempdir().unwrap();
        let maker = Maker::new(theme_fonts(), folder.path().join("cards"));
        let first = maker.file(&card("Réunion"), Shape::Wide).unwrap();
        assert_eq!(image::image_dimensions(&first).unwrap(), (1200, 630));
        assert_eq!(maker.file(&card("Réunion"), Shape::Wide).unwrap(), first);
        let square = maker.file(&card("Réunion"), Shape::Square).unwrap();
        assert_eq!(image::image_dimensions(&square).unwrap(), (400, 400));
        let stats = maker.stats();
        assert_eq!((stats.made, stats.reused), (2, 1));
        assert_eq!(std::fs::read_dir(folder.path().join("cards")).unwrap().count(), 2, "no part left");
    }

    #[test]
    fn a_theme_without_fonts_makes_no_cards_and_a_bad_font_is_an_error() {
        let theme = tempfile::tempdir().unwrap();
        assert!(Fonts::read(theme.path(), Path::new("themes/x")).unwrap().is_none());
        std::fs::create_dir(theme.path().join("fonts")).unwrap();
        std::fs::write(theme.path().join(Fonts::TITLE), b"not a font").unwrap();
        let error = Fonts::read(theme.path(), Path::new("themes/x")).unwrap_err();
        assert_eq!(error.to_string(), "themes/x/fonts/card-title.ttf: this file is not a font that can be read");
    }

    #[test]
    fn the_description_says_what_the_card_shows() {
        assert_eq!(card("Réunion").alt(), "6 février 2026 · Bamako — Réunion — Coordination Nationale du Rapatriement");
    }
}

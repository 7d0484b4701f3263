//! The content's photos made light for phones: each JPEG, PNG or WebP a page shows becomes a
//! few widths, in WebP and in a format every browser reads, kept between builds in a cache named
//! by the hash of the photo's bytes, and the `<picture>` that offers them.
//!
//! Two steps: while pages are rendered, the first one showing a photo reads its size from its
//! header (cheap, and bounded whatever the header claims); once the site is modelled, [`make`]
//! decodes the photos shown that the cache lacks. A photo that no page shows is never decoded.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use image::metadata::Orientation;
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

/// Whether the build makes a [`Picture`] of this content file: a JPEG, as cameras, phones and
/// Windows name them (`.JPG`, `.jpeg`, `.jfif`), a PNG or a WebP.
pub fn is_photo(rel: &Path) -> bool {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "jpe" | "jfif" | "png" | "webp"))
}

/// The content's photos, by content-relative file. A photo is looked at only when a page shows
/// it: one that no page shows is published as it is, never decoded.
#[derive(Debug, Default)]
pub struct Pictures {
    by_file: HashMap<PathBuf, Photo>,
}

/// When a file was last changed and its size: unchanged, its picture is unchanged too.
type Stamp = (SystemTime, u64);

impl Pictures {
    /// The photos among `assets`, none looked at yet; those `previous` made are reused if
    /// their file has not changed.
    pub fn new(assets: &[SourceFile], cache: &Path, previous: Option<&Pictures>) -> Pictures {
        let by_file = assets
            .iter()
            .filter(|file| is_photo(&file.rel))
            .map(|file| {
                let before = previous.and_then(|p| p.by_file.get(&file.rel)).and_then(Photo::made);
                let slot = Slot {
                    file: file.clone(),
                    cache: cache.to_path_buf(),
                    before,
                    probed: OnceLock::new(),
                    made: AtomicBool::new(false),
                };
                (file.rel.clone(), Photo(Arc::new(slot)))
            })
            .collect();
        Pictures { by_file }
    }

    pub fn get(&self, rel: &Path) -> Option<&Photo> {
        self.by_file.get(rel)
    }
}

/// One of the content's photos: the first time a page asks for its [`Picture`], its size is
/// read from its header (or the cache), without decoding it; [`make`] then makes its files.
#[derive(Debug, Clone)]
pub struct Photo(Arc<Slot>);

#[derive(Debug)]
struct Slot {
    file: SourceFile,
    /// The cache's folder.
    cache: PathBuf,
    /// The picture of this file made by the last build, and the file's stamp then.
    before: Option<(Stamp, Arc<Picture>)>,
    probed: OnceLock<Result<(Stamp, Arc<Picture>), Error>>,
    /// Whether the picture's files are in the cache.
    made: AtomicBool,
}

impl Photo {
    /// The picture a page shows, or what is wrong with the photo (found once, told once).
    pub fn picture(&self) -> Result<Arc<Picture>, Error> {
        match self.0.probed.get_or_init(|| self.0.probe()) {
            Ok((_, picture)) => Ok(picture.clone()),
            Err(error) => Err(error.clone()),
        }
    }

    /// Whether the photo's files are in the cache.
    pub fn is_made(&self) -> bool {
        self.made().is_some()
    }

    /// The photo's file, as shown in messages.
    pub fn shown(&self) -> &Path {
        &self.0.file.shown
    }

    /// The picture and the stamp of its file, once its files are made.
    fn made(&self) -> Option<(Stamp, Arc<Picture>)> {
        let (stamp, picture) = self.0.probed.get()?.as_ref().ok()?;
        self.0.made.load(Ordering::Relaxed).then(|| (*stamp, picture.clone()))
    }
}

impl Slot {
    /// Reads what a page needs of the photo: from the last build if its file is unchanged, from
    /// the cache if the same bytes were made before, or else from its header. Runs while pages
    /// are rendered in parallel, and so starts no parallel work of its own.
    fn probe(&self) -> Result<(Stamp, Arc<Picture>), Error> {
        let file = &self.file;
        let metadata = fsio::metadata(&file.path, &file.shown)?;
        let stamp = (metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH), metadata.len());
        if let Some((before, picture)) = &self.before
            && *before == stamp
            && picture.folder.join(INFO).is_file()
        {
            self.made.store(true, Ordering::Relaxed);
            return Ok((stamp, picture.clone()));
        }
        let bytes = fsio::read(&file.path, &file.shown)?;
        let folder = self.folder(&bytes);
        if let Some(picture) = read_info(&folder) {
            self.made.store(true, Ordering::Relaxed);
            return Ok((stamp, Arc::new(picture)));
        }
        let picture = header(&bytes, folder).map_err(|error| self.error(error))?;
        Ok((stamp, Arc::new(picture)))
    }

    /// The cache's folder of a photo of these bytes.
    fn folder(&self, bytes: &[u8]) -> PathBuf {
        self.cache.join(format!("{:016x}", fnv1a(RECIPE.as_bytes().iter().chain(bytes))))
    }

    /// Decodes the photo and, with `write`, makes its files in the cache: those of `picture`,
    /// read from the same bytes, or the file changed since (a copy still going on).
    fn make(&self, picture: &Picture, write: bool) -> Result<(), Error> {
        let bytes = fsio::read(&self.file.path, &self.file.shown)?;
        if self.folder(&bytes) != picture.folder {
            return Err(Error::at(Location::file(&self.file.shown), Problem::PhotoChanged));
        }
        resize(&bytes, picture, write).map_err(|error| self.error(error))?;
        if write {
            self.made.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    fn error(&self, error: MakeError) -> Error {
        let at = Location::file(&self.file.shown);
        match error {
            MakeError::Cache(error) => error,
            MakeError::TooLarge { width, height } => {
                Error::at(at, Problem::PhotoTooLarge { width, height, max: MAX_PIXELS })
            }
            MakeError::Truncated => Error::at(at, Problem::TruncatedPhoto),
            other => Error::at(at, Problem::BadImage { reason: other.to_string() }),
        }
    }
}

/// Told after each photo how many are done, out of how many.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// What may be done with the cache of pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// The pictures missing from the cache are made there.
    Fill,
    /// The cache is only read: the photos it lacks are decoded, to find their faults, and
    /// nothing is written (for `check`).
    Read,
}

/// Makes the files of `photos` (those pages show) that the cache lacks, in parallel; returns
/// what went wrong. A photo whose header could not be read is not made: its fault is told by
/// [`Photo::picture`].
pub fn make<'a>(photos: impl IntoIterator<Item = &'a Photo>, cache: Cache, progress: Progress) -> Vec<Error> {
    let todo: Vec<(&Slot, Arc<Picture>)> = photos
        .into_iter()
        .filter(|photo| !photo.0.made.load(Ordering::Relaxed))
        .filter_map(|photo| Some((&*photo.0, photo.picture().ok()?)))
        .collect();
    let done = AtomicUsize::new(0);
    let mut errors: Vec<Error> = todo
        .par_iter()
        .filter_map(|(slot, picture)| {
            let result = slot.make(picture, cache == Cache::Fill);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, todo.len());
            result.err()
        })
        .collect();
    errors.sort_by(|a, b| a.location.file.cmp(&b.location.file));
    errors
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

/// The decoder of a photo, once its header is read: refused if it claims more than
/// [`MAX_PIXELS`], or is a JPEG cut short; limited to [`MAX_MEMORY`].
fn decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_, MakeError> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_MEMORY);
    reader.limits(limits);
    if reader.format() == Some(image::ImageFormat::Jpeg) && !jpeg_is_whole(bytes) {
        return Err(MakeError::Truncated);
    }
    let decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MakeError::TooLarge { width, height });
    }
    Ok(decoder)
}

/// The picture of a photo as its header describes it, once turned upright as the camera
/// recorded, its files to be made in `folder`.
fn header(bytes: &[u8], folder: PathBuf) -> Result<Picture, MakeError> {
    let mut decoder = decoder(bytes)?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation()?,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned { (height, width) } else { (width, height) };
    let fallback = if decoder.color_type().has_alpha() { Format::Png } else { Format::Jpeg };
    Ok(Picture { width, height, fallback, folder })
}

/// Decodes the photo, turns it upright, and, with `write`, encodes every variant of `picture`
/// into its folder.
fn resize(bytes: &[u8], picture: &Picture, write: bool) -> Result<(), MakeError> {
    let mut decoder = decoder(bytes)?;
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    if !write {
        return Ok(());
    }
    fsio::create_dir_all(&picture.folder)?;
    picture.widths().par_iter().try_for_each(|&width| {
        let resized =
            if width == image.width() { image.clone() } else { image.thumbnail_exact(width, picture.height_at(width)) };
        let name = |format: Format| picture.folder.join(format!("{width}.{}", format.extension()));
        fsio::write_whole(&name(Format::Webp), &webp(&resized))?;
        fsio::write_whole(&name(picture.fallback), &encode(&resized, picture.fallback)?)?;
        Ok::<_, MakeError>(())
    })?;
    let info = format!("{} {} {}\n", picture.width, picture.height, picture.fallback.extension());
    fsio::write_whole(&picture.folder.join(INFO), info.as_bytes())?;
    Ok(())
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
        assert!(resize(&jpeg, &picture(300, 200), false).is_ok());
        for cut in [jpeg.len() - 2, jpeg.len() * 2 / 3, thumbnail.len() + 10] {
            assert!(!jpeg_is_whole(&jpeg[..cut]), "cut at {cut}");
            assert!(matches!(header(&jpeg[..cut], PathBuf::from("/nowhere")), Err(MakeError::Truncated)));
        }
        // Bytes after the end (some phones pad their files) are no harm.
        jpeg.extend_from_slice(&[0; 64]);
        assert!(jpeg_is_whole(&jpeg));
    }

    /// A photo 300 × 200 as stored, which the camera says to turn a quarter (EXIF orientation 6).
    fn turned_jpeg() -> Vec<u8> {
        use image::ImageEncoder;
        let image = image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([x as u8, 90, 200]));
        // TIFF header (big-endian), one entry: orientation (0x0112), a SHORT, 6.
        let exif = [b"MM\0*\0\0\0\x08\0\x01".as_slice(), &[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0], &[0; 4]].concat();
        let mut bytes = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80);
        encoder.set_exif_metadata(exif).unwrap();
        encoder.write_image(image.as_raw(), 300, 200, image::ExtendedColorType::Rgb8).unwrap();
        bytes
    }

    #[test]
    fn the_header_tells_what_decoding_makes() {
        let folder = std::env::temp_dir().join(format!("cnr-site-header-{}", std::process::id()));
        let turned = header(&turned_jpeg(), folder.clone()).unwrap();
        assert_eq!((turned.width, turned.height, turned.fallback), (200, 300, Format::Jpeg));
        let clear = image::RgbaImage::from_fn(50, 40, |x, _| image::Rgba([0, 0, 0, x as u8]));
        let png = encode(&DynamicImage::ImageRgba8(clear), Format::Png).unwrap();
        let transparent = header(&png, folder.clone()).unwrap();
        assert_eq!((transparent.width, transparent.height, transparent.fallback), (50, 40, Format::Png));
        // The files made are those the header promised, upright.
        resize(&turned_jpeg(), &turned, true).unwrap();
        assert_eq!(image::image_dimensions(folder.join("200.jpg")).unwrap(), (200, 300));
        assert_eq!(image::image_dimensions(folder.join("200.webp")).unwrap(), (200, 300));
        assert_eq!(read_info(&folder), Some(turned));
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_photo_changed_between_its_size_and_its_making_is_told_not_mixed() {
        let root = std::env::temp_dir().join(format!("cnr-site-changed-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let path = root.join("photo.jpg");
        std::fs::write(&path, turned_jpeg()).unwrap();
        let file =
            SourceFile { path: path.clone(), rel: PathBuf::from("photo.jpg"), shown: PathBuf::from("photo.jpg") };
        let pictures = Pictures::new(std::slice::from_ref(&file), &root.join("cache"), None);
        let photo = pictures.get(Path::new("photo.jpg")).unwrap();
        assert_eq!(photo.picture().unwrap().width, 200);
        // A copy still going on writes other bytes before the files are made.
        let other = encode(&DynamicImage::ImageRgb8(image::RgbImage::new(50, 40)), Format::Jpeg).unwrap();
        std::fs::write(&path, other).unwrap();
        let errors = make([photo], Cache::Fill, &|_, _| {});
        assert_eq!(errors, [Error::at(Location::file(Path::new("photo.jpg")), Problem::PhotoChanged)]);
        assert!(!photo.is_made() && !root.join("cache").exists(), "nothing made of the new bytes");
        // The next build reads the new ones.
        let again = Pictures::new(&[file], &root.join("cache"), Some(&pictures));
        let photo = again.get(Path::new("photo.jpg")).unwrap();
        assert_eq!(photo.picture().unwrap().width, 50);
        assert!(make([photo], Cache::Fill, &|_, _| {}).is_empty() && photo.is_made());
        std::fs::remove_dir_all(&root).unwrap();
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
        for name in ["a.jpg", "IMG_1234.JPG", "b.JPEG", "c.png", "d.webp", "e.jfif", "f.JPE"] {
            assert!(is_photo(Path::new(name)), "{name}");
        }
        for name in ["a.svg", "b.gif", "c.pdf", "d"] {
            assert!(!is_photo(Path::new(name)), "{name}");
        }
    }
}

//! Reading what a form posts: its fields (URL-encoded, or multipart with a photo), and the
//! photo streamed to a hidden staging folder, counted as it comes, never held in memory,
//! its type read from its first bytes (not its name). Nothing the form names is used as a
//! path: a staged photo is named by a random number, a placed one by its folded name.

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::extract::{FromRequest, Multipart, Request};

use super::files::random_hex;
use super::guard::same_token;

/// The most a form of text may weigh.
const MOST_TEXT: usize = 4 << 20;
/// The largest photo accepted.
pub const MOST_PHOTO: u64 = 20 << 20;
/// The most a request may carry, photo included; past it, reading stops.
pub const MOST_BODY: usize = 64 << 20;
/// Staged photos older than this are removed.
const STAGED_FOR: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// What a form posted.
#[derive(Debug, Default)]
pub struct Form {
    fields: Vec<(String, String)>,
    /// Whether its token was the session's: without it, nothing may be written.
    pub token_ok: bool,
    pub upload: Option<Upload>,
    pub upload_error: Option<UploadError>,
    /// The request was cut: too large, or not a form.
    pub cut: bool,
}

impl Form {
    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// A form from fields, for tests and for forms rebuilt from a query.
    pub fn of(fields: &[(&str, &str)]) -> Form {
        Form {
            fields: fields.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            token_ok: true,
            ..Form::default()
        }
    }
}

/// A photo received and checked, waiting in the staging folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Random, hexadecimal: its name in the staging folder.
    pub id: String,
    pub kind: PhotoKind,
    /// The name it had on the sender's computer, as they know it.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}

impl PhotoKind {
    pub fn extension(self) -> &'static str {
        match self {
            PhotoKind::Jpeg => "jpg",
            PhotoKind::Png => "png",
            PhotoKind::Webp => "webp",
        }
    }

    fn parse(extension: &str) -> Option<PhotoKind> {
        [PhotoKind::Jpeg, PhotoKind::Png, PhotoKind::Webp].into_iter().find(|k| k.extension() == extension)
    }
}

/// Why a photo was refused; each with the name it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    Heic(String),
    NotPhoto(String),
    TooLarge(String),
    Broken(String),
}

/// What the first bytes of a file say it is.
#[derive(Debug, PartialEq, Eq)]
pub enum Sniffed {
    Photo(PhotoKind),
    Heic,
    Other,
}

pub fn sniff(head: &[u8]) -> Sniffed {
    // HEIF files (`ftyp` box) of the brands phones write.
    const HEIF: [&[u8]; 8] = [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"];
    let heif = head.len() >= 12 && &head[4..8] == b"ftyp" && HEIF.contains(&&head[8..12]);
    match head {
        [0xFF, 0xD8, 0xFF, ..] => Sniffed::Photo(PhotoKind::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Sniffed::Photo(PhotoKind::Png),
        _ if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" => Sniffed::Photo(PhotoKind::Webp),
        _ if heif => Sniffed::Heic,
        _ => Sniffed::Other,
    }
}

/// Reads the form of `request`, checking its `_token` against `token`; a photo in the field
/// `photo` goes to `staging`.
pub async fn read(request: Request, token: &str, staging: &Path) -> Form {
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut form = if multipart {
        match Multipart::from_request(request, &()).await {
            Ok(parts) => read_multipart(parts, staging).await,
            Err(_) => Form { cut: true, ..Form::default() },
        }
    } else {
        match axum::body::to_bytes(request.into_body(), MOST_TEXT).await {
            Ok(bytes) => Form {
                fields: url::form_urlencoded::parse(&bytes).map(|(n, v)| (n.into_owned(), v.into_owned())).collect(),
                ..Form::default()
            },
            Err(_) => Form { cut: true, ..Form::default() },
        }
    };
    form.token_ok = same_token(form.get("_token"), token);
    if !form.token_ok
        && let Some(upload) = form.upload.take()
    {
        // Nothing is kept of a form that did not prove where it came from.
        let _ = std::fs::remove_file(staged_path(staging, &upload));
    }
    form
}

async fn read_multipart(mut parts: Multipart, staging: &Path) -> Form {
    let mut form = Form::default();
    let mut text = 0;
    loop {
        let mut field = match parts.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                form.cut = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "photo" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            match receive(&mut field, staging, &file_name).await {
                Ok(None) => {}
                Ok(Some(upload)) => form.upload = Some(upload),
                Err(error) => form.upload_error = Some(error),
            }
            continue;
        }
        match field.text().await {
            Ok(value) if text + value.len() <= MOST_TEXT => {
                text += value.len();
                form.fields.push((name, value));
            }
            _ => {
                form.cut = true;
                break;
            }
        }
    }
    form
}

/// The staged file of an upload.
pub fn staged_path(staging: &Path, upload: &Upload) -> PathBuf {
    staging.join(format!("{}.{}", upload.id, upload.kind.extension()))
}

/// A photo staged by an earlier post of the same form, named by its hidden fields.
pub fn staged(staging: &Path, id: &str, extension: &str, name: &str) -> Option<Upload> {
    let valid = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    let upload = Upload { id: id.to_string(), kind: PhotoKind::parse(extension)?, name: name.to_string() };
    (valid && staged_path(staging, &upload).is_file()).then_some(upload)
}

/// Streams a file field to the staging folder; `None` when no file was chosen.
async fn receive(
    field: &mut axum::extract::multipart::Field<'_>,
    staging: &Path,
    name: &str,
) -> Result<Option<Upload>, UploadError> {
    let shown = name.rsplit(['/', '\\']).next().unwrap_or_default().to_string();
    let id = random_hex(16);
    let part = staging.join(format!("{id}.part"));
    let broken = || UploadError::Broken(shown.clone());
    std::fs::create_dir_all(staging).map_err(|_| broken())?;
    let mut file = std::fs::File::create(&part).map_err(|_| broken())?;
    let mut size: u64 = 0;
    let mut head = Vec::with_capacity(16);
    let mut outcome = Ok(());
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len() as u64;
                if head.len() < 16 {
                    head.extend(chunk.iter().take(16 - head.len()));
                }
                if size > MOST_PHOTO {
                    outcome = Err(UploadError::TooLarge(shown.clone()));
                } else if outcome.is_ok() && file.write_all(&chunk).is_err() {
                    outcome = Err(broken());
                }
            }
            Ok(None) => break,
            Err(_) => {
                let too_large = size + 1 > MOST_PHOTO || size as usize >= MOST_BODY / 2;
                outcome = Err(if too_large { UploadError::TooLarge(shown.clone()) } else { broken() });
                break;
            }
        }
    }
    drop(file);
    let kept = outcome.and_then(|()| checked(&part, &head, size, &shown));
    match kept {
        Ok(Some(kind)) => {
            let upload = Upload { id, kind, name: shown.clone() };
            std::fs::rename(&part, staged_path(staging, &upload)).map_err(|_| broken())?;
            Ok(Some(upload))
        }
        other => {
            let _ = std::fs::remove_file(&part);
            other.map(|_| None)
        }
    }
}

/// The kind of a received file, if it is a photo that can be read.
fn checked(part: &Path, head: &[u8], size: u64, shown: &str) -> Result<Option<PhotoKind>, UploadError> {
    if size == 0 && shown.is_empty() {
        return Ok(None);
    }
    match sniff(head) {
        Sniffed::Heic => Err(UploadError::Heic(shown.to_string())),
        Sniffed::Other => Err(UploadError::NotPhoto(shown.to_string())),
        Sniffed::Photo(kind) => {
            let readable = image::ImageReader::open(part)
                .ok()
                .and_then(|r| r.with_guessed_format().ok())
                .and_then(|r| r.into_dimensions().ok())
                .is_some_and(|(w, h)| w > 0 && h > 0);
            if readable { Ok(Some(kind)) } else { Err(UploadError::Broken(shown.to_string())) }
        }
    }
}

/// Removes staged photos left for more than a day.
pub fn clean_staging(staging: &Path) {
    let Ok(entries) = std::fs::read_dir(staging) else { return };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STAGED_FOR);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_known_by_their_first_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Sniffed::Photo(PhotoKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Sniffed::Photo(PhotoKind::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Sniffed::Photo(PhotoKind::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0"), Sniffed::Heic);
        assert_eq!(sniff(b"\0\0\0\x18ftypmif1\0\0"), Sniffed::Heic);
        assert_eq!(sniff(b"\0\0\0\x18ftypavif\0\0"), Sniffed::Other);
        assert_eq!(sniff(b"GIF89a"), Sniffed::Other);
        assert_eq!(sniff(b"<svg"), Sniffed::Other);
    }

    #[test]
    fn staged_photos_are_named_by_hexadecimal_ids_only() {
        let dir = tempfile::tempdir().unwrap();
        let id = "0123456789abcdef0123456789abcdef";
        std::fs::write(dir.path().join(format!("{id}.jpg")), b"x").unwrap();
        assert!(staged(dir.path(), id, "jpg", "IMG_1.JPG").is_some());
        assert!(staged(dir.path(), id, "png", "x").is_none(), "no such file");
        assert!(staged(dir.path(), "../../etc/passwd", "jpg", "x").is_none());
        assert!(staged(dir.path(), id, "jpg/../x", "x").is_none());
    }
}

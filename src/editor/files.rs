//! The editor's only way to the disk: paths of `content/` checked before use, files written
//! whole or not at all, versions told apart by their hash, and the trash.
//!
//! A write goes to a hidden temporary file in the same folder (the preview does not watch
//! hidden files), is synced, then renamed over the file: a reader, the preview or a crash
//! sees the old text or the new, never half of one.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::fsio;

/// A file of `content/` named by a form or an address: relative, without `..`, hidden parts
/// or anything but plain names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentPath(PathBuf);

impl ContentPath {
    pub fn parse(text: &str) -> Option<ContentPath> {
        if text.is_empty() || text.contains(['\\', '\0']) || text.len() > 400 {
            return None;
        }
        let path = Path::new(text);
        let plain = path.components().all(|c| match c {
            Component::Normal(part) => part.to_str().is_some_and(|p| !p.starts_with('.') && !p.trim().is_empty()),
            _ => false,
        });
        plain.then(|| ContentPath(path.to_path_buf()))
    }

    pub fn from_rel(rel: &Path) -> Option<ContentPath> {
        ContentPath::parse(rel.to_str()?)
    }

    pub fn rel(&self) -> &Path {
        &self.0
    }

    /// As written in addresses and forms: `activites/2026-02-06-x.md`.
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }

    pub fn with_file_name(&self, name: &str) -> Option<ContentPath> {
        ContentPath::from_rel(&self.0.with_file_name(name))
    }

    pub fn file_name(&self) -> &str {
        self.0.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        self.0.parent().unwrap_or(Path::new(""))
    }
}

/// The hash of a version of a file, as forms carry it; empty for no file.
pub fn version(bytes: Option<&[u8]>) -> String {
    bytes.map(|b| blake3::hash(b).to_hex().to_string()).unwrap_or_default()
}

/// A file's bytes, `None` if there is no such file.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, &e)),
    }
}

/// `n` random bytes in hexadecimal.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // Without the system's randomness there is no safe token: stopping is the only answer.
    getrandom::fill(&mut bytes).expect("the system's random numbers");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hidden name beside `path`, unique to this process and moment.
pub fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{}.tmp", random_hex(8)))
}

/// Writes `bytes` at `path` whole or not at all, and syncs it and its folder to the disk.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    fsio::create_dir_all(folder)?;
    let temporary = temporary_beside(path);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(path, &e));
    }
    place(&temporary, path)
}

/// Renames a finished file into place and syncs its folder.
pub fn place(from: &Path, to: &Path) -> Result<(), Error> {
    if let Some(folder) = to.parent() {
        fsio::create_dir_all(folder)?;
    }
    if let Err(e) = fsio::rename(from, to) {
        let _ = std::fs::remove_file(from);
        return Err(e);
    }
    sync_folder(to);
    Ok(())
}

fn sync_folder(path: &Path) {
    // A rename is durable once its folder is synced; a system that cannot has made it anyway.
    if let Some(folder) = path.parent().and_then(|f| std::fs::File::open(f).ok()) {
        let _ = folder.sync_all();
    }
}

/// Moves `files` (relative to `root`) into a new folder of `trash`, keeping their paths;
/// returns the folder's name, a time stamp.
pub fn to_trash(root: &Path, trash: &Path, files: &[PathBuf]) -> Result<String, Error> {
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S").to_string();
    let name = (1..).map(|n| if n == 1 { stamp.clone() } else { format!("{stamp}-{n}") });
    let name = name.take(1000).find(|n| !trash.join(n).exists()).unwrap_or(stamp);
    let folder = trash.join(&name);
    for file in files {
        let to = folder.join(file);
        fsio::create_dir_all(to.parent().unwrap_or(&folder))?;
        fsio::rename(&root.join(file), &to)?;
        sync_folder(&root.join(file));
    }
    sync_folder(&folder.join("x"));
    Ok(name)
}

/// Removes `dir` and the folders in it, if they hold no file.
pub fn remove_empty(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty(&entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

/// The files of a trash folder, relative to it (and so to the site's folder).
pub fn trashed(folder: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(fsio::walk(folder)?.into_iter().map(|(_, rel)| rel).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths_stay_inside_content() {
        for good in ["activites/2026-02-06-x.md", "contact.md", "activites/photo.jpg"] {
            assert_eq!(ContentPath::parse(good).unwrap().as_str(), good);
        }
        for bad in
            ["", "../site.yaml", "activites/../../x.md", "/etc/passwd", ".trash/x.md", "a/.git/x", "a\\b.md", "./a.md"]
        {
            assert!(ContentPath::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn atomic_writes_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a/b.md");
        write_atomic(&file, b"un").unwrap();
        write_atomic(&file, b"deux").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"deux");
        assert_eq!(std::fs::read_dir(file.parent().unwrap()).unwrap().count(), 1);
        assert_ne!(version(Some(b"un")), version(Some(b"deux")));
        assert_eq!(version(None), "");
    }

    #[test]
    fn trashed_files_keep_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        let rel = PathBuf::from("content/activites/a.md");
        std::fs::create_dir_all(dir.path().join("content/activites")).unwrap();
        std::fs::write(dir.path().join(&rel), "x").unwrap();
        let trash = dir.path().join(".trash");
        let name = to_trash(dir.path(), &trash, std::slice::from_ref(&rel)).unwrap();
        assert!(!dir.path().join(&rel).exists());
        assert_eq!(trashed(&trash.join(&name)).unwrap(), [rel]);
    }
}

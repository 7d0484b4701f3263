//! File-system calls that name the path they failed on.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Location, Problem};

/// A file and how to name it: `path` to read it, `rel` under its folder (`content/`, `static/`),
/// `shown` in messages (relative to where the command runs when possible).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub rel: PathBuf,
    pub shown: PathBuf,
}

/// The largest text file the site reads. A bigger one is a mistake (a pasted image, a
/// document): refused before it is read, so it costs neither time nor memory.
pub const MAX_TEXT: u64 = 2 * 1024 * 1024;

fn io<T>(path: &Path, result: std::io::Result<T>) -> Result<T, Error> {
    result.map_err(|error| Error::io(path, &error))
}

/// A text file, UTF-8 and at most [`MAX_TEXT`] bytes; `shown` names it in messages.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Error> {
    let size = metadata(path, shown)?.len();
    if size > MAX_TEXT {
        return Err(Error::at(Location::file(shown), Problem::TooLarge { size, limit: MAX_TEXT }));
    }
    let bytes = read(path, shown)?;
    String::from_utf8(bytes).map_err(|e| {
        // The line of the first byte that is not UTF-8 helps find it.
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::at(Location::line(shown, line), Problem::NotUtf8)
    })
}

/// A file's bytes; `shown` names it in messages.
pub fn read(path: &Path, shown: &Path) -> Result<Vec<u8>, Error> {
    io(shown, std::fs::read(path))
}

pub fn metadata(path: &Path, shown: &Path) -> Result<std::fs::Metadata, Error> {
    io(shown, std::fs::metadata(path))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    io(path, std::fs::write(path, bytes))
}

/// Writes `bytes` at `path` whole or not at all: beside it under a name of its own, then renamed
/// over it. No one reads it half-written, two writers of one file never mix their bytes, and a
/// build killed half-way leaves no half-written file (for the caches, whose files are
/// hard-linked into the output).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let part = path.with_file_name(format!(
        ".{name}.{}-{}.part",
        std::process::id(),
        SEQUENCE.fetch_add(1, Ordering::Relaxed)
    ));
    write(&part, bytes)?;
    rename(&part, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })
}

pub fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    io(from, std::fs::copy(from, to)).map(drop)
}

/// `to` as a second name of `from`, which costs no copy; a copy where the file system cannot
/// (another disk). Only for files never changed in place, such as a cache's.
pub fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::hard_link(from, to).or_else(|_| copy(from, to))
}

/// Copies `from` to `to` with its date: the next build sees by their sizes and dates that the
/// copy is still the source's, without reading either.
pub fn copy_with_date(from: &Path, to: &Path) -> Result<(), Error> {
    copy(from, to)?;
    let modified = metadata(from, from)?.modified().map_err(|e| Error::io(from, &e))?;
    let file = std::fs::File::options().write(true).open(to).map_err(|e| Error::io(to, &e))?;
    io(to, file.set_modified(modified))
}

pub fn remove_file(path: &Path) -> Result<(), Error> {
    io(path, std::fs::remove_file(path))
}

pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    io(path, std::fs::create_dir_all(path))
}

pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    io(from, std::fs::rename(from, to))
}

pub fn remove_dir_all(path: &Path) -> Result<(), Error> {
    io(path, std::fs::remove_dir_all(path))
}

/// Every file under `dir`, sorted by path, as (absolute path, path relative to `dir`).
/// Hidden files and folders (`.git`, `.DS_Store`) are skipped.
pub fn walk(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    walk_filtered(dir, false)
}

/// Every file under `dir`, hidden ones too (`.well-known/`), as [`walk`] gives them.
pub fn walk_all(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    walk_filtered(dir, true)
}

fn walk_filtered(dir: &Path, hidden: bool) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|entry| hidden || entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, &e.into())
        })?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_path_buf();
            files.push((entry.path().to_path_buf(), relative));
        }
    }
    // The order of a walk with each folder's entries sorted by name, but sorted once: walkdir
    // sorts by names it takes out of the paths again at each comparison, slow in a big folder.
    // A separator sorts before any character, so a folder's files come right after it.
    let key = |path: &Path| -> Vec<u8> {
        path.as_os_str()
            .as_encoded_bytes()
            .iter()
            .map(|&b| if std::path::is_separator(b as char) { 0 } else { b })
            .collect()
    };
    files.sort_by_cached_key(|(_, relative)| key(relative));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_lists_each_folder_sorted_by_name_with_its_files_right_after_it() {
        let temp = tempfile::tempdir().unwrap();
        for file in ["b.md", "a.md", "a-b.md", "a/z.md", "a/b/c.md", "a/a.md", ".hidden/x.md", "a/.draft.md"] {
            let path = temp.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let walked: Vec<String> =
            walk(temp.path()).unwrap().into_iter().map(|(_, rel)| rel.to_string_lossy().into_owned()).collect();
        assert_eq!(walked, ["a/a.md", "a/b/c.md", "a/z.md", "a-b.md", "a.md", "b.md"]);
    }
}

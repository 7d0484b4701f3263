//! File-system calls that name the path they failed on.

use std::path::{Path, PathBuf};

use crate::error::Error;

fn io<T>(path: &Path, result: std::io::Result<T>) -> Result<T, Error> {
    result.map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

pub fn read(path: &Path) -> Result<Vec<u8>, Error> {
    io(path, std::fs::read(path))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    io(path, std::fs::write(path, bytes))
}

pub fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    io(from, std::fs::copy(from, to)).map(drop)
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
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::Io {
                path,
                source: e.into(),
            }
        })?;
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.push((entry.path().to_path_buf(), relative));
        }
    }
    Ok(files)
}

//! Publishing into a folder of this computer (`file:///media/cle/site`): a mounted share, a
//! USB stick. Every failure is the folder's answer; none is worth trying again.

use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::transport::{CHUNK, Failure, Listed, Transport, words};
use crate::target::Target;

pub struct Folder {
    root: PathBuf,
}

impl Folder {
    pub fn open(target: &Target) -> Folder {
        Folder { root: PathBuf::from(&target.path) }
    }

    fn path(&self, path: &str) -> PathBuf {
        if path.is_empty() { self.root.clone() } else { self.root.join(path) }
    }
}

fn refused(path: &str, error: std::io::Error) -> Failure {
    Failure::Refused(format!("{path}: {}", words(&error)))
}

/// `None` for a file that is not there.
fn absent<T>(path: &str, result: std::io::Result<T>) -> Result<Option<T>, Failure> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(error) => Err(refused(path, error)),
    }
}

impl Transport for Folder {
    fn read(&mut self, path: &str, offset: u64) -> Result<Option<Vec<u8>>, Failure> {
        let read = std::fs::File::open(self.path(path)).and_then(|mut file| {
            file.seek(SeekFrom::Start(offset))?;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map(|_| bytes)
        });
        absent(path, read)
    }

    fn size(&mut self, path: &str) -> Result<Option<u64>, Failure> {
        absent(path, std::fs::metadata(self.path(path)).map(|m| m.len()))
    }

    fn write(
        &mut self,
        path: &str,
        offset: u64,
        source: &mut dyn Read,
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), Failure> {
        let mut write = || -> std::io::Result<()> {
            let mut file =
                std::fs::OpenOptions::new().write(true).create(true).truncate(offset == 0).open(self.path(path))?;
            file.set_len(offset)?;
            file.seek(SeekFrom::Start(offset))?;
            let mut buffer = vec![0; CHUNK];
            loop {
                let n = source.read(&mut buffer)?;
                if n == 0 {
                    break;
                }
                file.write_all(&buffer[..n])?;
                sent(n as u64);
            }
            file.sync_all()
        };
        write().map_err(|error| refused(path, error))
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let append = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(self.path(path))
            .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
        append.map_err(|error| refused(path, error))
    }

    fn rename(&mut self, from: &str, to: &str, _exists: bool) -> Result<(), Failure> {
        std::fs::rename(self.path(from), self.path(to)).map_err(|error| refused(to, error))
    }

    fn remove(&mut self, path: &str) -> Result<(), Failure> {
        absent(path, std::fs::remove_file(self.path(path))).map(drop)
    }

    fn make_folder(&mut self, path: &str) -> Result<(), Failure> {
        std::fs::create_dir_all(self.path(path)).map_err(|error| refused(path, error))
    }

    fn remove_folder(&mut self, path: &str) -> Result<bool, Failure> {
        Ok(std::fs::remove_dir(self.path(path)).is_ok())
    }

    fn list(&mut self, path: &str) -> Result<Option<Vec<Listed>>, Failure> {
        let Some(entries) = absent(path, std::fs::read_dir(self.path(path)))? else {
            return Ok(None);
        };
        let mut listed = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|error| refused(path, error))?;
            let metadata = entry.metadata().map_err(|error| refused(path, error))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            listed.push(Listed { name, folder: metadata.is_dir(), size: metadata.len() });
        }
        Ok(Some(listed))
    }
}

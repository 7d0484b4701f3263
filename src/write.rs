//! Writing the output: into a fresh folder next to the target, swapped in only when the whole
//! build succeeded, so that a failed or interrupted build leaves the published site as it was.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::fsio;
use crate::render::{Body, Output};
use crate::url::SitePath;

/// A folder being filled beside the target; dropped without `commit`, it is removed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders made so far: each is made once, without asking the file system again. (As bytes:
    /// a path hashes component by component, many times slower.)
    folders: HashSet<OsString>,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Error> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fsio::create_dir_all(&parent)?;
        let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        // Folders left by builds that were killed.
        let stale_prefix = format!(".{name}.");
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for entry in entries.flatten() {
                let file_name = entry.file_name().to_string_lossy().into_owned();
                if file_name.starts_with(&stale_prefix) && (file_name.contains(".new-") || file_name.contains(".old-"))
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        fsio::create_dir_all(&dir)?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false, folders: HashSet::new() })
    }

    /// Makes the folders of the pages at `paths` ahead of their files, while they are rendered.
    pub fn folders<'a>(&mut self, paths: impl IntoIterator<Item = &'a SitePath>) -> Result<(), Error> {
        paths.into_iter().try_for_each(|path| self.folder_of(&self.dir.join(path.output_file())))
    }

    fn folder_of(&mut self, file: &Path) -> Result<(), Error> {
        match file.parent() {
            Some(parent) if !self.folders.contains(parent.as_os_str()) => {
                fsio::create_dir_all(parent)?;
                self.folders.insert(parent.as_os_str().to_owned());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub fn write(&mut self, output: &Output) -> Result<(), Error> {
        let file = self.dir.join(output.path.output_file());
        self.folder_of(&file)?;
        match &output.body {
            Body::Bytes(bytes) => fsio::write(&file, bytes),
            Body::Copy(source) => fsio::copy(source, &file),
            Body::Link(source) => fsio::link_or_copy(source, &file),
        }
    }

    /// The folder being filled.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Puts the new folder in the target's place in one step, then removes the old one.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            fsio::exchange(&self.dir, &self.target)?;
        } else {
            fsio::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        // After the exchange the old site is in the staging folder.
        if self.dir.exists() {
            fsio::remove_dir_all(&self.dir)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::SitePath;

    fn output(text: &str) -> Output {
        Output { path: SitePath::root(), body: Body::Bytes(text.as_bytes().to_vec()), ids: Vec::new() }
    }

    #[test]
    fn commit_replaces_the_target_and_removes_the_staging_folder() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        for text in ["first", "second"] {
            let mut staging = Staging::new(&target).unwrap();
            staging.write(&output(text)).unwrap();
            staging.commit().unwrap();
            assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), text);
        }
        let left: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["public"]);
    }

    #[test]
    fn a_build_dropped_before_commit_leaves_the_target_untouched() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        let mut staging = Staging::new(&target).unwrap();
        staging.write(&output("kept")).unwrap();
        staging.commit().unwrap();
        let mut staging = Staging::new(&target).unwrap();
        staging.write(&output("lost")).unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "kept");
        assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 1);
    }
}

//! Writing the output folder. It belongs to the build: it is filled only when it is absent,
//! empty, or the output of an earlier build (its record, [`manifest::FILE`], says so); any
//! other folder is refused before anything is written.
//!
//! A build writes only the files whose bytes changed, and removes the files the previous build
//! wrote that this one no longer makes: unchanged files keep their date, so that `rsync`,
//! `lftp mirror` and `cnr-site deploy` skip them. Changed files are first written into a
//! hidden folder inside the output ([`STAGING`]); only when the whole build succeeded are
//! they moved into place, one rename each (photos, styles and scripts first, then pages, then
//! lists, feeds and the sitemap), and only then are the old ones removed. So a failed build
//! changes nothing, and a build killed at any moment leaves every page whole, old or new, none
//! missing. The same holds on any file system: nothing needs two folders exchanged in one step,
//! and an output that is a symbolic link to a web server's folder is filled where it points.
//! Files a person put in the output are never removed: they are reported, with the way to
//! publish them for good (the site's `static/` folder).

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{Error, Location, OutputRefusal, Problem};
use crate::fsio;
use crate::manifest::{self, Entry, Manifest, Stage};
use crate::render::{Body, Output};
use crate::url::OutputFile;

/// The hidden folder inside the output where changed files wait for the build to succeed.
pub const STAGING: &str = ".cnr-site.staging";

/// The file two builds of one site lock, so that the second waits for the first: in the site's
/// cache, which they share too, never in what is published nor beside it.
const LOCK: &str = ".cache/build.lock";

/// For tests: a build told `CNR_SITE_PAUSE_AFTER=n` stops after moving `n` files into place and
/// waits there, to be killed at a known moment.
const PAUSE_AFTER: &str = "CNR_SITE_PAUSE_AFTER";

/// What a build did to the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written, new or changed.
    pub written: usize,
    /// Files left as they were: their bytes did not change.
    pub kept: usize,
    /// Files of the previous build that this one no longer makes.
    pub removed: usize,
    /// Files in the output that no build wrote: kept, and reported.
    pub foreign: Vec<OutputFile>,
}

/// The output folder being written.
pub struct Writer {
    /// The folder itself, where a symbolic link leads.
    dir: PathBuf,
    staging: PathBuf,
    previous: Manifest,
    /// When the previous build ended: a file changed after it was changed by hand.
    previous_end: Option<SystemTime>,
    manifest: Manifest,
    /// Files written into the staging folder, to move into place.
    pending: Vec<(Stage, OutputFile)>,
    /// Folders made so far in the staging folder.
    folders: HashSet<OsString>,
    counts: Written,
    /// Held while the build writes: another build of this output waits.
    _lock: File,
}

impl Writer {
    /// Opens the output folder `output` of the site at `root`, refusing any folder that is not
    /// its to fill; `wait` is told when another build is writing it, before waiting for it.
    pub fn open(output: &Path, root: &Path, wait: &dyn Fn()) -> Result<Writer, Error> {
        refuse(output, root)?;
        fsio::create_dir_all(output)?;
        let dir = output.canonicalize().map_err(|e| Error::io(output, &e))?;
        let lock_path = root.join(LOCK);
        fsio::create_dir_all(lock_path.parent().unwrap_or(root))?;
        let lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, &e))?;
        if lock.try_lock().is_err() {
            wait();
            lock.lock().map_err(|e| Error::io(&lock_path, &e))?;
        }
        let previous = Manifest::read(&dir)?;
        let previous_end = previous.as_ref().and_then(|_| std::fs::metadata(dir.join(manifest::FILE)).ok());
        let staging = dir.join(STAGING);
        // Left by a build that was killed.
        if staging.exists() {
            fsio::remove_dir_all(&staging)?;
        }
        fsio::create_dir_all(&staging)?;
        Ok(Writer {
            dir,
            staging,
            previous: previous.unwrap_or_default(),
            previous_end: previous_end.and_then(|m| m.modified().ok()),
            manifest: Manifest::default(),
            pending: Vec::new(),
            folders: HashSet::new(),
            counts: Written::default(),
            _lock: lock,
        })
    }

    /// Writes an output, unless the previous build wrote the same bytes; `entry` is the
    /// manifest's entry of bytes made by the build (their hash), `None` for copied files.
    pub fn write(&mut self, output: &Output, stage: Stage, entry: Option<Entry>) -> Result<(), Error> {
        let file = OutputFile::of(&output.path);
        let target = self.dir.join(file.as_path());
        // What is in place now, read once: a file, or nothing to keep.
        let current = std::fs::metadata(&target).ok().filter(|m| m.is_file());
        let previous = self.previous.files.get(&file);
        let entry = match (&output.body, entry) {
            (Body::Bytes(_), Some(entry)) => entry,
            (Body::Bytes(bytes), None) => manifest::entry_of_bytes(bytes, stage),
            (Body::Copy(source) | Body::Link(source), _) => {
                match copied_unchanged(previous, source, current.as_ref()) {
                    Some(entry) => Entry { stage, ..entry },
                    None => manifest::entry_of_file(source, stage)?,
                }
            }
        };
        let unchanged = previous.is_some_and(|p| p.hash == entry.hash && p.size == entry.size)
            && current.as_ref().is_some_and(|current| match &output.body {
                Body::Bytes(_) => self.untouched(current, entry.size),
                Body::Copy(_) | Body::Link(_) => true,
            });
        if unchanged {
            self.counts.kept += 1;
        } else {
            self.stage(output, &file)?;
            self.pending.push((stage, file.clone()));
        }
        self.manifest.files.insert(file, entry);
        Ok(())
    }

    /// Whether the file the previous build wrote, now as `current` says, is still as it wrote
    /// it: its size, and no change since the build ended.
    fn untouched(&self, current: &std::fs::Metadata, size: u64) -> bool {
        let before_end = match (current.modified(), self.previous_end) {
            (Ok(modified), Some(end)) => modified <= end,
            _ => false,
        };
        current.len() == size && before_end
    }

    /// Writes an output into the staging folder.
    fn stage(&mut self, output: &Output, file: &OutputFile) -> Result<(), Error> {
        let path = self.staging.join(file.as_path());
        if let Some(parent) = path.parent()
            && !self.folders.contains(parent.as_os_str())
        {
            fsio::create_dir_all(parent)?;
            self.folders.insert(parent.as_os_str().to_owned());
        }
        match &output.body {
            Body::Bytes(bytes) => fsio::write(&path, bytes),
            Body::Copy(source) => fsio::copy_with_date(source, &path),
            Body::Link(source) => fsio::link_or_copy(source, &path),
        }
    }

    /// What the previous build wrote, as its manifest says.
    pub fn previous(&self) -> &Manifest {
        &self.previous
    }

    /// The files this build writes, so far.
    pub fn published(&self) -> impl Iterator<Item = &OutputFile> {
        self.manifest.files.keys()
    }

    /// Moves the changed files into place, in the order that never shows a broken page, then
    /// removes what the previous build wrote and this one did not, and records what was written.
    pub fn commit(mut self) -> Result<Written, Error> {
        self.pending.sort();
        let pause: Option<usize> = std::env::var(PAUSE_AFTER).ok().and_then(|n| n.parse().ok());
        let stale: BTreeSet<OutputFile> =
            self.previous.files.keys().filter(|f| !self.manifest.files.contains_key(*f)).cloned().collect();
        for (moved, (_, file)) in self.pending.iter().enumerate() {
            if pause == Some(moved) {
                paused(moved);
            }
            let target = self.dir.join(file.as_path());
            make_room(&self.dir, &target, &stale)?;
            if let Some(parent) = target.parent() {
                fsio::create_dir_all(parent)?;
            }
            fsio::rename(&self.staging.join(file.as_path()), &target)?;
        }
        if pause.is_some_and(|n| n >= self.pending.len()) {
            paused(self.pending.len());
        }
        self.counts.written = self.pending.len();
        for file in &stale {
            let path = self.dir.join(file.as_path());
            // Gone already, or a folder of the new build in its place.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                fsio::remove_file(&path)?;
            }
            self.counts.removed += 1;
        }
        remove_empty_folders(&self.dir, &stale);
        self.manifest.write(&self.dir)?;
        fsio::remove_dir_all(&self.staging)?;
        self.counts.foreign = foreign(&self.dir, &self.manifest);
        Ok(std::mem::take(&mut self.counts))
    }
}

impl Drop for Writer {
    /// A build that did not commit leaves the output as it was: only the staging folder goes.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// The previous entry of a copied file whose copy (`current`) has its source's size and date:
/// the source did not change since, and its hash need not be made again.
fn copied_unchanged(previous: Option<&Entry>, source: &Path, current: Option<&std::fs::Metadata>) -> Option<Entry> {
    let (previous, copy) = (previous?, current?);
    let source = std::fs::metadata(source).ok()?;
    let same = source.len() == copy.len() && source.len() == previous.size;
    (same && source.modified().ok()? == copy.modified().ok()?).then(|| previous.clone())
}

fn paused(moved: usize) -> ! {
    eprintln!("cnr-site: paused after moving {moved} files ({PAUSE_AFTER})");
    loop {
        std::thread::park();
    }
}

/// Before a file goes to `target`: a file of the previous build where a folder of the new one
/// goes (`x` for `x/index.html`), or a folder of old files where a file goes, is removed.
fn make_room(dir: &Path, target: &Path, stale: &BTreeSet<OutputFile>) -> Result<(), Error> {
    let is_stale =
        |path: &Path| path.strip_prefix(dir).ok().and_then(OutputFile::from_path).is_some_and(|f| stale.contains(&f));
    for ancestor in target.ancestors().skip(1).take_while(|a| a.starts_with(dir) && *a != dir) {
        if ancestor.is_file() && is_stale(ancestor) {
            fsio::remove_file(ancestor)?;
        }
    }
    if target.is_dir() {
        let inside: Vec<PathBuf> = fsio::walk_all(target)?.into_iter().map(|(path, _)| path).collect();
        if inside.iter().all(|p| is_stale(p)) {
            fsio::remove_dir_all(target)?;
        }
    }
    Ok(())
}

/// Removes the folders left empty by the removal of `stale` files, deepest first.
fn remove_empty_folders(dir: &Path, stale: &BTreeSet<OutputFile>) {
    let mut folders: Vec<PathBuf> = stale
        .iter()
        .flat_map(|f| dir.join(f.as_path()).ancestors().skip(1).map(Path::to_path_buf).collect::<Vec<_>>())
        .filter(|a| a.starts_with(dir) && a != dir)
        .collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    folders.dedup();
    for folder in folders {
        // Only empty ones go: `remove_dir` refuses the others.
        let _ = std::fs::remove_dir(folder);
    }
}

/// The files of the output that no build of the site wrote.
fn foreign(dir: &Path, manifest: &Manifest) -> Vec<OutputFile> {
    let ours = [manifest::FILE];
    let Ok(files) = fsio::walk_all(dir) else { return Vec::new() };
    files
        .into_iter()
        .filter_map(|(_, rel)| OutputFile::from_path(&rel))
        .filter(|f| !ours.contains(&f.as_str()) && !f.as_str().starts_with(STAGING))
        .filter(|f| !manifest.files.contains_key(f))
        .collect()
}

/// Refuses an output folder that is not the build's to fill: the site's own folder or one that
/// holds it, a folder of its sources, a file, or a folder holding files no build wrote.
pub fn refuse(output: &Path, root: &Path) -> Result<(), Error> {
    let refused = |why: OutputRefusal| Err(Error::at(Location::file(output), Problem::OutputRefused(why)));
    let real = |path: &Path| path.canonicalize().ok();
    let root = real(root).unwrap_or_else(|| root.to_path_buf());
    // Where the output is, or would be: its folder's real place, and its name.
    let place = match real(output) {
        Some(place) => place,
        None => {
            let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = output.file_name().map(PathBuf::from).unwrap_or_default();
            real(parent).map_or_else(|| output.to_path_buf(), |p| p.join(name))
        }
    };
    if place == root {
        return refused(OutputRefusal::SiteFolder);
    }
    if root.starts_with(&place) {
        return refused(OutputRefusal::HoldsSite);
    }
    for sources in ["content", "themes", "static"] {
        if place.starts_with(root.join(sources)) {
            return refused(OutputRefusal::InSources(sources.to_string()));
        }
    }
    let metadata = match std::fs::metadata(&place) {
        Ok(metadata) => metadata,
        Err(_) => return Ok(()),
    };
    if !metadata.is_dir() {
        return refused(OutputRefusal::File);
    }
    if place.join(manifest::FILE).is_file() {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(&place)
        .map_err(|e| Error::io(output, &e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != STAGING)
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let count = names.len();
    // What tells most of what the folder is comes first.
    names.sort_by_key(|name| !matches!(name.as_str(), "site.yaml" | ".git" | "content" | "Cargo.toml"));
    names.truncate(5);
    refused(OutputRefusal::NotAnOutput { names, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::SitePath;

    fn output(path: &str, text: &str) -> Output {
        Output {
            path: SitePath::from_link(path).unwrap(),
            body: Body::Bytes(text.as_bytes().to_vec()),
            ids: Vec::new(),
        }
    }

    /// Writes `files` as one build into `dir` of a site at `root`.
    fn build(dir: &Path, root: &Path, files: &[(&str, &str)]) -> Result<Written, Error> {
        let mut writer = Writer::open(dir, root, &|| {})?;
        for (path, text) in files {
            writer.write(&output(path, text), Stage::Page, None)?;
        }
        writer.commit()
    }

    #[test]
    fn only_what_changed_is_written_and_what_went_is_removed() {
        let temp = tempfile::tempdir().unwrap();
        let (root, dir) = (temp.path().join("site"), temp.path().join("site/public"));
        std::fs::create_dir_all(&root).unwrap();
        let first = build(&dir, &root, &[("/", "home"), ("/a/", "a"), ("/b/", "b")]).unwrap();
        assert_eq!((first.written, first.kept, first.removed), (3, 0, 0));
        let date = |rel: &str| std::fs::metadata(dir.join(rel)).unwrap().modified().unwrap();
        let before = date("a/index.html");
        let second = build(&dir, &root, &[("/", "home 2"), ("/a/", "a")]).unwrap();
        assert_eq!((second.written, second.kept, second.removed), (1, 1, 1));
        assert_eq!(date("a/index.html"), before, "an unchanged file keeps its date");
        assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "home 2");
        assert!(!dir.join("b").exists(), "the folder of a page gone goes too");
        assert!(!dir.join(STAGING).exists());
    }

    #[test]
    fn a_file_changed_by_hand_is_written_again_and_a_foreign_one_kept() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("public");
        build(&dir, temp.path(), &[("/", "home")]).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("index.html"), "hand").unwrap();
        std::fs::write(dir.join("CNAME"), "cnr.example.org").unwrap();
        let written = build(&dir, temp.path(), &[("/", "home")]).unwrap();
        assert_eq!((written.written, written.kept), (1, 0));
        assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "home");
        assert_eq!(written.foreign, [OutputFile::parse("CNAME").unwrap()]);
        assert_eq!(std::fs::read_to_string(dir.join("CNAME")).unwrap(), "cnr.example.org");
    }

    #[test]
    fn a_build_dropped_before_commit_changes_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("public");
        build(&dir, temp.path(), &[("/", "kept")]).unwrap();
        let mut writer = Writer::open(&dir, temp.path(), &|| {}).unwrap();
        writer.write(&output("/", "lost"), Stage::Page, None).unwrap();
        drop(writer);
        assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "kept");
        assert!(!dir.join(STAGING).exists());
    }

    #[test]
    fn a_page_may_become_a_folder_and_back() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("public");
        build(&dir, temp.path(), &[("/a", "file")]).unwrap();
        build(&dir, temp.path(), &[("/a/", "page")]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a/index.html")).unwrap(), "page");
        build(&dir, temp.path(), &[("/a", "file again")]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "file again");
    }

    #[test]
    fn folders_that_are_not_the_builds_are_refused() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("site");
        for dir in ["content/activites", "themes/cnr", "docs", ".git"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("site.yaml"), "x").unwrap();
        std::fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        std::fs::write(root.join("notes.txt"), "mine").unwrap();
        let refusal = |output: &Path| match refuse(output, &root) {
            Err(Error { problem: Problem::OutputRefused(why), .. }) => Some(why),
            _ => None,
        };
        assert_eq!(refusal(&root), Some(OutputRefusal::SiteFolder));
        assert_eq!(refusal(&root.join(".")), Some(OutputRefusal::SiteFolder));
        assert_eq!(refusal(temp.path()), Some(OutputRefusal::HoldsSite));
        assert_eq!(refusal(&root.join("content")), Some(OutputRefusal::InSources("content".into())));
        assert_eq!(refusal(&root.join("content/activites/out")), Some(OutputRefusal::InSources("content".into())));
        assert_eq!(refusal(&root.join("themes")), Some(OutputRefusal::InSources("themes".into())));
        assert_eq!(refusal(&root.join("notes.txt")), Some(OutputRefusal::File));
        let docs = refusal(&root.join("docs"));
        assert_eq!(docs, Some(OutputRefusal::NotAnOutput { names: vec!["notes.txt".into()], count: 1 }));
        assert_eq!(refusal(&root.join("public")), None, "absent");
        std::fs::create_dir_all(root.join("empty")).unwrap();
        assert_eq!(refusal(&root.join("empty")), None, "empty");
    }
}

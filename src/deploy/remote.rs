//! What the server holds, and the record of it kept beside the site: the manifest of a past
//! deploy (`.cnr-site.json`, the output's manifest as it was then) and the journal of the
//! changes since ([`super::journal`]). A copy of both is kept on this computer
//! (`.cache/deploy/` in the site's folder): a deploy then reads only what was added to the
//! journal since, and checks the copy against the last bytes it has.
//!
//! The record is trusted when it is whole: the journal names the manifest it follows by its
//! hash. When it is missing or does not hold together, or with `--verify`, every folder of
//! the server is listed: a file whose size is not the recorded one is in doubt and sent
//! again; a file the record does not know is left alone, unless the site has one of that name.
//! Listing every folder takes a round trip each: minutes over a slow link at 2,000 pages,
//! which is why it is not done at every deploy.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::journal::{self, Journal, Known, Line};
use super::link::Link;
use super::{Event, Ui};
use crate::error::Error;
use crate::manifest::{self, Manifest};
use crate::target::Target;
use crate::url::OutputFile;

/// The ending of files being sent, renamed to their real name once complete.
pub const TEMPORARY: &str = ".cnr-tmp";

/// The manifest's name beside the site on the server.
const BASE: &str = manifest::FILE;

/// The bytes of the journal compared with the copy on this computer before trusting the copy.
const OVERLAP: usize = 64;

/// Where a file is sent before it is renamed: beside it, named after its content, so that a
/// deploy stopped half-way goes on from where it stopped if the content has not changed.
pub fn temporary(path: &OutputFile, hash: &str) -> String {
    format!("{path}.{}{TEMPORARY}", &hash[..12])
}

/// The copy of the server's record on this computer.
pub struct Cache {
    folder: PathBuf,
}

impl Cache {
    pub fn new(root: &Path, target: &Target) -> Cache {
        let key = &manifest::hash(target.to_string().as_bytes())[..16];
        Cache { folder: root.join(".cache").join("deploy").join(key) }
    }

    fn get(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.folder.join(name)).ok()
    }

    /// Keeps a copy, or forgets it. A copy that cannot be written costs a download next time.
    fn keep(&self, name: &str, bytes: Option<&[u8]>) {
        let file = self.folder.join(name);
        let _ = match bytes {
            Some(bytes) => std::fs::create_dir_all(&self.folder).and_then(|()| std::fs::write(file, bytes)),
            None => std::fs::remove_file(file),
        };
    }
}

/// The server's files as far as the record says, and the record's state.
pub struct Remote {
    pub files: BTreeMap<OutputFile, Known>,
    /// Folders known to be there.
    pub folders: BTreeSet<String>,
    /// Files found by a listing that cnr-site did not put there: left alone.
    pub foreign: usize,
    /// Files of interrupted deploys to remove.
    pub stale: Vec<String>,
    /// Files half-sent by an interrupted deploy, with the size already there, to go on from.
    pub partial: BTreeMap<String, u64>,
    /// Bytes of the record received and sent.
    pub received: u64,
    pub sent: u64,
    base: Manifest,
    base_hash: Option<String>,
    base_size: u64,
    /// The journal as on the server; `None` when not known to the byte.
    journal: Option<Vec<u8>>,
    /// The journal must be written anew before anything else: it does not say what is there.
    rewrite: bool,
    /// An `ok` is owed for the lines written last.
    confirm: bool,
    cache: Cache,
}

/// Reads what the server holds; `verify` lists every folder whatever the record says.
pub fn read(link: &mut Link, cache: Cache, verify: bool, local: &Manifest, ui: &dyn Ui) -> Result<Remote, Error> {
    let mut received = 0;
    let bytes = fetch_journal(link, &cache, &mut received)?;
    let journal = bytes.as_deref().and_then(Journal::parse);
    let base = match (&journal, &bytes) {
        (Some(Journal { base: None, .. }), _) => Some((Manifest::default(), None, 0)),
        (Some(Journal { base: Some(hash), .. }), _) => fetch_base(link, &cache, Some(hash), &mut received)?,
        (None, Some(_)) => None,
        (None, None) => fetch_base(link, &cache, None, &mut received)?,
    };
    let trusted = base.is_some();
    let (base, base_hash, base_size) = base.unwrap_or_default();
    let (files, pending) = match &journal {
        Some(journal) if trusted => journal.apply(&base),
        _ => (Journal { base: None, lines: Vec::new() }.apply(&base).0, Vec::new()),
    };
    let mut remote = Remote {
        folders: folders_of(files.keys()),
        files,
        foreign: 0,
        stale: Vec::new(),
        partial: BTreeMap::new(),
        received,
        sent: 0,
        base,
        base_hash,
        base_size,
        rewrite: journal.is_none() || !pending.is_empty() || !trusted,
        journal: bytes.filter(|_| trusted),
        confirm: false,
        cache,
    };
    remote.settle(link, pending, local)?;
    if !trusted || verify {
        remote.survey(link, local, ui)?;
    }
    if !trusted {
        (remote.base, remote.base_hash, remote.base_size) = (Manifest::default(), None, 0);
    }
    Ok(remote)
}

/// The journal, from the copy on this computer and what the server added to it, if the copy's
/// last bytes are still there; else whole. `None` if the server has none.
fn fetch_journal(link: &mut Link, cache: &Cache, received: &mut u64) -> Result<Option<Vec<u8>>, Error> {
    let Some(size) = link.run(|t| t.size(journal::FILE))? else {
        cache.keep(journal::FILE, None);
        return Ok(None);
    };
    if let Some(copy) = cache.get(journal::FILE).filter(|c| c.len() >= OVERLAP && size >= c.len() as u64) {
        let from = copy.len() - OVERLAP;
        if let Some(tail) = link.run(|t| t.read(journal::FILE, from as u64))? {
            *received += tail.len() as u64;
            if tail.starts_with(&copy[from..]) {
                let whole = [&copy[..from], &tail[..]].concat();
                cache.keep(journal::FILE, Some(&whole));
                return Ok(Some(whole));
            }
        }
    }
    let bytes = link.run(|t| t.read(journal::FILE, 0))?;
    *received += bytes.as_ref().map_or(0, |b| b.len() as u64);
    cache.keep(journal::FILE, bytes.as_deref());
    Ok(bytes)
}

/// The manifest on the server, if it is there, can be read, and is the one whose hash the
/// journal gives: its hash and its size with it.
fn fetch_base(
    link: &mut Link,
    cache: &Cache,
    expected: Option<&String>,
    received: &mut u64,
) -> Result<Option<(Manifest, Option<String>, u64)>, Error> {
    let copy = cache.get(BASE).filter(|copy| expected == Some(&manifest::hash(copy)));
    let bytes = match copy {
        Some(copy) => copy,
        None => match link.run(|t| t.read(BASE, 0))? {
            Some(bytes) => {
                *received += bytes.len() as u64;
                bytes
            }
            None => return Ok(None),
        },
    };
    let hash = manifest::hash(&bytes);
    if expected.is_some_and(|expected| *expected != hash) {
        return Ok(None);
    }
    let Ok(base) = Manifest::parse(&bytes, Path::new(BASE)) else { return Ok(None) };
    cache.keep(BASE, Some(&bytes));
    Ok(Some((base, Some(hash), bytes.len() as u64)))
}

/// Every folder holding one of `paths`, and the folders above, without the site's own.
fn folders_of<'a>(paths: impl Iterator<Item = &'a OutputFile>) -> BTreeSet<String> {
    let mut folders = BTreeSet::new();
    for path in paths {
        let mut folder = path.folder();
        while !folder.is_empty() && folders.insert(folder.to_string()) {
            folder = folder.rfind('/').map_or("", |i| &folder[..i]);
        }
    }
    folders
}

impl Remote {
    /// Finds out which of the lines an interrupted deploy wrote were done: a file renamed into
    /// place is whole, so its size tells, unless the old one had the same.
    fn settle(&mut self, link: &mut Link, pending: Vec<Line>, local: &Manifest) -> Result<(), Error> {
        for line in pending {
            let path = match &line {
                Line::Put { path, .. } | Line::Del(path) => path.clone(),
                Line::Ok | Line::Drop => continue,
            };
            let size = link.run(|t| t.size(path.as_str()))?;
            let old = self.files.get(&path).map(|known| known.size);
            let now = match (&line, size) {
                (_, None) => None,
                (Line::Put { known, .. }, Some(size)) if size == known.size && old != Some(size) => Some(known.clone()),
                (_, Some(size)) if old == Some(size) => self.files.get(&path).cloned(),
                (_, Some(size)) => Some(Known { hash: None, size }),
            };
            match now {
                Some(known) => self.files.insert(path.clone(), known),
                None => self.files.remove(&path),
            };
            if let Line::Put { known: Known { hash: Some(hash), .. }, .. } = &line {
                let temporary = temporary(&path, hash);
                if let Some(size) = link.run(|t| t.size(&temporary))? {
                    if local.files.get(&path).is_some_and(|entry| entry.hash == *hash) {
                        self.partial.insert(temporary, size);
                    } else {
                        self.stale.push(temporary);
                    }
                }
            }
        }
        self.folders = folders_of(self.files.keys());
        Ok(())
    }

    /// Lists every folder of the server, and keeps of the record what the listing confirms.
    fn survey(&mut self, link: &mut Link, local: &Manifest, ui: &dyn Ui) -> Result<(), Error> {
        let mut listed: BTreeMap<OutputFile, u64> = BTreeMap::new();
        let (mut queue, mut folders) = (vec![String::new()], BTreeSet::new());
        while let Some(folder) = queue.pop() {
            let Some(entries) = link.run(|t| t.list(&folder))? else { continue };
            folders.insert(folder.clone());
            ui.event(Event::Surveyed { folders: folders.len() });
            // A name is one segment: a server cannot lead the listing out of the site's folder.
            let names = |entry: &super::transport::Listed| {
                !matches!(entry.name.as_str(), "" | "." | "..") && !entry.name.contains(['/', '\\'])
            };
            for entry in entries.into_iter().filter(names) {
                let path = if folder.is_empty() { entry.name.clone() } else { format!("{folder}/{}", entry.name) };
                if entry.folder {
                    queue.push(path);
                } else if path.ends_with(TEMPORARY) {
                    if !self.partial.contains_key(&path) {
                        self.stale.push(path);
                    }
                } else if let Some(file) =
                    OutputFile::parse(&path).filter(|_| ![BASE, journal::FILE].contains(&path.as_str()))
                {
                    listed.insert(file, entry.size);
                }
            }
        }
        let mut files = BTreeMap::new();
        for (path, size) in listed {
            let recorded = self.files.get(&path);
            match recorded {
                Some(known) if known.size == size => files.insert(path, known.clone()),
                _ if recorded.is_some() || local.files.contains_key(&path) => {
                    files.insert(path, Known { hash: None, size })
                }
                _ => {
                    self.foreign += 1;
                    None
                }
            };
        }
        self.files = files;
        self.folders = folders;
        self.folders.remove("");
        self.rewrite = true;
        Ok(())
    }

    /// Writes the journal anew if what was read had to be corrected: before anything is sent,
    /// so that the record says what is there.
    pub fn prepare(&mut self, link: &mut Link) -> Result<(), Error> {
        if self.rewrite {
            let text = journal::header(self.base_hash.as_deref()) + &journal::difference(&self.base, &self.files);
            self.replace(link, journal::FILE, text.as_bytes())?;
            self.cache.keep(journal::FILE, Some(text.as_bytes()));
            self.journal = Some(text.into_bytes());
            self.rewrite = false;
        }
        Ok(())
    }

    /// Writes down the changes about to be made, after an `ok` for the ones made before.
    pub fn intend(&mut self, link: &mut Link, mut lines: Vec<Line>) -> Result<(), Error> {
        if std::mem::replace(&mut self.confirm, false) {
            lines.insert(0, Line::Ok);
        }
        let text = journal::appended(&lines);
        let mut tries = 0;
        link.run(|t| {
            tries += 1;
            t.append(journal::FILE, text.as_bytes())
        })?;
        self.sent += text.len() as u64 * tries;
        // After a dropped connection the server may hold part of a try besides: the copy here
        // is no longer the same to the byte.
        self.journal = self.journal.take().filter(|_| tries == 1).map(|journal| [journal, text.into_bytes()].concat());
        self.cache.keep(journal::FILE, self.journal.as_deref());
        self.confirm = lines.iter().any(|line| *line != Line::Ok);
        Ok(())
    }

    /// Confirms the last changes; writes the manifest anew when the journal has grown to half
    /// its size, or when there was none.
    pub fn finish(&mut self, link: &mut Link, local: &Manifest) -> Result<(), Error> {
        if self.confirm {
            self.intend(link, Vec::new())?;
        }
        let journal_size = self.journal.as_ref().map_or(u64::MAX, |j| j.len() as u64);
        if self.base_hash.is_none() || journal_size > (self.base_size / 2).max(32 * 1024) {
            self.compact(link, local)?;
        }
        Ok(())
    }

    /// Writes `local` as the manifest on the server, with an empty journal following it. The
    /// journal goes first: were the deploy stopped between the two, the journal would name a
    /// manifest not there, and the next deploy would list the server.
    fn compact(&mut self, link: &mut Link, local: &Manifest) -> Result<(), Error> {
        let bytes = local.to_bytes();
        let hash = manifest::hash(&bytes);
        let staged = format!("{BASE}{TEMPORARY}");
        link.run(|t| t.write(&staged, 0, &mut &bytes[..], &mut |_| {}))?;
        let header = journal::header(Some(&hash));
        self.replace(link, journal::FILE, header.as_bytes())?;
        link.run(|t| t.rename(&staged, BASE, true))?;
        self.sent += bytes.len() as u64;
        self.cache.keep(BASE, Some(&bytes));
        self.cache.keep(journal::FILE, Some(header.as_bytes()));
        self.journal = Some(header.into_bytes());
        Ok(())
    }

    /// Replaces a file of the record at once: sent under another name, then renamed.
    fn replace(&mut self, link: &mut Link, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let staged = format!("{name}{TEMPORARY}");
        link.run(|t| {
            t.write(&staged, 0, &mut &bytes[..], &mut |_| {})?;
            t.rename(&staged, name, true)
        })?;
        self.sent += bytes.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
impl Remote {
    /// A server that holds nothing.
    pub fn empty() -> Remote {
        Remote {
            files: BTreeMap::new(),
            folders: BTreeSet::new(),
            foreign: 0,
            stale: Vec::new(),
            partial: BTreeMap::new(),
            received: 0,
            sent: 0,
            base: Manifest::default(),
            base_hash: None,
            base_size: 0,
            journal: None,
            rewrite: true,
            confirm: false,
            cache: Cache { folder: PathBuf::from("/nonexistent") },
        }
    }
}

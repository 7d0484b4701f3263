//! The record of an output folder: every file the build wrote, with its hash, its size, the
//! stage it is published in, and for a page, the content file it comes from. The build writes it as `.cnr-site.json` at the root of the
//! output; `deploy` compares it with the copy it keeps beside the site on the server, to send
//! only what differs, in an order that never shows a visitor a page whose parts are missing.
//!
//! Hashes are BLAKE3 (the `blake3` crate, by the algorithm's authors): several times faster
//! than SHA-256 on one core, so that hashing every output costs a build little.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Problem};
use crate::fsio;
use crate::url::OutputFile;

/// The manifest's name, in the output folder and beside the site on a server.
pub const FILE: &str = ".cnr-site.json";

const GENERATOR: &str = "cnr-site";
/// Version 2 added the content file of pages; version 1 is read as well.
const VERSION: u32 = 2;

/// When a file is published: every file a page shows before the page, every page before the
/// lists, feeds and sitemap that lead to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Copied files: photos and their sizes, styles, scripts, documents.
    Asset,
    /// Pages, the 404 page.
    Page,
    /// Lists, tag and year pages, the search page and its index, feeds, sitemap, robots.txt.
    List,
}

/// What the manifest knows of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// BLAKE3 of the bytes, in hexadecimal.
    pub hash: String,
    pub size: u64,
    pub stage: Stage,
    /// For a page, a list's first page, or a page at an old address: the content file that
    /// gives it, from the site's folder (`content/activites/x.md`). The next build tells which
    /// file an address it would drop came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Every file of an output folder, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<OutputFile, Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    generator: String,
    version: u32,
    files: BTreeMap<OutputFile, Entry>,
}

impl Manifest {
    /// The manifest of the folder `dir`: `None` if it has none, an error naming the file if it
    /// cannot be read or is not a manifest.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let path = dir.join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Manifest::parse(&bytes, &path).map(Some),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(Error::io(&path, &error)),
        }
    }

    /// Reads a manifest's bytes; `shown` names it in messages.
    pub fn parse(bytes: &[u8], shown: &Path) -> Result<Manifest, Error> {
        let bad = |reason: String| Error::at(Location::file(shown), Problem::BadManifest(reason));
        let raw: Raw = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if raw.generator != GENERATOR {
            return Err(bad(format!("made by {:?}, not by {GENERATOR}", raw.generator)));
        }
        if !(1..=VERSION).contains(&raw.version) {
            return Err(bad(format!("version {} is not one this cnr-site reads (1 to {VERSION})", raw.version)));
        }
        if let Some((path, _)) = raw.files.iter().find(|(_, entry)| !is_hash(&entry.hash)) {
            return Err(bad(format!("{path}: the hash is not a BLAKE3 hash in hexadecimal")));
        }
        Ok(Manifest { files: raw.files })
    }

    /// The manifest as JSON, one file a line, sorted by path: the same files give the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{{\"generator\":\"{GENERATOR}\",\"version\":{VERSION},\"files\":{{").into_bytes();
        for (i, (path, entry)) in self.files.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            serde_json::to_writer(&mut out, path).expect("a path is JSON");
            out.push(b':');
            serde_json::to_writer(&mut out, entry).expect("an entry is JSON");
        }
        out.extend_from_slice(b"\n}}\n");
        out
    }

    /// Writes the manifest into `dir` at once: into a temporary file renamed over the old one,
    /// so that no one ever reads half of it.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(FILE);
        let temporary = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
        let written = std::fs::File::create(&temporary)
            .and_then(|mut file| file.write_all(&self.to_bytes()).and_then(|()| file.sync_all()));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(Error::io(&temporary, &error));
        }
        fsio::rename(&temporary, &path)
    }

    /// The total size of the files.
    pub fn size(&self) -> u64 {
        self.files.values().map(|entry| entry.size).sum()
    }
}

/// BLAKE3 of `bytes`, in hexadecimal.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The entry of the file at `path`, read in pieces: a large photo is never whole in memory.
pub fn entry_of_file(path: &Path, stage: Stage) -> Result<Entry, Error> {
    let mut hasher = blake3::Hasher::new();
    let read = std::fs::File::open(path).and_then(|mut file| std::io::copy(&mut file, &mut hasher));
    let size = read.map_err(|error| Error::io(path, &error))?;
    Ok(Entry { hash: hasher.finalize().to_hex().to_string(), size, stage, source: None })
}

/// The entry of bytes made by the build.
pub fn entry_of_bytes(bytes: &[u8], stage: Stage) -> Entry {
    Entry { hash: hash(bytes), size: bytes.len() as u64, stage, source: None }
}

fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let mut manifest = Manifest::default();
        let entry = |text: &str, stage| entry_of_bytes(text.as_bytes(), stage);
        manifest.files.insert(OutputFile::parse("index.html").unwrap(), entry("<p>accueil</p>", Stage::List));
        let page = Entry { source: Some("content/activites/x.md".into()), ..entry("<p>x</p>", Stage::Page) };
        manifest.files.insert(OutputFile::parse("activites/x/index.html").unwrap(), page);
        manifest.files.insert(OutputFile::parse("css/site.css").unwrap(), entry("p{}", Stage::Asset));
        manifest
    }

    #[test]
    fn written_then_read_gives_the_same_manifest() {
        let temp = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::read(temp.path()).unwrap(), None);
        let manifest = sample();
        manifest.write(temp.path()).unwrap();
        assert_eq!(Manifest::read(temp.path()).unwrap(), Some(manifest.clone()));
        let names: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [FILE], "no temporary file is left");
        let text = String::from_utf8(manifest.to_bytes()).unwrap();
        assert!(
            text.starts_with(
                "{\"generator\":\"cnr-site\",\"version\":2,\"files\":{\n\"activites/x/index.html\":{\"hash\":\""
            ),
            "{text}"
        );
        assert_eq!(text.lines().count(), 5, "one file a line, sorted:\n{text}");
        assert!(text.contains("\"size\":3,\"stage\":\"asset\"}"), "{text}");
        assert!(text.contains("\"stage\":\"page\",\"source\":\"content/activites/x.md\"}"), "{text}");
    }

    #[test]
    fn a_manifest_of_the_first_version_is_read() {
        let shown = Path::new("public/.cnr-site.json");
        let hash = hash(b"x");
        let text = format!(
            "{{\"generator\":\"cnr-site\",\"version\":1,\"files\":{{\n\"a/index.html\":{{\"hash\":\"{hash}\",\"size\":1,\"stage\":\"page\"}}\n}}}}\n"
        );
        let manifest = Manifest::parse(text.as_bytes(), shown).unwrap();
        assert_eq!(manifest.files[&OutputFile::parse("a/index.html").unwrap()].source, None);
    }

    #[test]
    fn hashes_are_blake3_in_hexadecimal() {
        // The test vector of the BLAKE3 paper for the empty input.
        assert_eq!(hash(b""), "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("photo.jpg");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(entry_of_file(&file, Stage::Asset).unwrap(), entry_of_bytes(&bytes, Stage::Asset));
    }

    #[test]
    fn stages_come_in_publishing_order() {
        assert!(Stage::Asset < Stage::Page && Stage::Page < Stage::List);
    }

    #[test]
    fn a_corrupt_or_foreign_manifest_is_an_error_naming_it() {
        let shown = Path::new("public/.cnr-site.json");
        let good = String::from_utf8(sample().to_bytes()).unwrap();
        let cases = [
            good[..good.len() / 2].to_string(),
            good.replace("cnr-site", "hugo"),
            good.replace("\"version\":2", "\"version\":3"),
            good.replace("activites/x/index.html", "../../etc/passwd"),
            good.replacen("\"hash\":\"", "\"hash\":\"zz", 1),
        ];
        for text in cases {
            let error = Manifest::parse(text.as_bytes(), shown).unwrap_err();
            assert_eq!(error.location, Location::file(shown));
            assert!(matches!(error.problem, Problem::BadManifest(_)), "{text}");
        }
    }
}

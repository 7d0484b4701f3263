//! The journal kept on the server beside the site (`.cnr-site.log`): what each deploy changed
//! since the last full manifest was written there, so that a deploy sends a few lines instead
//! of the whole manifest (half a megabyte at 2,000 pages, for a change of ten kilobytes).
//!
//! ```text
//! cnr-site 1 base 5f0e…|none 3a9c01d2      the manifest the journal follows, by its hash
//! put 9b1f… 8763 activites/x/index.html …   a file about to be put in place
//! del activites/old/index.html …            a file about to be removed
//! ok …                                      every put and del since the last ok is done
//! drop …                                    they were not all done: forget them
//! ```
//!
//! A deploy writes what it is about to do, does it, then writes `ok`: if it is stopped
//! half-way, the next one knows which files may have changed, and looks at those only. Each
//! line ends with a checksum of its own: a line cut by a dropped connection is left out.

use std::collections::BTreeMap;

use crate::manifest::{self, Manifest};
use crate::url::OutputFile;

/// The journal's name, beside the site on the server.
pub const FILE: &str = ".cnr-site.log";

const HEADER: &str = "cnr-site 1 base";

/// What is known of a file on the server: its size, and its hash unless it is in doubt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub hash: Option<String>,
    pub size: u64,
}

/// A line of the journal after its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Put { path: OutputFile, known: Known },
    Del(OutputFile),
    Ok,
    Drop,
}

/// A journal as read from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The hash of the manifest the journal follows; `None` if it follows none.
    pub base: Option<String>,
    pub lines: Vec<Line>,
}

impl Journal {
    /// Reads a journal; `None` if its header cannot be read.
    pub fn parse(bytes: &[u8]) -> Option<Journal> {
        let text = String::from_utf8_lossy(bytes);
        // A last line without its end was cut: it is left out with the other broken ones.
        let mut lines = text.split_inclusive('\n').filter(|line| line.ends_with('\n')).filter_map(checked);
        let base = match lines.next()?.strip_prefix(HEADER)?.trim() {
            "none" => None,
            hash if hash.len() == 64 => Some(hash.to_string()),
            _ => return None,
        };
        Some(Journal { base, lines: lines.filter_map(Line::parse).collect() })
    }

    /// The files on the server: the base's, changed by every line confirmed by an `ok`; and
    /// the lines written since the last `ok`, maybe done, maybe not.
    pub fn apply(&self, base: &Manifest) -> (BTreeMap<OutputFile, Known>, Vec<Line>) {
        let mut files: BTreeMap<OutputFile, Known> = base
            .files
            .iter()
            .map(|(path, entry)| (path.clone(), Known { hash: Some(entry.hash.clone()), size: entry.size }))
            .collect();
        let mut pending = Vec::new();
        for line in &self.lines {
            match line {
                Line::Ok => pending.drain(..).for_each(|line| apply(&mut files, line)),
                Line::Drop => pending.clear(),
                line => pending.push(line.clone()),
            }
        }
        (files, pending)
    }
}

/// Changes `files` as a confirmed line says.
pub fn apply(files: &mut BTreeMap<OutputFile, Known>, line: Line) {
    match line {
        Line::Put { path, known } => {
            files.insert(path, known);
        }
        Line::Del(path) => {
            files.remove(&path);
        }
        Line::Ok | Line::Drop => {}
    }
}

/// The first line of a journal following the manifest whose hash is `base`.
pub fn header(base: Option<&str>) -> String {
    seal(&format!("{HEADER} {}", base.unwrap_or("none")))
}

/// The lines that make `base` into `files`, then `ok`: a journal written anew.
pub fn difference(base: &Manifest, files: &BTreeMap<OutputFile, Known>) -> String {
    let mut text = String::new();
    for (path, known) in files {
        let same = base.files.get(path).is_some_and(|e| known.hash.as_ref() == Some(&e.hash) && known.size == e.size);
        if !same {
            text += &Line::Put { path: path.clone(), known: known.clone() }.to_text();
        }
    }
    for path in base.files.keys().filter(|path| !files.contains_key(*path)) {
        text += &Line::Del(path.clone()).to_text();
    }
    text + &Line::Ok.to_text()
}

impl Line {
    fn parse(body: &str) -> Option<Line> {
        let mut words = body.splitn(4, ' ');
        match (words.next()?, words.next(), words.next(), words.next()) {
            ("ok", None, None, None) => Some(Line::Ok),
            ("drop", None, None, None) => Some(Line::Drop),
            ("del", Some(path), None, None) => Some(Line::Del(OutputFile::parse(path)?)),
            ("put", Some(hash), Some(size), Some(path)) => {
                let hash = match hash {
                    "?" => None,
                    hash if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => Some(hash.to_string()),
                    _ => return None,
                };
                let known = Known { hash, size: size.parse().ok()? };
                Some(Line::Put { path: OutputFile::parse(path)?, known })
            }
            _ => None,
        }
    }

    /// The line as written in the journal, with its checksum and its end.
    pub fn to_text(&self) -> String {
        let body = match self {
            Line::Put { path, known } => format!("put {} {} {path}", known.hash.as_deref().unwrap_or("?"), known.size),
            Line::Del(path) => format!("del {path}"),
            Line::Ok => "ok".to_string(),
            Line::Drop => "drop".to_string(),
        };
        seal(&body)
    }
}

/// The text to add at the end of the journal for `lines`. It starts with a line end: if the
/// last addition was cut half-way, its broken line ends there instead of spoiling this one.
pub fn appended(lines: &[Line]) -> String {
    std::iter::once("\n".to_string()).chain(lines.iter().map(Line::to_text)).collect()
}

/// `body`, its checksum and a line end.
fn seal(body: &str) -> String {
    format!("{body} {}\n", &manifest::hash(body.as_bytes())[..8])
}

/// The body of a line whose checksum is right.
fn checked(line: &str) -> Option<&str> {
    let (body, check) = line.trim_end_matches('\n').rsplit_once(' ')?;
    (manifest::hash(body.as_bytes())[..8] == *check).then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Stage, entry_of_bytes};

    fn path(text: &str) -> OutputFile {
        OutputFile::parse(text).unwrap()
    }

    fn put(text: &str, content: &str) -> Line {
        let known = Known { hash: Some(manifest::hash(content.as_bytes())), size: content.len() as u64 };
        Line::Put { path: path(text), known }
    }

    fn base() -> Manifest {
        let mut base = Manifest::default();
        base.files.insert(path("index.html"), entry_of_bytes(b"home", Stage::List));
        base.files.insert(path("a/index.html"), entry_of_bytes(b"a", Stage::Page));
        base
    }

    fn journal(lines: &[Line]) -> String {
        header(Some(&manifest::hash(b"base"))) + &lines.iter().map(Line::to_text).collect::<String>()
    }

    #[test]
    fn confirmed_lines_change_the_base_and_the_last_ones_stay_in_doubt() {
        let text = journal(&[
            put("b/index.html", "b"),
            Line::Del(path("a/index.html")),
            Line::Ok,
            put("c/index.html", "c"),
            Line::Drop,
            put("index.html", "home 2"),
        ]);
        let read = Journal::parse(text.as_bytes()).unwrap();
        assert_eq!(read.base, Some(manifest::hash(b"base")));
        let (files, pending) = read.apply(&base());
        let paths: Vec<&str> = files.keys().map(OutputFile::as_str).collect();
        assert_eq!(paths, ["b/index.html", "index.html"]);
        assert_eq!(files[&path("index.html")].size, 4, "the base's, until confirmed");
        assert_eq!(pending, [put("index.html", "home 2")]);
    }

    #[test]
    fn lines_cut_by_a_dropped_connection_are_left_out() {
        let whole = journal(&[put("b/index.html", "b"), Line::Ok]);
        let cut_line = Line::Del(path("index.html")).to_text();
        // An append cut half-way, then sent again whole after reconnecting (each append starts
        // a line of its own); then one cut at the end.
        let text = format!(
            "{whole}{}{}{}",
            &cut_line[..20],
            appended(&[Line::Del(path("index.html"))]),
            &Line::Ok.to_text()[..3]
        );
        let (files, pending) = Journal::parse(text.as_bytes()).unwrap().apply(&base());
        assert_eq!(files.len(), 3);
        assert_eq!(pending, [Line::Del(path("index.html"))]);
        let tampered = whole.replace("put ", "put ../");
        assert_eq!(Journal::parse(tampered.as_bytes()).unwrap().lines, [Line::Ok], "the broken line is left out");
        assert_eq!(Journal::parse(b"not a journal\n"), None);
    }

    #[test]
    fn a_journal_written_anew_says_how_the_files_differ_from_the_base() {
        let (mut files, _) = Journal::parse(journal(&[]).as_bytes()).unwrap().apply(&base());
        files.remove(&path("a/index.html"));
        files.insert(path("b/index.html"), Known { hash: None, size: 12 });
        let text = header(None) + &difference(&base(), &files);
        let read = Journal::parse(text.as_bytes()).unwrap();
        assert_eq!(read.base, None);
        assert_eq!(read.apply(&base()).0, files);
        assert!(text.contains("put ? 12 b/index.html "), "{text}");
    }
}

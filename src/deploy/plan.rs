//! What a deploy does: the files of the output that the server does not hold as they are,
//! in the order that never shows a visitor a broken page (photos, styles and scripts, then
//! the pages that show them, then the lists, feeds and sitemap that lead to the pages), then
//! the files the site no longer has, then the folders they leave empty.

use std::collections::BTreeSet;

use super::remote::Remote;
use crate::manifest::{Entry, Manifest};
use crate::url::OutputFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The files to send, in order.
    pub send: Vec<(OutputFile, Entry)>,
    /// The files to remove, after every file is sent.
    pub remove: Vec<OutputFile>,
    /// The folders to make before sending, each after the one it is in. `` is the site's own.
    pub folders: Vec<String>,
    /// The folders to remove at the end if they are empty, each before the one it is in.
    pub empty: Vec<String>,
}

impl Plan {
    pub fn new(local: &Manifest, remote: &Remote) -> Plan {
        let mut send: Vec<(OutputFile, Entry)> = local
            .files
            .iter()
            .filter(|(path, entry)| {
                remote.files.get(*path).is_none_or(|known| known.hash.as_ref() != Some(&entry.hash))
            })
            .map(|(path, entry)| (path.clone(), entry.clone()))
            .collect();
        send.sort_by(|(a, x), (b, y)| (x.stage, a).cmp(&(y.stage, b)));
        let remove: Vec<OutputFile> =
            remote.files.keys().filter(|path| !local.files.contains_key(*path)).cloned().collect();
        let mut folders: BTreeSet<String> =
            send.iter().flat_map(|(path, _)| ancestors(path)).filter(|f| !remote.folders.contains(f)).collect();
        if remote.files.is_empty() && !send.is_empty() {
            folders.insert(String::new());
        }
        let kept: BTreeSet<String> = local.files.keys().flat_map(ancestors).collect();
        let empty: BTreeSet<String> = remove.iter().flat_map(ancestors).filter(|f| !kept.contains(f)).collect();
        Plan { send, remove, folders: folders.into_iter().collect(), empty: empty.into_iter().rev().collect() }
    }

    /// The bytes to send.
    pub fn bytes(&self) -> u64 {
        self.send.iter().map(|(_, entry)| entry.size).sum()
    }
}

/// The folders a file is in, from its own up to the one under the site's: `a/b/c.html` → `a/b`, `a`.
fn ancestors(path: &OutputFile) -> Vec<String> {
    let mut folders = Vec::new();
    let mut folder = path.folder();
    while !folder.is_empty() {
        folders.push(folder.to_string());
        folder = folder.rfind('/').map_or("", |i| &folder[..i]);
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::journal::Known;
    use crate::manifest::{Stage, entry_of_bytes};

    fn path(text: &str) -> OutputFile {
        OutputFile::parse(text).unwrap()
    }

    fn local() -> Manifest {
        let mut local = Manifest::default();
        for (file, text, stage) in [
            ("index.html", "home", Stage::List),
            ("activites/x/index.html", "x", Stage::Page),
            ("activites/x/photo.jpg", "jpeg", Stage::Asset),
            ("sitemap.xml", "map", Stage::List),
            ("css/site.css", "p{}", Stage::Asset),
            ("activites/y/index.html", "y", Stage::Page),
        ] {
            local.files.insert(path(file), entry_of_bytes(text.as_bytes(), stage));
        }
        local
    }

    #[test]
    fn an_empty_server_gets_everything_files_first_then_pages_then_lists() {
        let plan = Plan::new(&local(), &Remote::empty());
        let order: Vec<&str> = plan.send.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            order,
            [
                "activites/x/photo.jpg",
                "css/site.css",
                "activites/x/index.html",
                "activites/y/index.html",
                "index.html",
                "sitemap.xml"
            ]
        );
        assert_eq!(plan.folders, ["", "activites", "activites/x", "activites/y", "css"]);
        assert_eq!(plan.bytes(), 4 + 3 + 1 + 1 + 4 + 3);
        assert!(plan.remove.is_empty() && plan.empty.is_empty());
    }

    #[test]
    fn only_what_differs_is_sent_and_what_is_gone_is_removed_last() {
        let mut remote = Remote::empty();
        for (file, entry) in &local().files {
            remote.files.insert(file.clone(), Known { hash: Some(entry.hash.clone()), size: entry.size });
        }
        remote.files.insert(path("index.html"), Known { hash: Some(crate::manifest::hash(b"old home")), size: 8 });
        remote.files.insert(path("css/site.css"), Known { hash: None, size: 3 });
        remote.files.insert(path("activites/z/index.html"), Known { hash: Some(crate::manifest::hash(b"z")), size: 1 });
        remote
            .files
            .insert(path("activites/z/a/photo.jpg"), Known { hash: Some(crate::manifest::hash(b"p")), size: 1 });
        remote.folders =
            ["activites", "activites/x", "activites/y", "activites/z", "activites/z/a", "css"].map(String::from).into();
        let plan = Plan::new(&local(), &remote);
        let sent: Vec<&str> = plan.send.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(sent, ["css/site.css", "index.html"], "a file in doubt is sent again");
        let removed: Vec<&str> = plan.remove.iter().map(OutputFile::as_str).collect();
        assert_eq!(removed, ["activites/z/a/photo.jpg", "activites/z/index.html"]);
        assert_eq!(plan.empty, ["activites/z/a", "activites/z"]);
        assert!(plan.folders.is_empty());
    }
}

//! Links that would break: the addresses the previous build published (the output's manifest)
//! that this build would publish no more, nor lead anywhere with an old address (`aliases:`).
//! Each is a warning at the content file the page came from, with the `aliases:` line that keeps
//! the address; `--strict` makes them errors. A page moved (a new `slug:`, a corrected title)
//! and a page no longer published (deleted, or a draft again) are told apart.
//!
//! Only the addresses of content files are compared: pages, a list's first page, old addresses.
//! A list's later pages, tags and archives come and go with the activities, and no file could
//! hold their old address. A manifest written before sources were recorded names no file: its
//! pages are compared all the same, the warning at the manifest.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::error::{Error, Location, Problem};
use crate::manifest::{self, Manifest, Stage};
use crate::model::Site;
use crate::render::Job;
use crate::url::OutputFile;

/// What a build or a check warns about the site's addresses: old addresses only servers can
/// lead, and the addresses of the previous build (`previous`, the manifest of `output`) that
/// `published`, the files this build writes, would drop.
pub fn compare(
    site: &Site,
    previous: Option<&Manifest>,
    output: &Path,
    published: &HashSet<OutputFile>,
    shown_root: &Path,
) -> Vec<Error> {
    let mut warnings = crate::model::aliases::warnings(&site.aliases);
    if let Some(previous) = previous {
        warnings.extend(gone(previous, output, published, site, shown_root));
    }
    warnings
}

/// Whether the next build compares the address of an output: a page, a list's first page, the
/// page at an old address, which content files give.
pub fn has_address(job: &Job) -> bool {
    matches!(job, Job::Page(_) | Job::List(_, 1) | Job::Alias(_))
}

/// The warnings for the addresses of `previous` (the manifest of the output folder `output`)
/// that `published`, the files this build writes, drops. `shown_root` is the site's folder as
/// messages show it, where the manifest's sources are.
fn gone(
    previous: &Manifest,
    output: &Path,
    published: &HashSet<OutputFile>,
    site: &Site,
    shown_root: &Path,
) -> Vec<Error> {
    // By the file the pages came from (`None`: the manifest does not say), their addresses.
    let mut dropped: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    for (file, entry) in &previous.files {
        let legacy = entry.source.is_none() && entry.stage == Stage::Page && file.name() == "index.html";
        if (entry.source.is_some() || legacy)
            && !published.contains(file)
            && let Some(address) = address(file)
        {
            dropped.entry(entry.source.as_deref()).or_default().push(address);
        }
    }
    let mut warnings = Vec::new();
    for (source, addresses) in dropped {
        let (location, shown) = match source {
            Some(source) => (shown_root.join(source), Some(shown_root.join(source))),
            None => (output.join(manifest::FILE), None),
        };
        let moved = shown.as_deref().is_some_and(|file| has_page(site, file));
        let mut kept: Vec<String> = site
            .aliases
            .iter()
            .filter(|alias| shown.as_deref() == Some(alias.location.file.as_path()))
            .map(|alias| alias.from.to_string())
            .collect();
        kept.extend(addresses.iter().cloned());
        let aliases = format!("aliases: [{}]", kept.join(", "));
        for address in addresses {
            let problem = Problem::AddressGone { address, aliases: aliases.clone(), moved };
            warnings.push(Error::at(Location::file(&location), problem));
        }
    }
    warnings
}

/// Whether the page or list of a content file is published.
fn has_page(site: &Site, file: &Path) -> bool {
    site.pages.iter().any(|page| page.file == file) || site.sections.iter().any(|s| s.file.as_deref() == Some(file))
}

/// The address of a page of the output: `/activites/x/` for `activites/x/index.html`,
/// `/ancien.html` for itself; `None` for a file that is not a page.
fn address(file: &OutputFile) -> Option<String> {
    let path = file.as_str();
    if let Some(folder) = path.strip_suffix("index.html").filter(|f| f.is_empty() || f.ends_with('/')) {
        return Some(format!("/{folder}"));
    }
    let extension = file.name().rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("html" | "htm")).then(|| format!("/{path}"))
}

/// A content file as the manifest records it, from the site's folder (`content/x.md`), given
/// the file as messages show it.
pub fn source_in_site(shown: &Path, shown_root: &Path) -> String {
    let relative = shown.strip_prefix(shown_root).unwrap_or(shown);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_addresses_and_other_files_none() {
        let address = |text: &str| address(&OutputFile::parse(text).unwrap());
        assert_eq!(address("index.html").as_deref(), Some("/"));
        assert_eq!(address("activites/x/index.html").as_deref(), Some("/activites/x/"));
        assert_eq!(address("ancien.HTML").as_deref(), Some("/ancien.HTML"));
        assert_eq!(address("xindex.html").as_deref(), Some("/xindex.html"));
        assert_eq!(address("activites/rss.xml"), None);
        assert_eq!(address("activites/x/card.png"), None);
    }

    #[test]
    fn sources_are_written_from_the_site_folder() {
        let root = Path::new("/tmp/site");
        assert_eq!(source_in_site(&root.join("content/activites/x.md"), root), "content/activites/x.md");
        assert_eq!(source_in_site(Path::new("content/x.md"), Path::new("")), "content/x.md");
    }
}

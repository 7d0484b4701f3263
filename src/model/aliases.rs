//! Aliases: the old addresses of a page or a list (`aliases:` in its front-matter) that must
//! keep leading to it after its address changed. Each becomes a small page at the old address
//! where any static server can answer it, and a line of the redirect files that servers read;
//! those only servers can lead (`/activity_detail.php?id=42`) are said so. An old address that
//! something else is published at is an error naming both.

use std::collections::HashMap;
use std::path::Path;

use super::{Page, PageId, Section, SectionId, StaticFile};
use crate::error::{Error, Location, Occupant, Problem};
use crate::load::{Document, Meta};
use crate::url::{OldAddress, SitePath};

/// An old address and the page or list it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub from: OldAddress,
    /// The page written at the old address, that any static server answers with; `None` when
    /// only a server that reads the redirect files can lead the address to its page.
    pub page: Option<SitePath>,
    pub to: AliasOf,
    /// The file and line of `aliases:`.
    pub location: Location,
}

/// What an old address leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasOf {
    Page(PageId),
    Section(SectionId),
}

/// The old addresses a document gives, read and checked, each once, without the page's own
/// address (`own`): it is published there already.
pub fn read(doc: &Document, own: &SitePath, errors: &mut Vec<Error>) -> Vec<OldAddress> {
    let written = match &doc.meta {
        Meta::Page(meta) => &meta.aliases,
        Meta::Section(meta) => &meta.aliases,
    };
    let mut addresses: Vec<OldAddress> = Vec::new();
    for text in written {
        match OldAddress::parse(text) {
            Ok(old) if old.page().as_ref() == Some(own) || addresses.contains(&old) => {}
            Ok(old) => addresses.push(old),
            Err(suggestion) => {
                let problem = Problem::BadAlias { value: text.trim().to_string(), suggestion };
                errors.push(Error::at(doc.key_location("aliases"), problem));
            }
        }
    }
    addresses
}

/// The aliases of the published pages and sections; `page_docs` and `pages` go together, and
/// each section's document is found by `section_doc`.
pub(super) fn aliases<'d>(
    pages: &[Page],
    page_docs: &[&Document],
    sections: &[Section],
    section_doc: impl Fn(&Section) -> Option<&'d Document>,
    errors: &mut Vec<Error>,
) -> Vec<Alias> {
    let page_aliases =
        pages.iter().zip(page_docs).enumerate().map(|(id, (page, doc))| (AliasOf::Page(id), *doc, &page.path));
    let section_aliases = sections
        .iter()
        .enumerate()
        .filter_map(|(id, section)| Some((AliasOf::Section(id), section_doc(section)?, &section.path)));
    let mut aliases = Vec::new();
    for (to, doc, own) in page_aliases.chain(section_aliases) {
        for from in read(doc, own, errors) {
            let location = doc.key_location("aliases");
            aliases.push(Alias { page: from.page(), from, to, location });
        }
    }
    aliases
}

/// Old addresses that something else is published at: a page, a list, a copied file, or the
/// same old address of another page. Each is an error at the alias, naming the other file.
/// Addresses are compared regardless of case: nginx's `map` matches them so (an old `/Contact/`
/// would send `/contact/` to itself), and so do the file systems of Windows and macOS. (Outputs
/// the site makes itself are compared in the render stage, which knows them.)
pub(super) fn collisions(
    aliases: &[Alias],
    pages: &[Page],
    sections: &[Section],
    files: &[StaticFile],
    errors: &mut Vec<Error>,
) {
    let sections = sections.iter().filter_map(|s| Some((s.path.as_str(), s.file.as_deref()?)));
    let pages = pages.iter().map(|p| (p.path.as_str(), p.file.as_path()));
    let files = files.iter().map(|f| (f.path.as_str(), f.source.as_path()));
    let published: HashMap<String, &Path> =
        sections.chain(pages).chain(files).map(|(path, file)| (path.to_lowercase(), file)).collect();
    let mut claimed: HashMap<String, &Path> = HashMap::new();
    for alias in aliases {
        // Where a server answers the address: its page, or its path when it has no query.
        let at = alias
            .page
            .as_ref()
            .map(SitePath::as_str)
            .or_else(|| alias.from.query().is_none().then(|| alias.from.path()));
        let other = at.and_then(|at| published.get(&at.to_lowercase())).copied();
        let key = alias.page.as_ref().map_or_else(|| alias.from.to_string(), SitePath::to_string).to_lowercase();
        let same = claimed.get(&key).copied();
        match other.or(same) {
            Some(other) => {
                let occupant = Occupant::File(other.display().to_string());
                let problem = Problem::AliasCollision { alias: alias.from.to_string(), other: occupant };
                errors.push(Error::at(alias.location.clone(), problem));
            }
            None => {
                claimed.insert(key, &alias.location.file);
            }
        }
    }
}

/// The old addresses only servers that read the redirect files lead to their page.
pub fn warnings(aliases: &[Alias]) -> Vec<Error> {
    aliases
        .iter()
        .filter(|alias| alias.page.is_none())
        .map(|alias| Error::at(alias.location.clone(), Problem::ServerOnlyAlias { alias: alias.from.to_string() }))
        .collect()
}

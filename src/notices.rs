//! The pages an institution's site owes its visitors: its accessibility statement, its legal
//! notice and how it treats personal data. The institution writes them, as content files of
//! known names; the build never makes them up. Every footer links those present, and `check`
//! names those missing.

use std::path::Path;

pub use crate::error::Notice;
use crate::error::{Error, Location, Problem};
use crate::load::{self, Meta, Sources};
use crate::model::{PageId, Site};
use crate::url::Language;

impl Notice {
    /// In the order footers list them.
    pub const ALL: [Notice; 3] = [Notice::Accessibility, Notice::Legal, Notice::Privacy];

    /// The content file's name, without its language: `content/accessibilite.md`.
    pub fn stem(self) -> &'static str {
        match self {
            Notice::Accessibility => "accessibilite",
            Notice::Legal => "mentions-legales",
            Notice::Privacy => "confidentialite",
        }
    }

    /// How templates name it.
    pub fn key(self) -> &'static str {
        match self {
            Notice::Accessibility => "accessibility",
            Notice::Legal => "legal",
            Notice::Privacy => "privacy",
        }
    }
}

/// The notice a page is, if it is one: a page beside the home, of a notice's name.
fn notice_of(site: &Site, id: PageId) -> Option<Notice> {
    let page = &site.pages[id];
    let home = site.sections[page.section].is_home();
    Notice::ALL.into_iter().find(|notice| home && page.name == notice.stem())
}

pub fn is_notice(site: &Site, id: PageId) -> bool {
    notice_of(site, id).is_some()
}

/// The notices published in a language, with their pages, in footer order.
pub fn present(site: &Site, lang: &Language) -> Vec<(Notice, PageId)> {
    let mut found: Vec<(Notice, PageId)> = (0..site.pages.len())
        .filter(|&id| &site.pages[id].lang == lang)
        .filter_map(|id| Some((notice_of(site, id)?, id)))
        .collect();
    found.sort_by_key(|(notice, _)| Notice::ALL.iter().position(|n| n == notice));
    found
}

/// A warning for each notice whose file `content/` lacks in the site's default language.
pub fn missing(sources: &Sources) -> Vec<Error> {
    let config = &sources.config;
    let content = sources.shown_root.join(load::CONTENT);
    Notice::ALL
        .iter()
        .filter(|notice| {
            let file = load::content_file_name(Path::new(""), notice.stem(), &config.default_language, config);
            !sources.documents.iter().any(|d| d.file.rel == file && matches!(d.meta, Meta::Page(_)))
        })
        .map(|&notice| {
            let file = content.join(format!("{}.md", notice.stem()));
            Error::at(Location::file(&content), Problem::MissingNotice { notice, file: file.display().to_string() })
        })
        .collect()
}

//! What a build outputs: one [`Job`] per file, where it goes, its language, the content file it
//! shows, and the same output in the other languages. Nothing here renders.

use std::path::Path;

use std::sync::Arc;

use crate::cards::Shape;
use crate::model::{AliasOf, Page, PageId, SectionId, Site, TagId, list_pages};
use crate::url::{Language, SitePath, Slug};

/// One output to produce.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Page(PageId),
    /// A section's list, page 1, 2, ...
    List(SectionId, usize),
    /// The list of a language's tags.
    Tags(Language),
    /// A tag's list of pages, page 1, 2, ...
    Tag(TagId, usize),
    NotFound(Language),
    File(usize),
    /// The RSS or Atom feed of a language's or a tag's newest activities.
    Feed(FeedOf, Format),
    /// The activities of a section dated in a year, page 1, 2, ...
    Year(SectionId, i32, usize),
    /// A language's search page.
    Search(Language),
    /// A file the generator writes whole: a part of a search index, the sitemap, robots.txt.
    Made(usize),
    /// The share card of a page or a list, in one of its shapes.
    Card(CardOf, Shape),
    /// The page at an old address (one of `site.aliases`) that leads to the page it names.
    Alias(usize),
    /// The page a contact form's endpoint sends the visitor to, beside a contact page.
    Thanks(PageId),
}

/// An output whose share card is made. A list shares one card on all its pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CardOf {
    Page(PageId),
    List(SectionId),
    Tags(Language),
    Tag(TagId),
    Year(SectionId, i32),
    Search(Language),
}

/// Whose newest activities a feed gives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedOf {
    Language(Language),
    Tag(TagId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Rss,
    Atom,
}

impl Format {
    fn file_name(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
        }
    }
}

/// A file the generator writes whole, made once per build: the search index, the sitemap.
pub struct Made {
    pub path: SitePath,
    pub lang: Option<Language>,
    pub bytes: Arc<[u8]>,
}

impl Made {
    pub fn new(path: SitePath, lang: Option<Language>, text: String) -> Made {
        Made { path, lang, bytes: text.into_bytes().into() }
    }
}

/// How many activities a page of a year's archive lists: titles only, so more than a list.
pub const YEAR_PAGE: usize = 50;

const NOT_FOUND_FILE: &str = "404.html";

/// The folder of a year's archive: `2026`.
pub fn year_slug(year: i32) -> Slug {
    Slug::parse(&year.to_string()).unwrap_or_else(|| Slug::parse("year").expect("a slug"))
}

/// Page `number` of the list at `first` that has `count` pages, if it has that many: a
/// translation of a list's page. A page beyond the other list's end has no translation there, so
/// that every translation leads back; its language switch leads to the list's first page.
fn same_page(first: &SitePath, count: usize, number: usize) -> Option<SitePath> {
    (number <= count).then(|| first.page_number(number))
}

/// The outputs of a site: its pages, lists and files, the files made whole, and the share
/// cards when they are made.
#[derive(Clone, Copy)]
pub struct Outputs<'a> {
    pub site: &'a Site,
    pub made: &'a [Made],
    pub cards: bool,
}

impl Outputs<'_> {
    /// Every output of the site, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
        for (id, section) in site.sections.iter().enumerate() {
            jobs.extend((1..=section.page_count()).map(|n| Job::List(id, n)));
        }
        for lang in &site.config.languages {
            jobs.push(Job::Tags(lang.code.clone()));
            jobs.push(Job::NotFound(lang.code.clone()));
        }
        for (id, tag) in site.tags.iter().enumerate() {
            jobs.extend((1..=list_pages(tag.pages.len(), site.config.paginate_by)).map(|n| Job::Tag(id, n)));
        }
        for (id, section) in site.sections.iter().enumerate().filter(|(_, s)| s.paginate_by.is_some()) {
            for (year, pages) in &section.years {
                jobs.extend((1..=list_pages(pages.len(), YEAR_PAGE)).map(|n| Job::Year(id, *year, n)));
            }
        }
        for lang in &site.config.languages {
            jobs.push(Job::Search(lang.code.clone()));
            for format in [Format::Rss, Format::Atom] {
                jobs.push(Job::Feed(FeedOf::Language(lang.code.clone()), format));
                jobs.extend(
                    (0..site.tags.len())
                        .filter(|&t| site.tags[t].lang == lang.code)
                        .map(|t| Job::Feed(FeedOf::Tag(t), format)),
                );
            }
        }
        jobs.extend(site.aliases.iter().enumerate().filter(|(_, a)| a.page.is_some()).map(|(id, _)| Job::Alias(id)));
        jobs.extend(thanked(site).map(Job::Thanks));
        jobs.extend((0..site.files.len()).map(Job::File));
        jobs.extend((0..self.made.len()).map(Job::Made));
        if self.cards {
            jobs.extend(card_jobs(site));
        }
        jobs
    }

    /// The language of an output; `None` for copied files.
    pub fn language<'j>(&'j self, job: &'j Job) -> Option<&'j Language> {
        let site = self.site;
        match job {
            Job::Page(id) | Job::Thanks(id) => Some(&site.pages[*id].lang),
            Job::List(id, _) | Job::Year(id, _, _) => Some(&site.sections[*id].lang),
            Job::Tags(lang) | Job::NotFound(lang) | Job::Search(lang) => Some(lang),
            Job::Tag(id, _) | Job::Feed(FeedOf::Tag(id), _) => Some(&site.tags[*id].lang),
            Job::Feed(FeedOf::Language(lang), _) => Some(lang),
            Job::Made(id) => self.made[*id].lang.as_ref(),
            Job::Card(of, _) => Some(card_language(site, of)),
            Job::Alias(id) => Some(alias_language(site, *id)),
            Job::File(_) => None,
        }
    }

    /// Whether an output is a page of HTML, counted in the build's summary.
    pub fn is_page(job: &Job) -> bool {
        !matches!(job, Job::File(_) | Job::Made(_) | Job::Feed(..) | Job::Card(..) | Job::Alias(_) | Job::Thanks(_))
    }

    /// Where an output goes.
    pub fn path(&self, job: &Job) -> SitePath {
        let site = self.site;
        match job {
            Job::Page(id) => site.pages[*id].path.clone(),
            Job::List(id, n) => site.sections[*id].path.page_number(*n),
            Job::Tags(lang) => site.tags_path(lang),
            Job::Tag(id, n) => site.tags[*id].path.page_number(*n),
            Job::NotFound(lang) => site.config.language(lang).home.file(NOT_FOUND_FILE),
            Job::File(id) => site.files[*id].path.clone(),
            Job::Feed(of, format) => {
                let folder = match of {
                    FeedOf::Language(lang) => &site.config.language(lang).home,
                    FeedOf::Tag(id) => &site.tags[*id].path,
                };
                folder.file(format.file_name())
            }
            Job::Year(id, year, n) => site.sections[*id].path.join(&year_slug(*year)).page_number(*n),
            Job::Search(lang) => site.search_path(lang),
            Job::Made(id) => self.made[*id].path.clone(),
            Job::Card(of, shape) => card_path(site, of, *shape),
            Job::Alias(id) => site.aliases[*id].page.clone().expect("only aliases with a page are outputs"),
            Job::Thanks(id) => thanks_path(site, *id),
        }
    }

    /// The content file an output shows, if it shows one; for an old address, the file that
    /// names it.
    pub fn source(&self, job: &Job) -> Option<&Path> {
        match job {
            Job::Page(id) => Some(&self.site.pages[*id].file),
            Job::List(id, _) => self.site.sections[*id].file.as_deref(),
            Job::Alias(id) => Some(&self.site.aliases[*id].location.file),
            _ => None,
        }
    }

    /// The same output in the other languages, for the language switch, `hreflang` and the
    /// sitemap; empty for outputs that have none (feeds, files).
    pub fn translations(&self, job: &Job) -> Vec<(Language, SitePath)> {
        match job {
            Job::Page(id) => self.page_translations(*id),
            Job::List(id, n) => self.list_translations(*id, *n),
            Job::Tags(lang) => self.in_each_language(lang, |s, l| s.tags_path(l)),
            Job::Tag(id, n) => self.tag_translations(*id, *n),
            Job::Year(id, year, n) => self.year_translations(*id, *year, *n),
            Job::Search(lang) => self.in_each_language(lang, |s, l| s.search_path(l)),
            Job::Thanks(id) => {
                let site = self.site;
                site.pages[*id]
                    .translations
                    .iter()
                    .map(|&t| (site.pages[t].lang.clone(), thanks_path(site, t)))
                    .collect()
            }
            Job::NotFound(_) | Job::Feed(..) | Job::File(_) | Job::Made(_) | Job::Card(..) | Job::Alias(_) => {
                Vec::new()
            }
        }
    }

    /// Where the language switch leads: the translations, and, for a list's later page that a
    /// language's list does not have, that list's first page.
    pub fn nearest(&self, job: &Job) -> Vec<(Language, SitePath)> {
        let mut found = self.translations(job);
        let first = match job {
            Job::List(id, n) if *n > 1 => Job::List(*id, 1),
            Job::Tag(id, n) if *n > 1 => Job::Tag(*id, 1),
            Job::Year(id, year, n) if *n > 1 => Job::Year(*id, *year, 1),
            _ => return found,
        };
        for (lang, path) in self.translations(&first) {
            if !found.iter().any(|(other, _)| other == &lang) {
                found.push((lang, path));
            }
        }
        found
    }

    fn page_translations(&self, id: PageId) -> Vec<(Language, SitePath)> {
        let site = self.site;
        site.pages[id].translations.iter().map(|&t| (site.pages[t].lang.clone(), site.pages[t].path.clone())).collect()
    }

    fn list_translations(&self, id: SectionId, number: usize) -> Vec<(Language, SitePath)> {
        let site = self.site;
        let sections = site.sections[id].translations.iter().map(|&t| &site.sections[t]);
        sections
            .filter_map(|other| Some((other.lang.clone(), same_page(&other.path, other.page_count(), number)?)))
            .collect()
    }

    fn tag_translations(&self, id: TagId, number: usize) -> Vec<(Language, SitePath)> {
        let site = self.site;
        let tags = site.tags[id].translations.iter().map(|&t| &site.tags[t]);
        let count = |pages: usize| list_pages(pages, site.config.paginate_by);
        tags.filter_map(|other| Some((other.lang.clone(), same_page(&other.path, count(other.pages.len()), number)?)))
            .collect()
    }

    /// The same year's archive in the other languages, when they have activities that year.
    fn year_translations(&self, id: SectionId, year: i32, number: usize) -> Vec<(Language, SitePath)> {
        let site = self.site;
        let sections = site.sections[id].translations.iter().map(|&t| &site.sections[t]);
        sections
            .filter_map(|other| {
                let (_, pages) = other.years.iter().find(|(y, _)| *y == year)?;
                let first = other.path.join(&year_slug(year));
                Some((other.lang.clone(), same_page(&first, list_pages(pages.len(), YEAR_PAGE), number)?))
            })
            .collect()
    }

    /// The page `at` gives in each other language than `lang`.
    fn in_each_language(
        &self,
        lang: &Language,
        at: impl Fn(&Site, &Language) -> SitePath,
    ) -> Vec<(Language, SitePath)> {
        let site = self.site;
        site.config.languages.iter().filter(|l| &l.code != lang).map(|l| (l.code.clone(), at(site, &l.code))).collect()
    }
}

/// The contact pages (those named `contact`, shown by the theme's `pages/contact.html`), when
/// `site.yaml` gives the contact form an endpoint: each has a thank-you page.
pub fn thanked(site: &Site) -> impl Iterator<Item = PageId> + '_ {
    let form = site.config.contact.form_endpoint.is_some();
    (0..site.pages.len()).filter(move |&id| form && site.pages[id].name == "contact")
}

/// The thank-you page beside a contact page: `/contact/merci/`, `/en/contact/thanks/`, named by
/// the theme's `thanks_slug` in the page's language.
pub fn thanks_path(site: &Site, id: PageId) -> SitePath {
    let page = &site.pages[id];
    let slug = site.strings[&page.lang].get("thanks_slug", &[]).and_then(|s| Slug::parse(&s));
    page.path.join(&slug.unwrap_or_else(|| Slug::parse("thanks").expect("a slug")))
}

/// Whether a page (an activity) shows its photo rather than its card.
fn shows_photo(site: &Site, page: &Page) -> bool {
    site.config.share.photo && page.image.as_ref().is_some_and(|image| image.picture.is_some())
}

/// The card an output shows: its own, its list's, or, for a 404 page, the home's.
pub fn card_of(site: &Site, job: &Job) -> Option<CardOf> {
    site.card_fonts.as_ref()?;
    Some(match job {
        Job::Page(id) if shows_photo(site, &site.pages[*id]) => return None,
        Job::Page(id) => CardOf::Page(*id),
        Job::List(id, _) => CardOf::List(*id),
        Job::Tags(lang) => CardOf::Tags(lang.clone()),
        Job::Tag(id, _) => CardOf::Tag(*id),
        Job::Year(id, year, _) => CardOf::Year(*id, *year),
        Job::Search(lang) => CardOf::Search(lang.clone()),
        Job::NotFound(lang) => CardOf::List(site.home_id(lang)),
        Job::Thanks(id) => return card_of(site, &Job::Page(*id)),
        Job::File(_) | Job::Made(_) | Job::Feed(..) | Job::Card(..) | Job::Alias(_) => return None,
    })
}

/// Every card of the site, each once, in both shapes.
pub fn card_jobs(site: &Site) -> Vec<Job> {
    if site.card_fonts.is_none() {
        return Vec::new();
    }
    let pages = (0..site.pages.len()).filter(|&id| !shows_photo(site, &site.pages[id])).map(CardOf::Page);
    let lists = (0..site.sections.len()).map(CardOf::List);
    let tags = (0..site.tags.len()).map(CardOf::Tag);
    let years = site.sections.iter().enumerate().filter(|(_, s)| s.paginate_by.is_some());
    let years = years.flat_map(|(id, s)| s.years.iter().map(move |(year, _)| CardOf::Year(id, *year)));
    let languages =
        site.config.languages.iter().flat_map(|l| [CardOf::Tags(l.code.clone()), CardOf::Search(l.code.clone())]);
    let all = pages.chain(lists).chain(tags).chain(years).chain(languages);
    all.flat_map(|of| Shape::ALL.map(|shape| Job::Card(of.clone(), shape))).collect()
}

/// The folder of the output a card shows, where its files go.
fn card_folder(site: &Site, of: &CardOf) -> SitePath {
    match of {
        CardOf::Page(id) => site.pages[*id].path.clone(),
        CardOf::List(id) => site.sections[*id].path.clone(),
        CardOf::Tags(lang) => site.tags_path(lang),
        CardOf::Tag(id) => site.tags[*id].path.clone(),
        CardOf::Year(id, year) => site.sections[*id].path.join(&year_slug(*year)),
        CardOf::Search(lang) => site.search_path(lang),
    }
}

pub fn card_path(site: &Site, of: &CardOf, shape: Shape) -> SitePath {
    card_folder(site, of).file(shape.file_name())
}

/// The language of the page or list an old address leads to.
fn alias_language(site: &Site, id: usize) -> &Language {
    match site.aliases[id].to {
        AliasOf::Page(page) => &site.pages[page].lang,
        AliasOf::Section(section) => &site.sections[section].lang,
    }
}

pub fn card_language<'a>(site: &'a Site, of: &'a CardOf) -> &'a Language {
    match of {
        CardOf::Page(id) => &site.pages[*id].lang,
        CardOf::List(id) | CardOf::Year(id, _) => &site.sections[*id].lang,
        CardOf::Tags(lang) | CardOf::Search(lang) => lang,
        CardOf::Tag(id) => &site.tags[*id].lang,
    }
}

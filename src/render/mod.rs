//! Rendering: one tera instance for the whole build, one context per output, every output
//! rendered in parallel. Each page's data is turned into a template value once and shared by
//! every list that shows it; internal links come out relative to the page that holds them.

mod fingerprint;
mod share;
mod sitemap;
mod structured;
mod templates;
mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::{Error, Errors, Location, Problem};
use crate::links;
use crate::model::{PageId, SectionId, Site, Tag, TagId};
use crate::url::{Language, SitePath};
pub use share::CardOf;
pub use templates::syntax_errors;
use templates::{register, register_sections, template_error};
use values::{global, image, link, map, meta, page_numbers, section_value, site_home, summary};

/// One file of the output: rendered bytes, or a file copied as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: SitePath,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    /// A file of a cache, never changed once written: linked rather than copied where it can be.
    Link(PathBuf),
}

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
    Card(CardOf, crate::cards::Shape),
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

/// Page `number` of the list at `first` that has `count` pages, or its first page when it is
/// shorter: where a translation of a list page leads.
fn same_page(first: &SitePath, count: usize, number: usize) -> SitePath {
    first.page_number(if number <= count { number } else { 1 })
}

/// The folder of a year's archive: `2026`.
fn year_slug(year: i32) -> crate::url::Slug {
    crate::url::Slug::parse(&year.to_string()).unwrap_or_else(|| crate::url::Slug::parse("year").expect("a slug"))
}

/// A file the generator writes whole, made once per build: the search index, the sitemap.
pub struct Made {
    path: SitePath,
    lang: Option<Language>,
    bytes: Arc<[u8]>,
}

/// How many activities a page of a year's archive lists: titles only, so more than a list.
const YEAR_PAGE: usize = 50;

/// Renders every output of the site; the pure form of a build.
pub fn render(site: Arc<Site>) -> Result<Vec<Output>, Errors> {
    let renderer = Renderer::new(site)?;
    let results: Vec<Result<Output, Error>> = renderer.jobs().par_iter().map(|job| renderer.render(job)).collect();
    crate::error::collect(results, |r| r.map_err(Errors::from)).map_err(|e| dedup(e.0))
}

/// A template mistake repeats on every page that uses the template: report it once.
pub fn dedup(errors: Vec<Error>) -> Errors {
    let mut seen = std::collections::HashSet::new();
    Errors::sorted(errors.into_iter().filter(|e| seen.insert(e.to_string())).collect())
}

pub struct Renderer {
    site: Arc<Site>,
    tera: Tera,
    /// The `site` value of each language: names, menu, contact details, key figures.
    globals: BTreeMap<Language, Value>,
    /// What a list shows of each page, made once.
    summaries: Vec<Value>,
    /// Each section's value: on its list's first page (with its introduction), and elsewhere.
    sections: Vec<[Value; 2]>,
    hashes: fingerprint::Hashes,
    made: Vec<Made>,
    /// Makes the share cards; without it (`check`), cards are not among the outputs.
    cards: Option<crate::cards::Maker>,
}

const TEMPLATE_HOME: &str = "index.html";
const TEMPLATE_SECTION: &str = "section.html";
const TEMPLATE_PAGE: &str = "page.html";
const TEMPLATE_TAGS: &str = "tags.html";
const TEMPLATE_TAG: &str = "tag.html";
const TEMPLATE_NOT_FOUND: &str = "404.html";
const TEMPLATE_RSS: &str = "feeds/rss.xml";
const TEMPLATE_ATOM: &str = "feeds/atom.xml";
const TEMPLATE_YEAR: &str = "year.html";
const TEMPLATE_SEARCH: &str = "search.html";
const NOT_FOUND_FILE: &str = "404.html";

impl Renderer {
    pub fn new(shared: Arc<Site>) -> Result<Self, Errors> {
        let mut renderer = Renderer::without_made(shared)?;
        renderer.remake();
        Ok(renderer)
    }

    /// A renderer without the files made whole ([`Renderer::made_files`]), to make them while
    /// the other outputs are rendered; [`Renderer::set_made`] adds them.
    pub fn without_made(shared: Arc<Site>) -> Result<Self, Errors> {
        let site = &*shared;
        let summaries: Vec<Value> = site.pages.par_iter().map(|page| summary(site, page)).collect();
        let sections =
            (0..site.sections.len()).map(|id| [section_value(site, id, 1), section_value(site, id, 0)]).collect();
        let globals = site.config.languages.iter().map(|l| (l.code.clone(), global(site, &l.code))).collect();
        let mut tera = Tera::new();
        register(&mut tera, site, &summaries);
        tera.add_raw_templates(site.templates.iter().map(|(name, _, text)| (name.as_str(), text.as_str())))
            .map_err(|e| template_error(&site.templates, &site.theme, e, None))?;
        let required = [
            TEMPLATE_HOME,
            TEMPLATE_SECTION,
            TEMPLATE_PAGE,
            TEMPLATE_TAGS,
            TEMPLATE_TAG,
            TEMPLATE_NOT_FOUND,
            TEMPLATE_RSS,
            TEMPLATE_ATOM,
            TEMPLATE_YEAR,
            TEMPLATE_SEARCH,
        ];
        let missing: Vec<Error> = required
            .iter()
            .filter(|name| !tera.contains_template(name))
            .map(|name| Error::at(Location::file(&site.theme.join("templates").join(name)), Problem::MissingTemplate))
            .collect();
        let collisions = share::collisions(site);
        if !missing.is_empty() || !collisions.is_empty() {
            return Err(Errors::sorted(missing.into_iter().chain(collisions).collect()));
        }
        let hashes = fingerprint::Hashes::new(site, &globals, &summaries);
        Ok(Renderer { site: shared, tera, globals, summaries, sections, hashes, made: Vec::new(), cards: None })
    }

    /// Makes share cards among the outputs, kept in `cache`; when the theme has their fonts.
    pub fn make_cards(&mut self, cache: &std::path::Path) {
        self.cards = self.site.card_fonts.clone().map(|fonts| crate::cards::Maker::new(fonts, cache.to_path_buf()));
    }

    /// How many cards were drawn and reused, and the time drawing took.
    pub fn card_stats(&self) -> crate::cards::Stats {
        self.cards.as_ref().map(crate::cards::Maker::stats).unwrap_or_default()
    }

    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// The site to patch with [`crate::model::update`]; `None` if it is shared.
    pub fn site_mut(&mut self) -> Option<&mut Site> {
        Arc::get_mut(&mut self.site)
    }

    /// After [`crate::model::update`] changed these pages: what lists show of them, and what
    /// fingerprints are made of. The files made whole (search index, sitemap) wait for
    /// [`Renderer::remake`].
    pub fn update(&mut self, pages: &[PageId]) {
        let site = &*self.site;
        for &id in pages {
            self.summaries[id] = summary(site, &site.pages[id]);
        }
        self.hashes.update(site, &self.summaries, pages);
        register_sections(&mut self.tera, site, &self.summaries);
        // A notice's title is in every footer.
        if pages.iter().any(|&id| crate::notices::is_notice(site, id)) {
            self.globals = site.config.languages.iter().map(|l| (l.code.clone(), global(site, &l.code))).collect();
            self.hashes.update_globals(site, &self.globals);
        }
    }

    /// A section's value for its list's page `number` (0: a page that is not one of its lists').
    fn section(&self, id: SectionId, number: usize) -> Value {
        self.sections[id][usize::from(number != 1)].clone()
    }

    /// Makes again the search indexes, the sitemap and robots.txt.
    pub fn remake(&mut self) {
        self.made = self.made_files();
    }

    pub fn set_made(&mut self, made: Vec<Made>) {
        self.made = made;
    }

    pub fn is_made(job: &Job) -> bool {
        matches!(job, Job::Made(_))
    }

    /// The search indexes, the sitemap and robots.txt.
    pub fn made_files(&self) -> Vec<Made> {
        let site = &*self.site;
        let mut made: Vec<Made> = site
            .config
            .languages
            .par_iter()
            .flat_map_iter(|l| {
                crate::search::index(site, &l.code).into_iter().map(|(name, text)| Made {
                    path: crate::search::file_path(site, &l.code, &name),
                    lang: Some(l.code.clone()),
                    bytes: text.into_bytes().into(),
                })
            })
            .collect();
        made.push(Made {
            path: SitePath::root().file("sitemap.xml"),
            lang: None,
            bytes: sitemap::sitemap(self).into_bytes().into(),
        });
        made.push(Made {
            path: SitePath::root().file("robots.txt"),
            lang: None,
            bytes: sitemap::robots(site).into_bytes().into(),
        });
        made
    }

    /// Every output of the site, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let site = &*self.site;
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
        for (id, section) in site.sections.iter().enumerate() {
            jobs.extend((1..=section.page_count()).map(|n| Job::List(id, n)));
        }
        for lang in &site.config.languages {
            jobs.push(Job::Tags(lang.code.clone()));
            jobs.push(Job::NotFound(lang.code.clone()));
        }
        for (id, tag) in site.tags.iter().enumerate() {
            let count = tag.pages.len().div_ceil(site.config.paginate_by).max(1);
            jobs.extend((1..=count).map(|n| Job::Tag(id, n)));
        }
        for (id, section) in site.sections.iter().enumerate().filter(|(_, s)| s.paginate_by.is_some()) {
            for (year, pages) in &section.years {
                jobs.extend((1..=pages.len().div_ceil(YEAR_PAGE)).map(|n| Job::Year(id, *year, n)));
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
        jobs.extend((0..site.files.len()).map(Job::File));
        jobs.extend((0..self.made.len()).map(Job::Made));
        if self.cards.is_some() {
            jobs.extend(share::jobs(site));
        }
        jobs
    }

    /// The language of an output, for the build's summary; `None` for copied files.
    pub fn language<'a>(&'a self, job: &'a Job) -> Option<&'a Language> {
        match job {
            Job::Page(id) => Some(&self.site.pages[*id].lang),
            Job::List(id, _) => Some(&self.site.sections[*id].lang),
            Job::Tags(lang) | Job::NotFound(lang) | Job::Search(lang) => Some(lang),
            Job::Tag(id, _) | Job::Feed(FeedOf::Tag(id), _) => Some(&self.site.tags[*id].lang),
            Job::Feed(FeedOf::Language(lang), _) => Some(lang),
            Job::Year(id, _, _) => Some(&self.site.sections[*id].lang),
            Job::Made(id) => self.made[*id].lang.as_ref(),
            Job::Card(of, _) => Some(share::language(&self.site, of)),
            Job::File(_) => None,
        }
    }

    /// Whether an output is a page of HTML, counted in the build's summary.
    pub fn is_page(&self, job: &Job) -> bool {
        !matches!(job, Job::File(_) | Job::Made(_) | Job::Feed(..) | Job::Card(..))
    }

    /// Where an output goes.
    pub fn path(&self, job: &Job) -> SitePath {
        let site = &*self.site;
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
            Job::Card(of, shape) => share::path(site, of, *shape),
        }
    }

    /// The content file an output shows, if it shows one.
    pub fn source(&self, job: &Job) -> Option<&std::path::Path> {
        match job {
            Job::Page(id) => Some(&self.site.pages[*id].file),
            Job::List(id, _) => self.site.sections[*id].file.as_deref(),
            _ => None,
        }
    }

    pub fn render(&self, job: &Job) -> Result<Output, Error> {
        let site = &*self.site;
        let path = self.path(job);
        let mut context = match job {
            Job::File(id) => return Ok(Output { path, body: Body::Copy(site.files[*id].source.clone()) }),
            Job::Made(id) => return Ok(Output { path, body: Body::Bytes(self.made[*id].bytes.to_vec()) }),
            Job::Card(of, shape) => return Ok(Output { path, body: self.card(of, *shape)? }),
            Job::Page(id) => self.page(*id),
            Job::List(id, n) => self.list(*id, *n, &path),
            Job::Tags(lang) => self.tags(lang, &path),
            Job::Tag(id, n) => self.tag(*id, *n, &path),
            Job::NotFound(lang) => self.context(lang, &path, "404", &[]),
            Job::Feed(of, _) => self.feed(of, &path),
            Job::Year(id, year, n) => self.year(*id, *year, *n, &path),
            Job::Search(lang) => self.search(lang, &path),
        };
        context.insert_value("share", share::value(site, job));
        let text = self
            .tera
            .render(self.template(job), &context)
            .map_err(|e| template_error(&site.templates, &site.theme, e, Some(&path)))?;
        let text = match job {
            // Feeds are read away from the site: their links are absolute already.
            Job::Feed(..) => text,
            _ => {
                let lang = self.language(job).expect("pages have a language");
                let text = match site.strings[lang].typography {
                    crate::typography::Rules::French => crate::typography::html(&text),
                    crate::typography::Rules::None => text,
                };
                match job {
                    Job::NotFound(_) => links::rooted(&text, site.config.base_url.path()),
                    _ => links::relative(&text, &path),
                }
            }
        };
        Ok(Output { path, body: Body::Bytes(text.into_bytes()) })
    }

    /// The template an output is rendered with: a page named `contact` uses
    /// `pages/contact.html` when the theme has one.
    fn template(&self, job: &Job) -> &str {
        match job {
            Job::Page(id) => {
                let own = format!("pages/{}.html", self.site.pages[*id].name);
                self.tera.get_template_names().find(|name| *name == own).unwrap_or(TEMPLATE_PAGE)
            }
            Job::List(id, _) if self.site.sections[*id].is_home() => TEMPLATE_HOME,
            Job::List(..) => TEMPLATE_SECTION,
            Job::Tags(_) => TEMPLATE_TAGS,
            Job::Tag(..) => TEMPLATE_TAG,
            Job::NotFound(_) => TEMPLATE_NOT_FOUND,
            Job::Feed(_, Format::Rss) => TEMPLATE_RSS,
            Job::Feed(_, Format::Atom) => TEMPLATE_ATOM,
            Job::Year(..) => TEMPLATE_YEAR,
            Job::Search(_) => TEMPLATE_SEARCH,
            Job::File(_) | Job::Made(_) | Job::Card(..) => "",
        }
    }

    /// A share card's file, from the cache or drawn into it.
    fn card(&self, of: &CardOf, shape: crate::cards::Shape) -> Result<Body, Error> {
        let maker = self.cards.as_ref().expect("cards are among the jobs only with their maker");
        Ok(Body::Link(maker.file(&share::card(&self.site, of), shape)?))
    }

    /// The same page in the other languages.
    fn page_translations(&self, id: PageId) -> Vec<(Language, SitePath)> {
        let site = &*self.site;
        site.pages[id].translations.iter().map(|&t| (site.pages[t].lang.clone(), site.pages[t].path.clone())).collect()
    }

    /// The same list page in the other languages.
    fn list_translations(&self, id: SectionId, number: usize) -> Vec<(Language, SitePath)> {
        let site = &*self.site;
        let sections = site.sections[id].translations.iter().map(|&t| &site.sections[t]);
        sections.map(|other| (other.lang.clone(), same_page(&other.path, other.page_count(), number))).collect()
    }

    /// The same tag in the other languages.
    fn tag_translations(&self, id: TagId, number: usize) -> Vec<(Language, SitePath)> {
        let site = &*self.site;
        let tags = site.tags[id].translations.iter().map(|&t| &site.tags[t]);
        let count = |tag: &Tag| tag.pages.len().div_ceil(site.config.paginate_by);
        tags.map(|other| (other.lang.clone(), same_page(&other.path, count(other), number))).collect()
    }

    /// The same year's archive in the other languages, when they have activities that year.
    fn year_translations(&self, id: SectionId, year: i32, number: usize) -> Vec<(Language, SitePath)> {
        let site = &*self.site;
        let sections = site.sections[id].translations.iter().map(|&t| &site.sections[t]);
        sections
            .filter_map(|other| {
                let (_, pages) = other.years.iter().find(|(y, _)| *y == year)?;
                let count = pages.len().div_ceil(YEAR_PAGE);
                Some((other.lang.clone(), same_page(&other.path.join(&year_slug(year)), count, number)))
            })
            .collect()
    }

    fn tags_translations(&self, lang: &Language) -> Vec<(Language, SitePath)> {
        let site = &*self.site;
        site.config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| (l.code.clone(), site.tags_path(&l.code)))
            .collect()
    }

    /// What every page's context holds; `translations` are the same page in other languages.
    fn context(&self, lang: &Language, path: &SitePath, kind: &str, translations: &[(Language, SitePath)]) -> Context {
        let site = &*self.site;
        let mut context = Context::new();
        context.insert_value("site", self.globals[lang].clone());
        context.insert("lang", lang);
        context.insert("path", path);
        context.insert("kind", kind);
        context.insert("canonical", &site.config.base_url.absolute(path));
        let language = site.config.language(lang);
        let description = language.tagline.as_deref().unwrap_or(&language.title);
        context.insert_value("meta", meta(&language.title, description, false));
        let mut alternates = vec![(lang.clone(), path.clone())];
        alternates.extend(translations.iter().cloned());
        alternates.sort_by_key(|(l, _)| site.config.languages.iter().position(|c| &c.code == l));
        let alternates: Vec<Value> = alternates
            .iter()
            .map(|(l, p)| {
                map([("lang", Value::from(l.as_str())), ("url", Value::from(site.config.base_url.absolute(p)))])
            })
            .collect();
        context.insert_value("alternates", Value::from(alternates));
        let switch: Vec<Value> = site
            .config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| {
                let target = translations.iter().find(|(t, _)| t == &l.code).map_or(&l.home, |(_, p)| p);
                map([
                    ("lang", Value::from(l.code.as_str())),
                    ("name", Value::from(site.strings[&l.code].name.as_str())),
                    ("path", Value::from(target.as_str())),
                    ("translated", Value::from(translations.iter().any(|(t, _)| t == &l.code))),
                ])
            })
            .collect();
        context.insert_value("switch", Value::from(switch));
        context
    }

    fn page(&self, id: PageId) -> Context {
        let site = &*self.site;
        let page = &site.pages[id];
        let mut context = self.context(&page.lang, &page.path, "page", &self.page_translations(id));
        let section = &site.sections[page.section];
        // Newer and older neighbours exist only in lists.
        let position = section.paginate_by.map(|_| page.position);
        let neighbour = |offset: isize| {
            let index = position? as isize + offset;
            let other = *section.pages.get(usize::try_from(index).ok()?)?;
            Some(link(&site.pages[other].title, &site.pages[other].path))
        };
        let back = site.list_page_of(id).map(|(s, n)| Value::from(site.sections[s].path.page_number(n).as_str()));
        let mut value = match self.summaries[id].clone().into_map() {
            Some(map) => map,
            None => tera::Map::new(),
        };
        value.insert("content".into(), Value::safe_string(&page.text.html));
        value.insert("updated".into(), Value::from(page.update().map(|d| d.to_string())));
        value.insert("image".into(), Value::from(page.image.as_ref().map(image)));
        value.insert("back".into(), Value::from(back));
        if page.date.is_some() {
            let pictures = share::picture_urls(site, &Job::Page(id));
            value.insert("json_ld".into(), Value::safe_string(&structured::article(site, page, &pictures)));
        }
        value.insert("newer".into(), Value::from(neighbour(-1)));
        value.insert("older".into(), Value::from(neighbour(1)));
        context.insert_value("page", Value::from(value));
        let description = if page.summary.is_empty() { None } else { Some(page.summary.as_str()) };
        let description = description.or(site.config.language(&page.lang).tagline.as_deref()).unwrap_or_default();
        context.insert_value("meta", meta(&page.title, description, page.date.is_some()));
        context.insert_value("section", self.section(page.section, 1));
        context.insert_value("breadcrumbs", self.breadcrumbs(page.section, true));
        context
    }

    fn list(&self, id: SectionId, number: usize, path: &SitePath) -> Context {
        let site = &*self.site;
        let section = &site.sections[id];
        let translations = self.list_translations(id, number);
        let kind = if section.is_home() { "home" } else { "section" };
        let mut context = self.context(&section.lang, path, kind, &translations);
        let language = site.config.language(&section.lang);
        let description = section.summary.as_deref().or(language.tagline.as_deref()).unwrap_or(&language.title);
        context.insert_value("meta", meta(&section.title, description, false));
        context.insert_value("section", self.section(id, number));
        context.insert_value("breadcrumbs", self.breadcrumbs(id, false));
        if let Some(by) = section.paginate_by {
            context.insert_value("paginator", self.paginator(&section.pages, by, number, &section.path));
        }
        context
    }

    /// A year's archive of a section: its activities, titles only.
    fn year(&self, id: SectionId, year: i32, number: usize, path: &SitePath) -> Context {
        let site = &*self.site;
        let section = &site.sections[id];
        let mut context = self.context(&section.lang, path, "year", &self.year_translations(id, year, number));
        let pages = section.years.iter().find(|(y, _)| *y == year).map_or(&[][..], |(_, pages)| pages.as_slice());
        let first = site.sections[id].path.join(&year_slug(year));
        context.insert_value("section", self.section(id, 0));
        context.insert_value("year", map([("year", Value::from(year)), ("path", Value::from(first.as_str()))]));
        context.insert_value("paginator", self.paginator(pages, YEAR_PAGE, number, &first));
        context.insert_value("breadcrumbs", self.breadcrumbs(id, true));
        context
    }

    /// A feed of the newest activities of a language or a tag, with absolute links.
    fn feed(&self, of: &FeedOf, path: &SitePath) -> Context {
        let site = &*self.site;
        let base = &site.config.base_url;
        let (lang, page, pages, name) = match of {
            FeedOf::Language(lang) => (lang, site.config.language(lang).home.clone(), site.listed_pages(lang), None),
            FeedOf::Tag(id) => {
                let tag = &site.tags[*id];
                (&tag.lang, tag.path.clone(), tag.pages.clone(), Some(tag.name.as_str()))
            }
        };
        let mut context = self.context(lang, path, "feed", &[]);
        let items: Vec<Value> = pages
            .iter()
            .take(site.config.feeds.items)
            .map(|&id| {
                let page = &site.pages[id];
                // Atom gives both dates; RSS, whose pubDate is the publication, only that one.
                let date = page.modified().map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
                let published = page.date.or(page.modified());
                let published = published.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
                let content = site.config.feeds.full_text.then(|| Value::from(links::absolute(&page.text.html, base)));
                map([
                    ("title", Value::from(page.title.as_str())),
                    ("url", Value::from(base.absolute(&page.path))),
                    ("published", Value::from(page.date.map(|d| format!("{d}T00:00:00Z")))),
                    ("updated", Value::from(date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))),
                    ("rfc822", Value::from(published.map(|d| d.to_rfc2822()))),
                    ("summary", Value::from(page.summary.as_str())),
                    ("content", Value::from(content)),
                    (
                        "tags",
                        Value::from(
                            page.tags.iter().map(|&t| Value::from(site.tags[t].name.as_str())).collect::<Vec<_>>(),
                        ),
                    ),
                ])
            })
            .collect();
        let newest = pages.iter().take(site.config.feeds.items).filter_map(|&id| site.pages[id].modified()).max();
        let newest = newest.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
        context.insert_value(
            "feed",
            map([
                ("name", Value::from(name)),
                ("url", Value::from(base.absolute(path))),
                ("page", Value::from(base.absolute(&page))),
                ("updated", Value::from(newest.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))),
                ("rfc822", Value::from(newest.map(|d| d.to_rfc2822()))),
                ("items", Value::from(items)),
            ]),
        );
        context
    }

    /// The search page, whose script fetches the index beside it.
    fn search(&self, lang: &Language, path: &SitePath) -> Context {
        let site = &*self.site;
        let translations: Vec<(Language, SitePath)> = site
            .config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| (l.code.clone(), site.search_path(&l.code)))
            .collect();
        let mut context = self.context(lang, path, "search", &translations);
        context.insert_value("breadcrumbs", self.breadcrumbs(site_home(site, lang), true));
        context
    }

    fn tags(&self, lang: &Language, path: &SitePath) -> Context {
        let site = &*self.site;
        let translations = self.tags_translations(lang);
        let mut context = self.context(lang, path, "tags", &translations);
        let mut tags: Vec<(&str, Value)> = site
            .tags
            .iter()
            .filter(|t| &t.lang == lang)
            .map(|t| {
                let value = map([
                    ("name", Value::from(t.name.as_str())),
                    ("path", Value::from(t.path.as_str())),
                    ("count", Value::from(t.pages.len())),
                ]);
                (t.path.as_str(), value)
            })
            .collect();
        tags.sort_by(|a, b| a.0.cmp(b.0));
        context.insert_value("tags", Value::from(tags.into_iter().map(|(_, v)| v).collect::<Vec<_>>()));
        context.insert_value("breadcrumbs", self.breadcrumbs(site_home(site, lang), true));
        context
    }

    fn tag(&self, id: TagId, number: usize, path: &SitePath) -> Context {
        let site = &*self.site;
        let tag = &site.tags[id];
        let mut context = self.context(&tag.lang, path, "tag", &self.tag_translations(id, number));
        context.insert_value(
            "tag",
            map([
                ("name", Value::from(tag.name.as_str())),
                ("path", Value::from(tag.path.as_str())),
                ("count", Value::from(tag.pages.len())),
            ]),
        );
        context.insert_value("paginator", self.paginator(&tag.pages, site.config.paginate_by, number, &tag.path));
        // The tag list has no title of its own: the theme names it.
        let crumbs = vec![
            link(&site.home(&tag.lang).title, &site.config.language(&tag.lang).home),
            link("", &site.tags_path(&tag.lang)),
        ];
        context.insert_value("breadcrumbs", Value::from(crumbs));
        context
    }

    /// The sections above a page or a list, from the home down; with `include_self`, the
    /// section itself too (for a page in it).
    fn breadcrumbs(&self, id: SectionId, include_self: bool) -> Value {
        let site = &*self.site;
        let mut chain = Vec::new();
        let mut current = if include_self { Some(id) } else { site.sections[id].parent };
        while let Some(s) = current {
            chain.push(link(&site.sections[s].title, &site.sections[s].path));
            current = site.sections[s].parent;
        }
        chain.reverse();
        Value::from(chain)
    }

    /// Page `number` of a list of `items`, `by` a page, whose first page is at `path`.
    fn paginator(&self, items: &[PageId], by: usize, number: usize, path: &SitePath) -> Value {
        let count = items.len().div_ceil(by).max(1);
        let shown: Vec<Value> =
            items.iter().skip((number - 1) * by).take(by).map(|&p| self.summaries[p].clone()).collect();
        let at = |n: usize| Value::from(path.page_number(n).as_str());
        let links: Vec<Value> = page_numbers(number, count)
            .into_iter()
            .map(|n| match n {
                Some(n) => map([("number", Value::from(n)), ("path", at(n)), ("current", Value::from(n == number))]),
                None => map([("gap", Value::from(true))]),
            })
            .collect();
        map([
            ("number", Value::from(number)),
            ("count", Value::from(count)),
            ("total", Value::from(items.len())),
            ("items", Value::from(shown)),
            ("first", at(1)),
            ("last", at(count)),
            ("previous", if number > 1 { at(number - 1) } else { Value::none() }),
            ("next", if number < count { at(number + 1) } else { Value::none() }),
            ("links", Value::from(links)),
        ])
    }
}

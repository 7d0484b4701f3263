//! Rendering: one tera instance for the whole build, one context per output, every output
//! rendered in parallel. Each page's data is turned into a template value once and shared by
//! every list that shows it; internal links come out relative to the page that holds them.

mod fingerprint;
mod templates;
mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::{Error, Errors, Location, Problem};
use crate::links;
use crate::model::{PageId, SectionId, Site, TagId};
use crate::url::{Language, SitePath};
use templates::{register, register_sections, syntax_errors, template_error};
use values::{global, link, map, page_numbers, section_value, site_home, summary};

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
}

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
    hashes: fingerprint::Hashes,
}

const TEMPLATE_HOME: &str = "index.html";
const TEMPLATE_SECTION: &str = "section.html";
const TEMPLATE_PAGE: &str = "page.html";
const TEMPLATE_TAGS: &str = "tags.html";
const TEMPLATE_TAG: &str = "tag.html";
const TEMPLATE_NOT_FOUND: &str = "404.html";
const NOT_FOUND_FILE: &str = "404.html";

impl Renderer {
    pub fn new(shared: Arc<Site>) -> Result<Self, Errors> {
        let site = &*shared;
        let summaries: Vec<Value> = site.pages.par_iter().map(|page| summary(site, page)).collect();
        let globals = site.config.languages.iter().map(|l| (l.code.clone(), global(site, &l.code))).collect();
        let mut tera = Tera::new();
        register(&mut tera, site, &summaries);
        syntax_errors(site)?;
        tera.add_raw_templates(site.templates.iter().map(|(name, _, text)| (name.as_str(), text.as_str())))
            .map_err(|e| template_error(site, e, None))?;
        let required =
            [TEMPLATE_HOME, TEMPLATE_SECTION, TEMPLATE_PAGE, TEMPLATE_TAGS, TEMPLATE_TAG, TEMPLATE_NOT_FOUND];
        let missing: Vec<Error> = required
            .iter()
            .filter(|name| !tera.contains_template(name))
            .map(|name| Error::at(Location::file(&site.theme.join("templates").join(name)), Problem::MissingTemplate))
            .collect();
        if !missing.is_empty() {
            return Err(Errors::sorted(missing));
        }
        let hashes = fingerprint::Hashes::new(site, &globals, &summaries);
        Ok(Renderer { site: shared, tera, globals, summaries, hashes })
    }

    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// The site to patch with [`crate::model::update`]; `None` if it is shared.
    pub fn site_mut(&mut self) -> Option<&mut Site> {
        Arc::get_mut(&mut self.site)
    }

    /// After [`crate::model::update`] changed these pages: what lists show of them, and what
    /// fingerprints are made of.
    pub fn update(&mut self, pages: &[PageId]) {
        let site = &*self.site;
        for &id in pages {
            self.summaries[id] = summary(site, &site.pages[id]);
        }
        self.hashes.update(site, &self.summaries, pages);
        register_sections(&mut self.tera, site, &self.summaries);
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
        jobs.extend((0..site.files.len()).map(Job::File));
        jobs
    }

    /// The language of an output, for the build's summary; `None` for copied files.
    pub fn language<'a>(&'a self, job: &'a Job) -> Option<&'a Language> {
        match job {
            Job::Page(id) => Some(&self.site.pages[*id].lang),
            Job::List(id, _) => Some(&self.site.sections[*id].lang),
            Job::Tags(lang) | Job::NotFound(lang) => Some(lang),
            Job::Tag(id, _) => Some(&self.site.tags[*id].lang),
            Job::File(_) => None,
        }
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
        let context = match job {
            Job::File(id) => return Ok(Output { path, body: Body::Copy(site.files[*id].source.clone()) }),
            Job::Page(id) => self.page(*id),
            Job::List(id, n) => self.list(*id, *n, &path),
            Job::Tags(lang) => self.tags(lang, &path),
            Job::Tag(id, n) => self.tag(*id, *n, &path),
            Job::NotFound(lang) => self.context(lang, &path, "404", &[]),
        };
        let html = self.tera.render(self.template(job), &context).map_err(|e| template_error(site, e, Some(&path)))?;
        let html = match job {
            Job::NotFound(_) => links::rooted(&html, site.config.base_url.path()),
            _ => links::relative(&html, &path),
        };
        Ok(Output { path, body: Body::Bytes(html.into_bytes()) })
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
            Job::File(_) => "",
        }
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
        let translations: Vec<(Language, SitePath)> =
            page.translations.iter().map(|&t| (site.pages[t].lang.clone(), site.pages[t].path.clone())).collect();
        let mut context = self.context(&page.lang, &page.path, "page", &translations);
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
        value.insert("updated".into(), Value::from(page.updated.map(|d| d.to_string())));
        value.insert(
            "image".into(),
            Value::from(
                page.image
                    .as_ref()
                    .map(|i| map([("path", Value::from(i.path.as_str())), ("alt", Value::from(i.alt.as_str()))])),
            ),
        );
        value.insert("back".into(), Value::from(back));
        value.insert("newer".into(), Value::from(neighbour(-1)));
        value.insert("older".into(), Value::from(neighbour(1)));
        context.insert_value("page", Value::from(value));
        context.insert_value("section", section_value(site, page.section, 1));
        context.insert_value("breadcrumbs", self.breadcrumbs(page.section, true));
        context
    }

    fn list(&self, id: SectionId, number: usize, path: &SitePath) -> Context {
        let site = &*self.site;
        let section = &site.sections[id];
        let translations: Vec<(Language, SitePath)> = section
            .translations
            .iter()
            .map(|&t| {
                let other = &site.sections[t];
                (other.lang.clone(), other.path.page_number(if number <= other.page_count() { number } else { 1 }))
            })
            .collect();
        let kind = if section.is_home() { "home" } else { "section" };
        let mut context = self.context(&section.lang, path, kind, &translations);
        context.insert_value("section", section_value(site, id, number));
        context.insert_value("breadcrumbs", self.breadcrumbs(id, false));
        if let Some(by) = section.paginate_by {
            context.insert_value("paginator", self.paginator(&section.pages, by, number, &section.path));
        }
        context
    }

    fn tags(&self, lang: &Language, path: &SitePath) -> Context {
        let site = &*self.site;
        let translations: Vec<(Language, SitePath)> = site
            .config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| (l.code.clone(), site.tags_path(&l.code)))
            .collect();
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
        let mut context = self.context(&tag.lang, path, "tag", &[]);
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

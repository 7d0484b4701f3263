//! Rendering: one tera instance for the whole build, one context per output, every output
//! rendered in parallel. Each page's data is turned into a template value once and shared by
//! every list that shows it; internal links come out relative to the page that holds them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::tel_uri;
use crate::error::{Error, Errors, Location, Problem};
use crate::i18n::Strings;
use crate::links;
use crate::model::{FigureDate, PageId, SectionId, Site, TagId};
use crate::url::{Language, SitePath};

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
pub fn render(site: &Site) -> Result<Vec<Output>, Errors> {
    let renderer = Renderer::new(site)?;
    let results: Vec<Result<Output, Error>> = renderer.jobs().par_iter().map(|job| renderer.render(job)).collect();
    crate::error::collect(results, |r| r.map_err(Errors::from)).map_err(|e| dedup(e.0))
}

/// A template mistake repeats on every page that uses the template: report it once.
pub fn dedup(errors: Vec<Error>) -> Errors {
    let mut seen = std::collections::HashSet::new();
    Errors::sorted(errors.into_iter().filter(|e| seen.insert(e.to_string())).collect())
}

pub struct Renderer<'s> {
    site: &'s Site,
    tera: Tera,
    /// The `site` value of each language: names, menu, contact details, key figures.
    globals: BTreeMap<Language, Value>,
    /// What a list shows of each page, made once.
    summaries: Vec<Value>,
}

const TEMPLATE_HOME: &str = "index.html";
const TEMPLATE_SECTION: &str = "section.html";
const TEMPLATE_PAGE: &str = "page.html";
const TEMPLATE_TAGS: &str = "tags.html";
const TEMPLATE_TAG: &str = "tag.html";
const TEMPLATE_NOT_FOUND: &str = "404.html";
const NOT_FOUND_FILE: &str = "404.html";

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site) -> Result<Self, Errors> {
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
        Ok(Renderer { site, tera, globals, summaries })
    }

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

    pub fn render(&self, job: &Job) -> Result<Output, Error> {
        let site = self.site;
        let (template, path, context) = match job {
            Job::File(id) => {
                let file = &site.files[*id];
                return Ok(Output { path: file.path.clone(), body: Body::Copy(file.source.clone()) });
            }
            Job::Page(id) => self.page(*id),
            Job::List(id, n) => self.list(*id, *n),
            Job::Tags(lang) => self.tags(lang),
            Job::Tag(id, n) => self.tag(*id, *n),
            Job::NotFound(lang) => self.not_found(lang),
        };
        let html = self.tera.render(&template, &context).map_err(|e| template_error(site, e, Some(&path)))?;
        let html = match job {
            Job::NotFound(_) => links::rooted(&html, site.config.base_url.path()),
            _ => links::relative(&html, &path),
        };
        Ok(Output { path, body: Body::Bytes(html.into_bytes()) })
    }

    /// What every page's context holds; `translations` are the same page in other languages.
    fn context(&self, lang: &Language, path: &SitePath, kind: &str, translations: &[(Language, SitePath)]) -> Context {
        let site = self.site;
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

    fn page(&self, id: PageId) -> (String, SitePath, Context) {
        let site = self.site;
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
        let own = format!("pages/{}.html", page.name);
        let template = if self.tera.contains_template(&own) { own } else { TEMPLATE_PAGE.to_string() };
        (template, page.path.clone(), context)
    }

    fn list(&self, id: SectionId, number: usize) -> (String, SitePath, Context) {
        let site = self.site;
        let section = &site.sections[id];
        let path = section.path.page_number(number);
        let translations: Vec<(Language, SitePath)> = section
            .translations
            .iter()
            .map(|&t| {
                let other = &site.sections[t];
                (other.lang.clone(), other.path.page_number(if number <= other.page_count() { number } else { 1 }))
            })
            .collect();
        let kind = if section.is_home() { "home" } else { "section" };
        let mut context = self.context(&section.lang, &path, kind, &translations);
        context.insert_value("section", section_value(site, id, number));
        context.insert_value("breadcrumbs", self.breadcrumbs(id, false));
        if let Some(by) = section.paginate_by {
            context.insert_value("paginator", self.paginator(&section.pages, by, number, &section.path));
        }
        let template = if section.is_home() { TEMPLATE_HOME } else { TEMPLATE_SECTION };
        (template.to_string(), path, context)
    }

    fn tags(&self, lang: &Language) -> (String, SitePath, Context) {
        let site = self.site;
        let path = site.tags_path(lang);
        let translations: Vec<(Language, SitePath)> = site
            .config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| (l.code.clone(), site.tags_path(&l.code)))
            .collect();
        let mut context = self.context(lang, &path, "tags", &translations);
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
        (TEMPLATE_TAGS.to_string(), path, context)
    }

    fn tag(&self, id: TagId, number: usize) -> (String, SitePath, Context) {
        let site = self.site;
        let tag = &site.tags[id];
        let path = tag.path.page_number(number);
        let mut context = self.context(&tag.lang, &path, "tag", &[]);
        context.insert_value(
            "tag",
            map([
                ("name", Value::from(tag.name.as_str())),
                ("path", Value::from(tag.path.as_str())),
                ("count", Value::from(tag.pages.len())),
            ]),
        );
        context.insert_value("paginator", self.paginator(&tag.pages, site.config.paginate_by, number, &tag.path));
        let mut crumbs = vec![link(&site.home(&tag.lang).title, &site.config.language(&tag.lang).home)];
        let tags_title = site.strings[&tag.lang].get("tags", &[]).unwrap_or_default();
        crumbs.push(link(&tags_title, &site.tags_path(&tag.lang)));
        context.insert_value("breadcrumbs", Value::from(crumbs));
        (TEMPLATE_TAG.to_string(), path, context)
    }

    fn not_found(&self, lang: &Language) -> (String, SitePath, Context) {
        let site = self.site;
        let path = site.config.language(lang).home.file(NOT_FOUND_FILE);
        let mut context = self.context(lang, &path, "404", &[]);
        context.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
        (TEMPLATE_NOT_FOUND.to_string(), path, context)
    }

    /// The sections above a page or a list, from the home down; with `include_self`, the
    /// section itself too (for a page in it).
    fn breadcrumbs(&self, id: SectionId, include_self: bool) -> Value {
        let site = self.site;
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

fn site_home(site: &Site, lang: &Language) -> SectionId {
    site.sections.iter().position(|s| &s.lang == lang && s.is_home()).expect("every language has a home")
}

/// Which page numbers a pager shows: all of them when few, else the first, the last and two
/// on each side of the current one, with `None` for a gap.
fn page_numbers(current: usize, count: usize) -> Vec<Option<usize>> {
    if count <= 7 {
        return (1..=count).map(Some).collect();
    }
    let mut numbers = Vec::new();
    let window = current.saturating_sub(2).max(1)..=(current + 2).min(count);
    if *window.start() > 1 {
        numbers.push(Some(1));
        if *window.start() > 2 {
            numbers.push(None);
        }
    }
    numbers.extend(window.clone().map(Some));
    if *window.end() < count {
        if *window.end() < count - 1 {
            numbers.push(None);
        }
        numbers.push(Some(count));
    }
    numbers
}

fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(entries.into_iter().collect::<indexmap::IndexMap<&'static str, Value>>())
}

fn link(title: &str, path: &SitePath) -> Value {
    map([("title", Value::from(title)), ("path", Value::from(path.as_str()))])
}

/// What a list shows of a page.
fn summary(site: &Site, page: &crate::model::Page) -> Value {
    let tags: Vec<Value> = page.tags.iter().map(|&t| link(&site.tags[t].name, &site.tags[t].path)).collect();
    map([
        ("title", Value::from(page.title.as_str())),
        ("date", Value::from(page.date.map(|d| d.to_string()))),
        ("place", Value::from(page.place.as_deref())),
        ("summary", Value::from(page.summary.as_str())),
        ("path", Value::from(page.path.as_str())),
        ("tags", Value::from(tags)),
        ("draft", Value::from(page.draft)),
    ])
}

fn section_value(site: &Site, id: SectionId, number: usize) -> Value {
    let section = &site.sections[id];
    map([
        ("title", Value::from(section.title.as_str())),
        ("summary", Value::from(section.summary.as_deref())),
        // A list's introduction is shown on its first page only.
        ("content", if number == 1 { Value::safe_string(&section.text.html) } else { Value::from("") }),
        ("path", Value::from(section.path.as_str())),
        ("total", Value::from(section.pages.len())),
    ])
}

/// The `site` value of a language: what every page of it shows.
fn global(site: &Site, lang: &Language) -> Value {
    let config = site.config.language(lang);
    let strings = &site.strings[lang];
    let contact = &site.config.contact;
    let menu: Vec<Value> = site.menus[lang]
        .iter()
        .map(|(name, path)| map([("name", Value::from(name.as_str())), ("path", Value::from(path.as_str()))]))
        .collect();
    let phones: Vec<Value> = contact
        .phones
        .iter()
        .map(|p| map([("number", Value::from(p.as_str())), ("tel", Value::from(tel_uri(p).unwrap_or_default()))]))
        .collect();
    let form_action = match (&contact.form_endpoint, &contact.email) {
        (Some(endpoint), _) => Some(endpoint.clone()),
        (None, Some(email)) => {
            let subject = strings.get("contact_subject", &[("site", config.title.clone())]).unwrap_or_default();
            Some(format!("mailto:{email}?subject={}", percent_encode(&subject)))
        }
        (None, None) => None,
    };
    let figures: Vec<Value> = site
        .figures
        .iter()
        .map(|f| {
            let (day, from, to) = match f.date {
                FigureDate::Day(d) => (Some(d.to_string()), None, None),
                // Years are written as they are: 2013, not « 2 013 ».
                FigureDate::Years(a, b) => (None, Some(a.to_string()), Some(b.to_string())),
            };
            map([
                ("value", Value::from(f.value)),
                ("label", Value::from(f.labels.get(lang).map(String::as_str))),
                ("source", Value::from(f.source.as_str())),
                ("day", Value::from(day)),
                ("from", Value::from(from)),
                ("to", Value::from(to)),
            ])
        })
        .collect();
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            map([
                ("code", Value::from(l.code.as_str())),
                ("name", Value::from(site.strings[&l.code].name.as_str())),
                ("path", Value::from(l.home.as_str())),
            ])
        })
        .collect();
    map([
        ("title", Value::from(config.title.as_str())),
        ("tagline", Value::from(config.tagline.as_deref())),
        ("identity", Value::from(config.identity.iter().map(|s| Value::from(s.as_str())).collect::<Vec<_>>())),
        ("home", Value::from(config.home.as_str())),
        ("locale", Value::from(strings.locale.as_str())),
        ("base_url", Value::from(site.config.base_url.to_string())),
        ("menu", Value::from(menu)),
        ("tags_path", Value::from(site.tags_path(lang).as_str())),
        ("languages", Value::from(languages)),
        ("figures", Value::from(figures)),
        (
            "contact",
            map([
                ("address", Value::from(contact.address.as_deref())),
                ("hours", Value::from(config.hours.as_deref())),
                ("phones", Value::from(phones)),
                ("email", Value::from(contact.email.as_deref())),
                ("form_action", Value::from(form_action)),
                ("form_is_mailto", Value::from(contact.form_endpoint.is_none())),
            ]),
        ),
    ])
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The language of the page being rendered.
fn strings_for<'a>(strings: &'a BTreeMap<Language, Strings>, state: &State) -> tera::TeraResult<&'a Strings> {
    let lang: Option<String> = state.get("lang")?;
    let lang = lang.and_then(|l| Language::parse(&l)).ok_or_else(|| tera::Error::message("`lang` is not set"))?;
    strings.get(&lang).ok_or_else(|| tera::Error::message(format!("no strings for language `{lang}`")))
}

/// Filters and functions that templates use, all in the page's language:
/// `{{ t(key="back_to_list") }}`, `{{ page.date | date }}`, `{{ 89324 | number }}`,
/// `{{ section(dir="activites", limit=5) }}`.
fn register(tera: &mut Tera, site: &Site, summaries: &[Value]) {
    let strings = Arc::new(site.strings.clone());
    let theme_strings = strings.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: &str = kwargs.must_get("key")?;
        let strings = strings_for(&theme_strings, state)?;
        // Numbers are written the language's way: « 1 234 activités ».
        let args: Vec<(&str, String)> = kwargs
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v.as_f64().map_or_else(|| v.to_string(), |n| strings.number(n)))))
            .filter(|(k, _)| *k != "key")
            .collect();
        strings.get(key, &args).ok_or_else(|| {
            tera::Error::message(format!(
                "the theme's strings have no `{key}`: add it to i18n/{}.yaml",
                state.get::<String>("lang").ok().flatten().unwrap_or_default()
            ))
        })
    });
    let date_strings = strings.clone();
    tera.register_filter("date", move |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| tera::Error::message(format!("`{value}` is not a date")))?;
        Ok(strings_for(&date_strings, state)?.date(date))
    });
    let number_strings = strings;
    tera.register_filter("number", move |value: f64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        Ok(strings_for(&number_strings, state)?.number(value))
    });
    let listings: Arc<BTreeMap<(Language, String), Value>> = Arc::new(
        site.sections
            .iter()
            .map(|s| {
                let key = (s.lang.clone(), s.dir.to_string_lossy().replace('\\', "/"));
                let pages: Vec<Value> = s.pages.iter().map(|&p| summaries[p].clone()).collect();
                let value = map([
                    ("title", Value::from(s.title.as_str())),
                    ("path", Value::from(s.path.as_str())),
                    ("total", Value::from(s.pages.len())),
                    ("pages", Value::from(pages)),
                ]);
                (key, value)
            })
            .collect(),
    );
    tera.register_function("section", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        let dir: &str = kwargs.must_get("dir")?;
        let limit: Option<usize> = kwargs.get("limit")?;
        let lang: String = state.get("lang")?.unwrap_or_default();
        let lang = Language::parse(&lang).ok_or_else(|| tera::Error::message("`lang` is not set"))?;
        let Some(section) = listings.get(&(lang, dir.to_string())) else {
            return Ok(Value::none());
        };
        let Some(limit) = limit else {
            return Ok(section.clone());
        };
        let mut section = section.clone().into_map().unwrap_or_default();
        if let Some(pages) = section.get(&tera::value::Key::Str("pages")).and_then(|p| p.as_array()) {
            let pages: Vec<Value> = pages.iter().take(limit).cloned().collect();
            section.insert("pages".into(), Value::from(pages));
        }
        Ok(Value::from(section))
    });
}

/// Every template with a syntax error, not only the first: each is parsed on its own
/// (inheritance is checked afterwards, with all templates together).
fn syntax_errors(site: &Site) -> Result<(), Errors> {
    let errors: Vec<Error> = site
        .templates
        .iter()
        .filter_map(|(name, _, text)| match Tera::new().add_raw_template(name, text) {
            Err(error) if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) => {
                Some(template_error(site, error, None))
            }
            _ => None,
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(Errors::sorted(errors)) }
}

/// A tera error as a site error: at the template's file and line when tera knows them.
fn template_error(site: &Site, error: tera::Error, page: Option<&SitePath>) -> Error {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    let theme_dir = site.theme.join("templates");
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = site
                .templates
                .iter()
                .find(|(name, _, _)| name == report.filename())
                .map_or_else(|| theme_dir.join(report.filename()), |(_, file, _)| file.clone());
            let span = report.span();
            let at = Location::at(&file, span.start_line.max(1), span.start_col + 1);
            Error::at(at, Problem::Template(format!("{}{while_rendering}", report.message())))
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Error::at(Location::file(&theme_dir), Problem::Template(format!("{message}{while_rendering}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_a_window_around_the_current_page() {
        let show = |current, count| {
            page_numbers(current, count)
                .into_iter()
                .map(|n| n.map_or("…".to_string(), |n: usize| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(3, 7), "1 2 3 4 5 6 7");
        assert_eq!(show(1, 20), "1 2 3 … 20");
        assert_eq!(show(10, 20), "1 … 8 9 10 11 12 … 20");
        assert_eq!(show(4, 20), "1 2 3 4 5 6 … 20");
        assert_eq!(show(20, 20), "1 … 18 19 20");
    }

    #[test]
    fn mailto_subjects_are_percent_encoded() {
        assert_eq!(percent_encode("Message de « CNR »"), "Message%20de%20%C2%AB%20CNR%20%C2%BB");
    }
}

//! What each output's template sees: its [`Inputs`], the template's name and every value of its
//! context. Rendering reads nothing else, so the fingerprint of an output is the hash of its
//! inputs ([`super::fingerprint`]): nothing an output shows can change without it.
//!
//! The values every output of a language shares, and those made of one page alone, are made once
//! per build ([`Shared`]) and cloned cheaply (tera's values are reference-counted).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use rayon::prelude::*;
use tera::{Context, Value};

use super::jobs::{CardOf, FeedOf, Format, Job, Outputs, YEAR_PAGE, card_of, year_slug};
use super::values::{global, image, link, map, meta, page_numbers, section_value, summary};
use super::{share, structured};
use crate::cards::Card;
use crate::html::{Links, Pass};
use crate::model::{AliasOf, PageId, SectionId, Site, TagId, list_pages};
use crate::url::{Language, SitePath};

pub(super) const TEMPLATE_HOME: &str = "index.html";
const TEMPLATE_SECTION: &str = "section.html";
const TEMPLATE_PAGE: &str = "page.html";
const TEMPLATE_TAGS: &str = "tags.html";
const TEMPLATE_TAG: &str = "tag.html";
const TEMPLATE_NOT_FOUND: &str = "404.html";
const TEMPLATE_RSS: &str = "feeds/rss.xml";
const TEMPLATE_ATOM: &str = "feeds/atom.xml";
const TEMPLATE_YEAR: &str = "year.html";
const TEMPLATE_SEARCH: &str = "search.html";
const TEMPLATE_ALIAS: &str = "alias.html";
const TEMPLATE_THANKS: &str = "thanks.html";

/// The templates a theme must have.
pub(super) const REQUIRED: [&str; 12] = [
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
    TEMPLATE_ALIAS,
    TEMPLATE_THANKS,
];

/// Everything an output's template is rendered from.
pub(super) struct Inputs<'r> {
    pub template: &'r str,
    pub values: Vec<(&'static str, Value)>,
}

impl Inputs<'_> {
    fn set(&mut self, key: &'static str, value: Value) {
        match self.values.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.values.push((key, value)),
        }
    }

    pub fn context(&self) -> Context {
        let mut context = Context::new();
        for (key, value) in &self.values {
            context.insert_value(*key, value.clone());
        }
        context
    }
}

/// The values made once per build and shared by the outputs that show them.
pub(super) struct Shared {
    /// The `site` value of each language: names, menu, contact details, key figures.
    pub globals: BTreeMap<Language, Value>,
    /// What a list shows of each page.
    pub summaries: Vec<Value>,
    /// Each page's own value: what a list shows of it, its text, its image, the list page that
    /// holds it, its JSON-LD.
    pub pages: Vec<Value>,
    /// What each page says of itself in its head: its addresses in each language, its meta data.
    pub heads: Vec<Head>,
    /// Each page as a link: its title and path, for its neighbours' pages.
    pub links: Vec<Value>,
    /// Each page as an item of a feed.
    pub feed_items: Vec<Value>,
    /// What each page's share card shows, when it has one.
    pub cards: Vec<Option<Card>>,
    /// What shares each list (its pictures), by the card it shows.
    pub shares: HashMap<CardOf, Value>,
    /// Each section's breadcrumbs: for its lists, and for its pages.
    pub crumbs: Vec<[Value; 2]>,
    /// Each section's value: on its list's first page (with its introduction), and elsewhere.
    pub sections: Vec<[Value; 2]>,
    /// Per language, every list by its folder (`activites`): its title, path and pages.
    pub lists: BTreeMap<Language, Value>,
}

/// The values of a page's head: its canonical address, its address in each language and the
/// language switch, what it says of itself to search engines and social networks, and what
/// shares it.
pub(super) struct Head {
    pub canonical: Value,
    pub alternates: Value,
    pub switch: Value,
    pub meta: Value,
    pub share: Value,
}

impl Head {
    pub fn values(&self) -> [&Value; 5] {
        [&self.canonical, &self.alternates, &self.switch, &self.meta, &self.share]
    }
}

/// What is made of a page alone (with the addresses of its translations).
struct PageValues {
    summary: Value,
    page: Value,
    head: Head,
    link: Value,
    feed_item: Value,
    card: Option<Card>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let pages: Vec<PageValues> = (0..site.pages.len()).into_par_iter().map(|id| page_values(site, id)).collect();
        let mut shared = Shared {
            globals: site.config.languages.iter().map(|l| (l.code.clone(), global(site, &l.code))).collect(),
            summaries: Vec::with_capacity(pages.len()),
            pages: Vec::with_capacity(pages.len()),
            heads: Vec::with_capacity(pages.len()),
            links: Vec::with_capacity(pages.len()),
            feed_items: Vec::with_capacity(pages.len()),
            cards: Vec::with_capacity(pages.len()),
            sections: (0..site.sections.len())
                .map(|id| [section_value(site, id, 1), section_value(site, id, 0)])
                .collect(),
            crumbs: (0..site.sections.len())
                .map(|id| [breadcrumbs(site, id, false), breadcrumbs(site, id, true)])
                .collect(),
            shares: list_shares(site),
            lists: BTreeMap::new(),
        };
        for page in pages {
            shared.summaries.push(page.summary);
            shared.pages.push(page.page);
            shared.heads.push(page.head);
            shared.links.push(page.link);
            shared.feed_items.push(page.feed_item);
            shared.cards.push(page.card);
        }
        shared.lists = lists(site, &shared.summaries);
        shared
    }

    /// After [`crate::model::update`] changed what these pages say.
    pub fn update(&mut self, site: &Site, pages: &[PageId]) {
        for &id in pages {
            let made = page_values(site, id);
            (self.summaries[id], self.pages[id], self.heads[id]) = (made.summary, made.page, made.head);
            (self.links[id], self.feed_items[id], self.cards[id]) = (made.link, made.feed_item, made.card);
        }
        self.lists = lists(site, &self.summaries);
    }

    /// Every value made of one page alone.
    pub fn page_values(&self, id: PageId) -> impl Iterator<Item = &Value> {
        [&self.summaries[id], &self.pages[id], &self.links[id], &self.feed_items[id]]
            .into_iter()
            .chain(self.heads[id].values())
    }
}

fn page_values(site: &Site, id: PageId) -> PageValues {
    let page = &site.pages[id];
    let summary = summary(site, page);
    let back = site.list_page_of(id).map(|(s, n)| Value::from(site.sections[s].path.page_number(n).as_str()));
    let mut value = summary.clone().into_map().unwrap_or_default();
    value.insert("content".into(), Value::safe_string(&page.text.html));
    value.insert("updated".into(), Value::from(page.update().map(|d| d.to_string())));
    value.insert("image".into(), Value::from(page.image.as_ref().map(image)));
    value.insert("back".into(), Value::from(back));
    if page.date.is_some() {
        let pictures = share::picture_urls(site, &Job::Page(id));
        value.insert("json_ld".into(), Value::safe_string(&structured::article(site, page, &pictures)));
    }
    let translations = Outputs { site, made: &[], cards: false }.translations(&Job::Page(id));
    let description = if page.summary.is_empty() { None } else { Some(page.summary.as_str()) };
    let description = description.or(site.config.language(&page.lang).tagline.as_deref()).unwrap_or_default();
    let (alternates, switch) = addresses(site, &page.lang, &page.path, &translations, &translations);
    let head = Head {
        canonical: Value::from(site.config.base_url.absolute(&page.path)),
        alternates,
        switch,
        meta: meta(&page.title, description, page.date.is_some()),
        share: share::value(site, &Job::Page(id)),
    };
    let card = card_of(site, &Job::Page(id)).map(|of| share::card(site, &of));
    let (link, feed_item) = (link(&page.title, &page.path), feed_item(site, id));
    PageValues { summary, page: Value::from(value), head, link, feed_item, card }
}

/// A page as an item of a feed, with absolute links.
fn feed_item(site: &Site, id: PageId) -> Value {
    let page = &site.pages[id];
    let base = &site.config.base_url;
    let stamp = |date: Option<NaiveDate>| date.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    // Atom gives both dates; RSS, whose pubDate is the publication, only that one.
    let date = stamp(page.modified());
    let published = stamp(page.date.or(page.modified()));
    let absolute = Pass { links: Links::Absolute(base), ..Pass::keep() };
    let content = site.config.feeds.full_text.then(|| Value::from(absolute.run(&page.text.html).html));
    let tags: Vec<Value> = page.tags.iter().map(|&t| Value::from(site.tags[t].name.as_str())).collect();
    map([
        ("title", Value::from(page.title.as_str())),
        ("url", Value::from(base.absolute(&page.path))),
        ("published", Value::from(page.date.map(|d| format!("{d}T00:00:00Z")))),
        ("updated", Value::from(date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))),
        ("rfc822", Value::from(published.map(|d| d.to_rfc2822()))),
        ("summary", Value::from(page.summary.as_str())),
        ("content", Value::from(content)),
        ("tags", Value::from(tags)),
    ])
}

/// What shares each list, tag, year and search page, by the card they show.
fn list_shares(site: &Site) -> HashMap<CardOf, Value> {
    let outputs = Outputs { site, made: &[], cards: true };
    outputs
        .jobs()
        .into_iter()
        .filter(|job| !matches!(job, Job::Page(_) | Job::Card(..)))
        .filter_map(|job| Some((card_of(site, &job)?, job)))
        .collect::<HashMap<CardOf, Job>>()
        .into_iter()
        .map(|(of, job)| (of, share::value(site, &job)))
        .collect()
}

/// A page's address in each language, for `hreflang`, and the language switch, for people,
/// which leads to `nearest` (the translations, or a list's first page) or the language's home.
fn addresses(
    site: &Site,
    lang: &Language,
    path: &SitePath,
    translations: &[(Language, SitePath)],
    nearest: &[(Language, SitePath)],
) -> (Value, Value) {
    let mut alternates = vec![(lang.clone(), path.clone())];
    alternates.extend(translations.iter().cloned());
    alternates.sort_by_key(|(l, _)| site.config.languages.iter().position(|c| &c.code == l));
    let alternates: Vec<Value> = alternates
        .iter()
        .map(|(l, p)| map([("lang", Value::from(l.as_str())), ("url", Value::from(site.config.base_url.absolute(p)))]))
        .collect();
    let switch: Vec<Value> = site
        .config
        .languages
        .iter()
        .filter(|l| &l.code != lang)
        .map(|l| {
            let target = nearest.iter().find(|(t, _)| t == &l.code).map_or(&l.home, |(_, p)| p);
            map([
                ("lang", Value::from(l.code.as_str())),
                ("name", Value::from(site.strings[&l.code].name.as_str())),
                ("path", Value::from(target.as_str())),
                ("translated", Value::from(translations.iter().any(|(t, _)| t == &l.code))),
            ])
        })
        .collect();
    (Value::from(alternates), Value::from(switch))
}

/// The sections above a page or a list, from the home down; with `include_self`, the
/// section itself too (for a page in it).
fn breadcrumbs(site: &Site, id: SectionId, include_self: bool) -> Value {
    let mut chain = Vec::new();
    let mut current = if include_self { Some(id) } else { site.sections[id].parent };
    while let Some(s) = current {
        chain.push(link(&site.sections[s].title, &site.sections[s].path));
        current = site.sections[s].parent;
    }
    chain.reverse();
    Value::from(chain)
}

/// Per language, each list's title, path, number of pages and pages, by folder.
fn lists(site: &Site, summaries: &[Value]) -> BTreeMap<Language, Value> {
    let mut lists: BTreeMap<Language, tera::Map> = BTreeMap::new();
    for section in &site.sections {
        let pages: Vec<Value> = section.pages.iter().map(|&p| summaries[p].clone()).collect();
        let value = map([
            ("title", Value::from(section.title.as_str())),
            ("path", Value::from(section.path.as_str())),
            ("total", Value::from(section.pages.len())),
            ("pages", Value::from(pages)),
        ]);
        let dir = section.dir.to_string_lossy().replace('\\', "/");
        lists.entry(section.lang.clone()).or_default().insert(dir.into(), value);
    }
    lists.into_iter().map(|(lang, lists)| (lang, Value::from(lists))).collect()
}

/// The contexts of a build's outputs.
pub(super) struct Contexts<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared,
    pub outputs: Outputs<'a>,
}

impl<'a> Contexts<'a> {
    /// The template and the context of an output; `None` for files written as they are.
    pub fn inputs(&self, job: &Job) -> Option<Inputs<'a>> {
        let path = self.outputs.path(job);
        Some(match job {
            Job::File(_) | Job::Made(_) | Job::Card(..) => return None,
            Job::Page(id) => self.page(*id),
            Job::List(id, n) => self.list(*id, *n, &path),
            Job::Tags(lang) => self.tags(lang, &path),
            Job::Tag(id, n) => self.tag(*id, *n, &path),
            Job::NotFound(lang) => {
                let mut inputs = self.base(job, TEMPLATE_NOT_FOUND, lang, &path, "404", &[]);
                inputs.set("lists", self.shared.lists[lang].clone());
                inputs
            }
            Job::Feed(of, format) => self.feed(of, *format, &path),
            Job::Year(id, year, n) => self.year(*id, *year, *n, &path),
            Job::Search(lang) => self.search(lang, &path),
            Job::Alias(id) => self.alias(*id, &path),
            Job::Thanks(id) => {
                let lang = &self.site.pages[*id].lang;
                let translations = self.outputs.translations(job);
                let mut inputs = self.base(job, TEMPLATE_THANKS, lang, &path, "thanks", &translations);
                // The contact page, to go back to: its title through its shared value.
                inputs.set("contact", self.shared.links[*id].clone());
                inputs
            }
        })
    }

    /// The page at an old address: what it leads to, its address from here for the refresh
    /// (a `content` attribute, which the HTML pass leaves as it is) and its canonical address.
    fn alias(&self, id: usize, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let (lang, target, to) = match site.aliases[id].to {
            // A page's title reaches the alias through its shared value, as it reaches its neighbours.
            AliasOf::Page(page) => (&site.pages[page].lang, self.shared.links[page].clone(), &site.pages[page].path),
            AliasOf::Section(section) => {
                let section = &site.sections[section];
                (&section.lang, link(&section.title, &section.path), &section.path)
            }
        };
        let values = vec![
            ("site", self.shared.globals[lang].clone()),
            ("lang", Value::from(lang.as_str())),
            ("path", Value::from(path.as_str())),
            ("kind", Value::from("alias")),
            ("target", target),
            ("refresh", Value::from(to.relative_from(path))),
            ("canonical", Value::from(site.config.base_url.absolute(to))),
        ];
        Inputs { template: TEMPLATE_ALIAS, values }
    }

    /// A page named `contact` uses `pages/contact.html` when the theme has one.
    fn page_template(&self, id: PageId) -> &'a str {
        let own = format!("pages/{}.html", self.site.pages[id].name);
        self.site.templates.iter().map(|t| t.name.as_str()).find(|name| *name == own).unwrap_or(TEMPLATE_PAGE)
    }

    /// What every page's context holds; `translations` are the same page in other languages.
    fn base(
        &self,
        job: &Job,
        template: &'a str,
        lang: &Language,
        path: &SitePath,
        kind: &str,
        translations: &[(Language, SitePath)],
    ) -> Inputs<'a> {
        let site = self.site;
        let language = site.config.language(lang);
        let description = language.tagline.as_deref().unwrap_or(&language.title);
        let (alternates, switch) = addresses(site, lang, path, translations, &self.outputs.nearest(job));
        let head = Head {
            canonical: Value::from(site.config.base_url.absolute(path)),
            alternates,
            switch,
            meta: meta(&language.title, description, false),
            // What shares a list is the same on all its pages: made once per build.
            share: match card_of(site, job).and_then(|of| self.shared.shares.get(&of)) {
                Some(value) => value.clone(),
                None => share::value(site, job),
            },
        };
        self.with_head(template, lang, path, kind, &head)
    }

    fn with_head(&self, template: &'a str, lang: &Language, path: &SitePath, kind: &str, head: &Head) -> Inputs<'a> {
        let values = vec![
            ("site", self.shared.globals[lang].clone()),
            ("lang", Value::from(lang.as_str())),
            ("path", Value::from(path.as_str())),
            ("kind", Value::from(kind)),
            ("canonical", head.canonical.clone()),
            ("meta", head.meta.clone()),
            ("alternates", head.alternates.clone()),
            ("switch", head.switch.clone()),
            ("share", head.share.clone()),
        ];
        Inputs { template, values }
    }

    /// A section's value for its list's page `number` (0: a page that is not one of its lists').
    fn section(&self, id: SectionId, number: usize) -> Value {
        self.shared.sections[id][usize::from(number != 1)].clone()
    }

    fn page(&self, id: PageId) -> Inputs<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let mut inputs = self.with_head(self.page_template(id), &page.lang, &page.path, "page", &self.shared.heads[id]);
        let section = &site.sections[page.section];
        // Newer and older neighbours exist only in lists.
        let position = section.paginate_by.map(|_| page.position);
        let neighbour = |offset: isize| {
            let index = position? as isize + offset;
            let other = *section.pages.get(usize::try_from(index).ok()?)?;
            Some(self.shared.links[other].clone())
        };
        inputs.set("page", self.shared.pages[id].clone());
        inputs.set("newer", Value::from(neighbour(-1)));
        inputs.set("older", Value::from(neighbour(1)));
        inputs.set("section", self.section(page.section, 1));
        inputs.set("breadcrumbs", self.shared.crumbs[page.section][1].clone());
        inputs
    }

    fn list(&self, id: SectionId, number: usize, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let section = &site.sections[id];
        let translations = self.outputs.translations(&Job::List(id, number));
        let (template, kind) = if section.is_home() { (TEMPLATE_HOME, "home") } else { (TEMPLATE_SECTION, "section") };
        let mut inputs = self.base(&Job::List(id, number), template, &section.lang, path, kind, &translations);
        let language = site.config.language(&section.lang);
        let description = section.summary.as_deref().or(language.tagline.as_deref()).unwrap_or(&language.title);
        inputs.set("meta", meta(&section.title, description, false));
        inputs.set("section", self.section(id, number));
        inputs.set("breadcrumbs", self.shared.crumbs[id][0].clone());
        if let Some(by) = section.paginate_by {
            inputs.set("paginator", self.paginator(&section.pages, by, number, &section.path));
        }
        if section.is_home() {
            inputs.set("lists", self.shared.lists[&section.lang].clone());
        }
        inputs
    }

    /// A year's archive of a section: its activities, titles only.
    fn year(&self, id: SectionId, year: i32, number: usize, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let section = &site.sections[id];
        let translations = self.outputs.translations(&Job::Year(id, year, number));
        let mut inputs =
            self.base(&Job::Year(id, year, number), TEMPLATE_YEAR, &section.lang, path, "year", &translations);
        let pages = section.years.iter().find(|(y, _)| *y == year).map_or(&[][..], |(_, pages)| pages.as_slice());
        let first = site.sections[id].path.join(&year_slug(year));
        inputs.set("section", self.section(id, 0));
        inputs.set("year", map([("year", Value::from(year)), ("path", Value::from(first.as_str()))]));
        inputs.set("paginator", self.paginator(pages, YEAR_PAGE, number, &first));
        inputs.set("breadcrumbs", self.shared.crumbs[id][1].clone());
        inputs
    }

    /// A feed of the newest activities of a language or a tag, with absolute links.
    fn feed(&self, of: &FeedOf, format: Format, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let base = &site.config.base_url;
        let (lang, page, pages, name) = match of {
            FeedOf::Language(lang) => (lang, site.config.language(lang).home.clone(), site.listed_pages(lang), None),
            FeedOf::Tag(id) => {
                let tag = &site.tags[*id];
                (&tag.lang, tag.path.clone(), tag.pages.clone(), Some(tag.name.as_str()))
            }
        };
        let template = match format {
            Format::Rss => TEMPLATE_RSS,
            Format::Atom => TEMPLATE_ATOM,
        };
        let mut inputs = self.base(&Job::Feed(of.clone(), format), template, lang, path, "feed", &[]);
        let stamp = |date: Option<NaiveDate>| date.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
        let items: Vec<Value> =
            pages.iter().take(site.config.feeds.items).map(|&id| self.shared.feed_items[id].clone()).collect();
        let newest =
            stamp(pages.iter().take(site.config.feeds.items).filter_map(|&id| site.pages[id].modified()).max());
        inputs.set(
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
        inputs
    }

    /// The search page, whose script fetches the index beside it.
    fn search(&self, lang: &Language, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let translations = self.outputs.translations(&Job::Search(lang.clone()));
        let mut inputs = self.base(&Job::Search(lang.clone()), TEMPLATE_SEARCH, lang, path, "search", &translations);
        inputs.set("breadcrumbs", self.shared.crumbs[site.home_id(lang)][1].clone());
        inputs.set("lists", self.shared.lists[lang].clone());
        inputs
    }

    fn tags(&self, lang: &Language, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let translations = self.outputs.translations(&Job::Tags(lang.clone()));
        let mut inputs = self.base(&Job::Tags(lang.clone()), TEMPLATE_TAGS, lang, path, "tags", &translations);
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
        inputs.set("tags", Value::from(tags.into_iter().map(|(_, v)| v).collect::<Vec<_>>()));
        inputs.set("breadcrumbs", self.shared.crumbs[site.home_id(lang)][1].clone());
        inputs
    }

    fn tag(&self, id: TagId, number: usize, path: &SitePath) -> Inputs<'a> {
        let site = self.site;
        let tag = &site.tags[id];
        let translations = self.outputs.translations(&Job::Tag(id, number));
        let mut inputs = self.base(&Job::Tag(id, number), TEMPLATE_TAG, &tag.lang, path, "tag", &translations);
        inputs.set(
            "tag",
            map([
                ("name", Value::from(tag.name.as_str())),
                ("path", Value::from(tag.path.as_str())),
                ("count", Value::from(tag.pages.len())),
            ]),
        );
        inputs.set("paginator", self.paginator(&tag.pages, site.config.paginate_by, number, &tag.path));
        // The tag list has no title of its own: the theme names it.
        let crumbs = vec![
            link(&site.home(&tag.lang).title, &site.config.language(&tag.lang).home),
            link("", &site.tags_path(&tag.lang)),
        ];
        inputs.set("breadcrumbs", Value::from(crumbs));
        inputs
    }

    /// Page `number` of a list of `items`, `by` a page, whose first page is at `path`.
    fn paginator(&self, items: &[PageId], by: usize, number: usize, path: &SitePath) -> Value {
        let count = list_pages(items.len(), by);
        let shown: Vec<Value> =
            items.iter().skip((number - 1) * by).take(by).map(|&p| self.shared.summaries[p].clone()).collect();
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

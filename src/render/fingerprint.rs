//! Fingerprints of outputs: a number that changes whenever something an output shows changes.
//! `serve` renders again only the outputs whose fingerprint changed after an edit. Each is
//! made of hashes computed once per build (a page's summary, a text, a template and what it
//! includes), so that fingerprinting every output costs far less than rendering one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use tera::Value;
use tera::value::ValueKind;

use super::{FeedOf, Job, Renderer};
use crate::model::{Section, SectionId, Site};
use crate::url::Language;

/// What the fingerprints of a build are made of.
pub(super) struct Hashes {
    /// Per language: the `site` value, the theme's strings, the names of all languages.
    globals: BTreeMap<Language, u64>,
    /// Per language: what the `section()` function can show (every list and its pages).
    listings: BTreeMap<Language, u64>,
    /// Per page: what a list shows of it.
    summaries: Vec<u64>,
    /// Per template: its text and the texts of the templates it extends or includes.
    templates: HashMap<String, u64>,
}

impl Hashes {
    pub fn new(site: &Site, globals: &BTreeMap<Language, Value>, summaries: &[Value]) -> Hashes {
        let summaries: Vec<u64> = summaries.iter().map(|v| hash_of(|h| hash_value(v, h))).collect();
        let listings = listings(site, &summaries);
        Hashes {
            globals: global_hashes(site, globals),
            listings,
            summaries,
            templates: template_hashes(&site.templates),
        }
    }

    /// After the `site` values changed.
    pub fn update_globals(&mut self, site: &Site, globals: &BTreeMap<Language, Value>) {
        self.globals = global_hashes(site, globals);
    }

    /// After the values of `pages` changed.
    pub fn update(&mut self, site: &Site, summaries: &[Value], pages: &[usize]) {
        for &id in pages {
            self.summaries[id] = hash_of(|h| hash_value(&summaries[id], h));
        }
        self.listings = listings(site, &self.summaries);
    }
}

impl Renderer {
    /// Equal fingerprints, equal outputs.
    pub fn fingerprint(&self, job: &Job) -> u64 {
        let site = &*self.site;
        let hashes = &self.hashes;
        hash_of(|h| {
            if let Some(lang) = self.language(job) {
                hashes.globals[lang].hash(h);
            }
            hashes.templates.get(self.template(job)).hash(h);
            match job {
                Job::Page(id) => {
                    let page = &site.pages[*id];
                    (
                        hashes.summaries[*id],
                        page.text.hash,
                        page.updated,
                        &page.image.as_ref().map(|i| (&i.path, &i.alt, &i.picture)),
                    )
                        .hash(h);
                    section_hash(site, page.section, 1, h);
                    ancestors(site, Some(page.section), h);
                    for &t in &page.translations {
                        (&site.pages[t].lang, &site.pages[t].path).hash(h);
                    }
                    let section = &site.sections[page.section];
                    if section.paginate_by.is_some() {
                        let neighbours = [page.position.checked_sub(1), Some(page.position + 1)];
                        for other in neighbours.into_iter().flatten().filter_map(|p| section.pages.get(p)) {
                            (&site.pages[*other].title, &site.pages[*other].path).hash(h);
                        }
                        site.list_page_of(*id).hash(h);
                    }
                }
                Job::List(id, number) => {
                    let section = &site.sections[*id];
                    section_hash(site, *id, *number, h);
                    ancestors(site, section.parent, h);
                    for &t in &section.translations {
                        (&site.sections[t].path, site.sections[t].page_count()).hash(h);
                    }
                    if let Some(by) = section.paginate_by {
                        items(&section.pages, by, *number, &hashes.summaries, h);
                    }
                    if section.is_home() {
                        hashes.listings[&section.lang].hash(h);
                    }
                }
                Job::Tags(lang) => {
                    for tag in site.tags.iter().filter(|t| &t.lang == lang) {
                        (&tag.name, &tag.path, tag.pages.len()).hash(h);
                    }
                    site.home(lang).title.hash(h);
                }
                Job::Tag(id, number) => {
                    let tag = &site.tags[*id];
                    (&tag.name, &tag.path, number, self.tag_translations(*id, *number)).hash(h);
                    items(&tag.pages, site.config.paginate_by, *number, &hashes.summaries, h);
                }
                Job::NotFound(lang) | Job::Search(lang) => hashes.listings[lang].hash(h),
                Job::File(id) => (&site.files[*id].source, &site.files[*id].path).hash(h),
                Job::Made(id) => self.made[*id].bytes.hash(h),
                Job::Card(of, shape) => {
                    (super::share::card(site, of), shape, site.card_fonts.as_ref().map(crate::cards::Fonts::hash))
                        .hash(h)
                }
                Job::Feed(of, _) => {
                    let pages = match of {
                        FeedOf::Language(lang) => site.listed_pages(lang),
                        FeedOf::Tag(id) => site.tags[*id].pages.clone(),
                    };
                    pages.len().hash(h);
                    for &id in pages.iter().take(site.config.feeds.items) {
                        (hashes.summaries[id], site.pages[id].updated).hash(h);
                        if site.config.feeds.full_text {
                            site.pages[id].text.hash.hash(h);
                        }
                    }
                }
                Job::Year(id, year, number) => {
                    let section = &site.sections[*id];
                    section_hash(site, *id, 0, h);
                    ancestors(site, Some(*id), h);
                    (year, number, self.year_translations(*id, *year, *number)).hash(h);
                    let pages = section.years.iter().find(|(y, _)| y == year).map_or(&[][..], |(_, p)| p.as_slice());
                    items(pages, super::YEAR_PAGE, *number, &hashes.summaries, h);
                }
            }
        })
    }
}

/// Per language: the `site` value, the theme's strings, the names of all languages.
fn global_hashes(site: &Site, globals: &BTreeMap<Language, Value>) -> BTreeMap<Language, u64> {
    let names: Vec<&str> = site.config.languages.iter().map(|l| site.strings[&l.code].name.as_str()).collect();
    globals
        .iter()
        .map(|(lang, value)| {
            let strings = format!("{:?}", site.strings[lang]);
            let hash = hash_of(|h| {
                hash_value(value, h);
                (strings, &names).hash(h);
            });
            (lang.clone(), hash)
        })
        .collect()
}

/// Per language: a hash of every list and its pages.
fn listings(site: &Site, summaries: &[u64]) -> BTreeMap<Language, u64> {
    site.config
        .languages
        .iter()
        .map(|l| {
            let hash = hash_of(|h| {
                for section in site.sections.iter().filter(|s| s.lang == l.code) {
                    (&section.title, &section.path, &section.dir).hash(h);
                    section.pages.iter().for_each(|&p| summaries[p].hash(h));
                }
            });
            (l.code.clone(), hash)
        })
        .collect()
}

/// What a list shows of its section, and the page number.
fn section_hash(site: &Site, id: SectionId, number: usize, h: &mut DefaultHasher) {
    let section: &Section = &site.sections[id];
    (&section.title, &section.summary, &section.path, section.pages.len(), number).hash(h);
    section.years.iter().for_each(|(year, pages)| (year, pages.len()).hash(h));
    if number == 1 {
        section.text.hash.hash(h);
    }
}

/// The breadcrumbs: the sections from `from` up to the home.
fn ancestors(site: &Site, mut from: Option<SectionId>, h: &mut DefaultHasher) {
    while let Some(id) = from {
        (&site.sections[id].title, &site.sections[id].path).hash(h);
        from = site.sections[id].parent;
    }
}

/// The pages shown on page `number` of a list, and how many there are.
fn items(pages: &[usize], by: usize, number: usize, summaries: &[u64], h: &mut DefaultHasher) {
    pages.len().hash(h);
    pages.iter().skip((number - 1) * by).take(by).for_each(|&p| summaries[p].hash(h));
}

fn hash_of(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut hasher = DefaultHasher::new();
    f(&mut hasher);
    hasher.finish()
}

/// Hashes a template value as templates see it.
fn hash_value(value: &Value, h: &mut DefaultHasher) {
    value.kind().hash(h);
    match value.kind() {
        ValueKind::String => value.as_str().hash(h),
        ValueKind::Array => value.as_array().unwrap_or_default().iter().for_each(|v| hash_value(v, h)),
        ValueKind::Map => {
            for (key, v) in value.as_map().into_iter().flatten() {
                key.hash(h);
                hash_value(v, h);
            }
        }
        _ => value.to_string().hash(h),
    }
}

/// Each template's hash covers the templates it extends, includes or imports, all the way.
fn template_hashes(templates: &[(String, std::path::PathBuf, String)]) -> HashMap<String, u64> {
    let texts: HashMap<&str, &str> = templates.iter().map(|(name, _, text)| (name.as_str(), text.as_str())).collect();
    let uses = |text: &str| -> Vec<String> {
        ["extends \"", "include \"", "import \""]
            .iter()
            .flat_map(|keyword| text.match_indices(keyword).map(move |(at, k)| (at + k.len(), k)))
            .filter_map(|(start, _)| text[start..].split('"').next().map(str::to_string))
            .collect()
    };
    texts
        .keys()
        .map(|&name| {
            let mut seen = HashSet::new();
            let mut todo = vec![name.to_string()];
            let mut hasher = DefaultHasher::new();
            while let Some(next) = todo.pop() {
                if let Some(text) = texts.get(next.as_str())
                    && seen.insert(next.clone())
                {
                    (&next, text).hash(&mut hasher);
                    todo.extend(uses(text));
                }
            }
            (name.to_string(), hasher.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_hash_follows_what_it_extends_and_includes() {
        let template = |name: &str, text: &str| (name.to_string(), std::path::PathBuf::new(), text.to_string());
        let before = template_hashes(&[
            template("base.html", "<body>{% block content %}{% endblock content %}</body>"),
            template(
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"card.html\" %}{% endblock content %}",
            ),
            template("card.html", "<article>"),
            template("tags.html", "{% extends \"base.html\" %}"),
        ]);
        let after = template_hashes(&[
            template("base.html", "<body>{% block content %}{% endblock content %}</body>"),
            template(
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"card.html\" %}{% endblock content %}",
            ),
            template("card.html", "<article class=\"card\">"),
            template("tags.html", "{% extends \"base.html\" %}"),
        ]);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(before["card.html"], after["card.html"]);
        assert_eq!(before["tags.html"], after["tags.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
    }
}

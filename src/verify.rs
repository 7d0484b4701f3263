//! What `check` and `build` verify alike, once the site is made: that the links of the texts
//! lead to pages and anchors that exist (an error: `build` stops on it as `check` does), and the
//! warnings that need the whole site: translations missing or older than their original, French
//! typography slips, updates dated before their page, the notices the site owes.
//!
//! The anchors of the outputs come from the one HTML pass that renders them
//! ([`crate::render::Output::ids`]): nothing here reads HTML.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Location, Problem, closest};
use crate::frontmatter::PageMeta;
use crate::load::{Document, Meta, Sources};
use crate::model::Site;
use crate::text::percent_decode;
use crate::typography;
use crate::url::{SitePath, Slug};

/// Every output of a build by its path, with the `id`s of its HTML: where links may lead.
/// An output that could not be made is there without its `id`s: links to it are not followed.
#[derive(Debug, Default)]
pub struct Anchors(HashMap<SitePath, Option<HashSet<String>>>);

impl Anchors {
    pub fn new(outputs: impl IntoIterator<Item = (SitePath, Vec<String>)>) -> Anchors {
        Anchors(outputs.into_iter().map(|(path, ids)| (path, Some(ids.into_iter().collect()))).collect())
    }

    /// With outputs whose `id`s are not known: their rendering failed, and is told already.
    pub fn unknown(mut self, paths: impl IntoIterator<Item = SitePath>) -> Anchors {
        self.0.extend(paths.into_iter().map(|path| (path, None)));
        self
    }

    /// The anchors of the output at `path`, if it exists; a server answers `/activites/x`
    /// with `/activites/x/`.
    fn of(&self, path: &str) -> Option<&Option<HashSet<String>>> {
        let found = |p: &str| SitePath::from_link(p).and_then(|p| self.0.get(&p));
        found(path).or_else(|| found(&format!("{path}/")))
    }
}

/// The links of the texts to pages that do not exist, or to anchors missing from their page;
/// those of pages left out for their errors too, but for their links within themselves.
pub fn links(site: &Site, anchors: &Anchors) -> Vec<Error> {
    let texts = site
        .pages
        .iter()
        .map(|p| (p.file.as_path(), Some(&p.path), &p.text.links))
        .chain(site.sections.iter().filter_map(|s| Some((s.file.as_deref()?, Some(&s.path), &s.text.links))))
        .chain(site.refused.iter().map(|(file, text)| (file.as_path(), None, &text.links)));
    let mut found = Vec::new();
    for (file, own_path, links) in texts {
        for ((line, column), target) in links {
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = match (path, own_path) {
                ("", Some(own)) => own.as_str(),
                ("", None) => continue,
                (path, _) => path,
            };
            let problem = match anchors.of(path.split('?').next().unwrap_or(path)) {
                None => Problem::BrokenLink { target: target.clone() },
                Some(Some(ids)) if !fragment.is_empty() && !ids.contains(fragment) => {
                    Problem::BrokenAnchor { target: target.clone(), closest: closest_anchor(fragment, ids) }
                }
                Some(_) => continue,
            };
            found.push(Error::at(Location::at(file, *line, *column), problem));
        }
    }
    found
}

/// The anchor of a page a mistaken one most likely means: the same heading once its accents,
/// capitals and spaces are folded (`#Résumé des étapes` for `#resume-des-etapes`), or one a
/// letter or two away.
fn closest_anchor(fragment: &str, ids: &HashSet<String>) -> Option<String> {
    let decoded = percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
    let folded = Slug::from_text(&decoded).map_or(decoded, |slug| slug.to_string());
    if ids.contains(&folded) {
        return Some(folded);
    }
    let mut candidates: Vec<String> = ids.iter().cloned().collect();
    candidates.sort();
    closest(&folded, &candidates).map(str::to_string)
}

/// The warnings that need the whole site, sorted with the others by the caller.
pub fn warnings(sources: &Sources, site: &Site) -> Vec<Error> {
    let mut found = translations(sources);
    found.extend(slips(sources));
    found.extend(crate::notices::missing(sources));
    found.extend(updates_before_dates(sources, site));
    found.extend(unpaired_tags(sources, site));
    found.extend(sources.documents.iter().flat_map(|doc| doc.strays.iter().cloned()));
    let config = &site.config;
    if config.base_url.is_placeholder() {
        let problem = Problem::PlaceholderAddress { url: config.base_url.to_string() };
        found.push(Error::at(Location::line(&config.file, config.base_url_line), problem));
    }
    found
}

/// Tags with no counterpart at their place in a page's translation ([`model::unpaired_tags`]),
/// and translations whose tags seem out of order ([`model::misplaced_tags`]).
fn unpaired_tags(sources: &Sources, site: &Site) -> Vec<Error> {
    let file = |id: usize| &site.pages[id].file;
    let unpaired: Vec<Error> = crate::model::unpaired_tags(site)
        .into_iter()
        .filter_map(|(page, tag, translation)| {
            let doc = sources.documents.iter().find(|d| &d.file.shown == file(page))?;
            let problem = Problem::UnpairedTag {
                tag: site.tags[tag].name.clone(),
                language: site.pages[translation].lang.to_string(),
                translation: file(translation).display().to_string(),
            };
            Some(Error::at(doc.key_location("tags"), problem))
        })
        .collect();
    let misplaced = crate::model::misplaced_tags(site).into_iter().filter_map(|(tag, translation, placed, named)| {
        let doc = sources.documents.iter().find(|d| &d.file.shown == file(translation))?;
        let name = |id: usize| site.tags[id].name.clone();
        let problem = Problem::TagsOutOfOrder { tag: name(tag), placed: name(placed), named: name(named) };
        Some(Error::at(doc.key_location("tags"), problem))
    });
    unpaired.into_iter().chain(misplaced).collect()
}

/// Pages without a translation, translations not done yet or older than their original.
fn translations(sources: &Sources) -> Vec<Error> {
    let config = &sources.config;
    let by_file: HashMap<&Path, &Document> = sources.documents.iter().map(|d| (d.file.rel.as_path(), d)).collect();
    let mut found = Vec::new();
    for doc in &sources.documents {
        if config.is_default(&doc.lang) {
            for lang in config.languages.iter().filter(|l| !config.is_default(&l.code)) {
                let translation = doc.rel_in(&lang.code, config);
                if !by_file.contains_key(translation.as_path()) {
                    let file = doc.file.shown.with_file_name(translation.file_name().unwrap_or_default());
                    let problem =
                        Problem::Untranslated { language: lang.code.to_string(), file: file.display().to_string() };
                    found.push(Error::at(Location::file(&doc.file.shown), problem));
                }
            }
            continue;
        }
        let Some(original) = by_file.get(doc.rel_in(&config.default_language, config).as_path()) else { continue };
        let (Meta::Page(meta), Meta::Page(original_meta)) = (&doc.meta, &original.meta) else { continue };
        if meta.draft && !original_meta.draft {
            found.push(Error::at(doc.key_location("draft"), Problem::NotYetTranslated));
        }
        if let Some(problem) = outdated(meta, original_meta) {
            let key = if meta.updated.is_some() { "updated" } else { "date" };
            found.push(Error::at(doc.key_location(key), problem));
        }
    }
    found
}

/// A translation whose date (`updated:`, or else `date:`) is before its original's: the days
/// compared, whatever time each is written with.
pub fn outdated(translation: &PageMeta, original: &PageMeta) -> Option<Problem> {
    let when = |m: &PageMeta| m.updated.clone().or_else(|| m.date.clone());
    let day = |written: &String| crate::date::parse_day(written.trim());
    let (date, original_date) = (when(translation)?, when(original)?);
    (day(&date)? < day(&original_date)?).then_some(Problem::OutdatedTranslation { date, original_date })
}

/// Pages whose `updated:` is not after their date: the update is not shown.
fn updates_before_dates(sources: &Sources, site: &Site) -> Vec<Error> {
    let by_file: HashMap<&Path, &Document> = sources.documents.iter().map(|d| (d.file.shown.as_path(), d)).collect();
    site.pages
        .iter()
        .filter_map(|page| {
            let (updated, date) = (page.updated?, page.date?);
            let doc = by_file.get(page.file.as_path()).filter(|_| updated <= date)?;
            let problem = Problem::UpdatedBeforeDate { updated: updated.to_string(), date: date.to_string() };
            Some(Error::at(doc.key_location("updated"), problem))
        })
        .collect()
}

/// Typography slips in the site's French texts.
fn slips(sources: &Sources) -> Vec<Error> {
    sources
        .documents
        .iter()
        .filter(|doc| doc.lang.as_str() == "fr")
        .flat_map(|doc| {
            typography::slips(&doc.body).into_iter().map(|((line, column), problem)| {
                Error::at(Location::at(&doc.file.shown, doc.body_line + line, column), problem)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_anchor_is_the_heading_meant() {
        let ids: HashSet<String> = ["resume-des-etapes", "contact", "plan-2026"].map(String::from).into();
        assert_eq!(closest_anchor("Résumé-des-étapes", &ids).as_deref(), Some("resume-des-etapes"));
        assert_eq!(closest_anchor("r%C3%A9sum%C3%A9-des-%C3%A9tapes", &ids).as_deref(), Some("resume-des-etapes"));
        assert_eq!(closest_anchor("resume-des-etape", &ids).as_deref(), Some("resume-des-etapes"));
        assert_eq!(closest_anchor("plan-2025", &ids).as_deref(), Some("plan-2026"));
        assert_eq!(closest_anchor("ailleurs", &ids), None);
    }

    #[test]
    fn a_path_is_found_with_or_without_its_last_slash() {
        let anchors = Anchors::new([(SitePath::from_link("/activites/x/").unwrap(), vec!["plan".into()])]);
        assert!(anchors.of("/activites/x/").is_some_and(|ids| ids.as_ref().unwrap().contains("plan")));
        assert!(anchors.of("/activites/x").is_some());
        assert!(anchors.of("/activites/y/").is_none());
    }
}

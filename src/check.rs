//! `cnr-site check`: everything a build would report, plus links and anchors that lead
//! nowhere, missing or outdated translations and French typography slips. Writes nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Location, Problem};
use crate::frontmatter::PageMeta;
use crate::html::Pass;
use crate::images;
use crate::load::{self, Document, Meta, Sources};
use crate::manifest::Manifest;
use crate::model::{self, Site};
use crate::render::{self, Body};
use crate::url::OutputFile;
use crate::{addresses, typography};

/// Errors and warnings for the site at `root`, sorted by file and line; `output` holds the last
/// build, whose addresses must keep working.
pub fn check(root: &Path, output: &Path, options: &model::Options) -> Vec<Error> {
    let sources = match load::load(root) {
        Ok(sources) => sources,
        Err(errors) => return errors.0,
    };
    let mut found = translations(&sources);
    found.extend(slips(&sources));
    found.extend(crate::notices::missing(&sources));
    // Photos already made are in the cache: checking them again costs little.
    let pictures = images::process(&sources.assets, images::Cache::Read(&root.join(images::CACHE)), None, &|_, _| {});
    match model::build(&sources, &pictures, options, None) {
        Err(errors) => found.extend(errors.0),
        Ok(site) => {
            found.extend(updates_before_dates(&sources, &site));
            found.extend(unpaired_tags(&sources, &site));
            let site = std::sync::Arc::new(site);
            match render::render(site.clone()) {
                Err(errors) => found.extend(errors.0),
                Ok(outputs) => {
                    found.extend(links(&site, &outputs));
                    let published = outputs.iter().map(|o| OutputFile::of(&o.path)).collect();
                    let previous = Manifest::read(output).ok().flatten();
                    let shown_root = &sources.shown_root;
                    found.extend(addresses::compare(&site, previous.as_ref(), output, &published, shown_root));
                }
            }
        }
    }
    crate::error::Errors::sorted(found).0
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

/// A translation whose date (`updated:`, or else `date:`) is before its original's.
pub fn outdated(translation: &PageMeta, original: &PageMeta) -> Option<Problem> {
    let when = |m: &PageMeta| m.updated.clone().or_else(|| m.date.clone());
    let (date, original_date) = (when(translation)?, when(original)?);
    (date < original_date).then_some(Problem::OutdatedTranslation { date, original_date })
}

/// Pages whose `updated:` is not after their date: the update is not shown.
fn updates_before_dates(sources: &Sources, site: &Site) -> Vec<Error> {
    site.pages
        .iter()
        .filter_map(|page| {
            let (updated, date) = (page.updated?, page.date?);
            let doc = sources.documents.iter().find(|d| d.file.shown == page.file).filter(|_| updated <= date)?;
            let problem = Problem::UpdatedBeforeDate { updated: updated.to_string(), date: date.to_string() };
            Some(Error::at(doc.key_location("updated"), problem))
        })
        .collect()
}

/// Tags with no counterpart at their place in a page's translation ([`model::unpaired_tags`]),
/// and translations whose tags seem out of order ([`model::misplaced_tags`]).
fn unpaired_tags(sources: &Sources, site: &Site) -> Vec<Error> {
    let file = |id: usize| &site.pages[id].file;
    let unpaired: Vec<Error> = model::unpaired_tags(site)
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
    let misplaced = model::misplaced_tags(site).into_iter().filter_map(|(tag, translation, placed, named)| {
        let doc = sources.documents.iter().find(|d| &d.file.shown == file(translation))?;
        let name = |id: usize| site.tags[id].name.clone();
        let problem = Problem::TagsOutOfOrder { tag: name(tag), placed: name(placed), named: name(named) };
        Some(Error::at(doc.key_location("tags"), problem))
    });
    unpaired.into_iter().chain(misplaced).collect()
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

/// Links in the texts to pages that do not exist, or to anchors missing from their page.
fn links(site: &Site, outputs: &[render::Output]) -> Vec<Error> {
    let ids: HashMap<&str, HashSet<String>> = outputs
        .iter()
        .map(|o| match &o.body {
            Body::Bytes(html) => {
                let ids = Pass { ids: true, ..Pass::keep() }.run(&String::from_utf8_lossy(html)).ids;
                (o.path.as_str(), ids.into_iter().collect())
            }
            Body::Copy(_) | Body::Link(_) => (o.path.as_str(), HashSet::new()),
        })
        .collect();
    let texts = site
        .pages
        .iter()
        .map(|p| (p.file.as_path(), &p.path, &p.text.links))
        .chain(site.sections.iter().filter_map(|s| Some((s.file.as_deref()?, &s.path, &s.text.links))));
    let mut found = Vec::new();
    for (file, own_path, links) in texts {
        for (line, target) in links {
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = if path.is_empty() { own_path.as_str() } else { path };
            // A server answers `/activites/x` with `/activites/x/`.
            let page = ids.get(path).or_else(|| ids.get(format!("{path}/").as_str()));
            let problem = match page {
                None => Some(Problem::BrokenLink { target: target.clone() }),
                Some(anchors) if !fragment.is_empty() && !anchors.contains(fragment) => {
                    Some(Problem::BrokenAnchor { target: target.clone() })
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                found.push(Error::at(Location::line(file, *line), problem));
            }
        }
    }
    found
}

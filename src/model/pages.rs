//! Pages: their dates (from `date:` or the file name), drafts and future dates, slugs and
//! paths, and their tags.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::sections::Paths;
use super::{LeftOut, Options, Page, PageId, Tag, TagId, Text, newest_first};
use crate::config::Config;
use crate::date;
use crate::error::{Error, Expected, Location, Problem};
use crate::load::{Document, Meta};
use crate::url::{Language, Slug};

/// What becomes of a page file.
#[allow(clippy::large_enum_variant)] // short-lived, and almost always `Published`
pub(super) enum Fate {
    Published(Page),
    Draft,
    Future,
    Refused,
}

/// The pages to publish, with the documents they come from (same index), what was left out,
/// and the files refused for their errors.
pub(super) fn pages<'d>(
    documents: &[&'d Document],
    paths: &Paths,
    options: &Options,
    text: &Arc<Text>,
    errors: &mut Vec<Error>,
) -> (Vec<Page>, Vec<&'d Document>, LeftOut, Vec<&'d Document>) {
    let fates: Vec<(Fate, Vec<Error>)> = documents
        .par_iter()
        .map(|doc| {
            let mut errors = Vec::new();
            (page(doc, paths, options, text, &mut errors), errors)
        })
        .collect();
    let mut left_out = LeftOut::default();
    let mut pages = Vec::new();
    let mut kept = Vec::new();
    let mut refused = Vec::new();
    for (&doc, (fate, mut more)) in documents.iter().zip(fates) {
        errors.append(&mut more);
        match fate {
            Fate::Published(page) => {
                pages.push(page);
                kept.push(doc);
            }
            Fate::Draft => left_out.drafts += 1,
            Fate::Future => left_out.future += 1,
            Fate::Refused => refused.push(doc),
        }
    }
    (pages, kept, left_out, refused)
}

pub(super) fn page(
    doc: &Document,
    paths: &Paths,
    options: &Options,
    text: &Arc<Text>,
    errors: &mut Vec<Error>,
) -> Fate {
    let Meta::Page(meta) = &doc.meta else { return Fate::Refused };
    let Some(date) = page_date(doc, errors) else { return Fate::Refused };
    if !options.drafts {
        if meta.draft {
            return Fate::Draft;
        }
        if date.is_some_and(|d| d > options.today) {
            return Fate::Future;
        }
    }
    let updated = meta.updated.as_ref().and_then(|text| parse_date(doc, "updated", text, errors));
    let name = strip_date_prefix(&doc.stem).0.to_string();
    let slug = match &meta.slug {
        Some(slug) => checked_slug(doc, slug, errors),
        None => Slug::from_text(&name).or_else(|| {
            errors.push(Error::at(Location::file(&doc.file.shown), Problem::NoSlug));
            None
        }),
    };
    let Some(slug) = slug else { return Fate::Refused };
    Fate::Published(Page {
        file: doc.file.shown.clone(),
        lang: doc.lang.clone(),
        name,
        title: meta.title.trim().to_string(),
        date,
        updated,
        place: meta.place.clone().filter(|p| !p.trim().is_empty()),
        summary: meta.summary.clone().unwrap_or_default(),
        tags: Vec::new(),
        image: None,
        path: paths.dir_path(doc.dir(), &doc.lang).join(&slug),
        text: text.clone(),
        section: 0,
        position: 0,
        translations: Vec::new(),
        draft: meta.draft,
    })
}

/// The most tags a page may have. Each is a page of its own, with its feeds and share card, whose
/// entry for the page names them all: a page of thousands of tags would write gigabytes.
pub const MAX_TAGS: usize = 20;

/// Tags, per language, newest page first; a tag is named as the newest page spells it.
pub(super) fn tags(pages: &mut [Page], documents: &[&Document], config: &Config, errors: &mut Vec<Error>) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    let mut index: HashMap<(Language, Slug), TagId> = HashMap::new();
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    for id in order {
        let Meta::Page(meta) = &documents[id].meta else { continue };
        if meta.tags.len() > MAX_TAGS {
            let problem = Problem::TooManyTags { count: meta.tags.len(), max: MAX_TAGS };
            errors.push(Error::at(documents[id].key_location("tags"), problem));
            continue;
        }
        let mut page_tags = Vec::new();
        for name in &meta.tags {
            let Some(slug) = Slug::from_text(name) else {
                let problem = Problem::Invalid { key: "tags".into(), value: name.clone(), expected: Expected::Tag };
                errors.push(Error::at(documents[id].key_location("tags"), problem));
                continue;
            };
            let lang = pages[id].lang.clone();
            let tag = *index.entry((lang.clone(), slug.clone())).or_insert_with(|| {
                let language = config.language(&lang);
                let path = language.home.join(&language.tags_slug).join(&slug);
                tags.push(Tag {
                    lang,
                    name: name.trim().to_string(),
                    path,
                    pages: Vec::new(),
                    translations: Vec::new(),
                });
                tags.len() - 1
            });
            if !page_tags.contains(&tag) {
                page_tags.push(tag);
                tags[tag].pages.push(id);
            }
        }
        pages[id].tags = page_tags;
    }
    super::tags::pair(&mut tags, pages, &config.default_language);
    tags
}

pub(super) fn checked_slug(doc: &Document, slug: &str, errors: &mut Vec<Error>) -> Option<Slug> {
    Slug::parse(slug).or_else(|| {
        let suggestion = Slug::from_text(slug).map_or_else(|| "activite-2026".to_string(), |s| s.to_string());
        errors.push(Error::at(doc.key_location("slug"), Problem::BadSlug { value: slug.to_string(), suggestion }));
        None
    })
}

/// `2026-02-06-signature` → (`signature`, Some("2026-02-06")).
fn strip_date_prefix(stem: &str) -> (&str, Option<&str>) {
    let bytes = stem.as_bytes();
    // `2026-02-06-x`, and as other tools and people name files: `2026-02-06 x`, `2026-02-06_x`.
    let shaped = bytes.len() > 11
        && stem.is_char_boundary(10)
        && date::is_shaped(&stem[..10])
        && matches!(bytes[10], b'-' | b'_' | b' ');
    if shaped { (&stem[11..], Some(&stem[..10])) } else { (stem, None) }
}

/// The page's date from `date:` or its file name; `None` when a date is wrong.
fn page_date(doc: &Document, errors: &mut Vec<Error>) -> Option<Option<NaiveDate>> {
    let Meta::Page(meta) = &doc.meta else { return Some(None) };
    let file_date = match strip_date_prefix(&doc.stem).1 {
        Some(text) => match date::parse(text) {
            Some(date) if !date::YEARS.contains(&date.year()) => {
                let problem = Problem::DateOutOfRange { key: "file name".into(), value: text.to_string() };
                errors.push(Error::at(Location::file(&doc.file.shown), problem));
                return None;
            }
            Some(date) => Some(date),
            None => {
                let problem = Problem::ImpossibleDate { key: "file name".into(), value: text.to_string() };
                errors.push(Error::at(Location::file(&doc.file.shown), problem));
                return None;
            }
        },
        None => None,
    };
    let date = match &meta.date {
        Some(text) => Some(parse_date(doc, "date", text, errors)?),
        None => None,
    };
    if let (Some(file_date), Some(date)) = (file_date, date)
        && file_date != date
    {
        let problem = Problem::DateMismatch { file_date: file_date.to_string(), date: date.to_string() };
        errors.push(Error::at(doc.key_location("date"), problem));
        return None;
    }
    Some(date.or(file_date))
}

/// A date of the front-matter: a day, maybe with a time (`2024-01-05 10:00`,
/// `2024-01-05T10:00:00+01:00`), of which the day is kept.
fn parse_date(doc: &Document, key: &str, text: &str, errors: &mut Vec<Error>) -> Option<NaiveDate> {
    let text = text.trim();
    let out_of_range = |d: &NaiveDate| !date::YEARS.contains(&d.year());
    if let Some(found) = date::parse_day(text).filter(out_of_range) {
        let problem = Problem::DateOutOfRange { key: key.to_string(), value: found.to_string() };
        errors.push(Error::at(doc.key_location(key), problem));
        return None;
    }
    date::parse_day(text).or_else(|| {
        let at = doc.key_location(key);
        let (key, value) = (key.to_string(), text.to_string());
        let day = text.get(..10).filter(|day| date::is_shaped(day));
        let problem = match day {
            Some(day) if date::parse(day).is_none() => Problem::ImpossibleDate { key, value },
            _ => Problem::BadDate { key, suggestion: date::suggestion(&value), value },
        };
        errors.push(Error::at(at, problem));
        None
    })
}

/// The first `max` characters of `text`, cut at a word and ended with « … ».
pub(super) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix_is_taken_from_file_names() {
        assert_eq!(strip_date_prefix("2026-02-06-signature-plan"), ("signature-plan", Some("2026-02-06")));
        assert_eq!(strip_date_prefix("contact"), ("contact", None));
        assert_eq!(strip_date_prefix("2026-02-06"), ("2026-02-06", None));
        assert_eq!(strip_date_prefix("2026-03-08 Réunion à Gao (2)"), ("Réunion à Gao (2)", Some("2026-03-08")));
        assert_eq!(strip_date_prefix("2026-03-08_convoi"), ("convoi", Some("2026-03-08")));
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("un deux trois quatre", 10), "un deux…");
        assert_eq!(shorten("court", 10), "court");
    }
}

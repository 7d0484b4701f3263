//! What a page gives the places where it is shared: the pictures of its link preview (its share
//! card, or the activity's photo when `site.yaml` says `share: { photo: true }`), with their size
//! and description, and the links that share it on WhatsApp, Facebook, X or by e-mail. Plain
//! links: nothing is asked of those sites before a visitor follows one.

use std::collections::HashSet;

use tera::Value;

use super::jobs::{CardOf, Job, card_jobs, card_language, card_of, card_path};
use super::values::map;
use crate::cards::{Card, Shape};
use crate::error::{Error, Location, Problem};
use crate::model::{Page, Site};
use crate::text::percent_encode;
use crate::typography;
use crate::url::SitePath;

/// What a card shows, in its language, set by the language's typography: an activity's place
/// and date above its title; the institution's name and the site's address at the bottom. The
/// home, whose title is the institution's name, shows the tagline instead.
pub(super) fn card(site: &Site, of: &CardOf) -> Card {
    let lang = card_language(site, of);
    let strings = &site.strings[lang];
    let config = site.config.language(lang);
    let string = |key: &str, args: &[(&str, String)], otherwise: &str| {
        strings.get(key, args).unwrap_or_else(|| otherwise.to_string())
    };
    let (kicker, title) = match of {
        CardOf::Page(id) => {
            let page = &site.pages[*id];
            let date = page.date.map(|d| strings.date(d));
            let kicker: Vec<&str> = page.place.iter().map(String::as_str).chain(date.as_deref()).collect();
            (Some(kicker.join(" · ")).filter(|k| !k.is_empty()), page.title.clone())
        }
        CardOf::List(id) => {
            let title = &site.sections[*id].title;
            let home = site.sections[*id].is_home() && *title == config.title;
            (None, config.tagline.clone().filter(|_| home).unwrap_or_else(|| title.clone()))
        }
        CardOf::Tags(_) => (None, string("tags", &[], "Tags")),
        CardOf::Tag(id) => (None, string("tagged", &[("tag", site.tags[*id].name.clone())], &site.tags[*id].name)),
        CardOf::Year(_, year) => (None, string("year_title", &[("year", year.to_string())], &year.to_string())),
        CardOf::Search(_) => (None, string("search_title", &[], "Search")),
    };
    let set = |text: &str| typography::plain(text, strings.typography);
    let base = site.config.base_url.to_string();
    let address = base.split_once("://").map_or(base.as_str(), |(_, rest)| rest).trim_end_matches('/');
    Card { kicker: kicker.as_deref().map(set), title: set(&title), footer: set(&config.title), address: address.into() }
}

/// Content files published where a card goes: each would hide a card, or a card it.
pub(super) fn collisions(site: &Site) -> Vec<Error> {
    let names = Shape::ALL.map(Shape::file_name);
    let named = |path: &SitePath| names.iter().any(|name| path.as_str().ends_with(&format!("/{name}")));
    let suspects: Vec<_> = site.files.iter().filter(|file| named(&file.path)).collect();
    if suspects.is_empty() {
        return Vec::new();
    }
    let cards: HashSet<SitePath> = card_jobs(site)
        .iter()
        .filter_map(|job| match job {
            Job::Card(of, shape) => Some(card_path(site, of, *shape)),
            _ => None,
        })
        .collect();
    suspects
        .into_iter()
        .filter(|file| cards.contains(&file.path))
        .map(|file| {
            // As other messages name it: `content/…` when the site is the current folder.
            let shown = file.source.strip_prefix(".").unwrap_or(&file.source);
            Error::at(Location::file(shown), Problem::CardName { name: file.path.to_string() })
        })
        .collect()
}

/// A picture of a link preview.
struct Picture {
    path: SitePath,
    size: Option<(u32, u32)>,
    mime: Option<&'static str>,
    alt: String,
}

/// The pictures link previews show of an output: its card in both shapes, or its photo.
fn pictures(site: &Site, job: &Job) -> Vec<Picture> {
    if let Some(of) = card_of(site, job) {
        let alt = card(site, &of).alt();
        return Shape::ALL
            .map(|shape| Picture {
                path: card_path(site, &of, shape),
                size: Some(shape.size()),
                mime: Some("image/png"),
                alt: alt.clone(),
            })
            .into();
    }
    let Job::Page(id) = job else { return Vec::new() };
    site.pages[*id]
        .image
        .iter()
        .map(|image| {
            let (path, size, mime) = image.preview();
            Picture { path, size, mime, alt: image.alt.clone() }
        })
        .collect()
}

/// The absolute addresses of an output's pictures, for structured data.
pub(super) fn picture_urls(site: &Site, job: &Job) -> Vec<String> {
    pictures(site, job).iter().map(|p| site.config.base_url.absolute(&p.path)).collect()
}

/// The `share` value of an output: `images` for link previews (url, width, height, type, alt),
/// and for a page, `links` that share it (url, whatsapp, facebook, x, email).
pub(super) fn value(site: &Site, job: &Job) -> Value {
    let images: Vec<Value> = pictures(site, job)
        .into_iter()
        .map(|picture| {
            map([
                ("url", Value::from(site.config.base_url.absolute(&picture.path))),
                ("width", Value::from(picture.size.map(|s| s.0))),
                ("height", Value::from(picture.size.map(|s| s.1))),
                ("type", Value::from(picture.mime)),
                ("alt", Value::from(picture.alt)),
            ])
        })
        .collect();
    let links = match job {
        Job::Page(id) => links(site, &site.pages[*id]),
        _ => Value::none(),
    };
    map([("images", Value::from(images)), ("links", links)])
}

/// The addresses that share a page, its title set by the language's typography, every part
/// percent-encoded in UTF-8.
fn links(site: &Site, page: &Page) -> Value {
    let url = site.config.base_url.absolute(&page.path);
    let title = typography::plain(&page.title, site.strings[&page.lang].typography);
    let body = if page.summary.is_empty() { url.clone() } else { format!("{}\r\n\r\n{url}", page.summary) };
    let (title_code, url_code) = (percent_encode(&title), percent_encode(&url));
    map([
        ("whatsapp", Value::from(format!("https://wa.me/?text={}", percent_encode(&format!("{title}\n{url}"))))),
        ("facebook", Value::from(format!("https://www.facebook.com/sharer/sharer.php?u={url_code}"))),
        ("x", Value::from(format!("https://x.com/intent/post?text={title_code}&url={url_code}"))),
        ("email", Value::from(format!("mailto:?subject={title_code}&body={}", percent_encode(&body)))),
        ("url", Value::from(url)),
    ])
}

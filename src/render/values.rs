//! What templates see: the values made from the site's data for each output.

use tera::Value;

use super::jobs::{thanked, thanks_path};
use crate::config::tel_uri;
use crate::i18n::Strings;
use crate::model::{FigureDate, Image, Page, SectionId, Site};
use crate::text::{escape, percent_encode};
use crate::url::{Language, SitePath};

/// Which page numbers a pager shows: all of them when few, else the first, the last and two
/// on each side of the current one, with `None` for a gap.
pub(super) fn page_numbers(current: usize, count: usize) -> Vec<Option<usize>> {
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

pub(super) fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(entries.into_iter().collect::<indexmap::IndexMap<&'static str, Value>>())
}

/// What a page says of itself to search engines and social networks: title, description, the
/// kind of page. Its pictures are in the `share` value.
pub(super) fn meta(title: &str, description: &str, article: bool) -> Value {
    map([
        ("title", Value::from(title)),
        ("description", Value::from(description)),
        ("type", Value::from(if article { "article" } else { "website" })),
    ])
}

/// A page's lead image: its path, its description, and the HTML that shows it, a `<picture>`
/// in the sizes made of a photo. It is at the top of the page: loaded first, never lazily.
pub(super) fn image(image: &Image) -> Value {
    let html = match &image.picture {
        Some(picture) => picture.html(&image.path, &image.alt, false),
        None => format!(r#"<img src="{}" alt="{}">"#, escape(image.path.as_str()), escape(&image.alt)),
    };
    map([
        ("path", Value::from(image.path.as_str())),
        ("alt", Value::from(image.alt.as_str())),
        ("html", Value::safe_string(&html)),
    ])
}

pub(super) fn link(title: &str, path: &SitePath) -> Value {
    map([("title", Value::from(title)), ("path", Value::from(path.as_str()))])
}

/// What a list shows of a page.
pub(super) fn summary(site: &Site, page: &Page) -> Value {
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

pub(super) fn section_value(site: &Site, id: SectionId, number: usize) -> Value {
    let section = &site.sections[id];
    let years: Vec<Value> = section
        .years
        .iter()
        .map(|(year, pages)| {
            let path = section.path.join(&super::jobs::year_slug(*year));
            map([
                ("year", Value::from(*year)),
                ("path", Value::from(path.as_str())),
                ("count", Value::from(pages.len())),
            ])
        })
        .collect();
    map([
        ("title", Value::from(section.title.as_str())),
        ("summary", Value::from(section.summary.as_deref())),
        // A list's introduction is shown on its first page only.
        ("content", if number == 1 { Value::safe_string(&section.text.html) } else { Value::from("") }),
        ("path", Value::from(section.path.as_str())),
        ("total", Value::from(section.pages.len())),
        ("years", Value::from(years)),
    ])
}

/// The `site` value of a language: what every page of it shows.
pub(super) fn global(site: &Site, lang: &Language) -> Value {
    let config = site.config.language(lang);
    let strings = &site.strings[lang];
    let menu: Vec<Value> = site.menus[lang]
        .iter()
        .map(|(name, path)| map([("name", Value::from(name.as_str())), ("path", Value::from(path.as_str()))]))
        .collect();
    let languages: Vec<Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            map([
                ("code", Value::from(l.code.as_str())),
                ("name", Value::from(site.strings[&l.code].name.as_str())),
                ("locale", Value::from(site.strings[&l.code].locale.as_str())),
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
        ("figures", figures(site, lang)),
        ("organization_json_ld", Value::safe_string(&super::structured::organization(site, lang))),
        (
            "feeds",
            map([
                ("rss", Value::from(config.home.file("rss.xml").as_str())),
                ("atom", Value::from(config.home.file("atom.xml").as_str())),
            ]),
        ),
        ("search_path", Value::from(site.search_path(lang).as_str())),
        ("notices", notices(site, lang)),
        // What the `t` function and the `date` and `number` filters read: being in every
        // context, they are part of every output's fingerprint.
        ("i18n", Value::from_serializable(strings)),
        ("contact", contact(site, lang)),
    ])
}

/// The key figures, in `lang`.
fn figures(site: &Site, lang: &Language) -> Value {
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
    Value::from(figures)
}

/// The institution's contact details, and how to write to it from `lang`'s contact page.
fn contact(site: &Site, lang: &Language) -> Value {
    let (config, strings, contact) = (site.config.language(lang), &site.strings[lang], &site.config.contact);
    let phones: Vec<Value> = contact
        .phones
        .iter()
        .map(|p| map([("number", Value::from(p.as_str())), ("tel", Value::from(tel_uri(p).unwrap_or_default()))]))
        .collect();
    let thanks = thanked(site).find(|&id| &site.pages[id].lang == lang);
    let thanks_url = thanks.map(|id| site.config.base_url.absolute(&thanks_path(site, id)));
    let mailto = match (&contact.form_endpoint, &contact.email) {
        (None, Some(email)) => Some(mailto(email, strings, &config.title)),
        _ => None,
    };
    map([
        ("address", Value::from(contact.address.as_deref())),
        ("hours", Value::from(config.hours.as_deref())),
        ("phones", Value::from(phones)),
        ("email", Value::from(contact.email.as_deref())),
        ("form_action", Value::from(contact.form_endpoint.as_deref())),
        ("thanks_url", Value::from(thanks_url)),
        ("mailto", Value::from(mailto)),
    ])
}

/// A `mailto:` link that opens the visitor's mail program with a message to the site's address
/// begun in the page's language (`contact_subject`, `contact_body`), UTF-8 percent-encoded as
/// RFC 6068 says (line breaks as `%0D%0A`), which every mail program reads.
fn mailto(email: &str, strings: &Strings, site_title: &str) -> String {
    let text = |key: &str| strings.get(key, &[("site", site_title.to_string())]).unwrap_or_default();
    let body = text("contact_body").replace("\r\n", "\n").replace('\n', "\r\n");
    format!("mailto:{email}?subject={}&body={}", percent_encode(&text("contact_subject")), percent_encode(&body))
}

/// The pages the site owes its visitors that it has in `lang`, for the footer: key, title, path.
fn notices(site: &Site, lang: &Language) -> Value {
    let present = crate::notices::present(site, lang).into_iter().map(|(notice, id)| {
        let page = &site.pages[id];
        map([
            ("key", Value::from(notice.key())),
            ("title", Value::from(page.title.as_str())),
            ("path", Value::from(page.path.as_str())),
        ])
    });
    Value::from(present.collect::<Vec<_>>())
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
}

//! `sitemap.xml`: every published page with the date of what it shows and its translations;
//! `robots.txt`, which names it. Both give absolute addresses, from `base_url`.

use chrono::NaiveDate;

use super::jobs::{Job, Outputs};
use crate::model::{PageId, Site};
use crate::text::escape;
use crate::url::{Language, SitePath};

/// Where the sitemap and robots.txt go.
pub(super) const SITEMAP: &str = "/sitemap.xml";
pub(super) const ROBOTS: &str = "/robots.txt";

/// The sitemap of every HTML output but the 404 and search pages.
pub(super) fn sitemap(outputs: Outputs) -> String {
    let site = outputs.site;
    let base = &site.config.base_url;
    let newest = |pages: &[PageId]| pages.iter().filter_map(|&p| site.pages[p].modified()).max();
    // (page, date of what it shows, the same page in other languages)
    type Entry = (SitePath, Option<NaiveDate>, Vec<(Language, SitePath)>);
    let mut entries: Vec<Entry> = Vec::new();
    for job in outputs.jobs() {
        let date = match &job {
            Job::Page(id) => site.pages[*id].modified(),
            Job::List(id, n) => {
                let section = &site.sections[*id];
                match section.paginate_by {
                    Some(by) => newest(&section.pages.iter().skip((n - 1) * by).take(by).copied().collect::<Vec<_>>()),
                    None => newest(&site.listed_pages(&section.lang)),
                }
            }
            Job::Tags(lang) => newest(&site.listed_pages(lang)),
            Job::Tag(id, n) => {
                let by = site.config.paginate_by;
                let shown: Vec<PageId> = site.tags[*id].pages.iter().skip((n - 1) * by).take(by).copied().collect();
                newest(&shown)
            }
            Job::Year(id, year, _) => {
                let pages = site.sections[*id].years.iter().find(|(y, _)| y == year).map(|(_, p)| p.as_slice());
                pages.and_then(newest)
            }
            _ => continue,
        };
        entries.push((outputs.path(&job), date, outputs.translations(&job)));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (path, date, translations) in entries {
        xml.push_str(&format!("<url><loc>{}</loc>", escape(&base.absolute(&path))));
        if let Some(date) = date {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        if !translations.is_empty() {
            let mut all = translations;
            all.push((language_of(site, &path), path.clone()));
            all.sort_by_key(|(lang, _)| site.config.languages.iter().position(|l| &l.code == lang));
            for (lang, other) in &all {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                    escape(&base.absolute(other))
                ));
            }
            if let Some((_, default)) = all.iter().find(|(lang, _)| site.config.is_default(lang)) {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    escape(&base.absolute(default))
                ));
            }
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The language of a path: the longest home that starts it.
fn language_of(site: &Site, path: &SitePath) -> Language {
    site.config
        .languages
        .iter()
        .filter(|l| path.as_str().starts_with(l.home.as_str()))
        .max_by_key(|l| l.home.as_str().len())
        .map_or_else(|| site.config.default_language.clone(), |l| l.code.clone())
}

pub(super) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.base_url.absolute(&SitePath::from_link(SITEMAP).expect("a path of the site"))
    )
}

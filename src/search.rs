//! On-site search: an index per language in small JSON files beside the search page, that the
//! page's script fetches only when a visitor searches, and then only what the query needs: a
//! list of the index's parts, the part holding the words that start like the query's, and the
//! descriptions of the pages it shows. Words are folded (« Réintégration » → `reintegration`)
//! the same way here and in the script, so that accents and capitals do not matter.

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use crate::model::{PageId, Site};
use crate::url::{Language, SitePath};
use crate::words::{each_word, fold, lines};

/// Pages described per file of descriptions: a few results need a few small files.
pub const CHUNK: usize = 10;
/// The list of the index's parts, fetched first.
pub const MANIFEST: &str = "index.json";

/// The pages a word is on, as numbers in the index's order: where it is strong (the title, the
/// summary, the place, a tag) and where it is only in the text. Stop words are left out.
#[derive(Debug, Default)]
struct Postings {
    strong: Vec<usize>,
    weak: Vec<usize>,
    stop: bool,
}

/// A part of the index bigger than this is split by the words' third character.
const PART_SIZE: usize = 6 * 1024;

/// The file name of the part of the index for words starting with `prefix`: hexadecimal
/// UTF-8, so that any script makes a plain file name (`re` → `t-7265.json`).
fn part_file(prefix: &str) -> String {
    let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
    format!("t-{hex}.json")
}

/// The first `n` characters of a word.
fn prefix(word: &str, n: usize) -> String {
    word.chars().take(n).collect()
}

/// A list of pages (ascending numbers) in the shorter of two forms: the gaps between them,
/// `[3, 1, 4]` for 3, 4, 8; or, for common words, a bitmap in base64, `"…"`.
fn encode(pages: &[usize]) -> String {
    let mut gaps = String::with_capacity(pages.len() * 3 + 2);
    gaps.push('[');
    let mut last = 0;
    for (i, &page) in pages.iter().enumerate() {
        if i > 0 {
            gaps.push(',');
        }
        push_number(&mut gaps, page - last);
        last = page;
    }
    gaps.push(']');
    let Some(&max) = pages.last() else { return gaps };
    // Quoted base64 of one bit per page.
    let bitmap_len = 2 + (max / 8 + 1).div_ceil(3) * 4;
    if bitmap_len >= gaps.len() {
        return gaps;
    }
    let mut bits = vec![0u8; max / 8 + 1];
    for &p in pages {
        bits[p / 8] |= 1 << (p % 8);
    }
    format!("\"{}\"", base64(&bits))
}

/// Appends `n` in decimal: the index writes a great many small numbers.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| d as char));
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The files of a language's index: (name in the search page's folder, text).
pub fn index(site: &Site, lang: &Language) -> Vec<(String, String)> {
    let strings = &site.strings[lang];
    let stop: ahash::AHashSet<String> = strings.stop_words.iter().map(|w| fold(w)).collect();
    let search_page = site.search_path(lang);
    // The activities newest first, then the other pages: the order of results of equal weight.
    let mut pages = site.listed_pages(lang);
    let listed: HashSet<PageId> = pages.iter().copied().collect();
    let mut others: Vec<PageId> =
        (0..site.pages.len()).filter(|&p| &site.pages[p].lang == lang && !listed.contains(&p)).collect();
    others.sort_by(|&a, &b| site.pages[a].title.cmp(&site.pages[b].title));
    pages.extend(others);

    // Each word with the pages where it is strong (title, summary, place, tags) and weak (text),
    // in one pass over the pages in order: a page is added to a word's list once.
    let mut postings: ahash::AHashMap<String, Postings> = ahash::AHashMap::new();
    for word in &stop {
        postings.insert(word.clone(), Postings { stop: true, ..Postings::default() });
    }
    let mut add = |word: &str, doc: usize, strong: bool| {
        let entry = match postings.get_mut(word) {
            Some(entry) => entry,
            None => postings.entry(word.to_string()).or_default(),
        };
        if !entry.stop && entry.strong.last() != Some(&doc) && entry.weak.last() != Some(&doc) {
            if strong { entry.strong.push(doc) } else { entry.weak.push(doc) }
        }
    };
    for (doc, &id) in pages.iter().enumerate() {
        let page = &site.pages[id];
        let tags = page.tags.iter().map(|&t| site.tags[t].name.as_str());
        for text in
            [page.title.as_str(), page.summary.as_str(), page.place.as_deref().unwrap_or("")].into_iter().chain(tags)
        {
            each_word(text, |word| add(word, doc, true));
        }
        for word in lines(&page.text.words) {
            add(word, doc, false);
        }
    }
    let mut postings: Vec<(String, Postings)> = postings.into_iter().filter(|(_, p)| !p.stop).collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Parts by the words' first two characters; a big part by the first three. Words are made
    // of letters and digits only: they need no escaping in JSON.
    let entry = |(word, p): &(String, Postings)| format!("\"{word}\":[{},{}]", encode(&p.strong), encode(&p.weak));
    let mut parts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for posting in &postings {
        parts.entry(prefix(&posting.0, 2)).or_default().push(entry(posting));
    }
    let big: Vec<String> = parts
        .iter()
        .filter(|(_, entries)| entries.iter().map(String::len).sum::<usize>() > PART_SIZE)
        .map(|(p, _)| p.clone())
        .collect();
    for two in big {
        parts.remove(&two);
        for posting in postings.iter().filter(|(word, _)| word.starts_with(two.as_str())) {
            let key = if posting.0.chars().count() > 2 { prefix(&posting.0, 3) } else { two.clone() };
            parts.entry(key).or_default().push(entry(posting));
        }
    }
    let mut files = vec![(
        MANIFEST.to_string(),
        json!({ "pages": pages.len(), "chunk": CHUNK, "parts": parts.keys().collect::<Vec<_>>() }).to_string(),
    )];
    for (chunk, ids) in pages.chunks(CHUNK).enumerate() {
        let docs: Vec<serde_json::Value> = ids
            .iter()
            .map(|&id| {
                let page = &site.pages[id];
                let date = page.date.map(|d| strings.date(d)).unwrap_or_default();
                let set = |text: &str| crate::typography::plain(text, strings.typography);
                json!([set(&page.title), date, set(&page.summary), page.path.relative_from(&search_page)])
            })
            .collect();
        files.push((format!("d-{chunk}.json"), serde_json::Value::from(docs).to_string()));
    }
    files.extend(parts.into_iter().map(|(prefix, entries)| (part_file(&prefix), format!("{{{}}}", entries.join(",")))));
    files
}

/// Where the index files of a language go.
pub fn file_path(site: &Site, lang: &Language, name: &str) -> SitePath {
    site.search_path(lang).file(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_named_in_hexadecimal() {
        assert_eq!(part_file("re"), "t-7265.json");
        assert_eq!(part_file("ɛɲ"), "t-c99bc9b2.json");
    }

    #[test]
    fn page_lists_take_their_shorter_form() {
        assert_eq!(encode(&[3, 40, 80]), "[3,37,40]");
        let all: Vec<usize> = (0..100).collect();
        assert_eq!(encode(&all), "\"////////////////Dw==\"");
        assert_eq!(encode(&[]), "[]");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }
}

//! On-site search: an index per language in small JSON files beside the search page, that the
//! page's script fetches only when a visitor searches, and then only what the query needs: a
//! list of the index's parts, the parts holding the words that start like the query's, and the
//! descriptions of the pages it shows.
//!
//! For each word, the index lists the pages it is on by the best place it has there: the title,
//! the summary, the place or a tag, the text; the script ranks pages by it. Words are folded
//! (« Réintégration » → `reintegration`) and cut the same way here and in the script
//! ([`crate::words`]). The manifest gives the script the stop words, which are not indexed and
//! which it leaves out of a query, and the language's plural endings, by which it finds a
//! singular from its plural and back.
//!
//! A query of a few words fetches a few kilobytes: parts are split until each is small
//! ([`PART_SIZE`]), descriptions go [`CHUNK`] pages to a file. Pages are numbered oldest first,
//! so that publishing an activity changes only the parts holding its words.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use base64::Engine as _;
use serde_json::json;

use crate::model::{PageId, Site};
use crate::url::{Language, SitePath};
use crate::words::{each_word, fold, lines};

/// Pages described per file of descriptions: a few results need a few small files.
pub const CHUNK: usize = 2;
/// The list of the index's parts, fetched first.
pub const MANIFEST: &str = "index.json";

/// Where a word is on a page, best first: the order of results.
const FIELDS: usize = 4;
const TITLE: usize = 0;
const SUMMARY: usize = 1;
/// The place and the tags.
const META: usize = 2;
const TEXT: usize = 3;

/// The pages a word is on, as numbers in the index's order, by the best field it is in on each
/// (a page is in one list only). Stop words are left out.
#[derive(Debug, Default)]
struct Postings {
    fields: [Vec<usize>; FIELDS],
    last: Option<usize>,
    stop: bool,
}

/// A part of the index bigger than this is split by the words' next character.
const PART_SIZE: usize = 2 * 1024;

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
    format!("\"{}\"", base64::engine::general_purpose::STANDARD.encode(&bits))
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

/// The files of a language's index: (name in the search page's folder, text).
pub fn index(site: &Site, lang: &Language) -> Vec<(String, String)> {
    let strings = &site.strings[lang];
    let stop: BTreeSet<String> = strings.stop_words.iter().map(|w| fold(w)).collect();
    let pages = order(site, lang);
    let postings = postings(site, &pages, &stop);
    let parts = parts(&postings);
    let manifest = json!({
        "pages": pages.len(),
        "chunk": CHUNK,
        "parts": parts.keys().collect::<Vec<_>>(),
        "stop": stop,
        "plurals": strings.plurals,
    });
    let mut files = vec![(MANIFEST.to_string(), manifest.to_string())];
    let search_page = site.search_path(lang);
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

/// The pages of a language in the index's order: the other pages, then the activities oldest
/// first. Results of equal weight come last first: the newest activity, then the others by
/// title. A new activity takes the next number: the other pages keep theirs, and publishing it
/// changes only the parts of the index holding its words.
fn order(site: &Site, lang: &Language) -> Vec<PageId> {
    let mut activities = site.listed_pages(lang);
    activities.reverse();
    let listed: HashSet<PageId> = activities.iter().copied().collect();
    let mut pages: Vec<PageId> =
        (0..site.pages.len()).filter(|&p| &site.pages[p].lang == lang && !listed.contains(&p)).collect();
    pages.sort_by(|&a, &b| site.pages[b].title.cmp(&site.pages[a].title));
    pages.extend(activities);
    pages
}

/// Each word but the stop words, with the pages it is on (their numbers in `pages`), sorted by
/// word. One pass over the pages in order, and over each page's fields best first: a page is
/// added to a word's lists once, in its best field.
fn postings(site: &Site, pages: &[PageId], stop: &BTreeSet<String>) -> Vec<(String, Postings)> {
    let mut postings: ahash::AHashMap<String, Postings> = ahash::AHashMap::new();
    for word in stop {
        postings.insert(word.clone(), Postings { stop: true, ..Postings::default() });
    }
    let mut add = |word: &str, doc: usize, field: usize| {
        let entry = match postings.get_mut(word) {
            Some(entry) => entry,
            None => postings.entry(word.to_string()).or_default(),
        };
        if !entry.stop && entry.last != Some(doc) {
            entry.fields[field].push(doc);
            entry.last = Some(doc);
        }
    };
    for (doc, &id) in pages.iter().enumerate() {
        let page = &site.pages[id];
        each_word(&page.title, |word| add(word, doc, TITLE));
        each_word(&page.summary, |word| add(word, doc, SUMMARY));
        let tags = page.tags.iter().map(|&t| site.tags[t].name.as_str());
        for text in page.place.as_deref().into_iter().chain(tags) {
            each_word(text, |word| add(word, doc, META));
        }
        for word in lines(&page.text.words) {
            add(word, doc, TEXT);
        }
    }
    let mut postings: Vec<(String, Postings)> = postings.into_iter().filter(|(_, p)| !p.stop).collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    postings
}

/// The entries of the index (`"gao":[[3,1],[],[7]]`) in parts by the words' first characters:
/// two, or more for a part bigger than [`PART_SIZE`], so that a word of a query brings few
/// others with it. Words are made of letters and digits only: they need no escaping in JSON.
fn parts(postings: &[(String, Postings)]) -> BTreeMap<String, Vec<String>> {
    let entries: Vec<(&str, String)> = postings
        .iter()
        .map(|(word, p)| {
            // The lists after the last that is not empty are left out.
            let used = p.fields.iter().rposition(|list| !list.is_empty()).map_or(0, |last| last + 1);
            let lists: Vec<String> = p.fields[..used].iter().map(|list| encode(list)).collect();
            (word.as_str(), format!("\"{word}\":[{}]", lists.join(",")))
        })
        .collect();
    let mut parts = BTreeMap::new();
    for group in entries.chunk_by(|a, b| prefix(a.0, 2) == prefix(b.0, 2)) {
        split(group, 2, &mut parts);
    }
    parts
}

/// Puts `entries`, whose words share their first `n` characters, in one part if it is small
/// enough, or else splits it by the next character; words of `n` characters stay in the first.
fn split(entries: &[(&str, String)], n: usize, parts: &mut BTreeMap<String, Vec<String>>) {
    let key = prefix(entries[0].0, n);
    let size: usize = entries.iter().map(|(_, entry)| entry.len()).sum();
    let (short, long): (Vec<_>, Vec<_>) = entries.iter().partition(|(word, _)| word.chars().count() <= n);
    if size <= PART_SIZE || long.len() <= 1 {
        parts.insert(key, entries.iter().map(|(_, entry)| entry.clone()).collect());
        return;
    }
    if !short.is_empty() {
        parts.insert(key, short.into_iter().map(|(_, entry)| entry.clone()).collect());
    }
    let long: Vec<(&str, String)> = long.into_iter().cloned().collect();
    for group in long.chunk_by(|a, b| prefix(a.0, n + 1) == prefix(b.0, n + 1)) {
        split(group, n + 1, parts);
    }
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
    fn parts_are_split_until_small_and_each_word_is_in_the_part_of_its_beginning() {
        // Many words starting with « re », a few with « ga », one of two letters.
        let mut words: Vec<String> = (0..400).map(|i| format!("re{}{i}", ["a", "b", "c"][i % 3])).collect();
        words.extend(["ga".to_string(), "gao".to_string(), "re".to_string()]);
        words.sort();
        let postings: Vec<(String, Postings)> = words
            .into_iter()
            .enumerate()
            .map(|(i, w)| (w, Postings { fields: [vec![i], vec![], vec![], vec![i + 1]], ..Postings::default() }))
            .collect();
        let parts = parts(&postings);
        assert_eq!(parts["ga"], ["\"ga\":[[0],[],[],[1]]", "\"gao\":[[1],[],[],[2]]"]);
        assert_eq!(parts["re"], ["\"re\":[[2],[],[],[3]]"], "a word of two letters stays in the first part");
        assert!(parts.keys().any(|k| k.len() > 3), "big parts are split again: {:?}", parts.keys());
        let mut seen = 0;
        for (key, entries) in &parts {
            assert!(entries.iter().map(String::len).sum::<usize>() <= PART_SIZE, "{key}");
            for entry in entries {
                assert!(entry[1..].starts_with(key.as_str()), "{entry} is not in the part of its beginning {key}");
                seen += 1;
            }
        }
        assert_eq!(seen, postings.len(), "every word is in one part");
    }

    #[test]
    fn page_lists_take_their_shorter_form() {
        assert_eq!(encode(&[3, 40, 80]), "[3,37,40]");
        let all: Vec<usize> = (0..100).collect();
        assert_eq!(encode(&all), "\"////////////////Dw==\"");
        assert_eq!(encode(&[]), "[]");
    }
}

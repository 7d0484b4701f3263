//! On-site search: an index per language in small JSON files beside the search page, that the
//! page's script fetches only when a visitor searches, and then only what the query needs: a
//! list of the index's parts, the part holding the words that start like the query's, and the
//! descriptions of the pages it shows. Words are folded (« Réintégration » → `reintegration`)
//! the same way here and in the script, so that accents and capitals do not matter.

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use crate::model::{PageId, Site};
use crate::url::{Language, SitePath};

/// Pages described per file of descriptions: a few results need a few small files.
pub const CHUNK: usize = 10;
/// The list of the index's parts, fetched first.
pub const MANIFEST: &str = "index.json";

/// A word as searched: lower case, without accents; `œ` and `æ` written out.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    word.chars().for_each(|c| fold_char(c, &mut folded));
    folded
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        _ => unicode_normalization::char::decompose_canonical(c, |part| {
            if !unicode_normalization::char::is_combining_mark(part) {
                out.extend(part.to_lowercase());
            }
        }),
    }
}

/// The folded words of a text worth indexing: two characters or more. Marks are dropped
/// before words are cut, as the search page's script does.
pub fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    each_word(text, |w| found.push(w.to_string()));
    found
}

/// Calls `f` with each folded word of two characters or more of `text`.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut letters = 0;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric()) {
            fold_char(c, &mut word);
            letters += 1;
        } else if c.is_ascii() || !unicode_normalization::char::is_combining_mark(c) {
            if letters >= 2 {
                f(&word);
            }
            word.clear();
            letters = 0;
        }
    }
    if letters >= 2 {
        f(&word);
    }
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
    let gaps: Vec<String> =
        pages.iter().scan(0, |last, &p| Some((p - std::mem::replace(last, p)).to_string())).collect();
    let gaps = format!("[{}]", gaps.join(","));
    let Some(&max) = pages.last() else { return gaps };
    let mut bits = vec![0u8; max / 8 + 1];
    for &p in pages {
        bits[p / 8] |= 1 << (p % 8);
    }
    let bitmap = format!("\"{}\"", base64(&bits));
    if bitmap.len() < gaps.len() { bitmap } else { gaps }
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

    // Each word with the pages where it is strong (title, summary, place, tags) and weak (text).
    let strong_words: Vec<ahash::AHashSet<String>> = pages
        .iter()
        .map(|&id| {
            let page = &site.pages[id];
            let tags = page.tags.iter().map(|&t| site.tags[t].name.as_str());
            let mut strong = ahash::AHashSet::new();
            for text in [page.title.as_str(), page.summary.as_str(), page.place.as_deref().unwrap_or("")]
                .into_iter()
                .chain(tags)
            {
                each_word(text, |w| {
                    if !stop.contains(w) && !strong.contains(w) {
                        strong.insert(w.to_string());
                    }
                });
            }
            strong
        })
        .collect();
    // Word → (pages where it is strong, pages where it is weak).
    type Postings<'a> = (&'a str, (Vec<usize>, Vec<usize>));
    let mut postings: ahash::AHashMap<&str, (Vec<usize>, Vec<usize>)> = ahash::AHashMap::new();
    for (doc, (&id, strong)) in pages.iter().zip(&strong_words).enumerate() {
        for word in strong {
            postings.entry(word.as_str()).or_default().0.push(doc);
        }
        for word in site.pages[id].text.words.lines().filter(|w| !strong.contains(*w) && !stop.contains(*w)) {
            postings.entry(word).or_default().1.push(doc);
        }
    }
    let mut postings: Vec<Postings> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(b.0));

    // Parts by the words' first two characters; a big part by the first three. Words are made
    // of letters and digits only: they need no escaping in JSON.
    let entry = |(word, (strong, weak)): &Postings| format!("\"{word}\":[{},{}]", encode(strong), encode(weak));
    let mut parts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for posting in &postings {
        parts.entry(prefix(posting.0, 2)).or_default().push(entry(posting));
    }
    let big: Vec<String> = parts
        .iter()
        .filter(|(_, entries)| entries.iter().map(String::len).sum::<usize>() > PART_SIZE)
        .map(|(p, _)| p.clone())
        .collect();
    for two in big {
        parts.remove(&two);
        for posting in postings.iter().filter(|(word, _)| word.starts_with(two.as_str())) {
            let key = if posting.0.chars().count() > 2 { prefix(posting.0, 3) } else { two.clone() };
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
    fn folding_drops_accents_and_capitals() {
        assert_eq!(fold("Réintégration"), "reintegration");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Ménaka"), "menaka");
        assert_eq!(fold("HCR"), "hcr");
        assert_eq!(fold("ɛ"), "ɛ");
    }

    #[test]
    fn words_of_two_letters_or_more() {
        let found = words("À Bamako, l'équipe du HCR — 89 324 rapatriés.");
        assert_eq!(found, ["bamako", "equipe", "du", "hcr", "89", "324", "rapatries"]);
    }

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

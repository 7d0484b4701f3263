//! On-site search: an index per language in small JSON files beside the search page, that the
//! page's script fetches only when a visitor searches, and then only what the query needs: a
//! list of the index's parts, the part holding the words that start like the query's, and the
//! descriptions of the pages it shows. Words are folded (« Réintégration » → `reintegration`)
//! the same way here and in the script, so that accents and capitals do not matter.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::model::{PageId, Site};
use crate::url::{Language, SitePath};

/// Pages described per file of descriptions: a few results need a few small files.
pub const CHUNK: usize = 10;
/// The list of the index's parts, fetched first.
pub const MANIFEST: &str = "index.json";

/// A word as searched: lower case, without accents; `œ` and `æ` written out.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)) {
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// The folded words of a text worth indexing: two characters or more. Folded before it is
/// split, as the search page's script does.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_string)
        .collect()
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
fn encode(pages: &[usize]) -> serde_json::Value {
    let gaps: Vec<usize> = pages.iter().scan(0, |last, &p| Some(p - std::mem::replace(last, p))).collect();
    let gaps = serde_json::Value::from(gaps);
    let Some(&max) = pages.last() else { return gaps };
    let mut bits = vec![0u8; max / 8 + 1];
    for &p in pages {
        bits[p / 8] |= 1 << (p % 8);
    }
    let bitmap = base64(&bits);
    if bitmap.len() + 2 < gaps.to_string().len() { serde_json::Value::from(bitmap) } else { gaps }
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
    let stop: HashSet<String> = strings.stop_words.iter().map(|w| fold(w)).collect();
    let search_page = site.search_path(lang);
    // The activities newest first, then the other pages: the order of results of equal weight.
    let mut pages = site.listed_pages(lang);
    let listed: HashSet<PageId> = pages.iter().copied().collect();
    let mut others: Vec<PageId> =
        (0..site.pages.len()).filter(|&p| &site.pages[p].lang == lang && !listed.contains(&p)).collect();
    others.sort_by(|&a, &b| site.pages[a].title.cmp(&site.pages[b].title));
    pages.extend(others);

    // Each word with the pages where it is strong (title, summary, place, tags) and weak (text).
    let mut postings: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (doc, &id) in pages.iter().enumerate() {
        let page = &site.pages[id];
        let tags = page.tags.iter().map(|&t| site.tags[t].name.as_str());
        let strong_text =
            [page.title.as_str(), page.summary.as_str(), page.place.as_deref().unwrap_or("")].into_iter().chain(tags);
        let strong: BTreeSet<String> = strong_text.flat_map(words).filter(|w| !stop.contains(w)).collect();
        for word in &strong {
            postings.entry(word.clone()).or_default().0.push(doc);
        }
        for word in page.text.words.iter().filter(|w| !strong.contains(w.as_str()) && !stop.contains(w.as_str())) {
            postings.entry(word.clone()).or_default().1.push(doc);
        }
    }
    // Parts by the words' first two characters; a big part by the first three.
    let encoded: Vec<(String, serde_json::Value)> = postings
        .into_iter()
        .map(|(word, (strong, weak))| (word, serde_json::json!([encode(&strong), encode(&weak)])))
        .collect();
    let mut parts: BTreeMap<String, serde_json::Map<String, serde_json::Value>> = BTreeMap::new();
    for (word, lists) in &encoded {
        parts.entry(prefix(word, 2)).or_default().insert(word.clone(), lists.clone());
    }
    let size = |words: &serde_json::Map<String, serde_json::Value>| serde_json::to_string(words).map_or(0, |t| t.len());
    let big: Vec<String> = parts.iter().filter(|(_, words)| size(words) > PART_SIZE).map(|(p, _)| p.clone()).collect();
    for two in big {
        let words = parts.remove(&two).unwrap_or_default();
        for (word, lists) in words {
            let key = if word.chars().count() > 2 { prefix(&word, 3) } else { two.clone() };
            parts.entry(key).or_default().insert(word, lists);
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
                json!([page.title, date, page.summary, page.path.relative_from(&search_page)])
            })
            .collect();
        files.push((format!("d-{chunk}.json"), serde_json::Value::from(docs).to_string()));
    }
    files.extend(
        parts.into_iter().map(|(prefix, words)| (part_file(&prefix), serde_json::Value::from(words).to_string())),
    );
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
        assert_eq!(encode(&[3, 40, 80]), serde_json::json!([3, 37, 40]));
        let all: Vec<usize> = (0..100).collect();
        assert_eq!(encode(&all), serde_json::json!("////////////////Dw=="));
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }
}

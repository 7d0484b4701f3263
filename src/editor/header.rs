//! The text of a content file as the editor writes it: what a person would write by hand.
//! Only the keys whose value changed are written again, each on its line, in the order the
//! README shows (`title`, `date`, `updated`, `place`, …); keys and comments the form does not
//! show, and the text when it did not change, stay byte for byte as they were. Values are
//! written as `new` writes them ([`frontmatter::scalar`]): quoted only when needed.

use crate::frontmatter::{self, PageMeta, SectionMeta};

/// The keys in the order they are written.
pub const ORDER: [&str; 12] = [
    "title",
    "date",
    "updated",
    "place",
    "summary",
    "tags",
    "image",
    "image_alt",
    "slug",
    "draft",
    "aliases",
    "paginate_by",
];

/// A value of the front-matter, as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
    Flag(bool),
}

impl Value {
    /// An empty text, an empty list and `false` are the same as no key at all.
    fn is_empty(&self) -> bool {
        match self {
            Value::Text(text) => text.is_empty(),
            Value::List(items) => items.is_empty(),
            Value::Flag(flag) => !flag,
        }
    }

    fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            // `tags: HCR` is a list of one.
            (Value::Text(text), Value::List(items)) | (Value::List(items), Value::Text(text)) => {
                items.len() == 1 && items[0] == *text
            }
            _ => self == other,
        }
    }

    fn written(&self) -> String {
        match self {
            Value::Text(text) => frontmatter::scalar(text),
            Value::List(items) => frontmatter::list(items),
            Value::Flag(flag) => flag.to_string(),
        }
    }
}

/// Keys and their values; `None` for no key.
pub type Values = Vec<(&'static str, Option<Value>)>;

fn text(value: &Option<String>) -> Option<Value> {
    value.clone().map(Value::Text)
}

/// The values a page's front-matter holds.
pub fn page_values(meta: &PageMeta) -> Values {
    vec![
        ("title", Some(Value::Text(meta.title.clone()))),
        ("date", text(&meta.date)),
        ("updated", text(&meta.updated)),
        ("place", text(&meta.place)),
        ("summary", text(&meta.summary)),
        ("tags", Some(Value::List(meta.tags.clone()))),
        ("image", text(&meta.image)),
        ("image_alt", text(&meta.image_alt)),
        ("slug", text(&meta.slug)),
        ("draft", Some(Value::Flag(meta.draft))),
        ("aliases", Some(Value::List(meta.aliases.clone()))),
    ]
}

/// The values a section's front-matter holds.
pub fn section_values(meta: &SectionMeta) -> Values {
    vec![("title", Some(Value::Text(meta.title.clone()))), ("summary", text(&meta.summary)), ("slug", text(&meta.slug))]
}

fn get<'a>(values: &'a Values, key: &str) -> Option<&'a Value> {
    values.iter().find(|(k, _)| *k == key).and_then(|(_, v)| v.as_ref()).filter(|v| !v.is_empty())
}

/// One key with its lines (and the comments and blank lines before it), or lines of comments.
#[derive(Debug)]
struct Entry {
    key: Option<String>,
    lines: String,
}

/// The entries of a front-matter, in order.
fn entries(yaml: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in yaml.split_inclusive('\n') {
        let continued = line.starts_with([' ', '\t', '-']) && line.trim() != "" && !line.trim_start().starts_with('#');
        if continued && let Some(at) = entries.iter().rposition(|e| e.key.is_some()) {
            // Lines between a key and its indented lines (blank lines in a block) belong to it.
            let between: String = entries.drain(at + 1..).map(|e| e.lines).collect();
            entries[at].lines.push_str(&between);
            entries[at].lines.push_str(line);
            continue;
        }
        let key = line
            .split_once(':')
            .map(|(key, _)| key.trim().trim_matches(['"', '\'']).to_string())
            .filter(|key| !line.starts_with([' ', '\t', '#', '-']) && !key.is_empty());
        entries.push(Entry { key, lines: line.to_string() });
    }
    entries
}

/// The text of a content file: `original` (`None` for a new file), whose front-matter holds
/// `current`, with the keys of `wanted` set to its values, and `body` as its text.
pub fn compose(original: Option<&str>, current: &Values, wanted: &Values, body: &str) -> String {
    let split = original.and_then(|text| frontmatter::split(text).ok().map(|split| (text, split)));
    let Some((text, split)) = split else { return fresh(wanted, body) };
    let mut entries = entries(split.yaml);
    for (key, value) in wanted {
        let value = value.as_ref().filter(|v| !v.is_empty());
        let unchanged = match (value, get(current, key)) {
            (None, None) => true,
            (Some(new), Some(old)) => new.same_as(old),
            _ => false,
        };
        let at = entries.iter().position(|e| e.key.as_deref() == Some(*key));
        match (unchanged, at, value) {
            (true, ..) => {}
            (false, Some(at), None) => drop(entries.remove(at)),
            (false, Some(at), Some(value)) => entries[at].lines = format!("{key}: {}\n", value.written()),
            (false, None, Some(value)) => {
                let at = insertion_point(&entries, key);
                entries
                    .insert(at, Entry { key: Some(key.to_string()), lines: format!("{key}: {}\n", value.written()) });
            }
            (false, None, None) => {}
        }
    }
    if let Some(last) = entries.last_mut()
        && !last.lines.ends_with('\n')
    {
        last.lines.push('\n');
    }
    // The lines `---` as they were (a byte order mark, Windows line ends kept).
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let body_start = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let (opening, closing) = (&text[..yaml_start], &text[yaml_start + split.yaml.len()..body_start]);
    let header: String = entries.into_iter().map(|e| e.lines).collect();
    format!("{opening}{header}{closing}{}", body_text(Some(split.body), body))
}

/// Where a new key goes: after the nearest key before it in [`ORDER`], or before the first key.
fn insertion_point(entries: &[Entry], key: &str) -> usize {
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
    let before = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key.as_deref().is_some_and(|k| rank(k) < rank(key)))
        .max_by_key(|(i, e)| (rank(e.key.as_deref().unwrap_or_default()), *i));
    match before {
        Some((at, _)) => at + 1,
        None => entries.iter().position(|e| e.key.is_some()).unwrap_or(entries.len()),
    }
}

/// A new file: the keys with a value, in order.
fn fresh(wanted: &Values, body: &str) -> String {
    let mut text = String::from("---\n");
    for key in ORDER {
        if let Some(value) = get(wanted, key) {
            text.push_str(&format!("{key}: {}\n", value.written()));
        }
    }
    text.push_str("---\n");
    text.push_str(&body_text(None, body));
    text
}

/// The text as the form shows it: without the blank lines that part it from the header.
pub fn shown_body(body: &str) -> &str {
    body.trim_start_matches(['\r', '\n'])
}

/// The body to write: the original's bytes when the form's text is the same; else the form's,
/// after the same blank lines as the original (one for a new file), ending with a line end.
fn body_text(original: Option<&str>, body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    if let Some(original) = original
        && shown_body(original).replace("\r\n", "\n") == body
    {
        return original.to_string();
    }
    let gap = original.map_or("\n", |o| &o[..o.len() - shown_body(o).len()]);
    let gap = if gap.is_empty() { "\n" } else { gap };
    let body = body.trim_end();
    if body.is_empty() { String::new() } else { format!("{gap}{body}\n") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;
    use std::path::Path;

    fn meta(text: &str) -> PageMeta {
        yaml::parse(frontmatter::split(text).unwrap().yaml, Path::new("a.md"), 2).unwrap()
    }

    fn with(values: &Values, changes: &[(&'static str, Option<Value>)]) -> Values {
        let mut values = values.clone();
        for (key, value) in changes {
            match values.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value.clone(),
                None => values.push((key, value.clone())),
            }
        }
        values
    }

    const HAND: &str = "---\n# Le titre.\ntitle: \"Réunion : bilan\"\ndate: 2026-02-06\nplace: \"\"\ntags:\n  - HCR\n  - Retour\nslug: bilan\n---\n\nLe texte.\n\nSuite.\n";

    #[test]
    fn an_unchanged_form_gives_back_the_same_bytes() {
        let current = page_values(&meta(HAND));
        let body = shown_body(frontmatter::split(HAND).unwrap().body);
        assert_eq!(compose(Some(HAND), &current, &current, body), HAND);
        let crlf = HAND.replace('\n', "\r\n");
        let body = shown_body(frontmatter::split(&crlf).unwrap().body).to_string();
        assert_eq!(compose(Some(&crlf), &current, &current, &body), crlf);
    }

    #[test]
    fn only_changed_keys_are_written_again_in_their_place() {
        let current = page_values(&meta(HAND));
        let wanted = with(
            &current,
            &[
                ("place", Some(Value::Text("Gao".into()))),
                ("summary", Some(Value::Text("Deux phrases : un bilan.".into()))),
                ("draft", Some(Value::Flag(true))),
                ("image", Some(Value::Text("photo.jpg".into()))),
                ("image_alt", Some(Value::Text("La salle".into()))),
            ],
        );
        let text = compose(Some(HAND), &current, &wanted, "Le texte.\r\n\r\nSuite.\r\n");
        assert_eq!(
            text,
            "---\n# Le titre.\ntitle: \"Réunion : bilan\"\ndate: 2026-02-06\nplace: Gao\nsummary: \"Deux phrases : un bilan.\"\ntags:\n  - HCR\n  - Retour\nimage: photo.jpg\nimage_alt: La salle\nslug: bilan\ndraft: true\n---\n\nLe texte.\n\nSuite.\n"
        );
        let read = meta(&text);
        assert_eq!((read.place.as_deref(), read.draft, read.tags.len()), (Some("Gao"), true, 2));
    }

    #[test]
    fn keys_emptied_are_removed_and_a_new_text_keeps_the_blank_line() {
        let current = page_values(&meta(HAND));
        let wanted = with(&current, &[("tags", Some(Value::List(vec![]))), ("slug", None)]);
        let text = compose(Some(HAND), &current, &wanted, "Autre texte.");
        assert_eq!(
            text,
            "---\n# Le titre.\ntitle: \"Réunion : bilan\"\ndate: 2026-02-06\nplace: \"\"\n---\n\nAutre texte.\n"
        );
    }

    #[test]
    fn a_new_file_has_its_keys_in_order() {
        let wanted: Values = vec![
            ("draft", Some(Value::Flag(false))),
            ("tags", Some(Value::List(vec!["HCR".into(), "Gao, Kidal".into()]))),
            ("date", Some(Value::Text("2026-03-01".into()))),
            ("title", Some(Value::Text("Réunion à Gao".into()))),
            ("place", Some(Value::Text(String::new()))),
        ];
        assert_eq!(
            compose(None, &Vec::new(), &wanted, "Le texte.\n\n"),
            "---\ntitle: Réunion à Gao\ndate: 2026-03-01\ntags: [HCR, \"Gao, Kidal\"]\n---\n\nLe texte.\n"
        );
    }
}

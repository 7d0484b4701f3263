//! Front-matter: the YAML block between two `---` lines at the top of a content file,
//! the keys a page or a section may set in it, and how values are written in it (by `new` and
//! the editor alike): plain when YAML reads them back as the same text, quoted otherwise.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::Problem;

/// A content file cut in two: its front-matter and its Markdown body, with their first lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Cuts `text` after its closing `---`; the problem comes with the line it is about.
pub fn split(text: &str) -> Result<Split<'_>, (usize, Problem)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((1, Problem::EmptyFile));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err((1, Problem::NoFrontMatter));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err((1, Problem::UnclosedFrontMatter))
}

/// A YAML double-quoted string; line breaks and other control characters escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text as a YAML value: plain (`Bamako`, `2026-02-06`, `Réunion d'essai`) when YAML reads it
/// back as this same text, quoted when it would read something else (`"2026"`, `"true"`,
/// `"Réunion : bilan"`, `"# 1"`).
pub fn scalar(text: &str) -> String {
    if is_plain(text, false) { text.to_string() } else { quoted(text) }
}

/// A list of texts in brackets: `[HCR, réintégration, "Gao, Tombouctou"]`.
pub fn list(items: &[String]) -> String {
    let items: Vec<String> =
        items.iter().map(|item| if is_plain(item, true) { item.clone() } else { quoted(item) }).collect();
    format!("[{}]", items.join(", "))
}

/// Whether `text` written as is reads back as the same text; `in_list`: inside brackets.
fn is_plain(text: &str, in_list: bool) -> bool {
    const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";
    let Some(first) = text.chars().next() else { return false };
    let reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];
    let digits = text.replace('_', "");
    let number = digits.parse::<f64>().is_ok()
        || [".", "+", "0x", "0o", "0b"].iter().any(|p| digits.to_ascii_lowercase().starts_with(p));
    text.trim() == text
        && !INDICATORS.contains(first)
        && !text.chars().any(char::is_control)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !(in_list && text.contains([',', '[', ']', '{', '}']))
        && !reserved.contains(&text.to_ascii_lowercase().as_str())
        && !number
}

/// What a page (an activity, the contact page, ...) may say about itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default, deserialize_with = "scalar_text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    pub updated: Option<String>,
    pub place: Option<String>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Old addresses that lead to the page: `aliases: [/activity_detail/42]`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
}

/// What a section (`_index.md`: the home, « Liste des activités ») may say about itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub title: String,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub paginate_by: Option<usize>,
    /// Old addresses that lead to the list.
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
}

/// Dates are read as text and checked after parsing, so that `2026-02-30` and `2026` get a
/// message about dates, not about YAML types.
pub fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct ScalarText;
    impl<'de> Visitor<'de> for ScalarText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date like 2026-02-06")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(text.to_string()))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_f64<E: de::Error>(self, x: f64) -> Result<Self::Value, E> {
            Ok(Some(x.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(ScalarText)
}

/// `tags: rapatriement` is read as a list of one tag, `aliases: /ancien/` as a list of one address.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of words, like [rapatriement, HCR]")
        }
        fn visit_str<E: de::Error>(self, tag: &str) -> Result<Self::Value, E> {
            Ok(vec![tag.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut tags = Vec::new();
            while let Some(tag) = seq.next_element::<String>()? {
                tags.push(tag);
            }
            Ok(tags)
        }
    }
    deserializer.deserialize_any(OneOrMany)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;
    use std::path::Path;

    #[test]
    fn values_are_written_plain_only_when_they_read_back_the_same() {
        let texts = [
            "Bamako",
            "Réunion d'essai nº 3",
            "2026-02-06",
            "2026",
            "3.5",
            "true",
            "No",
            "~",
            "Réunion : bilan",
            "Réunion « bilan » : \"HCR\"",
            "# 1",
            "C# et F#",
            "a #b",
            "- tiret",
            "[crochets]",
            "@cnr",
            " espace",
            "fin:",
            "deux\nlignes",
            "tab\tulation",
            "barre \\ oblique",
            "0x1F",
            ".inf",
            "1_000",
            "Gao, Tombouctou",
        ];
        for text in texts {
            let yaml = format!("title: {}\ntags: {}\n", scalar(text), list(&[text.to_string(), "HCR".into()]));
            let meta: PageMeta = yaml::parse(&yaml, Path::new("a.md"), 2).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(meta.title, text, "{yaml}");
            assert_eq!(meta.tags, [text, "HCR"], "{yaml}");
        }
        assert_eq!(scalar("Bamako"), "Bamako");
        assert_eq!(scalar("2026-02-06"), "2026-02-06");
        assert_eq!(scalar("2026"), "\"2026\"");
        assert_eq!(list(&["HCR".into(), "Gao, Tombouctou".into()]), "[HCR, \"Gao, Tombouctou\"]");
    }

    #[test]
    fn split_gives_front_matter_and_body_with_their_lines() {
        let split = split("---\ntitle: A\n---\n\nBody\n").unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn split_accepts_a_byte_order_mark_and_windows_line_ends() {
        let split = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(split.yaml, "title: A\r\n");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn split_reports_missing_and_unclosed_front_matter() {
        assert_eq!(split("").unwrap_err(), (1, Problem::EmptyFile));
        assert_eq!(split(" \n\n").unwrap_err(), (1, Problem::EmptyFile));
        assert_eq!(split("# Title\n").unwrap_err(), (1, Problem::NoFrontMatter));
        assert_eq!(split("---\ntitle: A\n\nBody\n").unwrap_err(), (1, Problem::UnclosedFrontMatter));
    }

    #[test]
    fn page_meta_reads_dates_as_text_and_single_tags_as_lists() {
        let meta: PageMeta = yaml::parse("title: A\ndate: 2026-02-06\ntags: HCR\n", Path::new("a.md"), 2).unwrap();
        assert_eq!(meta.date.as_deref(), Some("2026-02-06"));
        assert_eq!(meta.tags, ["HCR"]);
        let meta: PageMeta = yaml::parse("title: A\ndate: 2026\n", Path::new("a.md"), 2).unwrap();
        assert_eq!(meta.date.as_deref(), Some("2026"));
    }

    #[test]
    fn aliases_are_a_list_or_one_address() {
        let meta: PageMeta = yaml::parse("title: A\naliases: /activity_detail/42\n", Path::new("a.md"), 2).unwrap();
        assert_eq!(meta.aliases, ["/activity_detail/42"]);
        let meta: SectionMeta =
            yaml::parse("title: A\naliases: [/activity/, /activites.php?id=1]\n", Path::new("a.md"), 2).unwrap();
        assert_eq!(meta.aliases, ["/activity/", "/activites.php?id=1"]);
    }

    #[test]
    fn tags_of_the_wrong_type_are_an_error_at_their_line() {
        let error = yaml::parse::<PageMeta>("title: A\ntags: 12\n", Path::new("a.md"), 2).unwrap_err().0.remove(0);
        assert_eq!(error.location.to_string(), "a.md:3:7");
        assert_eq!(
            error.problem,
            Problem::WrongType { key: "tags".into(), found: "integer".into(), expected: "sequence".into() }
        );
    }
}

//! YAML parsing for front-matter and settings files: the one module that knows `yaml_serde`.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location, Problem};

/// Parses `text`, which starts at line `first_line` of `file`, into `T`.
/// Unknown keys and wrong types come back as errors at their line in `file`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path, first_line: usize) -> Result<T, Error> {
    // An empty document is an empty mapping, so that missing keys are reported by name.
    let text = if text.trim().is_empty() { "{}" } else { text };
    yaml_serde::from_str(text).map_err(|error| {
        let location = match error.location() {
            Some(at) => Location::at(file, first_line + at.line() - 1, at.column()),
            None => Location::line(file, first_line),
        };
        Error::at(location, problem(&error.to_string()))
    })
}

/// The line of `file` where `key:` is first written in `text` (which starts at `first_line`),
/// for problems found after parsing, such as an impossible date.
pub fn key_line(text: &str, key: &str, first_line: usize) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(first_line, |i| first_line + i)
}

/// Turns a `yaml_serde` message into a problem a person can act on.
fn problem(message: &str) -> Problem {
    // The location is reported separately.
    let message = match message.find(" at line ") {
        Some(end) => &message[..end],
        None => message,
    };
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let expected = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| {
                list.split(", ")
                    .flat_map(|k| k.split(" or "))
                    .map(|k| k.trim_matches('`').to_string())
                    .collect()
            })
            .unwrap_or_default();
        return Problem::UnknownKey { key, expected };
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        return Problem::MissingKey(rest.split('`').next().unwrap_or_default().to_string());
    }
    Problem::Yaml(message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn error(text: &str) -> (Option<usize>, Problem) {
        match parse::<Meta>(text, Path::new("a.md"), 2).unwrap_err() {
            Error::Content { location, problem } => (location.line, problem),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_in_the_file() {
        let (line, problem) = error("title: A\ntitel: B\n");
        assert_eq!(line, Some(3));
        assert_eq!(
            problem,
            Problem::UnknownKey {
                key: "titel".into(),
                expected: vec!["title".into(), "tags".into()]
            }
        );
    }

    #[test]
    fn wrong_type_names_the_key() {
        let (line, problem) = error("title: A\ntags: 12\n");
        assert_eq!(line, Some(3));
        assert!(
            matches!(&problem, Problem::Yaml(m) if m.contains("tags") && m.contains("sequence")),
            "{problem}"
        );
    }

    #[test]
    fn empty_document_reports_the_missing_key() {
        assert_eq!(error("\n").1, Problem::MissingKey("title".into()));
    }

    #[test]
    fn key_line_finds_nested_and_listed_keys() {
        let text = "title: A\nlanguages:\n  en:\n    title: B\nmenu:\n  - name: X\n";
        assert_eq!(key_line(text, "en", 10), 12);
        assert_eq!(key_line(text, "name", 1), 6);
        assert_eq!(key_line(text, "missing", 1), 1);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let (line, problem) = error("title: [A\n");
        assert!(line.is_some());
        assert!(matches!(problem, Problem::Yaml(_)));
    }
}

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
        let message = error.to_string();
        let (mut problem, at_start) = problem(&message);
        let (line, column) = match (at_start, context_mark(&message), error.location()) {
            (true, Some(start), _) => start,
            (_, _, Some(at)) => (at.line(), at.column()),
            _ => (1, 0),
        };
        if matches!(problem, Problem::Yaml(_)) {
            // A value starting with a reserved character: name the character.
            let bad = text.lines().nth(line - 1).and_then(|l| l.chars().nth(column.saturating_sub(1)));
            if let Some(c @ ('@' | '`' | '%')) = bad {
                problem = Problem::YamlReserved(c);
            }
        }
        let location = if column == 0 {
            Location::line(file, first_line + line - 1)
        } else {
            Location::at(file, first_line + line - 1, column)
        };
        Error::at(location, problem)
    })
}

/// "..., while parsing a flow sequence at line 2 column 7": where the unfinished construct began.
fn context_mark(message: &str) -> Option<(usize, usize)> {
    let context = message.split(", while ").nth(1)?;
    let at = context.split(" at line ").nth(1)?;
    let (line, column) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The line of `file` where `key:` is first written in `text` (which starts at `first_line`),
/// for problems found after parsing, such as an impossible date.
pub fn key_line(text: &str, key: &str, first_line: usize) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(first_line, |i| first_line + i)
}

/// Turns a `yaml_serde` message into a problem a person can act on, and says whether the
/// place to point at is where the parser started the construct it could not finish (an
/// unclosed bracket is reported at the end of the text, but it was opened earlier).
fn problem(message: &str) -> (Problem, bool) {
    // The location is reported separately.
    let message = message.split(" at line ").next().unwrap_or(message);
    let message = message.split(", while ").next().unwrap_or(message);
    let quoted = |rest: &str| rest.split('`').next().unwrap_or_default().to_string();
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let expected = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| {
                list.split(", ").flat_map(|k| k.split(" or ")).map(|k| k.trim_matches('`').to_string()).collect()
            })
            .unwrap_or_default();
        return (Problem::UnknownKey { key: quoted(rest), expected }, false);
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        return (Problem::MissingKey(quoted(rest)), false);
    }
    if let Some(rest) = message.split("duplicate field `").nth(1) {
        return (Problem::DuplicateKey(quoted(rest)), false);
    }
    if let Some((path, rest)) =
        message.split_once(": invalid type: ").or_else(|| message.strip_prefix("invalid type: ").map(|r| ("", r)))
    {
        // "tags: invalid type: integer `12`, expected a sequence"
        let found = rest.split([',', ' ']).next().unwrap_or_default().to_string();
        let expected = rest.split("expected ").nth(1).unwrap_or_default();
        let expected =
            expected.trim_start_matches("a ").trim_start_matches("an ").split(' ').next().unwrap_or_default();
        let key = path.rsplit('.').next().unwrap_or(path).to_string();
        return (Problem::WrongType { key, found, expected: expected.to_string() }, false);
    }
    if message.contains("tab character") {
        return (Problem::YamlTab, false);
    }
    if message.contains("mapping values are not allowed") {
        return (Problem::YamlColon, false);
    }
    if message.contains("expected ',' or ']'") {
        return (Problem::YamlUnclosed('['), true);
    }
    if message.contains("expected ',' or '}'") {
        return (Problem::YamlUnclosed('{'), true);
    }
    if message.contains("end of stream") {
        return (Problem::YamlUnclosed('"'), true);
    }
    if message.contains("did not find expected key") || message.contains("did not find expected '-'") {
        return (Problem::YamlIndent, false);
    }
    (Problem::Yaml(message.to_string()), false)
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

    fn error(text: &str) -> (String, Problem) {
        let error = parse::<Meta>(text, Path::new("a.md"), 2).unwrap_err();
        (error.location.to_string(), error.problem)
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_in_the_file() {
        let (at, problem) = error("title: A\ntitel: B\n");
        assert_eq!(at, "a.md:3:1");
        assert_eq!(problem, Problem::UnknownKey { key: "titel".into(), expected: vec!["title".into(), "tags".into()] });
    }

    #[test]
    fn wrong_type_names_the_key_and_the_types() {
        let (at, problem) = error("title: A\ntags: 12\n");
        assert_eq!(at, "a.md:3:7");
        assert_eq!(
            problem,
            Problem::WrongType { key: "tags".into(), found: "integer".into(), expected: "sequence".into() }
        );
    }

    #[test]
    fn empty_document_reports_the_missing_key() {
        assert_eq!(error("\n").1, Problem::MissingKey("title".into()));
        assert_eq!(error("title: A\ntitle: B\n").1, Problem::DuplicateKey("title".into()));
    }

    #[test]
    fn syntax_errors_are_told_in_words() {
        assert_eq!(error("title: A\n\ttags: [a]\n"), ("a.md:3:1".into(), Problem::YamlTab));
        assert_eq!(error("title: Réunion : bilan\n"), ("a.md:2:16".into(), Problem::YamlColon));
        assert_eq!(error("title: A\ntags: [a, b\n"), ("a.md:3:7".into(), Problem::YamlUnclosed('[')));
        assert_eq!(error("title: \"A\n"), ("a.md:2:8".into(), Problem::YamlUnclosed('"')));
        assert_eq!(error("title: A\ntags:\n  - a\n - b\n").1, Problem::YamlIndent);
        assert_eq!(error("title: @home\n").1, Problem::YamlReserved('@'));
    }

    #[test]
    fn key_line_finds_nested_and_listed_keys() {
        let text = "title: A\nlanguages:\n  en:\n    title: B\nmenu:\n  - name: X\n";
        assert_eq!(key_line(text, "en", 10), 12);
        assert_eq!(key_line(text, "name", 1), 6);
        assert_eq!(key_line(text, "missing", 1), 1);
    }
}

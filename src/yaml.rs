//! YAML parsing for front-matter and settings files: the one module that knows `yaml_serde`.
//!
//! Every mistake of a file is reported, not only the first: the text is read as YAML once, then
//! deserialized again and again, each time without the value at fault, until nothing is left to
//! report. Where a mistake is comes from the errors' structured parts (`yaml_serde`'s location,
//! `serde_path_to_error`'s path to the value); what it is must be read from the words of the
//! message, which neither crate gives otherwise: [`syntax_problem`] and [`serde_problem`] are
//! the only places that read them, each tested against every wording it knows.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use yaml_serde::Value;

use crate::error::{Error, Errors, Location, Problem};

/// How many mistakes of one file are reported at most: past that, the file is not YAML at all.
const MOST: usize = 50;

/// How deep lists and mappings may nest: `yaml_serde` refuses deeper values.
const MAX_DEPTH: usize = 128;

/// Parses `text`, which starts at line `first_line` of `file`, into `T`. Every unknown key,
/// value of the wrong type and missing key comes back as an error at its line in `file`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path, first_line: usize) -> Result<T, Errors> {
    // An empty document is an empty mapping, so that missing keys are reported by name.
    let text = if text.trim().is_empty() { "{}" } else { text };
    // The parser may point past the last line, where it found the text had ended.
    let last = text.lines().count().max(1);
    let at = |(line, column): (usize, usize)| {
        let line = first_line + line.clamp(1, last) - 1;
        if column == 0 { Location::line(file, line) } else { Location::at(file, line, column) }
    };
    if let Some(place) = too_deep(text) {
        return Err(Error::at(at(place), Problem::YamlTooDeep { max: MAX_DEPTH }).into());
    }
    let mut value: Value =
        yaml_serde::from_str(text).map_err(|error| Error::at(at(syntax_place(&error, text)), syntax(&error, text)))?;
    let mut errors = Vec::new();
    // Values taken out after a mistake: a missing key then is not another one.
    let mut dropped: Vec<String> = Vec::new();
    while errors.len() < MOST {
        let error = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(parsed) if errors.is_empty() => return Ok(parsed),
            Ok(_) => break,
            Err(error) => error,
        };
        let path: Vec<Segment> = error.path().iter().cloned().collect();
        let problem = serde_problem(&error.inner().to_string(), last_key(&path));
        // The path leads to the key at fault, or to the value that misses one.
        let (place, removed) = match &problem {
            Problem::MissingKey(key) if dropped.contains(key) => break,
            Problem::MissingKey(_) => (locate(text, &path, false), false),
            Problem::UnknownKey { .. } | Problem::DuplicateKey(_) => {
                (locate(text, &path, false), remove(&mut value, &path))
            }
            _ => (locate(text, &path, true), remove(&mut value, &path)),
        };
        if let Some(key) = last_key(&path) {
            dropped.push(key.to_string());
        }
        // `titel:` for `title:` is one mistake, not an unknown key and a missing one.
        if let Problem::UnknownKey { key, expected } = &problem
            && let Some(meant) = crate::error::closest(key, expected)
        {
            dropped.push(meant.to_string());
        }
        errors.push(Error::at(at(place), problem));
        if !removed {
            break;
        }
    }
    Err(Errors::sorted(errors))
}

/// The line of `file` where `key:` is first written in `text` (which starts at `first_line`),
/// for problems found after parsing, such as an impossible date.
pub fn key_line(text: &str, key: &str, first_line: usize) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    find_key(&lines, 0, key, &|_| true).map_or(first_line, |(line, _)| first_line + line)
}

/// Where the value of `key:` is first written in `text` (which starts at `first_line`): its
/// line in the file and the column of its first character (of the key, when the value is on
/// the lines below); `None` when `key:` is not written.
pub fn value_position(text: &str, key: &str, first_line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let (line, indent) = find_key(&lines, 0, key, &|_| true)?;
    let written = lines[line];
    let rest = &written[indent..];
    let start = match rest.find(':') {
        Some(colon) if !rest[colon + 1..].trim().is_empty() => {
            let after = &rest[colon + 1..];
            indent + colon + 1 + (after.len() - after.trim_start().len())
        }
        _ => indent,
    };
    Some((first_line + line, written[..start].chars().count() + 1))
}

/// Where `text` opens more brackets and braces than [`MAX_DEPTH`] without closing them, counted
/// without reading quotes: (line, column) from 1. The parser takes time that grows with the
/// square of their number before it finds out (forty thousand `[` take seconds), and no value
/// it would accept is that deep.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (number, line) in text.lines().enumerate() {
        for (column, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                return Some((number + 1, column + 1));
            }
        }
    }
    None
}

/// The key of the value a path leads to, if it ends with one.
fn last_key(path: &[Segment]) -> Option<&str> {
    match path.last() {
        Some(Segment::Map { key }) => Some(key),
        _ => None,
    }
}

/// Takes out of `value` what `path` leads to; whether there was something.
fn remove(value: &mut Value, path: &[Segment]) -> bool {
    let Some((last, parent)) = path.split_last() else { return false };
    match (walk(value, parent), last) {
        (Some(Value::Mapping(map)), Segment::Map { key }) => map.remove(key.as_str()).is_some(),
        (Some(Value::Sequence(items)), Segment::Seq { index }) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// The value at `path` in `value`.
fn walk<'v>(mut value: &'v mut Value, path: &[Segment]) -> Option<&'v mut Value> {
    for segment in path {
        value = match (segment, value) {
            (Segment::Map { key }, Value::Mapping(map)) => map.get_mut(key.as_str())?,
            (Segment::Seq { index }, Value::Sequence(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Where `path` leads in `text`: (line from 1, column from 1, or 0 when unknown). With
/// `value`, the column of the value after the key rather than of the key.
fn locate(text: &str, path: &[Segment], value: bool) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    // (line index, indentation of what it holds)
    let mut at: Option<(usize, usize)> = None;
    let mut column = 0;
    for segment in path {
        let from = at.map_or(0, |(line, _)| line);
        let deeper = |indent: usize| at.is_none_or(|(_, parent)| indent > parent);
        let found = match segment {
            Segment::Seq { index } => nth_item(&lines, from, *index, at.map(|(_, i)| i)),
            Segment::Map { key } => find_key(&lines, from, key, &deeper),
            _ => None,
        };
        let Some((line, indent)) = found else { break };
        at = Some((line, indent));
        // A key's first character; an item's dash, one column before what it holds.
        column = if matches!(segment, Segment::Seq { .. }) { indent } else { indent + 1 };
    }
    let Some((line, indent)) = at else { return (1, 1) };
    if value {
        // After `key:` and its spaces.
        let rest = &lines[line][indent..];
        if let Some(colon) = rest.find(':') {
            let after = &rest[colon + 1..];
            column = indent + colon + 1 + (after.len() - after.trim_start().len()) + 1;
        }
    }
    (line + 1, lines[line][..column.saturating_sub(1).min(lines[line].len())].chars().count() + 1)
}

/// The first line from `from` on where `key:` is written at an indentation `deeper` accepts:
/// (line, column of the key counted from 0 in bytes).
fn find_key(lines: &[&str], from: usize, key: &str, deeper: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    lines.iter().enumerate().skip(from).find_map(|(i, line)| {
        let content = line.trim_start_matches([' ', '-']);
        let indent = line.len() - content.len();
        let unquoted = content.trim_start_matches(['"', '\'']);
        let named =
            unquoted.strip_prefix(key).is_some_and(|r| r.trim_start_matches(['"', '\'']).trim_start().starts_with(':'));
        (named && deeper(indent)).then_some((i, indent))
    })
}

/// The line of the `index`-th item (`- …`) of the list that follows line `from`.
fn nth_item(lines: &[&str], from: usize, index: usize, parent: Option<usize>) -> Option<(usize, usize)> {
    let items = lines.iter().enumerate().skip(from + 1).filter_map(|(i, line)| {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        // What the item holds is written two columns further, its keys then one under another.
        (content.starts_with("- ") || content == "-").then_some((i, indent + 1))
    });
    let parent = parent.unwrap_or(0);
    items.filter(|(_, indent)| *indent >= parent).nth(index)
}

/// Where a syntax error is: where the parser started the construct it could not finish (an
/// unclosed bracket is reported at the end of the text, but it was opened earlier), or where
/// it stopped.
fn syntax_place(error: &yaml_serde::Error, _text: &str) -> (usize, usize) {
    let message = error.to_string();
    let (_, at_start) = syntax_problem(&message);
    match (at_start, context_mark(&message), error.location()) {
        (true, Some(start), _) => start,
        (_, _, Some(at)) => (at.line(), at.column()),
        _ => (1, 0),
    }
}

/// The problem of a syntax error; a value starting with a character YAML reserves is named.
fn syntax(error: &yaml_serde::Error, text: &str) -> Problem {
    let (problem, _) = syntax_problem(&error.to_string());
    if !matches!(problem, Problem::Yaml(_)) {
        return problem;
    }
    let (line, column) = syntax_place(error, text);
    let bad = text.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(column.saturating_sub(1)));
    match bad {
        Some(c @ ('@' | '`' | '%')) => Problem::YamlReserved(c),
        _ => problem,
    }
}

/// "..., while parsing a flow sequence at line 2 column 7": where the unfinished construct began.
fn context_mark(message: &str) -> Option<(usize, usize)> {
    let context = message.split(", while ").nth(1)?;
    let at = context.split(" at line ").nth(1)?;
    let (line, column) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// Turns a message of the YAML parser into a problem a person can act on, and says whether the
/// place to point at is where the unfinished construct began.
fn syntax_problem(message: &str) -> (Problem, bool) {
    // The location is given separately.
    let message = message.split(" at line ").next().unwrap_or(message);
    let message = message.split(", while ").next().unwrap_or(message);
    let quoted = |rest: &str| rest.split(['"', '`']).nth(1).unwrap_or_default().to_string();
    if let Some(rest) = message.strip_prefix("duplicate entry with key ") {
        return (Problem::DuplicateKey(quoted(rest)), false);
    }
    let found = [
        ("tab character", Problem::YamlTab, false),
        ("mapping values are not allowed", Problem::YamlColon, false),
        ("expected ',' or ']'", Problem::YamlUnclosed('['), true),
        ("expected ',' or '}'", Problem::YamlUnclosed('{'), true),
        ("end of stream", Problem::YamlUnclosed('"'), true),
        ("did not find expected key", Problem::YamlIndent, false),
        ("did not find expected '-'", Problem::YamlIndent, false),
        ("could not find expected ':'", Problem::YamlNoColon, false),
        ("recursion limit exceeded", Problem::YamlTooDeep { max: MAX_DEPTH }, false),
    ]
    .into_iter()
    .find(|(words, _, _)| message.contains(words));
    match found {
        Some((_, problem, at_start)) => (problem, at_start),
        None => (Problem::Yaml(message.to_string()), false),
    }
}

/// Turns a message of serde (the words its `de::Error` gives every format) into a problem;
/// `key` is the key of the value at fault, when the path ends with one.
fn serde_problem(message: &str, key: Option<&str>) -> Problem {
    let quoted = |rest: &str| rest.split('`').next().unwrap_or_default().to_string();
    let key = key.unwrap_or_default().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let expected = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| {
                list.split(", ").flat_map(|k| k.split(" or ")).map(|k| k.trim_matches('`').to_string()).collect()
            })
            .unwrap_or_default();
        return Problem::UnknownKey { key: quoted(rest), expected };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return Problem::MissingKey(quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return Problem::DuplicateKey(quoted(rest));
    }
    // "invalid type: integer `12`, expected a sequence", "invalid value: integer `-1`, expected usize"
    let typed = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "));
    if let Some(rest) = typed {
        let found = rest.split([',', ' ']).next().unwrap_or_default();
        let expected = rest.rsplit("expected ").next().unwrap_or_default();
        return Problem::WrongType { key, found: kind(found).into(), expected: kind(expected).into() };
    }
    Problem::Yaml(message.to_string())
}

/// What serde names a type, as one of the kinds messages speak of: `sequence`, `map`,
/// `string`, `integer`, `number`, `boolean`, `null`.
fn kind(name: &str) -> &'static str {
    let name = name.trim().trim_start_matches("a ").trim_start_matches("an ");
    let first = name.split([' ', '`']).next().unwrap_or_default();
    match first {
        "sequence" | "list" | "tuple" => "sequence",
        "map" | "struct" | "YAML" => "map",
        "string" | "char" | "borrowed" | "date" => "string",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize"
        | "integer" => "integer",
        "f32" | "f64" | "floating" | "number" => "number",
        "boolean" | "bool" => "boolean",
        _ if name.starts_with("unit") || name == "null" => "null",
        _ => "other",
    }
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
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        menu: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        #[serde(default)]
        weight: u32,
    }

    fn errors(text: &str) -> Vec<(String, Problem)> {
        let errors = parse::<Meta>(text, Path::new("a.md"), 2).unwrap_err();
        errors.0.into_iter().map(|e| (e.location.to_string(), e.problem)).collect()
    }

    fn error(text: &str) -> (String, Problem) {
        errors(text).remove(0)
    }

    fn expected() -> Vec<String> {
        ["title", "tags", "draft", "menu"].map(String::from).to_vec()
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_in_the_file() {
        let (at, problem) = error("title: A\ntitel: B\n");
        assert_eq!(at, "a.md:3:1");
        assert_eq!(problem, Problem::UnknownKey { key: "titel".into(), expected: expected() });
    }

    #[test]
    fn every_mistake_of_a_file_is_reported() {
        let found = errors("titel: A\ntags: 12\nauthor: X\ndraft: maybe\nlieu: Gao\n");
        let names: Vec<(&str, String)> = found
            .iter()
            .map(|(at, p)| {
                let what = match p {
                    Problem::UnknownKey { key, .. } => format!("unknown {key}"),
                    Problem::WrongType { key, .. } => format!("type {key}"),
                    Problem::MissingKey(key) => format!("missing {key}"),
                    other => format!("{other:?}"),
                };
                (at.as_str(), what)
            })
            .collect();
        assert_eq!(
            names,
            [
                ("a.md:2:1", "unknown titel".to_string()),
                ("a.md:3:7", "type tags".into()),
                ("a.md:4:1", "unknown author".into()),
                ("a.md:5:8", "type draft".into()),
                ("a.md:6:1", "unknown lieu".into()),
            ]
        );
    }

    #[test]
    fn nested_mistakes_are_found_at_their_line() {
        let found = errors("title: A\nmenu:\n  - name: X\n  - label: Y\n    weight: lourd\n");
        let at: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(at, ["a.md:5:3", "a.md:5:5", "a.md:6:13"], "{found:?}");
        assert_eq!(found[0].1, Problem::MissingKey("name".into()));
        assert!(matches!(&found[1].1, Problem::UnknownKey { key, .. } if key == "label"), "{found:?}");
        let integer = Problem::WrongType { key: "weight".into(), found: "string".into(), expected: "integer".into() };
        assert_eq!(found[2].1, integer);
        // A key written wrong is one mistake, not an unknown key and a missing one.
        let typo = errors("title: A\nmenu:\n  - nom: Y\n");
        assert_eq!(typo.len(), 1, "{typo:?}");
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
    fn key_line_finds_nested_and_listed_keys() {
        let text = "title: A\nlanguages:\n  en:\n    title: B\nmenu:\n  - name: X\n";
        assert_eq!(key_line(text, "en", 10), 12);
        assert_eq!(key_line(text, "name", 1), 6);
        assert_eq!(key_line(text, "missing", 1), 1);
    }

    #[test]
    fn value_position_points_at_the_value() {
        let text = "title: A\ndate:   2026-02-30\r\ntags:\n  - a\nplace: Ménaka\n";
        assert_eq!(value_position(text, "date", 2), Some((3, 9)));
        assert_eq!(value_position(text, "tags", 2), Some((4, 1)));
        assert_eq!(value_position(text, "place", 2), Some((6, 8)));
        assert_eq!(value_position(text, "slug", 2), None);
    }

    #[test]
    fn syntax_errors_are_told_in_words() {
        assert_eq!(error("title: A\n\ttags: [a]\n"), ("a.md:3:1".into(), Problem::YamlTab));
        assert_eq!(error("title: Réunion : bilan\n"), ("a.md:2:16".into(), Problem::YamlColon));
        assert_eq!(error("title: A\ntags: [a, b\n"), ("a.md:3:7".into(), Problem::YamlUnclosed('[')));
        assert_eq!(error("title: \"A\n"), ("a.md:2:8".into(), Problem::YamlUnclosed('"')));
        assert_eq!(error("title: A\ntags:\n  - a\n - b\n").1, Problem::YamlIndent);
        // A line that is no key, at the end: pointed at, not past the text.
        let (at, problem) = error("title: A\nplace: Gao\nun texte sans clé");
        assert!(at.starts_with("a.md:4"), "{at}");
        assert_eq!(problem, Problem::YamlNoColon);
        assert_eq!(error("title: @home\n").1, Problem::YamlReserved('@'));
        // Nested too deep, in brackets (found before the parser reads them) or by indentation.
        let deep = format!("title: A\nx: {}\n", "[".repeat(40_000));
        assert_eq!(error(&deep), ("a.md:3:132".to_string(), Problem::YamlTooDeep { max: MAX_DEPTH }));
        let deep = format!("title: A\nx:\n  {}x\n", "- ".repeat(200));
        assert_eq!(error(&deep).1, Problem::YamlTooDeep { max: MAX_DEPTH });
        let closed = format!("title: A\nx: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert!(matches!(error(&closed).1, Problem::UnknownKey { .. }), "not too deep: {:?}", error(&closed));
    }

    #[test]
    fn every_wording_of_the_parser_is_known() {
        for (message, problem) in [
            (
                "found character that cannot start any token",
                Problem::Yaml("found character that cannot start any token".into()),
            ),
            ("found a tab character that violates indentation at line 2 column 1", Problem::YamlTab),
            ("mapping values are not allowed in this context at line 1 column 15", Problem::YamlColon),
            (
                "did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 7",
                Problem::YamlUnclosed('['),
            ),
            ("did not find expected ',' or '}' at line 3 column 1", Problem::YamlUnclosed('{')),
            (
                "found unexpected end of stream at line 2 column 1, while scanning a quoted scalar",
                Problem::YamlUnclosed('"'),
            ),
            ("did not find expected key at line 4 column 2", Problem::YamlIndent),
            ("did not find expected '-' indicator at line 4 column 2", Problem::YamlIndent),
            ("could not find expected ':' at line 3 column 1, while scanning a simple key", Problem::YamlNoColon),
            ("duplicate entry with key \"title\" at line 2 column 1", Problem::DuplicateKey("title".into())),
            ("recursion limit exceeded at line 3 column 257", Problem::YamlTooDeep { max: MAX_DEPTH }),
        ] {
            assert_eq!(syntax_problem(message).0, problem, "{message}");
        }
        assert_eq!(
            context_mark("x at line 3 column 1, while parsing a flow sequence at line 2 column 7"),
            Some((2, 7))
        );
    }

    #[test]
    fn every_wording_of_serde_is_known() {
        let known = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        for (message, problem) in [
            (
                "unknown field `titel`, expected one of `title`, `date`",
                Problem::UnknownKey { key: "titel".into(), expected: known(&["title", "date"]) },
            ),
            (
                "unknown field `titel`, expected `title` or `date`",
                Problem::UnknownKey { key: "titel".into(), expected: known(&["title", "date"]) },
            ),
            (
                "unknown field `x`, expected `title`",
                Problem::UnknownKey { key: "x".into(), expected: known(&["title"]) },
            ),
            ("unknown field `x`, there are no fields", Problem::UnknownKey { key: "x".into(), expected: vec![] }),
            ("missing field `title`", Problem::MissingKey("title".into())),
            ("duplicate field `title`", Problem::DuplicateKey("title".into())),
            (
                "invalid type: integer `12`, expected a sequence",
                Problem::WrongType { key: "k".into(), found: "integer".into(), expected: "sequence".into() },
            ),
            (
                "invalid type: string \"dix\", expected usize",
                Problem::WrongType { key: "k".into(), found: "string".into(), expected: "integer".into() },
            ),
            (
                "invalid type: sequence, expected f64",
                Problem::WrongType { key: "k".into(), found: "sequence".into(), expected: "number".into() },
            ),
            (
                "invalid value: integer `-1`, expected u32",
                Problem::WrongType { key: "k".into(), found: "integer".into(), expected: "integer".into() },
            ),
            (
                "invalid type: map, expected a boolean",
                Problem::WrongType { key: "k".into(), found: "map".into(), expected: "boolean".into() },
            ),
            (
                "invalid type: unit value, expected a string",
                Problem::WrongType { key: "k".into(), found: "null".into(), expected: "string".into() },
            ),
        ] {
            assert_eq!(serde_problem(message, Some("k")), problem, "{message}");
        }
    }
}

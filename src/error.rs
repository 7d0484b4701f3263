//! Errors: each one names the file it concerns, and the line and column where they are known.
//! A build collects every error it meets into [`Errors`] and reports them together.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file, and the line and column in it when they are known (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location {
            file: file.to_path_buf(),
            line: None,
            column: None,
        }
    }

    pub fn line(file: &Path, line: usize) -> Self {
        Location {
            file: file.to_path_buf(),
            line: Some(line),
            column: None,
        }
    }

    pub fn at(file: &Path, line: usize, column: usize) -> Self {
        Location {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// What is wrong in a file of the site (content, `site.yaml`, the theme).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(
        "the file is empty; it needs a front-matter block (`---`, `title: ...`, `---`) and a text"
    )]
    EmptyFile,
    #[error("the file is not UTF-8 text; save it as UTF-8")]
    NotUtf8,
    #[error(
        "no front-matter: the file must start with a line `---`, then `title: ...`, then a line `---`"
    )]
    NoFrontMatter,
    #[error("the front-matter is never closed: add a line `---` after its last key")]
    UnclosedFrontMatter,
    #[error("invalid YAML: {0}")]
    Yaml(String),
    #[error("unknown key `{key}`{}", suggestion(.expected, .key))]
    UnknownKey { key: String, expected: Vec<String> },
    #[error("`{0}` is missing")]
    MissingKey(String),
    #[error("`{key}`: {value:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-02-06")]
    BadDate { key: String, value: String },
    #[error("`{key}`: {value} does not exist in the calendar")]
    ImpossibleDate { key: String, value: String },
    #[error(
        "the date in the file name ({file_date}) differs from `date: {date}`: make them the same"
    )]
    DateMismatch { file_date: String, date: String },
    #[error(
        "`slug: {value}` cannot be used in a URL: use lower-case letters, digits and dashes, e.g. `{suggestion}`"
    )]
    BadSlug { value: String, suggestion: String },
    #[error("the file name gives no usable URL: rename it with letters or digits")]
    NoSlug,
    #[error("the language suffix `.{suffix}` is not in site.yaml (languages: {known})")]
    UnknownLanguage { suffix: String, known: String },
    #[error("this translation has no original: create {original}")]
    MissingOriginal { original: String },
    #[error("`{key}` must not be empty")]
    Empty { key: String },
    #[error("{url} is written by two files: this one and {other}; give one of them another `slug`")]
    DuplicateUrl { url: String, other: String },
    #[error("the link `{target}` leads to no file of the site")]
    BrokenLink { target: String },
    #[error("the image `{target}` does not exist")]
    MissingImage { target: String },
    #[error(
        "the image `{target}` has no alt text: write what it shows, e.g. ![Signing ceremony in Bamako]({target})"
    )]
    MissingAlt { target: String },
    #[error("`{key}`: {message}")]
    Invalid { key: String, message: String },
    #[error("template: {0}")]
    Template(String),
    #[error("the theme `{0}` does not exist")]
    MissingTheme(String),
}

fn suggestion(expected: &[String], key: &str) -> String {
    match crate::error::closest(key, expected) {
        Some(best) => format!(": did you mean `{best}`?"),
        None if expected.is_empty() => String::new(),
        None => format!(" (expected one of: {})", expected.join(", ")),
    }
}

/// The expected word closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, expected: &'a [String]) -> Option<&'a str> {
    expected
        .iter()
        .map(|e| (edit_distance(word, e), e))
        .filter(|(d, e)| *d <= 2.max(e.len() / 3))
        .min()
        .map(|(_, e)| e.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{location}: {problem}")]
    Content {
        location: Location,
        problem: Problem,
    },
}

impl Error {
    pub fn at(location: Location, problem: Problem) -> Self {
        Error::Content { location, problem }
    }

    fn sort_key(&self) -> (&Path, Option<usize>) {
        match self {
            Error::Io { path, .. } => (path, None),
            Error::Content { location, .. } => (&location.file, location.line),
        }
    }
}

/// All the errors of one build, sorted by file and line.
#[derive(Debug, thiserror::Error)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn sorted(mut errors: Vec<Error>) -> Self {
        errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Errors(errors)
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Errors(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        match self.0.len() {
            1 => write!(f, "1 error"),
            n => write!(f, "{n} errors"),
        }
    }
}

/// Runs `f` on every item and keeps the results, or all the errors if any item failed.
pub fn collect<T, U>(
    items: impl IntoIterator<Item = T>,
    f: impl FnMut(T) -> Result<U, Errors>,
) -> Result<Vec<U>, Errors> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in items.into_iter().map(f) {
        match result {
            Ok(value) => values.push(value),
            Err(Errors(mut more)) => errors.append(&mut more),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(Errors::sorted(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_closest_known_key() {
        let expected = vec!["title".to_string(), "date".to_string(), "tags".to_string()];
        let problem = Problem::UnknownKey {
            key: "titel".into(),
            expected: expected.clone(),
        };
        assert_eq!(
            problem.to_string(),
            "unknown key `titel`: did you mean `title`?"
        );
        let problem = Problem::UnknownKey {
            key: "colour".into(),
            expected,
        };
        assert_eq!(
            problem.to_string(),
            "unknown key `colour` (expected one of: title, date, tags)"
        );
    }

    #[test]
    fn location_prints_file_line_and_column() {
        assert_eq!(
            Location::at(Path::new("content/a.md"), 3, 7).to_string(),
            "content/a.md:3:7"
        );
        assert_eq!(
            Location::file(Path::new("site.yaml")).to_string(),
            "site.yaml"
        );
    }
}

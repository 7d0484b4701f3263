//! Errors: each one names the file it concerns, and the line and column where they are known.
//! A build collects every error it meets into [`Errors`] and reports them together. What an
//! error says to a person, in French or in English, is in `messages`, which also gives
//! [`Problem`] its `Display` (in English, for logs and tests).

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file, and the line and column in it when they are known (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location { file: file.to_path_buf(), line: None, column: None }
    }

    pub fn line(file: &Path, line: usize) -> Self {
        Location { file: file.to_path_buf(), line: Some(line), column: None }
    }

    pub fn at(file: &Path, line: usize, column: usize) -> Self {
        Location { file: file.to_path_buf(), line: Some(line), column: Some(column) }
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

/// What is wrong in a file of the site (content, `site.yaml`, the theme), or worth a look.
/// Each has its words in `messages`, whose tests hold an example of every kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, strum::EnumDiscriminants)]
#[strum_discriminants(name(ProblemKind), derive(strum::EnumIter, Hash, PartialOrd, Ord))]
pub enum Problem {
    /// A file could not be read or written; the system's words.
    Io(String),
    EmptyFile,
    NotUtf8,
    TooLarge {
        size: u64,
        limit: u64,
    },
    NoFrontMatter,
    UnclosedFrontMatter,
    /// A tab where YAML wants spaces.
    YamlTab,
    /// `title: Réunion : bilan`: a colon and a space inside a value.
    YamlColon,
    /// A bracket, brace or quote opened and never closed.
    YamlUnclosed(char),
    YamlIndent,
    /// A line that is neither `key: value` nor an item of a list.
    YamlNoColon,
    /// Lists or mappings nested more than `max` deep, inside brackets or by indentation.
    YamlTooDeep {
        max: usize,
    },
    /// A value starting with a character YAML reserves, like `@` or a backtick.
    YamlReserved(char),
    /// Any other YAML syntax error, in the parser's words.
    Yaml(String),
    DuplicateKey(String),
    UnknownKey {
        key: String,
        expected: Vec<String>,
    },
    WrongType {
        key: String,
        found: String,
        expected: String,
    },
    MissingKey(String),
    Empty(String),
    BadDate {
        key: String,
        value: String,
        /// The same date written as the site reads it, when it could be made out: `2024-01-05`.
        suggestion: Option<String>,
    },
    ImpossibleDate {
        key: String,
        value: String,
    },
    DateMismatch {
        file_date: String,
        date: String,
    },
    BadSlug {
        value: String,
        suggestion: String,
    },
    NoSlug,
    UnknownLanguage {
        suffix: String,
        known: String,
    },
    /// A page in another language than the site's default, without its original: published
    /// in its language alone.
    MissingOriginal {
        original: String,
        language: String,
    },
    /// Two source files published at one address; `other` is the first, the error is at the second.
    DuplicateUrl {
        url: String,
        other: String,
        kind: Duplicate,
    },
    /// An old address in `aliases:` that is not an address of the site; how to write it, when
    /// that can be told.
    BadAlias {
        value: String,
        suggestion: Option<String>,
    },
    /// Two outputs written to one file (`file`): a content file whose page or copy is written
    /// where `other` is, which would replace it.
    OutputCollision {
        file: String,
        other: Occupant,
    },
    /// Two outputs the site makes itself written to one file: two paths of `site.yaml` meet.
    PathsCollide {
        file: String,
    },
    /// An old address in `aliases:` that something else is published at.
    AliasCollision {
        alias: String,
        other: Occupant,
    },
    BrokenLink {
        target: String,
    },
    /// An output folder the build refuses to fill.
    OutputRefused(OutputRefusal),
    /// A file in the output that no build wrote (a `CNAME` put there by hand): kept.
    ForeignFile {
        file: String,
    },
    /// A link whose scheme is not a link's: `javascript:`, `data:`, `file:`…
    RefusedLink {
        target: String,
        scheme: String,
    },
    /// A date too far in the past or the future to be an activity's.
    DateOutOfRange {
        key: String,
        value: String,
    },
    BrokenAnchor {
        target: String,
        /// The anchor of the target page closest to the one written.
        closest: Option<String>,
    },
    MissingImage {
        target: String,
    },
    MissingAlt {
        target: String,
    },
    /// A photo too large to be made smaller without eating the machine's memory: more pixels
    /// than `max`.
    PhotoTooLarge {
        width: u32,
        height: u32,
        /// The most pixels a photo may have.
        max: u64,
    },
    /// A photo whose file changed between the reading of its size and its making.
    PhotoChanged,
    /// `base_url` left at an address no visitor reaches (`example.org`, `localhost`): canonical
    /// links, feeds and the sitemap would lead there.
    PlaceholderAddress {
        url: String,
    },
    /// A character no page may show (pasted from a word processor), taken out of the text.
    StrayCharacter {
        code: String,
    },
    /// A photo whose file ends before its image does (a copy cut short).
    TruncatedPhoto,
    /// A photo that cannot be decoded; the decoder's words.
    BadImage {
        reason: String,
    },
    /// A setting whose value is not of the expected form.
    Invalid {
        key: String,
        value: String,
        expected: Expected,
    },
    Template(String),
    MissingTemplate,
    /// A font of the theme that cannot be read.
    BadFont,
    /// A content file published where a share card goes.
    CardName {
        name: String,
    },
    MissingTheme(String),
    MissingStrings {
        language: String,
    },
    MissingLabel {
        language: String,
    },
    PageExists,
    UnknownSection {
        kind: String,
        known: String,
    },
    /// An output folder's manifest that cannot be read: the reason, in the parser's words.
    BadManifest(String),
    // Publishing with `cnr-site deploy`.
    /// A folder that no `cnr-site build` wrote.
    NotBuilt,
    /// No target in `site.yaml`, none on the command line.
    NoTarget,
    PasswordInTarget,
    /// The server cannot be reached; the system's words.
    Unreachable(String),
    /// The server refused to let `user` in; `ssh`: keys and the SSH agent were tried too.
    LoginRefused {
        user: String,
        ssh: bool,
    },
    /// A password is needed, and there is no terminal to ask for it.
    NoPassword,
    /// The server's SSH key is not among the known ones; its SHA-256 fingerprint.
    UnknownHostKey(String),
    /// The server's SSH key is not the one known for it.
    ChangedHostKey(String),
    /// The encrypted connection could not be set up; the library's words.
    Tls(String),
    /// The server refused to do something; its words.
    ServerRefused(String),
    /// The connection dropped this many times in a row; the last reason.
    ConnectionLost {
        tries: u32,
        reason: String,
    },
    // The editor of `serve`.
    /// `--bind` beyond this computer, and no password file.
    NoEditorPassword,
    /// A password file that does not hold a password's hash.
    BadPasswordFile,
    /// More tags on one page than `max`: each is a list page with its feeds and card, each
    /// naming all of them.
    TooManyTags {
        count: usize,
        max: usize,
    },
    // Warnings: worth a look, not blocking a build (`check --strict` makes them errors).
    Untranslated {
        language: String,
        file: String,
    },
    NotYetTranslated,
    /// A tag with no tag at its place in a translation of a page carrying it.
    UnpairedTag {
        tag: String,
        language: String,
        translation: String,
    },
    /// A translation's tag at the place of the original's `tag` is `placed`, while another of its
    /// tags, `named`, has `tag`'s name: the tags are likely in another order.
    TagsOutOfOrder {
        tag: String,
        placed: String,
        named: String,
    },
    OutdatedTranslation {
        date: String,
        original_date: String,
    },
    Ordinal {
        found: String,
        suggestion: String,
    },
    Hour {
        found: String,
        suggestion: String,
    },
    CapitalA {
        found: String,
    },
    /// `updated:` on or before the page's `date:`.
    UpdatedBeforeDate {
        updated: String,
        date: String,
    },
    /// A page the site owes its visitors that `content/` lacks.
    MissingNotice {
        notice: Notice,
        file: String,
    },
    /// Raw HTML of a text that the sanitizer took out ([`crate::sanitize`]).
    HtmlRemoved(HtmlPart),
    /// A block of raw HTML with more than `max` elements open one inside the other: no
    /// document pasted whole has that many, and reading it would take minutes.
    HtmlTooDeep {
        max: usize,
    },
    /// A video of another site (`YouTube`), shown as a link that loads it only when asked.
    VideoEmbed {
        provider: String,
        /// Whether the player has its `title="…"`, which the link shows.
        titled: bool,
    },
    /// An old address that only servers reading the redirect files lead to its page: one with
    /// a query, or naming a file that is not HTML.
    ServerOnlyAlias {
        alias: String,
    },
    /// An address the last build published that this one would not, nor lead anywhere: links to
    /// it would break. `aliases` is the line that keeps it; `moved`: the file still has a page.
    AddressGone {
        address: String,
        aliases: String,
        moved: bool,
    },
}

/// What two files published at one address are: the hint differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Duplicate {
    /// Photos, documents: files copied as they are, whose names fold to the same one.
    File,
    /// Pages and lists, named by their file or their `slug:`.
    Page,
}

/// What the sanitizer takes out of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum HtmlPart {
    /// An element it does not keep, whose text it keeps: `font`, `center`, or `div` in a sentence.
    Tag(String),
    /// An element it drops with all it holds: `script`, `style`, `form`, `iframe`.
    Whole(String),
    /// An attribute of a kept element: (element, attribute), like (`p`, `style`).
    Attribute(String, String),
    Comment,
    /// A closing tag that closes nothing, or an element never closed, closed at the end of its block.
    Unbalanced(String),
}

/// What an old address of `aliases:` collides with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Occupant {
    /// A page, a list, a copied file or another page's old address: the file it comes from.
    File(String),
    /// An output the site makes itself (a list's next page, a tag, an archive, a feed), at this
    /// address.
    Generated(String),
}

/// A page an institution's site owes its visitors ([`crate::notices`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notice {
    Accessibility,
    Legal,
    Privacy,
}

/// Why an output folder is not the build's to fill.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OutputRefusal {
    /// The site's own folder (`--output .`).
    SiteFolder,
    /// A folder that holds the site.
    HoldsSite,
    /// Inside `content/`, `themes/` or `static/`.
    InSources(String),
    /// A file, not a folder.
    File,
    /// A folder holding files no build wrote: some of their names, and how many there are.
    NotAnOutput { names: Vec<String>, count: usize },
}

/// The form a setting's value should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Expected {
    Address,
    ThemeName,
    PositiveNumber,
    Email,
    Phone,
    SiteLanguage,
    LanguageCode,
    Title,
    UrlSegment,
    MonthNames,
    FigureDate,
    Tag,
    DeployTarget,
}

impl Problem {
    /// Warnings are reported by `check`; they do not stop a build.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            Problem::ForeignFile { .. }
                | Problem::StrayCharacter { .. }
                | Problem::PlaceholderAddress { .. }
                | Problem::Untranslated { .. }
                | Problem::NotYetTranslated
                | Problem::UnpairedTag { .. }
                | Problem::TagsOutOfOrder { .. }
                | Problem::OutdatedTranslation { .. }
                | Problem::Ordinal { .. }
                | Problem::Hour { .. }
                | Problem::CapitalA { .. }
                | Problem::UpdatedBeforeDate { .. }
                | Problem::MissingNotice { .. }
                | Problem::MissingOriginal { .. }
                | Problem::HtmlRemoved(_)
                | Problem::VideoEmbed { .. }
                | Problem::ServerOnlyAlias { .. }
                | Problem::AddressGone { .. }
        )
    }
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{location}: {problem}")]
pub struct Error {
    pub location: Location,
    pub problem: Problem,
}

impl Error {
    pub fn at(location: Location, problem: Problem) -> Self {
        Error { location, problem }
    }

    /// An input/output failure on `path`.
    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        let message = error.to_string();
        // "No such file or directory (os error 2)": the code helps no one.
        let message = message.split(" (os error").next().unwrap_or(&message).to_string();
        Error::at(Location::file(path), Problem::Io(message))
    }
}

/// All the errors of one build, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn sorted(mut errors: Vec<Error>) -> Self {
        errors.sort_by(|a, b| a.location.cmp(&b.location));
        errors.dedup();
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
    if errors.is_empty() { Ok(values) } else { Err(Errors::sorted(errors)) }
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
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_likely_typos_only() {
        let expected = vec!["title".to_string(), "date".to_string(), "tags".to_string()];
        assert_eq!(closest("titel", &expected), Some("title"));
        assert_eq!(closest("dates", &expected), Some("date"));
        assert_eq!(closest("colour", &expected), None);
    }

    #[test]
    fn location_prints_file_line_and_column() {
        assert_eq!(Location::at(Path::new("content/a.md"), 3, 7).to_string(), "content/a.md:3:7");
        assert_eq!(Location::file(Path::new("site.yaml")).to_string(), "site.yaml");
    }

    #[test]
    fn io_errors_drop_the_os_code() {
        let error = std::io::Error::from_raw_os_error(2);
        assert_eq!(Error::io(Path::new("a.md"), &error).problem, Problem::Io("No such file or directory".into()));
    }
}

//! The types URLs are made of: languages, slugs, paths on the site and the site's base URL.
//! Every path the site writes is built from these, so none can leave the output folder.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A language of the site, by its code in `site.yaml` (`fr`, `en`, `bm`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Language(String);

impl Language {
    /// A language code: two or three lower-case ASCII letters.
    pub fn parse(code: &str) -> Option<Language> {
        let valid = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        valid.then(|| Language(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One segment of a URL: lower-case ASCII letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Accepts a slug written by hand only if it is already a clean URL segment.
    pub fn parse(text: &str) -> Option<Slug> {
        let valid = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        valid.then(|| Slug(text.to_string()))
    }

    /// Makes a slug from any text: accents folded (« Ménaka » → `menaka`), lower case,
    /// every run of other characters turned into one `-`. `None` if nothing is left.
    pub fn from_text(text: &str) -> Option<Slug> {
        let folded = if text.is_ascii() { std::borrow::Cow::Borrowed(text) } else { deunicode::deunicode(text).into() };
        let mut slug = String::with_capacity(folded.len());
        for c in folded.chars().map(|c| c.to_ascii_lowercase()) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        (!slug.is_empty()).then(|| Slug(slug.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A path on the site from its root, as a visitor sees it: `/`, `/en/activities/page/2/`,
/// `/css/site.css`. A path ending in `/` is a page, written as `index.html` in its folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    pub fn root() -> SitePath {
        SitePath("/".to_string())
    }

    /// The page one folder down: `/activites/` + `x` → `/activites/x/`.
    pub fn join(&self, segment: &Slug) -> SitePath {
        SitePath(format!("{}{}/", self.0, segment))
    }

    /// A file in this page's folder: `/activites/images/` + `photo.jpg`.
    /// The name comes from the generator or is made of slugs, never raw content.
    pub fn file(&self, name: &str) -> SitePath {
        debug_assert!(!name.contains('/') && name != ".." && name != ".");
        SitePath(format!("{}{}", self.0, name))
    }

    /// The `n`-th page of a paginated list: page 1 is the list itself, then `page/2/`, ...
    pub fn page_number(&self, n: usize) -> SitePath {
        if n <= 1 { self.clone() } else { SitePath(format!("{}page/{n}/", self.0)) }
    }

    /// A path written in content (`/activites/x/`), if it stays on the site: no `.` or `..`
    /// segment, no backslash.
    pub fn from_link(text: &str) -> Option<SitePath> {
        let clean = text.starts_with('/')
            && !text.starts_with("//")
            && !text.contains('\\')
            && text.split('/').all(|segment| segment != "." && segment != "..");
        clean.then(|| SitePath(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this path is written to, relative to the output folder.
    pub fn output_file(&self) -> PathBuf {
        let relative = self.0.trim_start_matches('/');
        if relative.is_empty() || relative.ends_with('/') {
            PathBuf::from(relative).join("index.html")
        } else {
            PathBuf::from(relative)
        }
    }

    /// The link to this path from the page at `from`, relative so that the output folder
    /// works at any address: from `/activites/x/`, `/activites/` is `../`.
    pub fn relative_from(&self, from: &SitePath) -> String {
        relative(&self.0, &from.0)
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An old address of the site that must keep leading to a page (`aliases:` in its front-matter):
/// a path from the site's root, percent-decoded (`/activités/x/` for `/activit%C3%A9s/x/`), and
/// the query that followed it, as written (`/activity_detail.php?id=42`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OldAddress {
    path: String,
    query: Option<String>,
}

/// Characters an address cannot hold, even percent-encoded here: those no server or redirect
/// file reads the same way, and those that would need quoting in a YAML list.
const NOT_IN_ADDRESS: &[char] = &['"', '<', '>', '\\', '^', '`', '{', '|', '}', '[', ']', '#', ','];

impl OldAddress {
    /// Reads an address written in `aliases:`. When it is not one, `Err` holds the address as
    /// it should be written, if that can be told: the path of a full URL, a missing first `/`,
    /// an address without its `#…`.
    pub fn parse(text: &str) -> Result<OldAddress, Option<String>> {
        let text = text.trim();
        let suggest = |fixed: &str| Err(OldAddress::parse(fixed).map_or_else(|better| better, |a| Some(a.to_string())));
        if let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) {
            return suggest(rest.find('/').map_or("/", |i| &rest[i..]));
        }
        if !text.starts_with('/') {
            // `mailto:…`, `ftp://…`: an address elsewhere, not a path that lacks its first `/`.
            let elsewhere = text.is_empty() || text.split('/').next().is_some_and(|first| first.contains(':'));
            return if elsewhere { Err(None) } else { suggest(&format!("/{text}")) };
        }
        if let Some((before, _)) = text.split_once('#') {
            return suggest(before);
        }
        let (path, query) = text.split_once('?').map_or((text, None), |(p, q)| (p, Some(q)));
        let path = crate::text::percent_decode(path).ok_or(None)?;
        let allowed = |c: char| !c.is_control() && !c.is_whitespace() && !NOT_IN_ADDRESS.contains(&c);
        let plain_segments = path[1..].split('/').rev().skip(1).all(|segment| !segment.is_empty());
        let path_ok = path.chars().all(allowed) && !path.contains('?') && plain_segments;
        let query_ok = query.is_none_or(|q| q.chars().all(|c| c.is_ascii() && allowed(c)));
        if !(path_ok && query_ok && SitePath::from_link(&path).is_some()) {
            return Err(None);
        }
        Ok(OldAddress { path, query: query.filter(|q| !q.is_empty()).map(str::to_string) })
    }

    /// The path, percent-decoded: `/activity_detail/42`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query, without its `?`, as written: `id=42`.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The page that any static server answers at this address: `/x/` for `/x/` and `/x` (a
    /// server leads `/x` to the folder `x/`), `/x.html` for itself. `None` when only a server
    /// that reads redirect files can lead it to its page: an address with a query, or one that
    /// names a file of another kind than HTML (`/activity_detail.php`), which servers do not
    /// answer with a page, or run as a program.
    pub fn page(&self) -> Option<SitePath> {
        if self.query.is_some() {
            return None;
        }
        let name = &self.path[self.path.rfind('/').map_or(0, |i| i + 1)..];
        let html = |extension: &str| extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm");
        match name.rsplit_once('.') {
            _ if name.is_empty() => Some(SitePath(self.path.clone())),
            None => Some(SitePath(format!("{}/", self.path))),
            Some((_, extension)) if html(extension) => Some(SitePath(self.path.clone())),
            Some(_) => None,
        }
    }

    /// The paths servers see for this address when the site is under `base_path` (`/` or
    /// `/cnr/`), without the query: a folder with and without its last `/`, since servers lead
    /// one to the other.
    pub fn server_paths(&self, base_path: &str) -> Vec<String> {
        let base = base_path.trim_end_matches('/');
        match self.page().filter(|page| page.0.ends_with('/')) {
            Some(folder) => {
                let full = format!("{base}{}", folder.0);
                let bare = full.trim_end_matches('/').to_string();
                if bare.is_empty() { vec![full] } else { vec![bare, full] }
            }
            None => vec![format!("{base}{}", self.path)],
        }
    }
}

impl fmt::Display for OldAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        match &self.query {
            Some(query) => write!(f, "?{query}"),
            None => Ok(()),
        }
    }
}

/// A file of the output folder, relative to it, with `/` between folders:
/// `activites/x/index.html`. Paths read from a manifest (maybe one on a server) are checked,
/// so that none can name a file outside the folder it is relative to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct OutputFile(String);

impl OutputFile {
    /// The file a path of the site is written to.
    pub fn of(path: &SitePath) -> OutputFile {
        let relative = path.0.trim_start_matches('/');
        if relative.is_empty() || relative.ends_with('/') {
            OutputFile(format!("{relative}index.html"))
        } else {
            OutputFile(relative.to_string())
        }
    }

    /// Accepts a relative path whose every segment is a plain name: not empty, not `.` or
    /// `..`, without a backslash or a control character.
    pub fn parse(text: &str) -> Option<OutputFile> {
        let clean = text.split('/').all(|segment| !matches!(segment, "" | "." | ".."))
            && !text.chars().any(|c| c == '\\' || c.is_control());
        clean.then(|| OutputFile(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A path relative to the output folder, as the file system gives it; `None` if one of its
    /// parts is not a plain name.
    pub fn from_path(path: &std::path::Path) -> Option<OutputFile> {
        let parts: Option<Vec<&str>> = path.components().map(|c| c.as_os_str().to_str()).collect();
        OutputFile::parse(&parts?.join("/"))
    }

    /// Where the file is, relative to the output folder.
    pub fn as_path(&self) -> &std::path::Path {
        std::path::Path::new(self.as_str())
    }

    /// The folder the file is in (`activites/x`), empty at the root.
    pub fn folder(&self) -> &str {
        self.0.rfind('/').map_or("", |i| &self.0[..i])
    }

    /// The file's name, after its folder.
    pub fn name(&self) -> &str {
        self.0.rfind('/').map_or(&self.0, |i| &self.0[i + 1..])
    }
}

impl fmt::Display for OutputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for OutputFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OutputFile::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a file of the site")))
    }
}

/// `target` (a path from the root, maybe with `?query` or `#fragment`) seen from `from`.
pub fn relative(target: &str, from: &str) -> String {
    let split = target.find(['#', '?']).unwrap_or(target.len());
    let (path, rest) = target.split_at(split);
    if path == from && rest.starts_with('#') {
        return rest.to_string();
    }
    let (from_dir, target_dir) = (folder(from), folder(path));
    // Where the folders the two share end: after the last `/` of their common beginning.
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(target_dir.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = from_dir[common..].bytes().filter(|&b| b == b'/').count();
    let mut link = String::with_capacity(3 * ups + path.len() - common + rest.len());
    for _ in 0..ups {
        link.push_str("../");
    }
    link.push_str(&path[common..]);
    if link.is_empty() {
        link.push_str("./");
    }
    link.push_str(rest);
    link
}

/// `/activites/x/` of `/activites/x/index.html`: up to the last `/`.
fn folder(path: &str) -> &str {
    &path[..path.rfind('/').map_or(0, |i| i + 1)]
}

/// The URL scheme that starts `dest` (`https` of `https://…`), when it has a real one: a
/// letter, then letters, digits, `+`, `-` or `.`, then `:`. `1. https://…` has none.
pub fn scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// The schemes a link may lead to: the web, e-mail, phones, maps and the like. Others run code
/// in the visitor's browser (`javascript:`), carry a document in the link itself (`data:`), or
/// lead to nothing a visitor can open (`file:`): refused, in Markdown links and in raw HTML.
pub const LINK_SCHEMES: [&str; 12] =
    ["http", "https", "mailto", "tel", "sms", "geo", "ftp", "ftps", "sftp", "webcal", "irc", "ircs"];

/// Whether `dest` starts with a scheme a link may lead to.
pub fn is_link_scheme(scheme: &str) -> bool {
    LINK_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// The address where the site is published, e.g. `https://example.org/cnr/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Accepts `http(s)://host[/path]`; the stored form ends with `/`.
    pub fn parse(url: &str) -> Option<BaseUrl> {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        let host = rest.split('/').next().unwrap_or_default();
        let clean = !host.is_empty() && !url.contains(['?', '#', ' ', '"', '<', '>', '\\']);
        clean.then(|| BaseUrl(format!("{}/", url.trim_end_matches('/'))))
    }

    /// The absolute URL of a path on the site.
    pub fn absolute(&self, path: &SitePath) -> String {
        format!("{}{}", self.0, &path.0[1..])
    }

    /// The host, without its port: `example.org`.
    pub fn host(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        let authority = self.0[after_scheme..].split('/').next().unwrap_or_default();
        let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        }
    }

    /// Whether the address is one no visitor can reach: the examples of the documentation
    /// (`example.org`), this computer (`localhost`), the names kept for tests.
    pub fn is_placeholder(&self) -> bool {
        let host = self.host().to_ascii_lowercase();
        let host = host.trim_end_matches('.');
        let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
        ["example.org", "example.com", "example.net", "example", "localhost", "test", "invalid", "local"]
            .into_iter()
            .any(under)
            || ["127.0.0.1", "0.0.0.0", "::1"].contains(&host)
    }

    /// The path part of the base URL: `/` or `/cnr/`.
    pub fn path(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        self.0[after_scheme..].find('/').map_or("/", |i| &self.0[after_scheme + i..])
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_addresses_are_known() {
        for url in [
            "https://example.org/",
            "http://www.example.com/cnr/",
            "http://localhost:1111/",
            "http://127.0.0.1/",
            "http://[::1]:80/",
            "https://cnr.test/",
            "https://EXAMPLE.ORG./",
        ] {
            assert!(BaseUrl::parse(url).unwrap().is_placeholder(), "{url}");
        }
        for url in [
            "https://cnr.ml/",
            "https://rapatriement.gouv.ml/site/",
            "https://example.org.ml/",
            "https://myexample.org/",
        ] {
            assert!(!BaseUrl::parse(url).unwrap().is_placeholder(), "{url}");
        }
        assert_eq!(BaseUrl::parse("http://localhost:1111/x/").unwrap().host(), "localhost");
    }

    #[test]
    fn slug_folds_accents_and_punctuation() {
        let slug = Slug::from_text("Réunion de la commission tripartite à Ménaka").unwrap();
        assert_eq!(slug.as_str(), "reunion-de-la-commission-tripartite-a-menaka");
        assert_eq!(Slug::from_text("l'œuvre — « Bilan » 2026 !").unwrap().as_str(), "l-oeuvre-bilan-2026");
        assert_eq!(Slug::from_text(" -- "), None);
    }

    #[test]
    fn hand_written_slug_must_be_clean() {
        assert!(Slug::parse("plan-2026").is_some());
        for bad in ["", "a/b", "..", "Plan", "é", "a b", "a.b"] {
            assert!(Slug::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn output_file_of_pages_and_files() {
        assert_eq!(SitePath::root().output_file(), PathBuf::from("index.html"));
        let page = SitePath::root().join(&Slug::parse("activites").unwrap());
        assert_eq!(page.output_file(), PathBuf::from("activites/index.html"));
        assert_eq!(page.page_number(2).as_str(), "/activites/page/2/");
        assert_eq!(page.page_number(1), page);
        assert_eq!(page.file("rss.xml").output_file(), PathBuf::from("activites/rss.xml"));
    }

    #[test]
    fn links_from_content_cannot_leave_the_site() {
        assert!(SitePath::from_link("/activites/photo.jpg").is_some());
        for bad in ["activites/", "/../etc/passwd", "/a/./b", "//evil.example/x", "/a\\..\\b"] {
            assert!(SitePath::from_link(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn output_files_stay_in_their_folder() {
        let page = SitePath::root().join(&Slug::parse("activites").unwrap());
        assert_eq!(OutputFile::of(&SitePath::root()).as_str(), "index.html");
        assert_eq!(OutputFile::of(&page).as_str(), "activites/index.html");
        let feed = OutputFile::of(&page.file("rss.xml"));
        assert_eq!((feed.folder(), feed.name()), ("activites", "rss.xml"));
        assert_eq!(OutputFile::parse("a/b.html").unwrap().folder(), "a");
        for bad in ["", "/etc/passwd", "a/../../b", "./a", "a//b", "a/", "a\\..\\b", "a\nb"] {
            assert!(OutputFile::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("/activites/", "/activites/x/"), "../");
        assert_eq!(relative("/", "/activites/x/"), "../../");
        assert_eq!(relative("/", "/"), "./");
        assert_eq!(relative("/css/site.css", "/"), "css/site.css");
        assert_eq!(relative("/css/site.css", "/en/activities/page/2/"), "../../../../css/site.css");
        assert_eq!(relative("/en/", "/"), "en/");
        assert_eq!(relative("/activites/y/#plan", "/activites/x/"), "../y/#plan");
        assert_eq!(relative("/activites/x/#plan", "/activites/x/"), "#plan");
        assert_eq!(relative("/activites/x/", "/activites/x/"), "./");
        assert_eq!(relative("/a/b/", "/a/rss.xml"), "b/");
    }

    #[test]
    fn old_addresses_are_paths_of_the_site() {
        let old = |text: &str| OldAddress::parse(text).unwrap();
        assert_eq!(old("/activity_detail/42").page().unwrap().as_str(), "/activity_detail/42/");
        assert_eq!(old(" /activites/ancien-titre/ ").page().unwrap().as_str(), "/activites/ancien-titre/");
        assert_eq!(old("/ancien.HTML").page().unwrap().as_str(), "/ancien.HTML");
        assert_eq!(old("/activit%C3%A9s/x/").path(), "/activités/x/");
        let php = old("/activity_detail.php?id=42");
        assert_eq!((php.path(), php.query(), php.page()), ("/activity_detail.php", Some("id=42"), None));
        assert_eq!(php.to_string(), "/activity_detail.php?id=42");
        assert_eq!(old("/rapport.pdf").page(), None);
        assert_eq!(old("/x?").query(), None);
    }

    #[test]
    fn what_is_not_an_old_address_comes_with_how_to_write_it() {
        let suggestion = |text: &str| OldAddress::parse(text).unwrap_err();
        assert_eq!(suggestion("https://cnr.example.ml/activity_detail/42").as_deref(), Some("/activity_detail/42"));
        assert_eq!(suggestion("activites/x/").as_deref(), Some("/activites/x/"));
        assert_eq!(suggestion("/activites/x/#plan").as_deref(), Some("/activites/x/"));
        for bad in [
            "",
            "/../etc/passwd",
            "/a/./b",
            "//evil.example/x",
            "/a\\b",
            "/a//b",
            "/a b",
            "/%ZZ",
            "/a%00",
            "/x?a b",
            "/{x}",
            "mailto:x@y.z",
        ] {
            assert_eq!(OldAddress::parse(bad), Err(None), "{bad:?}");
        }
    }

    #[test]
    fn servers_see_a_folder_with_and_without_its_last_slash() {
        let old = |text: &str| OldAddress::parse(text).unwrap();
        assert_eq!(old("/activity_detail/42").server_paths("/"), ["/activity_detail/42", "/activity_detail/42/"]);
        assert_eq!(old("/x/").server_paths("/cnr/"), ["/cnr/x", "/cnr/x/"]);
        assert_eq!(old("/x.html").server_paths("/cnr/"), ["/cnr/x.html"]);
        assert_eq!(old("/a.php?id=1").server_paths("/"), ["/a.php"]);
        assert_eq!(old("/").server_paths("/"), ["/"]);
    }

    #[test]
    fn base_url_forms() {
        let base = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(base.absolute(&SitePath::root()), "https://example.org/");
        assert_eq!(base.path(), "/");
        let sub = BaseUrl::parse("https://example.org/cnr/").unwrap();
        assert_eq!(sub.path(), "/cnr/");
        assert_eq!(sub.absolute(&SitePath::root().join(&Slug::parse("en").unwrap())), "https://example.org/cnr/en/");
        assert!(BaseUrl::parse("example.org").is_none());
        assert!(BaseUrl::parse("https://").is_none());
    }
}

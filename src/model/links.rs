//! Links between the site's files: a link to a content file (`../contact.md`) leads to its
//! page in the language of the text; a link to an image or a document, to its copy on the site.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::StaticFile;
use super::files::asset_path;
use crate::config::Config;
use crate::error::{Error, Location, Problem};
use crate::fsio::SourceFile;
use crate::images::{Picture, Pictures};
use crate::load::{self, Document};
use crate::markdown::{Destination, Links};
use crate::text::percent_decode;
use crate::url::{Language, SitePath};

/// Menu links lead to a content file's translation in the menu's language, or to a site path.
pub(super) fn menus(
    config: &Config,
    index: &LinkIndex,
    errors: &mut Vec<Error>,
) -> BTreeMap<Language, Vec<(String, SitePath)>> {
    let mut menus = BTreeMap::new();
    for lang in &config.languages {
        let mut menu = Vec::new();
        for item in &lang.menu {
            // The same rules as a link in a text at the root of `content/`.
            let resolver = Resolver { index, config, dir: Path::new(""), lang: &lang.code };
            let path = resolver.link(&item.link).ok().and_then(|target| SitePath::from_link(&target));
            match path {
                Some(path) => menu.push((item.name.clone(), path)),
                None => {
                    let problem = Problem::BrokenLink { target: item.link.clone() };
                    errors.push(Error::at(Location::line(&config.file, item.line), problem));
                }
            }
        }
        menus.insert(lang.code.clone(), menu);
    }
    menus
}

/// (folder, file name without language) → the page or section in each language.
pub(super) type Published = HashMap<String, Vec<(Language, SitePath)>>;

/// The key of a document in [`Published`].
pub(super) fn key(dir: &OsStr, stem: &str) -> String {
    format!("{}\0{stem}", dir.to_string_lossy())
}

/// What every content file and image is published as, to resolve links between them. A build
/// keeps it, so that `serve` can render one text again after an edit.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// (folder, file name without language) → the page or section in each language.
    documents: Published,
    /// Content-relative file (`activites/photo.jpg`) → its site path.
    files: HashMap<PathBuf, SitePath>,
    /// Site paths of images and files, to accept links written as site paths.
    file_paths: HashSet<SitePath>,
    /// The photos the build made pictures of, by site path.
    pictures: HashMap<SitePath, Arc<Picture>>,
    /// Content files that could not be read: their errors are reported already.
    unreadable: HashSet<PathBuf>,
}

impl LinkIndex {
    pub(super) fn new(
        documents: Published,
        assets: &[SourceFile],
        files: &[StaticFile],
        pictures: &Pictures,
        unreadable: &HashSet<PathBuf>,
    ) -> Self {
        let files_by_rel: HashMap<PathBuf, SitePath> =
            assets.iter().filter_map(|a| Some((a.rel.clone(), asset_path(&a.rel)?))).collect();
        let pictures =
            files_by_rel.iter().filter_map(|(rel, path)| Some((path.clone(), pictures.get(rel)?.clone()))).collect();
        let file_paths = files.iter().map(|f| f.path.clone()).collect();
        LinkIndex { documents, files: files_by_rel, file_paths, pictures, unreadable: unreadable.clone() }
    }

    pub(super) fn resolver<'d>(&'d self, config: &'d Config, doc: &'d Document) -> Resolver<'d> {
        Resolver { index: self, config, dir: doc.dir(), lang: &doc.lang }
    }
}

/// Resolves the links of one content file.
pub(super) struct Resolver<'a> {
    index: &'a LinkIndex,
    config: &'a Config,
    dir: &'a Path,
    lang: &'a Language,
}

impl Resolver<'_> {
    /// The content-relative file a relative link names, if it stays inside `content/`.
    fn content_file(&self, target: &str) -> Option<PathBuf> {
        let mut path = self.dir.to_path_buf();
        for component in Path::new(target).components() {
            match component {
                Component::Normal(part) => path.push(part),
                Component::ParentDir => {
                    if !path.pop() {
                        return None;
                    }
                }
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        Some(path)
    }

    fn file(&self, target: &str) -> Option<SitePath> {
        if target.starts_with('/') {
            return SitePath::from_link(target).filter(|path| self.index.file_paths.contains(path));
        }
        let decoded = percent_decode(target).unwrap_or_else(|| target.to_string());
        self.content_file(&decoded).and_then(|rel| self.index.files.get(&rel).cloned())
    }
}

/// The URL scheme that starts `dest` (`https` of `https://…`), when it has a real one: a
/// letter, then letters, digits, `+`, `-` or `.`, then `:`. `1. https://…` has none.
fn scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// The schemes a link may lead to: the web, e-mail, phones, maps and the like. Others run code
/// in the visitor's browser (`javascript:`), carry a document in the link itself (`data:`), or
/// lead to nothing a visitor can open (`file:`): refused.
const SCHEMES: [&str; 12] =
    ["http", "https", "mailto", "tel", "sms", "geo", "ftp", "ftps", "sftp", "webcal", "irc", "ircs"];

/// Whether `dest` leads out of the site, or only within the page; an error for a scheme that
/// is not a link's.
fn is_external(dest: &str) -> Result<bool, Problem> {
    if let Some(scheme) = scheme(dest) {
        return match SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
            true => Ok(true),
            false => {
                Err(Problem::RefusedLink { target: dest.chars().take(80).collect(), scheme: scheme.to_lowercase() })
            }
        };
    }
    Ok(dest.is_empty() || dest.starts_with('#') || dest.starts_with("//"))
}

impl Links for Resolver<'_> {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        if is_external(dest)? || dest.starts_with('/') {
            return Ok(dest.to_string());
        }
        let split = dest.find(['#', '?']).unwrap_or(dest.len());
        let (target, rest) = dest.split_at(split);
        let broken = || Problem::BrokenLink { target: dest.to_string() };
        if target.ends_with(".md") {
            let decoded = percent_decode(target).unwrap_or_else(|| target.to_string());
            let rel = self.content_file(&decoded).ok_or_else(broken)?;
            if self.index.unreadable.contains(&rel) {
                return Ok(dest.to_string());
            }
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            let (stem, named) = load::stem_and_language(&name, self.config).map_err(|_| broken())?;
            let dir = rel.parent().unwrap_or(Path::new("")).as_os_str();
            let group = self.index.documents.get(&key(dir, &stem)).ok_or_else(broken)?;
            // The translation in the language of the text, or the file named.
            let in_language = |lang: &Language| group.iter().find(|(l, _)| l == lang).map(|(_, path)| path);
            let path = in_language(self.lang).or_else(|| in_language(&named)).ok_or_else(broken)?;
            return Ok(format!("{path}{rest}"));
        }
        self.file(target).map(|path| format!("{path}{rest}")).ok_or_else(broken)
    }

    fn image(&self, dest: &str) -> Result<Destination, Problem> {
        if is_external(dest)? {
            return Ok(Destination::Url(dest.to_string()));
        }
        let path = self.file(dest).ok_or_else(|| Problem::MissingImage { target: dest.to_string() })?;
        Ok(match self.index.pictures.get(&path) {
            Some(picture) => Destination::Picture(path, picture.clone()),
            None => Destination::Url(path.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_left_alone() {
        for dest in ["https://www.unhcr.org/", "MAILTO:a@b.c", "tel:+223", "#plan", "//cdn.example.org/x"] {
            assert_eq!(is_external(dest), Ok(true), "{dest}");
        }
        for dest in ["../contact.md", "photo.jpg", "a/b:c.md", "1. https://example.org/", "é:x"] {
            assert_eq!(is_external(dest), Ok(false), "{dest}");
        }
    }

    #[test]
    fn links_that_run_code_are_refused() {
        for (dest, scheme) in [
            ("javascript:alert(7)", "javascript"),
            (" JavaScript:alert(7)".trim(), "javascript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("vbscript:msgbox", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            let refused = is_external(dest).unwrap_err();
            assert!(matches!(&refused, Problem::RefusedLink { scheme: s, .. } if s == scheme), "{dest}: {refused:?}");
        }
    }
}

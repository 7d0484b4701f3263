//! Links between the site's files: a link to a content file (`../contact.md`) leads to its
//! page in the language of the text; a link to an image or a document, to its copy on the site.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use super::StaticFile;
use super::files::asset_path;
use crate::config::Config;
use crate::error::{Error, Location, Problem};
use crate::fsio::SourceFile;
use crate::images::{Photo, Pictures};
use crate::load::{self, Document};
use crate::markdown::{Destination, Links};
use crate::text::percent_decode;
use crate::url::{self, Language, SitePath};

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
///
/// A file is found by its published name, made from its own as [`asset_path`] makes it
/// (`Photo_01.JPG` → `photo-01.jpg`): a link finds it whatever its capitals, accents, spaces,
/// `_` or `%20`, written from the text's folder (`Photo_01.JPG`) or the site's root
/// (`/img/Photo_01.JPG`), and leads to its published name.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// (folder, file name without language) → the page or section in each language.
    documents: Published,
    /// Site paths of images and files.
    file_paths: HashSet<SitePath>,
    /// The content's photos, by site path.
    photos: HashMap<SitePath, Photo>,
    /// The photos by site path without extension (`/a/photo`), to find the one of a made size.
    stems: HashMap<String, SitePath>,
    /// Content files that could not be read or are in error: their errors are reported already.
    unreadable: HashSet<PathBuf>,
}

impl LinkIndex {
    pub(super) fn new(
        documents: Published,
        assets: &[SourceFile],
        files: &[StaticFile],
        pictures: &Pictures,
        unreadable: HashSet<PathBuf>,
    ) -> Self {
        let photos: HashMap<SitePath, Photo> =
            assets.iter().filter_map(|a| Some((asset_path(&a.rel)?, pictures.get(&a.rel)?.clone()))).collect();
        let stem = |path: &SitePath| path.as_str().rsplit_once('.').map(|(stem, _)| stem.to_string());
        let stems = photos.keys().filter_map(|path| Some((stem(path)?, path.clone()))).collect();
        let file_paths = files.iter().map(|f| f.path.clone()).collect();
        LinkIndex { documents, file_paths, photos, stems, unreadable }
    }

    /// The content's photo a text shows or links to at `path`: the photo published there, or
    /// the one of which `path` is a made size (`/a/photo-480.webp` of `/a/photo.jpg`), with the
    /// site path of the photo.
    pub(super) fn photo(&self, path: &SitePath) -> Option<(SitePath, &Photo)> {
        if let Some(photo) = self.photos.get(path) {
            return Some((path.clone(), photo));
        }
        let (base, extension) = path.as_str().rsplit_once('.')?;
        let (stem, width) = base.rsplit_once('-')?;
        if !matches!(extension, "webp" | "jpg" | "png") || !width.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let original = self.stems.get(stem)?;
        let photo = self.photos.get(original)?;
        let picture = photo.picture().ok()?;
        picture.files(original).iter().any(|(made, _)| made == path).then(|| (original.clone(), photo))
    }

    /// The content's photos that pages show (`shown`: the site paths of their images), and the
    /// sizes made of each, published next to it. What is wrong with a photo is told here, once.
    /// (Only the content's photos are made smaller: the theme's images are the designer's.)
    pub(super) fn photos(
        &self,
        shown: BTreeSet<SitePath>,
        errors: &mut Vec<Error>,
    ) -> (BTreeMap<SitePath, Photo>, Vec<StaticFile>) {
        let mut photos = BTreeMap::new();
        let mut files = Vec::new();
        for path in shown {
            // A photo shown, and linked to at a size: its files once.
            let Some((path, photo)) = self.photo(&path).filter(|(original, _)| !photos.contains_key(original)) else {
                continue;
            };
            match photo.picture() {
                Ok(picture) => {
                    let shown = photo.shown();
                    let made = picture.files(&path).into_iter();
                    files.extend(made.map(|(path, source)| StaticFile { source, path, shown: shown.to_path_buf() }));
                    photos.insert(path, photo.clone());
                }
                Err(error) => errors.push(error),
            }
        }
        (photos, files)
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

    /// The content-relative file a link names, from the text's folder or from the site's root
    /// (`/img/une%20photo.png`), percent-decoded.
    fn named(&self, target: &str) -> Option<PathBuf> {
        let decoded = percent_decode(target).unwrap_or_else(|| target.to_string());
        match decoded.strip_prefix('/') {
            Some(rooted) => Resolver { dir: Path::new(""), ..*self }.content_file(rooted),
            None => self.content_file(&decoded),
        }
    }

    /// The file of the site a link names, by its published name: one of `content/`, or a size
    /// made of one of its photos.
    fn file(&self, target: &str) -> Option<SitePath> {
        let path = asset_path(&self.named(target)?)?;
        let sized = |path: &SitePath| self.index.photo(path).is_some_and(|(original, _)| original != *path);
        (self.index.file_paths.contains(&path) || sized(&path)).then_some(path)
    }
}

/// Whether `dest` leads out of the site, or only within the page; an error for a scheme that
/// is not a link's.
fn is_external(dest: &str) -> Result<bool, Problem> {
    if let Some(scheme) = url::scheme(dest) {
        return match url::is_link_scheme(scheme) {
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
        if is_external(dest)? {
            return Ok(dest.to_string());
        }
        let split = dest.find(['#', '?']).unwrap_or(dest.len());
        let (target, rest) = dest.split_at(split);
        if dest.starts_with('/') && !target.ends_with(".md") {
            // A file by its path from the root leads to its published name; a page's path is
            // followed by `check` once every page is made.
            return Ok(self.file(target).map_or_else(|| dest.to_string(), |path| format!("{path}{rest}")));
        }
        let broken = || Problem::BrokenLink { target: dest.to_string() };
        if target.ends_with(".md") {
            let rel = self.named(target).ok_or_else(broken)?;
            if self.index.unreadable.contains(&rel) {
                return Ok(dest.to_string());
            }
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            let (stem, named) = load::stem_and_language(&name, self.config).map_err(|_| broken())?;
            let dir = rel.parent().unwrap_or(Path::new("")).as_os_str();
            let group = self.index.documents.get(&key(dir, &stem)).ok_or_else(broken)?;
            // The translation in the language of the text, or the file named, or the page in
            // the one language it has.
            let in_language = |lang: &Language| group.iter().find(|(l, _)| l == lang).map(|(_, path)| path);
            let only = (group.len() == 1).then(|| &group[0].1);
            let path = in_language(self.lang).or_else(|| in_language(&named)).or(only).ok_or_else(broken)?;
            return Ok(format!("{path}{rest}"));
        }
        self.file(target).map(|path| format!("{path}{rest}")).ok_or_else(broken)
    }

    fn image(&self, dest: &str) -> Result<Destination, Problem> {
        if is_external(dest)? {
            return Ok(Destination::Url(dest.to_string()));
        }
        let path = self.file(dest).ok_or_else(|| Problem::MissingImage { target: dest.to_string() })?;
        // A photo with a fault is shown as it is; its fault is told once, by the model.
        Ok(match self.index.photos.get(&path).map(Photo::picture) {
            Some(Ok(picture)) => Destination::Picture(path, picture),
            _ => Destination::Url(path.to_string()),
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

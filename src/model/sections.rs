//! Sections (the home, « Liste des activités »): one per folder of `content/` with an `_index`
//! file, per language; their paths, their pages newest first, and translations between pages.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;

use super::{Page, PageId, Section, SectionId, Text, language_rank, newest_first};
use crate::config::Config;
use crate::error::{Error, Location, Problem};
use crate::load::{Document, Meta};
use crate::url::{Language, SitePath, Slug};

/// The `_index` files of the site, by (folder, language).
pub(super) type SectionFiles<'d> = HashMap<(PathBuf, Language), &'d Document>;

/// Paths of folders, in each language, worked out once per folder.
pub(super) struct Paths<'a> {
    pub config: &'a Config,
    pub sections: &'a SectionFiles<'a>,
    known: HashMap<(&'a OsStr, &'a Language), SitePath>,
}

impl<'a> Paths<'a> {
    /// The paths of the folders of `documents` and of the sections.
    pub fn new(config: &'a Config, sections: &'a SectionFiles<'a>, documents: &[&'a Document]) -> Paths<'a> {
        let mut paths = Paths { config, sections, known: HashMap::new() };
        let folders: HashSet<(&Path, &Language)> = documents
            .iter()
            .map(|d| (d.dir(), &d.lang))
            .chain(sections.keys().flat_map(|(dir, _)| config.languages.iter().map(move |l| (dir.as_path(), &l.code))))
            .chain(config.languages.iter().map(|l| (Path::new(""), &l.code)))
            .collect();
        paths.known =
            folders.into_iter().map(|(dir, lang)| ((dir.as_os_str(), lang), paths.work_out(dir, lang))).collect();
        paths
    }

    /// The path of a content folder in a language.
    pub fn dir_path(&self, dir: &Path, lang: &Language) -> SitePath {
        match self.known.get(&(dir.as_os_str(), lang)) {
            Some(path) => path.clone(),
            None => self.work_out(dir, lang),
        }
    }

    /// Each folder is named by the `slug` of its `_index` file in that language, or of the
    /// original, or by its own name.
    fn work_out(&self, dir: &Path, lang: &Language) -> SitePath {
        let mut path = self.config.language(lang).home.clone();
        let mut prefix = PathBuf::new();
        for component in dir.components() {
            prefix.push(component);
            let own = self.sections.get(&(prefix.clone(), lang.clone()));
            let original = self.sections.get(&(prefix.clone(), self.config.default_language.clone()));
            let named = [own, original].into_iter().flatten().find_map(|doc| match &doc.meta {
                Meta::Section(meta) => meta.slug.as_deref().and_then(Slug::parse),
                Meta::Page(_) => None,
            });
            let name = component.as_os_str().to_string_lossy();
            let slug =
                named.or_else(|| Slug::from_text(&name)).unwrap_or_else(|| Slug::parse("section").expect("a slug"));
            path = path.join(&slug);
        }
        path
    }
}

/// The sections of the site, each page placed in its own (newest first), and each page's
/// section, position there and translations set.
pub(super) fn sections(
    paths: &Paths,
    pages: &mut [Page],
    documents: &[&Document],
    default_paginate_by: usize,
    text: &Arc<Text>,
    errors: &mut Vec<Error>,
) -> Vec<Section> {
    let config = paths.config;
    let files = paths.sections;
    let mut dirs: Vec<PathBuf> = files.keys().map(|(dir, _)| dir.clone()).collect();
    dirs.push(PathBuf::new());
    dirs.sort();
    dirs.dedup();
    let section_dir_of =
        |dir: &Path| dir.ancestors().find(|a| dirs.iter().any(|d| d == a)).unwrap_or(Path::new("")).to_path_buf();

    // A section per `_index` file, per home, and per language that has pages in a folder.
    let page_dirs: HashSet<(&Path, &Language)> = documents.iter().map(|doc| (doc.dir(), &doc.lang)).collect();
    let mut wanted: Vec<(PathBuf, Language)> = files.keys().cloned().collect();
    wanted.extend(config.languages.iter().map(|l| (PathBuf::new(), l.code.clone())));
    wanted.extend(page_dirs.into_iter().map(|(dir, lang)| (section_dir_of(dir), lang.clone())));
    wanted.sort_by(|a, b| (&a.0, language_rank(config, &a.1)).cmp(&(&b.0, language_rank(config, &b.1))));
    wanted.dedup();
    let mut sections: Vec<Section> =
        wanted.iter().map(|(dir, lang)| section(paths, dir, lang, default_paginate_by, text)).collect();
    let index: HashMap<(PathBuf, Language), SectionId> =
        sections.iter().enumerate().map(|(i, s)| ((s.dir.clone(), s.lang.clone()), i)).collect();
    for section in &mut sections {
        let parent_dir = section.dir.parent().map(&section_dir_of);
        section.parent = parent_dir.and_then(|d| index.get(&(d, section.lang.clone())).copied());
        section.translations = config
            .languages
            .iter()
            .filter(|l| l.code != section.lang)
            .filter_map(|l| index.get(&(section.dir.clone(), l.code.clone())).copied())
            .collect();
    }

    // Each page in its section; pages in lists need a date.
    let mut section_of: HashMap<(&Path, &Language), SectionId> = HashMap::new();
    for (id, doc) in documents.iter().enumerate() {
        let section = *section_of
            .entry((doc.dir(), &doc.lang))
            .or_insert_with(|| index[&(section_dir_of(doc.dir()), doc.lang.clone())]);
        pages[id].section = section;
        if sections[section].paginate_by.is_some() && pages[id].date.is_none() {
            // Told at the title's line: the date goes with it.
            let at = Location { column: None, ..doc.key_location("title") };
            errors.push(Error::at(at, Problem::MissingKey("date".into())));
        }
        sections[section].pages.push(id);
    }
    for section in &mut sections {
        section.pages.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        for (position, &id) in section.pages.iter().enumerate() {
            pages[id].position = position;
            if let Some(year) = pages[id].date.map(|d| d.year()) {
                match section.years.last_mut() {
                    Some((last, ids)) if *last == year => ids.push(id),
                    _ => section.years.push((year, vec![id])),
                }
            }
        }
    }
    sections
}

fn section(paths: &Paths, dir: &Path, lang: &Language, default_paginate_by: usize, text: &Arc<Text>) -> Section {
    let config = paths.config;
    let meta = |lang: &Language| match &paths.sections.get(&(dir.to_path_buf(), lang.clone()))?.meta {
        Meta::Section(meta) => Some(meta),
        Meta::Page(_) => None,
    };
    let (own, original) = (meta(lang), meta(&config.default_language));
    let title = match own.or(original) {
        Some(meta) => meta.title.trim().to_string(),
        None if dir.as_os_str().is_empty() => config.language(lang).title.clone(),
        None => dir.file_name().unwrap_or_default().to_string_lossy().to_string(),
    };
    let paginate_by = own.and_then(|m| m.paginate_by).or(original.and_then(|m| m.paginate_by));
    Section {
        file: paths.sections.get(&(dir.to_path_buf(), lang.clone())).map(|d| d.file.shown.clone()),
        lang: lang.clone(),
        dir: dir.to_path_buf(),
        title,
        summary: own.and_then(|m| m.summary.clone()),
        text: text.clone(),
        path: paths.dir_path(dir, lang),
        pages: Vec::new(),
        years: Vec::new(),
        paginate_by: (!dir.as_os_str().is_empty()).then(|| paginate_by.unwrap_or(default_paginate_by).max(1)),
        translations: Vec::new(),
        parent: None,
    }
}

/// Pages grouped by (folder, file name without language): the same page in each language.
/// Each page's translations are the others of its group.
pub(super) fn translations<'d>(pages: &mut [Page], documents: &[&'d Document], config: &Config) -> Groups<'d> {
    let mut groups: Groups = HashMap::new();
    for (id, doc) in documents.iter().enumerate() {
        groups.entry((doc.dir().as_os_str(), doc.stem.as_str())).or_default().push(id);
    }
    for ids in groups.values() {
        for &id in ids {
            let mut others: Vec<PageId> = ids.iter().copied().filter(|&other| other != id).collect();
            others.sort_by_key(|&other| language_rank(config, &pages[other].lang));
            pages[id].translations = others;
        }
    }
    groups
}

/// Pages by (folder, file name without language).
pub(super) type Groups<'d> = HashMap<(&'d OsStr, &'d str), Vec<PageId>>;

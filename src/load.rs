//! Reading the site from disk: `site.yaml`, every file under `content/`, the theme.
//! Files are split and checked here; nothing here knows about URLs or HTML.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;

use crate::config::Config;
use crate::error::{self, Error, Errors, Location, Problem};
use crate::frontmatter::{self, PageMeta, SectionMeta};
use crate::fsio::{self, SourceFile};
use crate::text;
use crate::theme::{Theme, load_theme};
use crate::url::Language;
use crate::yaml;

pub const CONTENT: &str = "content";
/// The key figures shown on the home page, in `content/`.
pub const FIGURES: &str = "figures.yaml";
pub const SECTION_STEM: &str = "_index";

/// Everything the site is made of, read and checked.
#[derive(Debug)]
pub struct Sources {
    pub config: Config,
    pub documents: Vec<Document>,
    /// Files of `content/` that are not Markdown (images, PDF): copied as they are.
    pub assets: Vec<SourceFile>,
    pub figures: Vec<FigureSource>,
    pub theme: Theme,
    /// The files of `static/`, hidden ones too (`CNAME`, `.well-known/`): published as they
    /// are, at the same place from the site's root.
    pub statics: Vec<SourceFile>,
    /// Problems found while reading; the next stages add theirs.
    pub errors: Vec<Error>,
    /// Markdown files that could not be read: links to them are not reported as broken.
    pub unreadable: HashSet<PathBuf>,
    /// The site's folder as shown in messages (empty for the current folder).
    pub shown_root: PathBuf,
}

/// A Markdown file of `content/`, split and its front-matter checked.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: SourceFile,
    pub lang: Language,
    /// The file name without language suffix and `.md`: `2026-02-06-signature`, `_index`.
    pub stem: String,
    pub meta: Meta,
    pub yaml: String,
    pub yaml_line: usize,
    pub body: Arc<str>,
    pub body_line: usize,
    /// The characters taken out of the text ([`text::without_strays`]), as warnings.
    pub strays: Vec<Error>,
}

#[derive(Debug, Clone)]
pub enum Meta {
    Page(PageMeta),
    Section(SectionMeta),
}

impl Document {
    /// The folder of the file under `content/` (empty for the content root).
    pub fn dir(&self) -> &Path {
        self.file.rel.parent().unwrap_or(Path::new(""))
    }

    /// Where the value of `key:` is written in the file, for messages about it; the header's
    /// first line when the key is not written.
    pub fn key_location(&self, key: &str) -> Location {
        match yaml::value_position(&self.yaml, key, self.yaml_line) {
            Some((line, column)) => Location::at(&self.file.shown, line, column),
            None => Location::line(&self.file.shown, self.yaml_line),
        }
    }

    /// The same file in another language: `x.en.md` for `x.md` and `en`.
    pub fn rel_in(&self, lang: &Language, config: &Config) -> PathBuf {
        content_file_name(self.dir(), &self.stem, lang, config)
    }
}

/// The site's folder as messages show it: nothing for the current folder (`content/x.md`).
pub fn shown_root(root: &Path) -> &Path {
    if root == Path::new(".") { Path::new("") } else { root }
}

/// A Markdown file's name without its language suffix, and its language:
/// `x.en.md` → (`x`, en), `x.md` → (`x`, the default language).
pub fn stem_and_language(name: &str, config: &Config) -> Result<(String, Language), Problem> {
    let name = name.strip_suffix(".md").unwrap_or(name);
    match name.rsplit_once('.') {
        Some((stem, suffix)) if Language::parse(suffix).is_some() => match config.find_language(suffix) {
            Some(lang) => Ok((stem.to_string(), lang.clone())),
            None => Err(Problem::UnknownLanguage { suffix: suffix.to_string(), known: config.language_list() }),
        },
        _ => Ok((name.to_string(), config.default_language.clone())),
    }
}

/// `dir/stem.md` for the default language, `dir/stem.<lang>.md` for the others.
pub fn content_file_name(dir: &Path, stem: &str, lang: &Language, config: &Config) -> PathBuf {
    if config.is_default(lang) { dir.join(format!("{stem}.md")) } else { dir.join(format!("{stem}.{lang}.md")) }
}

/// One key figure of `content/figures.yaml`; `date` and `source` are checked after parsing so
/// that a figure without them gets a message saying so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    pub value: f64,
    #[serde(default, deserialize_with = "frontmatter::scalar_text")]
    pub date: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub label: IndexMap<String, String>,
    #[serde(skip)]
    pub line: usize,
}

/// Reads and checks the whole site at `root`. Only a `site.yaml` without which nothing can be read
/// (no languages, no theme) stops it; other problems, its own too, are kept in
/// [`Sources::errors`] and the files that could be read are kept, so that the next stages
/// report their own problems too.
pub fn load(root: &Path) -> Result<Sources, Errors> {
    // The mistakes of site.yaml that leave it usable are told with the others.
    let (config, mut errors) = Config::load_usable(root)?;
    let shown_root = shown_root(root);
    let theme = load_theme(root, shown_root, &config, &mut errors);
    let content = load_content(&root.join(CONTENT), &shown_root.join(CONTENT), &config, &mut errors);
    let (documents, assets, figures, unreadable) = content.unwrap_or_else(|e| {
        errors.extend(e.0);
        Default::default()
    });
    let statics = load_statics(root, shown_root, &mut errors);
    let shown_root = shown_root.to_path_buf();
    Ok(Sources { config, documents, assets, figures, theme, statics, errors, unreadable, shown_root })
}

/// The documents, other files, key figures and unreadable Markdown files of `content/`.
pub type Content = (Vec<Document>, Vec<SourceFile>, Vec<FigureSource>, HashSet<PathBuf>);

/// The folder of files published as they are.
pub const STATIC: &str = "static";

/// The files of `static/`, if the site has one.
pub fn load_statics(root: &Path, shown_root: &Path, errors: &mut Vec<Error>) -> Vec<SourceFile> {
    let dir = root.join(STATIC);
    if !dir.is_dir() {
        return Vec::new();
    }
    match fsio::walk_all(&dir) {
        Ok(files) => {
            let shown = shown_root.join(STATIC);
            files.into_iter().map(|(path, rel)| SourceFile { shown: shown.join(&rel), path, rel }).collect()
        }
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    }
}

/// Reads every file of `content/` (at `dir`, shown as `shown`), keeping its problems in `errors`.
pub fn load_content(dir: &Path, shown: &Path, config: &Config, errors: &mut Vec<Error>) -> Result<Content, Errors> {
    let files: Vec<SourceFile> =
        fsio::walk(dir)?.into_iter().map(|(path, rel)| SourceFile { shown: shown.join(&rel), path, rel }).collect();
    let (markdown, others): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.rel.extension().is_some_and(|e| e == "md"));
    let (figures, assets): (Vec<_>, Vec<_>) = others.into_iter().partition(|f| f.rel == Path::new(FIGURES));

    let results: Vec<(PathBuf, Result<Document, Errors>)> =
        markdown.into_par_iter().map(|file| (file.rel.clone(), load_document(file, config))).collect();
    let mut documents = Vec::new();
    let mut unreadable = HashSet::new();
    for (rel, result) in results {
        match result {
            Ok(document) => documents.push(document),
            Err(e) => {
                errors.extend(e.0);
                unreadable.insert(rel);
            }
        }
    }
    let present: HashSet<&Path> =
        documents.iter().map(|d| d.file.rel.as_path()).chain(unreadable.iter().map(PathBuf::as_path)).collect();
    errors.extend(missing_originals(&documents, &present, config));
    let figures = match error::collect(figures, |f| load_figures(&f, config)) {
        Ok(lists) => lists.concat(),
        Err(e) => {
            errors.extend(e.0);
            Vec::new()
        }
    };
    Ok((documents, assets, figures, unreadable))
}

/// Reads and checks one Markdown file of `content/`.
pub fn load_document(file: SourceFile, config: &Config) -> Result<Document, Errors> {
    let text = fsio::read_text(&file.path, &file.shown)?;
    parse_document(file, &text, config)
}

/// Checks the text of a Markdown file of `content/`, as if read from `file`: the editor's way
/// to check a text before writing it.
pub fn parse_document(file: SourceFile, text: &str, config: &Config) -> Result<Document, Errors> {
    // Characters pasted from a word processor that no page may show go first, each told.
    let (text, strays) = text::without_strays(text);
    let text = text.as_ref();
    let strays = strays
        .into_iter()
        .map(|((line, column), c)| {
            let problem = Problem::StrayCharacter { code: format!("U+{:04X}", u32::from(c)) };
            Error::at(Location::at(&file.shown, line, column), problem)
        })
        .collect();
    let name = file.rel.file_name().unwrap_or_default().to_string_lossy();
    let (stem, lang) =
        stem_and_language(&name, config).map_err(|problem| Error::at(Location::file(&file.shown), problem))?;
    let split =
        frontmatter::split(text).map_err(|(line, problem)| Error::at(Location::line(&file.shown, line), problem))?;
    let meta = if stem == SECTION_STEM {
        Meta::Section(yaml::parse(split.yaml, &file.shown, split.yaml_line)?)
    } else {
        Meta::Page(yaml::parse(split.yaml, &file.shown, split.yaml_line)?)
    };
    let document = Document {
        lang,
        stem,
        meta,
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        body: split.body.into(),
        body_line: split.body_line,
        file,
        strays,
    };
    let title = match &document.meta {
        Meta::Page(meta) => &meta.title,
        Meta::Section(meta) => &meta.title,
    };
    if title.trim().is_empty() {
        return Err(Error::at(document.key_location("title"), Problem::Empty("title".into())).into());
    }
    Ok(document)
}

/// A page in another language without its original (`x.en.md` without `x.md`) is published in
/// its language alone: a warning, so that it is not a forgotten one.
pub fn missing_originals(documents: &[Document], present: &HashSet<&Path>, config: &Config) -> Vec<Error> {
    documents
        .iter()
        .filter(|d| !config.is_default(&d.lang))
        .filter_map(|d| {
            let original = d.rel_in(&config.default_language, config);
            (!present.contains(original.as_path())).then(|| {
                let shown = d.file.shown.with_file_name(original.file_name().unwrap_or_default());
                Error::at(
                    Location::file(&d.file.shown),
                    Problem::MissingOriginal { original: shown.display().to_string(), language: d.lang.to_string() },
                )
            })
        })
        .collect()
}

/// Reads and checks `content/figures.yaml`.
pub fn load_figures(file: &SourceFile, config: &Config) -> Result<Vec<FigureSource>, Errors> {
    let text = fsio::read_text(&file.path, &file.shown)?;
    parse_figures(&text, file, config)
}

/// Checks the text of `content/figures.yaml`, as if read from `file`.
pub fn parse_figures(text: &str, file: &SourceFile, config: &Config) -> Result<Vec<FigureSource>, Errors> {
    // A file of comments alone, or empty, has no figures yet.
    if text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#')) {
        return Ok(Vec::new());
    }
    let mut figures: Vec<FigureSource> = yaml::parse(text, &file.shown, 1)?;
    // Each figure starts at a line beginning with `-`; messages point there.
    let starts: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.starts_with('-')).map(|(i, _)| i + 1).collect();
    let mut errors = Vec::new();
    for (index, figure) in figures.iter_mut().enumerate() {
        figure.line = starts.get(index).copied().unwrap_or(1);
        let at = Location::line(&file.shown, figure.line);
        if figure.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            errors.push(Error::at(at.clone(), Problem::MissingKey("source".into())));
        }
        if figure.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
            errors.push(Error::at(at.clone(), Problem::MissingKey("date".into())));
        }
        for lang in &config.languages {
            if figure.label.get(lang.code.as_str()).is_none_or(|l| l.trim().is_empty()) {
                let problem = Problem::MissingLabel { language: lang.code.to_string() };
                errors.push(Error::at(at.clone(), problem));
            }
        }
    }
    if errors.is_empty() { Ok(figures) } else { Err(Errors::sorted(errors)) }
}

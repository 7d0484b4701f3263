//! Reading the site from disk: `site.yaml`, every file under `content/`, the theme.
//! Files are split and checked here; nothing here knows about URLs or HTML.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;

use crate::config::Config;
use crate::error::{self, Error, Errors, Location, Problem};
use crate::frontmatter::{self, PageMeta, SectionMeta};
use crate::fsio;
use crate::i18n::Strings;
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
    /// Problems found while reading; the next stages add theirs.
    pub errors: Vec<Error>,
    /// Markdown files that could not be read: links to them are not reported as broken.
    pub unreadable: HashSet<PathBuf>,
    /// The site's folder as shown in messages (empty for the current folder).
    pub shown_root: PathBuf,
}

/// A file and how to name it: `path` to read it, `rel` under its folder (`content/`, `static/`),
/// `shown` in messages (relative to where the command runs when possible).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub rel: PathBuf,
    pub shown: PathBuf,
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

    /// Where `key:` is written in the file, for messages about its value.
    pub fn key_location(&self, key: &str) -> Location {
        Location::line(&self.file.shown, yaml::key_line(&self.yaml, key, self.yaml_line))
    }

    /// The same file in another language: `x.en.md` for `x.md` and `en`.
    pub fn rel_in(&self, lang: &Language, config: &Config) -> PathBuf {
        content_file_name(self.dir(), &self.stem, lang, config)
    }
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

/// The theme: its templates, its strings per language, its static files.
#[derive(Debug, Default)]
pub struct Theme {
    pub dir: PathBuf,
    /// The folder as shown in messages.
    pub shown: PathBuf,
    /// (name relative to `templates/`, file shown in messages, text)
    pub templates: Vec<(String, PathBuf, String)>,
    pub strings: BTreeMap<Language, Strings>,
    pub static_files: Vec<SourceFile>,
    /// The fonts of share cards, when the theme has them.
    pub card_fonts: Option<crate::cards::Fonts>,
}

/// Reads and checks the whole site at `root`. Only an unusable `site.yaml` stops it; other
/// problems are kept in [`Sources::errors`] and the files that could be read are kept, so
/// that the next stages report their own problems too.
pub fn load(root: &Path) -> Result<Sources, Errors> {
    let config = Config::load(root)?;
    let shown_root = if root == Path::new(".") { Path::new("") } else { root };
    let mut errors = Vec::new();
    let theme = load_theme(root, shown_root, &config, &mut errors);
    let content = load_content(&root.join(CONTENT), &shown_root.join(CONTENT), &config, &mut errors);
    let (documents, assets, figures, unreadable) = content.unwrap_or_else(|e| {
        errors.extend(e.0);
        Default::default()
    });
    let shown_root = shown_root.to_path_buf();
    Ok(Sources { config, documents, assets, figures, theme, errors, unreadable, shown_root })
}

/// What a refresh found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only the text of these Markdown files (content-relative), which all still read well.
    Documents(Vec<PathBuf>),
    /// Anything else: settings, the theme, files added or removed, a file that no longer reads.
    Other,
}

impl Sources {
    /// Reads again what changed under `root`: the files at `paths`, changed, added or removed.
    /// `site.yaml` or a folder is read again whole, the theme as a whole, content files one by one.
    pub fn refresh(&mut self, root: &Path, paths: &[PathBuf]) -> Result<Change, Errors> {
        let content = root.join(CONTENT);
        let hidden = |p: &Path| p.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let changed: Vec<&PathBuf> = paths.iter().filter(|p| !hidden(p.strip_prefix(root).unwrap_or(p))).collect();
        if changed.iter().any(|p| p.as_path() == root.join(crate::config::FILE)) {
            match load(root) {
                Ok(sources) => *self = sources,
                // The last good settings are kept, with the error, until `site.yaml` is mended:
                // edits made meanwhile must not hide it.
                Err(errors) => {
                    self.errors.retain(|e| e.location.file != self.config.file);
                    self.errors.extend(errors.0);
                }
            }
            return Ok(Change::Other);
        }
        let mut only_documents = true;
        if changed.iter().any(|p| p.starts_with(root.join("themes"))) {
            only_documents = false;
            let shown = self.shown_root.join("themes");
            self.errors
                .retain(|e| !e.location.file.starts_with(&shown) && !matches!(e.problem, Problem::MissingTheme(_)));
            self.theme = load_theme(root, &self.shown_root, &self.config, &mut self.errors);
        }
        let shown_content = self.shown_root.join(CONTENT);
        let in_content: Vec<PathBuf> =
            changed.iter().filter_map(|p| Some(p.strip_prefix(&content).ok()?.to_path_buf())).collect();
        let known = |rel: &Path| {
            let rel = rel.as_os_str();
            self.documents.iter().any(|d| d.file.rel.as_os_str() == rel)
                || self.assets.iter().any(|a| a.rel.as_os_str() == rel)
        };
        // A folder added, removed or renamed: what is gone and not a known file was a folder.
        let folder = |rel: &Path| {
            let path = content.join(rel);
            path.is_dir()
                || (!path.exists() && !known(rel) && !self.unreadable.contains(rel) && rel != Path::new(FIGURES))
        };
        if in_content.iter().any(|rel| folder(rel)) {
            self.errors.retain(|e| !e.location.file.starts_with(&shown_content));
            let mut errors = Vec::new();
            let loaded = load_content(&content, &shown_content, &self.config, &mut errors)?;
            (self.documents, self.assets, self.figures, self.unreadable) = loaded;
            self.errors.extend(errors);
            return Ok(Change::Other);
        }
        let mut documents = Vec::new();
        for rel in in_content {
            let file = SourceFile { shown: shown_content.join(&rel), path: content.join(&rel), rel };
            let had_errors = self.errors.iter().any(|e| e.location.file == file.shown);
            self.errors.retain(|e| e.location.file != file.shown);
            let exists = file.path.is_file();
            let is_markdown = file.rel.extension().is_some_and(|e| e == "md");
            if file.rel == Path::new(FIGURES) {
                only_documents = false;
                self.figures = if exists {
                    load_figures(&file, &self.config).unwrap_or_else(|e| {
                        self.errors.extend(e.0);
                        Vec::new()
                    })
                } else {
                    Vec::new()
                };
            } else if is_markdown {
                let at = self.documents.partition_point(|d| d.file.rel < file.rel);
                let present = self.documents.get(at).is_some_and(|d| d.file.rel == file.rel);
                let loaded = if exists { Some(load_document(file.clone(), &self.config)) } else { None };
                match (present, loaded) {
                    (true, Some(Ok(document))) if !had_errors => {
                        self.documents[at] = document;
                        documents.push(file.rel);
                    }
                    (present, loaded) => {
                        only_documents = false;
                        if present {
                            self.documents.remove(at);
                        }
                        self.unreadable.remove(&file.rel);
                        match loaded {
                            Some(Ok(document)) => self.documents.insert(at, document),
                            Some(Err(e)) => {
                                self.errors.extend(e.0);
                                self.unreadable.insert(file.rel);
                            }
                            None => {}
                        }
                    }
                }
            } else {
                only_documents = false;
                self.assets.retain(|a| a.rel != file.rel);
                if exists {
                    let at = self.assets.partition_point(|a| a.rel < file.rel);
                    self.assets.insert(at, file);
                }
            }
        }
        if only_documents {
            return Ok(Change::Documents(documents));
        }
        // Whether a translation has its original may have changed with any of them.
        self.errors.retain(|e| !matches!(e.problem, Problem::MissingOriginal { .. }));
        let present: HashSet<&Path> = self
            .documents
            .iter()
            .map(|d| d.file.rel.as_path())
            .chain(self.unreadable.iter().map(PathBuf::as_path))
            .collect();
        let missing = missing_originals(&self.documents, &present, &self.config);
        self.errors.extend(missing);
        Ok(Change::Other)
    }
}

type Content = (Vec<Document>, Vec<SourceFile>, Vec<FigureSource>, HashSet<PathBuf>);

fn load_content(dir: &Path, shown: &Path, config: &Config, errors: &mut Vec<Error>) -> Result<Content, Errors> {
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

fn load_document(file: SourceFile, config: &Config) -> Result<Document, Errors> {
    let name = file.rel.file_name().unwrap_or_default().to_string_lossy();
    let (stem, lang) =
        stem_and_language(&name, config).map_err(|problem| Error::at(Location::file(&file.shown), problem))?;
    let text = fsio::read_text(&file.path, &file.shown)?;
    let split =
        frontmatter::split(&text).map_err(|(line, problem)| Error::at(Location::line(&file.shown, line), problem))?;
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

/// A translation needs its original: `x.en.md` without `x.md` is an error.
fn missing_originals(documents: &[Document], present: &HashSet<&Path>, config: &Config) -> Vec<Error> {
    documents
        .iter()
        .filter(|d| !config.is_default(&d.lang))
        .filter_map(|d| {
            let original = d.rel_in(&config.default_language, config);
            (!present.contains(original.as_path())).then(|| {
                let shown = d.file.shown.with_file_name(original.file_name().unwrap_or_default());
                Error::at(
                    Location::file(&d.file.shown),
                    Problem::MissingOriginal { original: shown.display().to_string() },
                )
            })
        })
        .collect()
}

fn load_figures(file: &SourceFile, config: &Config) -> Result<Vec<FigureSource>, Errors> {
    let text = fsio::read_text(&file.path, &file.shown)?;
    let mut figures: Vec<FigureSource> = yaml::parse(&text, &file.shown, 1)?;
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

/// The theme, with its problems in `errors`: templates with a syntax error are reported with
/// the content's errors, not only once the content is right.
fn load_theme(root: &Path, shown_root: &Path, config: &Config, errors: &mut Vec<Error>) -> Theme {
    match read_theme(root, shown_root, config) {
        Ok(theme) => {
            errors.extend(crate::render::syntax_errors(&theme.templates, &theme.shown));
            theme
        }
        Err(e) => {
            errors.extend(e.0);
            Theme::default()
        }
    }
}

fn read_theme(root: &Path, shown_root: &Path, config: &Config) -> Result<Theme, Errors> {
    let dir = root.join("themes").join(config.theme.as_str());
    let shown = shown_root.join("themes").join(config.theme.as_str());
    if !dir.is_dir() {
        let at = Location::line(&config.file, config.theme_line);
        return Err(Error::at(at, Problem::MissingTheme(shown.display().to_string())).into());
    }
    let templates = fsio::walk(&dir.join("templates"))?
        .into_iter()
        .map(|(path, rel)| {
            let text = fsio::read_text(&path, &shown.join("templates").join(&rel))?;
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Ok((name, shown.join("templates").join(&rel), text))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let strings = error::collect(&config.languages, |lang| {
        let file = dir.join("i18n").join(format!("{}.yaml", lang.code));
        let shown_file = shown.join("i18n").join(format!("{}.yaml", lang.code));
        if !file.exists() {
            let problem = Problem::MissingStrings { language: lang.code.to_string() };
            return Err(Error::at(Location::file(&shown_file), problem).into());
        }
        let text = fsio::read_text(&file, &shown_file)?;
        Ok((lang.code.clone(), Strings::parse(&text, &shown_file)?))
    })?;
    let static_dir = dir.join("static");
    let static_files = if static_dir.is_dir() {
        fsio::walk(&static_dir)?
            .into_iter()
            .map(|(path, rel)| SourceFile { shown: shown.join("static").join(&rel), path, rel })
            .collect()
    } else {
        Vec::new()
    };
    let card_fonts = crate::cards::Fonts::read(&dir, &shown)?;
    Ok(Theme { shown, dir, templates, strings: strings.into_iter().collect(), static_files, card_fonts })
}

//! `serve`'s way of reading again only what changed: the files an edit touched, read into the
//! [`Sources`] of the last build. `site.yaml` or a folder is read again whole, the theme as a
//! whole, content files one by one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Errors, Problem};
use crate::fsio::SourceFile;
use crate::load::{self, CONTENT, FIGURES, Sources};
use crate::theme;

/// What a refresh found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only the text of these Markdown files (content-relative), which all still read well.
    Documents(Vec<PathBuf>),
    /// Anything else: settings, the theme, files added or removed, a file that no longer reads.
    Other,
}

/// Reads again what changed under `root`: the files at `paths`, changed, added or removed.
pub fn refresh(sources: &mut Sources, root: &Path, paths: &[PathBuf]) -> Result<Change, Errors> {
    let hidden = |p: &Path| p.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let changed: Vec<&PathBuf> = paths.iter().filter(|p| !hidden(p.strip_prefix(root).unwrap_or(p))).collect();
    if changed.iter().any(|p| p.as_path() == root.join(crate::config::FILE)) {
        settings(sources, root);
        return Ok(Change::Other);
    }
    let mut only_documents = true;
    if changed.iter().any(|p| p.starts_with(root.join("themes"))) {
        only_documents = false;
        let shown = sources.shown_root.join("themes");
        sources
            .errors
            .retain(|e| !e.location.file.starts_with(&shown) && !matches!(e.problem, Problem::MissingTheme(_)));
        sources.theme = theme::load_theme(root, &sources.shown_root, &sources.config, &mut sources.errors);
    }
    if changed.iter().any(|p| p.starts_with(root.join(load::STATIC))) {
        only_documents = false;
        let shown = sources.shown_root.join(load::STATIC);
        sources.errors.retain(|e| !e.location.file.starts_with(&shown));
        sources.statics = load::load_statics(root, &sources.shown_root.clone(), &mut sources.errors);
    }
    let content = root.join(CONTENT);
    let in_content: Vec<PathBuf> =
        changed.iter().filter_map(|p| Some(p.strip_prefix(&content).ok()?.to_path_buf())).collect();
    if in_content.iter().any(|rel| is_folder(sources, &content, rel)) {
        reload_content(sources, &content)?;
        return Ok(Change::Other);
    }
    let mut documents = Vec::new();
    for rel in in_content {
        match file(sources, &content, rel) {
            Some(rel) => documents.push(rel),
            None => only_documents = false,
        }
    }
    if only_documents {
        return Ok(Change::Documents(documents));
    }
    // Whether a translation has its original may have changed with any of them.
    sources.errors.retain(|e| !matches!(e.problem, Problem::MissingOriginal { .. }));
    let present: HashSet<&Path> = sources
        .documents
        .iter()
        .map(|d| d.file.rel.as_path())
        .chain(sources.unreadable.iter().map(PathBuf::as_path))
        .collect();
    let missing = load::missing_originals(&sources.documents, &present, &sources.config);
    sources.errors.extend(missing);
    Ok(Change::Other)
}

/// `site.yaml` changed: everything is read again. The last good settings are kept, with the
/// error, until `site.yaml` is mended: edits made meanwhile must not hide it.
fn settings(sources: &mut Sources, root: &Path) {
    match load::load(root) {
        Ok(fresh) => *sources = fresh,
        Err(errors) => {
            sources.errors.retain(|e| e.location.file != sources.config.file);
            sources.errors.extend(errors.0);
        }
    }
}

/// Whether a changed path of `content/` is a folder added, removed or renamed: what is gone
/// and was not a known file was a folder.
fn is_folder(sources: &Sources, content: &Path, rel: &Path) -> bool {
    let path = content.join(rel);
    let known = sources.documents.iter().any(|d| d.file.rel == rel) || sources.assets.iter().any(|a| a.rel == rel);
    path.is_dir() || (!path.exists() && !known && !sources.unreadable.contains(rel) && rel != Path::new(FIGURES))
}

fn reload_content(sources: &mut Sources, content: &Path) -> Result<(), Errors> {
    let shown_content = sources.shown_root.join(CONTENT);
    sources.errors.retain(|e| !e.location.file.starts_with(&shown_content));
    let mut errors = Vec::new();
    let loaded = load::load_content(content, &shown_content, &sources.config, &mut errors)?;
    (sources.documents, sources.assets, sources.figures, sources.unreadable) = loaded;
    sources.errors.extend(errors);
    Ok(())
}

/// Reads again one changed file of `content/`; returns it if it is a Markdown file that was
/// there and still reads well, so that the change may be only to what pages say.
fn file(sources: &mut Sources, content: &Path, rel: PathBuf) -> Option<PathBuf> {
    let file = SourceFile { shown: sources.shown_root.join(CONTENT).join(&rel), path: content.join(&rel), rel };
    let had_errors = sources.errors.iter().any(|e| e.location.file == file.shown);
    sources.errors.retain(|e| e.location.file != file.shown);
    let exists = file.path.is_file();
    if file.rel == Path::new(FIGURES) {
        sources.figures = if exists {
            load::load_figures(&file, &sources.config).unwrap_or_else(|e| {
                sources.errors.extend(e.0);
                Vec::new()
            })
        } else {
            Vec::new()
        };
        return None;
    }
    if file.rel.extension().is_none_or(|e| e != "md") {
        sources.assets.retain(|a| a.rel != file.rel);
        if exists {
            let at = sources.assets.partition_point(|a| a.rel < file.rel);
            sources.assets.insert(at, file);
        }
        return None;
    }
    let at = sources.documents.partition_point(|d| d.file.rel < file.rel);
    let present = sources.documents.get(at).is_some_and(|d| d.file.rel == file.rel);
    let loaded = if exists { Some(load::load_document(file.clone(), &sources.config)) } else { None };
    match (present, loaded) {
        (true, Some(Ok(document))) if !had_errors => {
            sources.documents[at] = document;
            Some(file.rel)
        }
        (present, loaded) => {
            if present {
                sources.documents.remove(at);
            }
            sources.unreadable.remove(&file.rel);
            match loaded {
                Some(Ok(document)) => sources.documents.insert(at, document),
                Some(Err(e)) => {
                    sources.errors.extend(e.0);
                    sources.unreadable.insert(file.rel);
                }
                None => {}
            }
            None
        }
    }
}

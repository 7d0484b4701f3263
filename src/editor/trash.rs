//! Deleting moves files to the site's trash (`.trash/<date and time>/`, hidden, so not
//! content), keeping their paths: an activity with its translations, and its photos that no
//! other page shows. Nothing there is ever erased by the editor; « Restaurer » puts the files
//! back, unless a file of the same name came meanwhile.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;

use super::files::{self, ContentPath};
use super::values::photos_in;
use super::views::{self, ROOT, Section};
use super::{Checked, Posted, Visit, blocking, html, not_found_page, redirect};
use crate::load::{CONTENT, Meta, Sources};
use crate::text::escape;

/// The files deleted with `path`: its translations when it is an original, and the photos
/// none of the other pages shows; relative to the site's folder.
fn going(sources: &Sources, path: &ContentPath) -> Vec<PathBuf> {
    let config = &sources.config;
    let Some(doc) = sources.documents.iter().find(|d| d.file.rel == path.rel()) else {
        return vec![Path::new(CONTENT).join(path.rel())];
    };
    let mut docs = vec![doc];
    if config.is_default(&doc.lang) {
        let others =
            config.languages.iter().filter(|l| !config.is_default(&l.code)).map(|l| doc.rel_in(&l.code, config));
        docs.extend(others.filter_map(|rel| sources.documents.iter().find(|d| d.file.rel == rel)));
    }
    let mut photos: Vec<String> = Vec::new();
    for doc in &docs {
        if let Meta::Page(meta) = &doc.meta {
            photos.extend(meta.image.clone().filter(|i| !i.contains('/')));
        }
        photos.extend(photos_in(&doc.body));
    }
    let shows = |d: &crate::load::Document, photo: &str| {
        let lead = matches!(&d.meta, Meta::Page(meta) if meta.image.as_deref() == Some(photo));
        lead || photos_in(&d.body).iter().any(|p| p == photo)
    };
    let kept_by_others = |photo: &str| {
        sources
            .documents
            .iter()
            .filter(|d| d.dir() == doc.dir() && !docs.iter().any(|g| g.file.rel == d.file.rel))
            .any(|d| shows(d, photo))
    };
    photos.sort();
    photos.dedup();
    let photo_files = photos
        .into_iter()
        .filter(|p| !kept_by_others(p))
        .map(|p| doc.dir().join(p))
        .filter(|rel| sources.assets.iter().any(|a| a.rel == *rel));
    docs.iter().map(|d| d.file.rel.clone()).chain(photo_files).map(|rel| Path::new(CONTENT).join(rel)).collect()
}

fn title_of(sources: &Sources, path: &ContentPath) -> String {
    sources
        .documents
        .iter()
        .find(|d| d.file.rel == path.rel())
        .map(|d| match &d.meta {
            Meta::Page(meta) => meta.title.clone(),
            Meta::Section(meta) => meta.title.clone(),
        })
        .unwrap_or_else(|| path.as_str().to_string())
}

/// The page that asks before deleting.
pub async fn confirm(Visit { editor, session, query, .. }: Visit) -> Response {
    blocking(move || {
        let w = editor.words();
        let Some(path) = ContentPath::parse(query.get("file")).filter(|p| editor.content().join(p.rel()).is_file())
        else {
            return not_found_page(&editor, &session);
        };
        let (title, files) = editor.handle.sources(|s| (title_of(s, &path), going(s, &path)));
        let items: String =
            files.iter().map(|f| format!("<li><code>{}</code></li>", escape(&f.to_string_lossy()))).collect();
        let main = format!(
            "<p><strong>{}</strong></p><p>{}</p><ul>{items}</ul><div class=\"actions\">{}<a href=\"{}\">{}</a></div>",
            escape(&title),
            escape(w.delete_text),
            views::button_form(
                &format!("{ROOT}delete"),
                &session.token,
                &[("file", path.as_str())],
                w.to_trash,
                "danger"
            ),
            escape(&views::link("page", &[("file", path.as_str())])),
            w.cancel
        );
        html(StatusCode::OK, editor.page(Section::Activities, &session, w.delete_title, &main))
    })
    .await
}

/// Moves a page and what goes with it to the trash.
pub async fn delete(Checked(Posted { editor, session, form, .. }): Checked) -> Response {
    let file = form.get("file").to_string();
    blocking(move || {
        let Some(path) = ContentPath::parse(&file).filter(|p| editor.content().join(p.rel()).is_file()) else {
            return not_found_page(&editor, &session);
        };
        let files = editor.handle.sources(|s| going(s, &path));
        match files::to_trash(editor.root(), &editor.trash, &files) {
            Ok(entry) => {
                let rel = path.rel().to_path_buf();
                editor.handle.wait_until(Duration::from_secs(3), |s| !s.documents.iter().any(|d| d.file.rel == rel));
                redirect(&views::link("", &[("trashed", &entry)]))
            }
            Err(error) => {
                let main = views::notice("error", &views::problem(&error, editor.handle.tongue()));
                html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    editor.page(Section::Trash, &session, editor.words().trash, &main),
                )
            }
        }
    })
    .await
}

/// A trash folder's name, as the editor makes them.
fn entry_name(name: &str) -> Option<&str> {
    (!name.is_empty() && name.len() < 40 && name.bytes().all(|b| b.is_ascii_digit() || b == b'-')).then_some(name)
}

/// What the trash holds, newest first, each with « Restaurer ».
pub async fn list(Visit { editor, session, query, .. }: Visit) -> Response {
    blocking(move || {
        let w = editor.words();
        let mut entries: Vec<String> = std::fs::read_dir(&editor.trash)
            .map(|d| {
                d.flatten().filter_map(|e| entry_name(&e.file_name().to_string_lossy()).map(str::to_string)).collect()
            })
            .unwrap_or_default();
        entries.sort_by(|a, b| b.cmp(a));
        let mut main = String::new();
        if query.get("restored") == "1" {
            main.push_str(&views::notice("ok", &escape(w.restored)));
        }
        if !query.get("blocked").is_empty() {
            main.push_str(&views::notice(
                "error",
                &format!("{} <code>{}</code>", escape(w.restore_blocked), escape(query.get("blocked"))),
            ));
        }
        if entries.is_empty() {
            main.push_str(&format!("<p>{}</p>", w.trash_empty));
        }
        for entry in &entries {
            let files = files::trashed(&editor.trash.join(entry)).unwrap_or_default();
            let items: String = files
                .iter()
                .map(|f| {
                    format!(
                        "<li><code>{}</code>{}</li>",
                        escape(&f.to_string_lossy()),
                        trashed_title(&editor.trash.join(entry).join(f))
                    )
                })
                .collect();
            main.push_str(&format!(
                "<section class=\"original\"><h2>{} {}</h2><ul>{items}</ul>{}</section>",
                w.deleted_on,
                escape(&stamp(entry)),
                views::button_form(
                    &format!("{ROOT}restore"),
                    &session.token,
                    &[("entry", entry)],
                    w.restore,
                    "secondary"
                )
            ));
        }
        html(StatusCode::OK, editor.page(Section::Trash, &session, w.trash, &main))
    })
    .await
}

/// « 2026-02-06-140312 » as « 2026-02-06 14:03:12 ».
fn stamp(entry: &str) -> String {
    let digits = entry.get(11..17).unwrap_or_default();
    match (entry.get(..10), digits.len() == 6) {
        (Some(day), true) => format!("{day} {}:{}:{}", &digits[..2], &digits[2..4], &digits[4..]),
        _ => entry.to_string(),
    }
}

/// The title of a trashed Markdown file, after its name.
fn trashed_title(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let title = crate::frontmatter::split(&text)
        .ok()
        .and_then(|s| crate::yaml::parse::<crate::frontmatter::PageMeta>(s.yaml, file, 2).ok())
        .map(|m| m.title);
    title.map_or(String::new(), |t| format!(" — {}", escape(&t)))
}

/// Puts a trash folder's files back in place, if none of their places is taken.
pub async fn restore(Checked(Posted { editor, session, form, .. }): Checked) -> Response {
    let entry = form.get("entry").to_string();
    blocking(move || {
        let Some(entry) = entry_name(&entry).map(|e| editor.trash.join(e)).filter(|f| f.is_dir()) else {
            return not_found_page(&editor, &session);
        };
        let files = files::trashed(&entry).unwrap_or_default();
        if let Some(taken) = files.iter().find(|f| editor.root().join(f).exists()) {
            return redirect(&views::link("trash", &[("blocked", &taken.to_string_lossy())]));
        }
        for file in &files {
            if let Err(error) = files::place(&entry.join(file), &editor.root().join(file)) {
                let main = views::notice("error", &views::problem(&error, editor.handle.tongue()));
                return html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    editor.page(Section::Trash, &session, editor.words().trash, &main),
                );
            }
        }
        files::remove_empty(&entry);
        let content = Path::new(CONTENT);
        let back: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.strip_prefix(content).ok())
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .map(Path::to_path_buf)
            .collect();
        editor.handle.wait_until(Duration::from_secs(3), |s| {
            back.iter().all(|rel| s.documents.iter().any(|d| d.file.rel == *rel))
        });
        redirect(&views::link("trash", &[("restored", "1")]))
    })
    .await
}

//! Editing an activity, a page or a list's page: its form, filled from the file; a save
//! checked by the build's own stages before anything is written (its problems shown next to
//! their fields); a version changed on disk since the form was opened never overwritten
//! unseen; photos added with their description; the page previewed through the real theme.

use std::path::Path;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::files::{self, ContentPath};
use super::form::form_page;
use super::forms::{self, Form, Upload, UploadError};
use super::guard::Session;
use super::header;
use super::values::{Kind, Shown, Values, current, kind_of, locate};
use super::views::{self, Section};
use super::{Editor, Posted, Visit, blocking, html, not_found_page, redirect};
use crate::config::Config;
use crate::error::{Error, Location, Problem};
use crate::frontmatter;
use crate::load::{self, Document};
use crate::text::escape;
use crate::url::Slug;

/// The edit page of a file.
pub async fn edit(Visit { editor, session, query, .. }: Visit) -> Response {
    blocking(move || {
        let Some(path) = ContentPath::parse(query.get("file")).filter(|p| p.as_str().ends_with(".md")) else {
            return not_found_page(&editor, &session);
        };
        let kind = kind_of(&path);
        let disk = match files::read(&editor.content().join(path.rel())) {
            Ok(disk) => disk,
            Err(e) => return failed(&editor, &session, e),
        };
        let hash = files::version(disk.as_deref());
        let notice = (query.get("saved") == "1").then(|| saved_notice(&editor, &path));
        let values = match disk.as_deref().map(String::from_utf8_lossy) {
            Some(text) => current(&text, kind)
                .map(|(_, v)| v)
                .unwrap_or_else(|| Values { raw: Some(text.into_owned()), ..Values::default() }),
            None => match translation_start(&editor, &path) {
                Some(values) => values,
                None => return not_found_page(&editor, &session),
            },
        };
        let errors = if values.raw.is_some() { reading_errors(&editor, &path, disk.as_deref()) } else { Vec::new() };
        let shown = Shown { hash, errors, notice, composed: values.compose(None, kind), ..Shown::default() };
        html(StatusCode::OK, form_page(&editor, &session, &path, &values, &shown))
    })
    .await
}

/// The problems that keep a file from being read as a form, in the build's words.
fn reading_errors(editor: &Editor, path: &ContentPath, disk: Option<&[u8]>) -> Vec<Error> {
    let text = String::from_utf8_lossy(disk.unwrap_or_default());
    match load::parse_document(editor.source_file(path.rel()), &text, &editor.config()) {
        Err(errors) => errors.0,
        Ok(_) => Vec::new(),
    }
}

/// A new translation's form: the original's date, place and photo.
fn translation_start(editor: &Editor, path: &ContentPath) -> Option<Values> {
    let config = editor.config();
    let (stem, lang) = load::stem_and_language(path.file_name(), &config).ok()?;
    if config.is_default(&lang) {
        return None;
    }
    let original = editor.content().join(load::content_file_name(path.dir(), &stem, &config.default_language, &config));
    let text = std::fs::read_to_string(original).ok()?;
    let (_, values) = current(&text, kind_of(path))?;
    Some(Values { date: values.date, place: values.place, image: values.image, ..Values::default() })
}

/// The form to start an activity.
pub async fn new_activity(Visit { editor, session, .. }: Visit) -> Response {
    blocking(move || {
        let values = Values { date: chrono::Local::now().date_naive().to_string(), ..Values::default() };
        html(StatusCode::OK, new_page(&editor, &session, None, &values, &Shown::default()))
    })
    .await
}

/// The form of a new activity; `path` is the name it would be saved under, if known.
fn new_page(editor: &Editor, session: &Session, path: Option<&ContentPath>, values: &Values, shown: &Shown) -> String {
    let path = path.cloned().unwrap_or_else(|| {
        ContentPath::parse(&format!("{}/nouvelle.md", activities_dir(editor)))
            .unwrap_or_else(|| ContentPath::parse("nouvelle.md").expect("a plain name"))
    });
    form_page(editor, session, &path, values, &Shown { hash: String::new(), ..shown.clone() })
}

/// The folder of the activities: the first list of the site (`activites`).
fn activities_dir(editor: &Editor) -> String {
    editor.handle.sources(|s| {
        s.documents
            .iter()
            .filter(|d| d.stem == load::SECTION_STEM && !d.dir().as_os_str().is_empty())
            .map(|d| d.dir().to_string_lossy().into_owned())
            .next()
            .unwrap_or_else(|| "activites".to_string())
    })
}

/// Saves a new activity under a name made of its date and title.
pub async fn save_new(Posted { editor, session, form, .. }: Posted) -> Response {
    blocking(move || {
        let values = Values::from_form(&form, &editor.staging);
        let dir = activities_dir(&editor);
        let name = Slug::from_text(&values.title).map_or_else(|| "activite".to_string(), |s| s.to_string());
        let prefix = crate::date::parse(&values.date).map(|d| format!("{d}-")).unwrap_or_default();
        let taken = |n: &str| editor.content().join(&dir).join(n).exists();
        let file = (1..100)
            .map(|n| if n == 1 { format!("{prefix}{name}.md") } else { format!("{prefix}{name}-{n}.md") })
            .find(|f| !taken(f))
            .unwrap_or_else(|| format!("{prefix}{name}-{}.md", super::files::random_hex(4)));
        let Some(path) = ContentPath::parse(&format!("{dir}/{file}")) else { return not_found_page(&editor, &session) };
        save_values(&editor, &session, &path, &form, values, true)
    })
    .await
}

/// Saves the form of a file.
pub async fn save(Posted { editor, session, query, form }: Posted) -> Response {
    blocking(move || {
        let Some(path) = ContentPath::parse(query.get("file")).filter(|p| p.as_str().ends_with(".md")) else {
            return not_found_page(&editor, &session);
        };
        let values = Values::from_form(&form, &editor.staging);
        save_values(&editor, &session, &path, &form, values, false)
    })
    .await
}

/// The form's problems that are not the build's: the token, a refused photo.
fn form_problems(editor: &Editor, form: &Form, values: &Values) -> Vec<(&'static str, String)> {
    let w = editor.words();
    let mut problems = Vec::new();
    let named = |name: &str, what: &str| format!("« {} » {what}", escape(name));
    match &form.upload_error {
        Some(UploadError::Heic(name)) => problems.push(("photo", named(name, w.photo_heic))),
        Some(UploadError::NotPhoto(name)) => problems.push(("photo", named(name, w.photo_type))),
        Some(UploadError::Broken(name)) => problems.push(("photo", named(name, w.photo_broken))),
        Some(UploadError::TooLarge(name)) => {
            problems.push(("photo", escape(&w.photo_too_large(name, forms::MOST_PHOTO >> 20))))
        }
        None if form.cut => problems.push(("photo", escape(&w.photo_too_large("", forms::MOST_PHOTO >> 20)))),
        None => {}
    }
    if values.upload.is_some() && values.photo_alt.is_empty() {
        problems.push(("photo_alt", escape(w.photo_needs_alt)));
    }
    problems
}

fn save_values(
    editor: &Editor,
    session: &Session,
    path: &ContentPath,
    form: &Form,
    values: Values,
    new: bool,
) -> Response {
    let kind = kind_of(path);
    let disk = match files::read(&editor.content().join(path.rel())) {
        Ok(disk) => disk,
        Err(e) => return failed(editor, session, e),
    };
    let disk_text = disk.as_deref().map(|d| String::from_utf8_lossy(d).into_owned());
    let page = |status: StatusCode, shown: Shown| {
        let body = if new {
            new_page(editor, session, Some(path), &values, &shown)
        } else {
            form_page(editor, session, path, &values, &shown)
        };
        html(status, body)
    };
    let mut shown = Shown {
        hash: form.get("hash").to_string(),
        composed: values.compose(disk_text.as_deref(), kind),
        ..Shown::default()
    };
    if !form.token_ok {
        shown.notice = Some(views::notice("error", &escape(editor.words().refused_token)));
        return page(StatusCode::FORBIDDEN, shown);
    }
    let preview = form.get("action") == "preview";
    let disk_hash = files::version(disk.as_deref());
    // A preview writes nothing: it may show a text older than the file.
    if !new && !preview && form.get("hash") != disk_hash {
        shown.hash = disk_hash;
        shown.disk = Some(disk_text.unwrap_or_default());
        return page(StatusCode::CONFLICT, shown);
    }
    shown.form_errors = form_problems(editor, form, &values);
    let prepared = prepare(editor, path, kind, &values, disk_text.as_deref(), preview);
    match prepared {
        Ok(Outcome::Preview(html_page)) => html(StatusCode::OK, html_page),
        Ok(Outcome::Ready(_)) | Err(_) if !shown.form_errors.is_empty() => {
            if let Err(errors) = prepared {
                shown.errors = errors.0;
                shown.composed = errors.1;
            }
            page(StatusCode::UNPROCESSABLE_ENTITY, shown)
        }
        Err((errors, composed)) if preview => {
            // The preview itself is made: a page of the problems to fix.
            html(StatusCode::OK, preview_errors(editor, &errors, &composed, path))
        }
        Err((errors, composed)) => {
            shown.errors = errors;
            shown.composed = composed;
            page(StatusCode::UNPROCESSABLE_ENTITY, shown)
        }
        Ok(Outcome::Ready(ready)) => match write(editor, path, kind, &values, ready, disk_text.as_deref()) {
            Ok(written) => redirect(&views::link("page", &[("file", written.as_str()), ("saved", "1")])),
            Err(e) => failed(editor, session, e),
        },
    }
}

/// A text checked and ready to write.
struct Ready {
    path: ContentPath,
    text: String,
    photo: Option<(Upload, ContentPath)>,
}

enum Outcome {
    Ready(Ready),
    Preview(String),
}

/// A photo's name in the folder of `path`: its own name folded, made unique.
fn photo_name(editor: &Editor, path: &ContentPath, upload: &Upload) -> Option<ContentPath> {
    let stem = upload.name.rsplit_once('.').map_or(upload.name.as_str(), |(stem, _)| stem);
    let folded = Slug::from_text(stem).map_or_else(|| "photo".to_string(), |s| s.to_string());
    let extension = upload.kind.extension();
    let dir = path.dir().to_string_lossy();
    let at = |name: &str| if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
    (1..1000)
        .map(|n| if n == 1 { format!("{folded}.{extension}") } else { format!("{folded}-{n}.{extension}") })
        .map(|name| at(&name))
        .find(|rel| !editor.content().join(rel).exists())
        .and_then(|rel| ContentPath::parse(&rel))
}

/// The file's new name when the date of an original activity changed: the name's date follows.
fn renamed(path: &ContentPath, kind: Kind, values: &Values, config: &Config) -> ContentPath {
    let Some(date) = crate::date::parse(&values.date).filter(|_| kind == Kind::Activity && values.raw.is_none()) else {
        return path.clone();
    };
    let Ok((stem, lang)) = load::stem_and_language(path.file_name(), config) else { return path.clone() };
    let old = stem.get(..10).and_then(crate::date::parse);
    match (old, stem.get(10..11)) {
        (Some(old), Some("-")) if old != date && config.is_default(&lang) => {
            let name = load::content_file_name(Path::new(""), &format!("{date}{}", &stem[10..]), &lang, config);
            path.with_file_name(&name.to_string_lossy()).unwrap_or_else(|| path.clone())
        }
        _ => path.clone(),
    }
}

/// Makes the text, checks it with the build's stages; its page when `preview`.
fn prepare(
    editor: &Editor,
    path: &ContentPath,
    kind: Kind,
    values: &Values,
    disk: Option<&str>,
    preview: bool,
) -> Result<Outcome, (Vec<Error>, String)> {
    let config = editor.config();
    let mut values = values.clone();
    let photo = values.upload.clone().and_then(|upload| Some((photo_name(editor, path, &upload)?, upload)));
    if let Some((name, _)) = &photo {
        let file = name.file_name().to_string();
        if values.photo_top {
            values.image = file;
            if values.image_alt.is_empty() {
                values.image_alt = values.photo_alt.clone();
            }
        } else {
            values.text =
                format!("{}\n\n![{}]({file})\n", values.text.trim_end(), values.photo_alt.replace(['[', ']'], ""));
        }
    }
    let target = renamed(path, kind, &values, &config);
    if target != *path && editor.content().join(target.rel()).exists() {
        let shown = editor.source_file(target.rel()).shown;
        return Err((vec![Error::at(Location::file(&shown), Problem::PageExists)], String::new()));
    }
    let text = values.compose(disk, kind);
    let file = editor.source_file(target.rel());
    let doc: Document = load::parse_document(file, &text, &config).map_err(|e| (e.0, text.clone()))?;
    let asset = photo.as_ref().map(|(name, upload)| crate::fsio::SourceFile {
        path: forms::staged_path(&editor.staging, upload),
        rel: name.rel().to_path_buf(),
        shown: editor.source_file(name.rel()).shown,
    });
    let replaces = (target != *path).then(|| path.rel());
    let trial = editor.handle.trial(doc, replaces, asset, preview);
    if !trial.errors.is_empty() {
        return Err((trial.errors, text));
    }
    if preview {
        let (at, page) = trial.page.ok_or_else(|| (Vec::new(), text.clone()))?;
        let page = page.replacen("<head>", &format!("<head><base href=\"{}\">", escape(at.as_str())), 1);
        return Ok(Outcome::Preview(page));
    }
    Ok(Outcome::Ready(Ready { path: target, text, photo: photo.map(|(name, upload)| (upload, name)) }))
}

/// Writes a checked text (and its photo, and the translations' new names after a new date);
/// waits until the preview has read it. The file's final path.
fn write(
    editor: &Editor,
    path: &ContentPath,
    kind: Kind,
    values: &Values,
    ready: Ready,
    disk: Option<&str>,
) -> Result<ContentPath, Error> {
    let content = editor.content();
    if let Some((upload, name)) = &ready.photo {
        files::place(&forms::staged_path(&editor.staging, upload), &content.join(name.rel()))?;
    }
    files::write_atomic(&content.join(ready.path.rel()), ready.text.as_bytes())?;
    if ready.path != *path {
        remove_quietly(&content.join(path.rel()));
        rename_translations(editor, path, &ready.path, kind, values, disk)?;
    }
    let (yaml, body) = match frontmatter::split(&ready.text) {
        Ok(split) => (split.yaml.to_string(), split.body.to_string()),
        Err(_) => (String::new(), String::new()),
    };
    let rel = ready.path.rel().to_path_buf();
    editor.handle.wait_until(Duration::from_secs(3), |sources| {
        sources.documents.iter().any(|d| d.file.rel == rel && d.yaml == yaml && *d.body == *body)
    });
    Ok(ready.path)
}

fn remove_quietly(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// After an original activity took a new date: each translation follows it to its new name,
/// its `date:` changed too when it was the same.
fn rename_translations(
    editor: &Editor,
    from: &ContentPath,
    to: &ContentPath,
    kind: Kind,
    values: &Values,
    disk: Option<&str>,
) -> Result<(), Error> {
    let config = editor.config();
    let old_date = disk.and_then(|t| current(t, kind)).map(|(_, v)| v.date).unwrap_or_default();
    let (Ok((old_stem, _)), Ok((new_stem, _))) =
        (load::stem_and_language(from.file_name(), &config), load::stem_and_language(to.file_name(), &config))
    else {
        return Ok(());
    };
    for lang in config.languages.iter().filter(|l| !config.is_default(&l.code)) {
        let old = editor.content().join(load::content_file_name(from.dir(), &old_stem, &lang.code, &config));
        let new = editor.content().join(load::content_file_name(to.dir(), &new_stem, &lang.code, &config));
        let Ok(text) = std::fs::read_to_string(&old) else { continue };
        let text = match current(&text, kind) {
            Some((present, mut translated)) if translated.date == old_date || translated.date.is_empty() => {
                translated.date = if translated.date.is_empty() { String::new() } else { values.date.clone() };
                header::compose(Some(&text), &present, &translated.wanted(kind), &translated.text)
            }
            _ => text,
        };
        files::write_atomic(&new, text.as_bytes())?;
        remove_quietly(&old);
    }
    Ok(())
}

fn saved_notice(editor: &Editor, path: &ContentPath) -> String {
    let w = editor.words();
    let shown = editor.source_file(path.rel()).shown;
    let view = editor
        .handle
        .page_path(&shown)
        .map(|p| format!(" <a href=\"{}\">{}</a>", escape(p.as_str()), escape(w.view_page)))
        .unwrap_or_default();
    views::notice("ok", &format!("{}{view}", escape(w.saved)))
}

/// A page for a failure to read or write a file, in the build's words.
fn failed(editor: &Editor, session: &Session, error: Error) -> Response {
    let tongue = editor.handle.tongue();
    let main = views::notice(
        "error",
        &format!("<code>{}</code> : {}", escape(&error.location.to_string()), views::problem(&error, tongue)),
    );
    html(StatusCode::INTERNAL_SERVER_ERROR, editor.page(Section::Activities, session, editor.words().not_saved, &main))
}

/// What the preview shows when the text has problems.
fn preview_errors(editor: &Editor, errors: &[Error], composed: &str, path: &ContentPath) -> String {
    let w = editor.words();
    let (by_field, general) = locate(editor, errors, composed, path);
    let items: String = by_field.values().flatten().chain(&general).map(|m| format!("<li>{m}</li>")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">{}<title>{}</title></head><body><main><p>{}</p><ul>{items}</ul></main></body></html>\n",
        w.lang,
        views::HEAD,
        escape(w.preview_title),
        escape(w.preview_failed)
    )
}

/// A photo of `content/`, for the form's thumbnails.
pub async fn photo(Visit { editor, session, query, .. }: Visit) -> Response {
    blocking(move || {
        let path = ContentPath::parse(query.get("file"));
        let kind = path
            .as_ref()
            .and_then(|p| p.file_name().rsplit_once('.'))
            .map(|(_, e)| crate::serve::content_type(&format!("x.{e}")));
        match (path, kind) {
            (Some(path), Some(kind)) if kind.starts_with("image/") && kind != "image/svg+xml" => {
                match std::fs::read(editor.content().join(path.rel())) {
                    Ok(bytes) => ([(axum::http::header::CONTENT_TYPE, kind)], bytes).into_response(),
                    Err(_) => not_found_page(&editor, &session),
                }
            }
            _ => not_found_page(&editor, &session),
        }
    })
    .await
}

//! What the form of a page or an activity holds: the values it shows and posts, read from a
//! file or from the form; the keys it sets for each kind of file; where the build's problems
//! go among its fields.

use std::collections::BTreeMap;
use std::path::Path;

use super::Editor;
use super::files::ContentPath;
use super::forms::{self, Form, Upload};
use super::header::{self, Value};
use super::views;
use super::words::Words;
use crate::error::{Error, Problem};
use crate::frontmatter::{self, PageMeta, SectionMeta};
use crate::load::{self, Meta};
use crate::messages;
use crate::text::escape;
use crate::url::{Language, Slug};

/// What a content file is to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A dated page of a list: `activites/2026-02-06-x.md`.
    Activity,
    /// A page at the top: `contact.md`.
    Page,
    /// A list's own page: `_index.md`.
    Section,
}

pub(super) fn kind_of(path: &ContentPath) -> Kind {
    let stem = path.file_name().split('.').next().unwrap_or_default();
    if stem == load::SECTION_STEM {
        Kind::Section
    } else if path.dir().as_os_str().is_empty() {
        Kind::Page
    } else {
        Kind::Activity
    }
}

/// What the form shows and posts.
#[derive(Debug, Clone, Default)]
pub(super) struct Values {
    pub(super) title: String,
    pub(super) date: String,
    pub(super) updated: String,
    pub(super) place: String,
    pub(super) summary: String,
    pub(super) tags: Vec<String>,
    pub(super) image: String,
    pub(super) image_alt: String,
    pub(super) draft: bool,
    /// The page's old addresses, which lead to it (`aliases:`).
    pub(super) aliases: Vec<String>,
    pub(super) text: String,
    /// The whole file, for a file whose header cannot be read as a form.
    pub(super) raw: Option<String>,
    pub(super) photo_alt: String,
    pub(super) photo_top: bool,
    pub(super) upload: Option<Upload>,
}

/// The values of a file's front-matter, if it reads well.
pub(super) fn current(text: &str, kind: Kind) -> Option<(header::Values, Values)> {
    let split = frontmatter::split(text).ok()?;
    let body = header::shown_body(split.body).to_string();
    let file = Path::new("");
    if kind == Kind::Section {
        let meta: SectionMeta = crate::yaml::parse(split.yaml, file, split.yaml_line).ok()?;
        let values = Values {
            title: meta.title.clone(),
            summary: meta.summary.clone().unwrap_or_default(),
            text: body,
            ..Values::default()
        };
        return Some((header::section_values(&meta), values));
    }
    let meta: PageMeta = crate::yaml::parse(split.yaml, file, split.yaml_line).ok()?;
    let values = of_meta(&meta, body);
    Some((header::page_values(&meta), values))
}

pub(super) fn of_meta(meta: &PageMeta, text: String) -> Values {
    let text_of = |v: &Option<String>| v.clone().unwrap_or_default();
    Values {
        title: meta.title.clone(),
        date: text_of(&meta.date),
        updated: text_of(&meta.updated),
        place: text_of(&meta.place),
        summary: text_of(&meta.summary),
        tags: meta.tags.clone(),
        image: text_of(&meta.image),
        image_alt: text_of(&meta.image_alt),
        draft: meta.draft,
        aliases: meta.aliases.clone(),
        text,
        ..Values::default()
    }
}

/// One line of a form's text: its line ends and surrounding spaces gone.
pub(super) fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Values {
    pub(super) fn from_form(form: &Form, staging: &Path) -> Values {
        let mut tags: Vec<String> = Vec::new();
        let new_tags = form.get("new_tags").split(',').map(str::to_string).collect::<Vec<_>>();
        for tag in form.all("tags").into_iter().map(str::to_string).chain(new_tags) {
            let tag = line(&tag);
            let slug = Slug::from_text(&tag);
            if !tag.is_empty() && !tags.iter().any(|t| Slug::from_text(t) == slug) {
                tags.push(tag);
            }
        }
        let staged = forms::staged(staging, form.get("upload_id"), form.get("upload_kind"), form.get("upload_name"));
        Values {
            title: line(form.get("title")),
            date: line(form.get("date")),
            updated: line(form.get("updated")),
            place: line(form.get("place")),
            summary: line(form.get("summary")),
            tags,
            image: line(form.get("image")),
            image_alt: line(form.get("image_alt")),
            draft: !form.get("draft").is_empty(),
            // One old address per line.
            aliases: form.get("aliases").lines().map(line).filter(|a| !a.is_empty()).collect(),
            text: form.get("text").replace("\r\n", "\n"),
            raw: (form.get("mode") == "raw").then(|| form.get("raw").replace("\r\n", "\n")),
            photo_alt: line(form.get("photo_alt")),
            photo_top: form.get("photo_where") == "top",
            upload: form.upload.clone().or(staged),
        }
    }

    /// The keys the form sets for this kind of file.
    pub(super) fn wanted(&self, kind: Kind) -> header::Values {
        let text = |t: &str| Some(Value::Text(t.to_string()));
        let mut values = vec![("title", text(&self.title)), ("summary", text(&self.summary))];
        if kind == Kind::Section {
            return values;
        }
        values.extend([
            ("updated", text(&self.updated)),
            ("image", text(&self.image)),
            ("image_alt", text(&self.image_alt)),
            ("draft", Some(Value::Flag(self.draft))),
            ("aliases", Some(Value::List(self.aliases.clone()))),
        ]);
        if kind == Kind::Activity {
            values.extend([
                ("date", text(&self.date)),
                ("place", text(&self.place)),
                ("tags", Some(Value::List(self.tags.clone()))),
            ]);
        }
        values
    }

    /// The file's text: `original` with the form's values.
    pub(super) fn compose(&self, original: Option<&str>, kind: Kind) -> String {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let current = original.and_then(|t| current(t, kind)).map(|(values, _)| values).unwrap_or_default();
        header::compose(original, &current, &self.wanted(kind), &self.text)
    }
}

/// What a form page shows besides the values.
#[derive(Default, Clone)]
pub(super) struct Shown {
    pub(super) hash: String,
    pub(super) errors: Vec<Error>,
    /// Problems of the form itself (a photo refused), by field.
    pub(super) form_errors: Vec<(&'static str, String)>,
    pub(super) notice: Option<String>,
    /// The version on disk, when it changed under the form.
    pub(super) disk: Option<String>,
    /// The text the errors' lines are counted in.
    pub(super) composed: String,
}

/// The form fields of the keys of a front-matter, by the line each starts on.
pub(super) fn key_lines(yaml: &str) -> Vec<(usize, String)> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|(i, l)| Some((i + 2, l.split_once(':')?.0.trim().to_string())))
        .collect()
}

/// The form field an error is about, and its message; `None` for the form as a whole.
pub(super) fn field_of(error: &Error, composed: &str, w: &Words) -> (Option<&'static str>, Option<String>) {
    const FIELDS: [&str; 10] =
        ["title", "date", "updated", "place", "summary", "tags", "image", "image_alt", "draft", "aliases"];
    let by_problem = match &error.problem {
        Problem::MissingAlt { .. } | Problem::MissingImage { .. } if error.location.line.is_some() => None,
        Problem::DateMismatch { .. } => Some("date"),
        // A key left out or empty: its line is the header's first, not the key's.
        Problem::MissingKey(key) | Problem::Empty(key) => FIELDS.iter().find(|f| **f == key).copied(),
        Problem::BadDate { key, .. } | Problem::ImpossibleDate { key, .. } if key == "file name" => Some("date"),
        _ => None,
    };
    if by_problem.is_some() {
        return (by_problem, None);
    }
    let Some(line) = error.location.line else { return (None, None) };
    let Ok(split) = frontmatter::split(composed) else { return (Some("raw"), None) };
    if line >= split.body_line {
        let gap = split.body.len() - header::shown_body(split.body).len();
        let blank = split.body[..gap].matches('\n').count();
        let in_text = (line + 1).saturating_sub(split.body_line + blank).max(1);
        return (Some("text"), Some(w.text_line(in_text)));
    }
    let key = key_lines(split.yaml).into_iter().rfind(|(at, _)| *at <= line).map(|(_, key)| key);
    let key = match (&error.problem, key.as_deref()) {
        (Problem::MissingAlt { .. }, Some("image")) => Some("image_alt"),
        (_, key) => key,
    };
    (key.and_then(|k| FIELDS.iter().find(|f| **f == k).copied()), None)
}

/// Errors by field, and those of the form as a whole, as HTML.
pub(super) fn locate(
    editor: &Editor,
    errors: &[Error],
    composed: &str,
    path: &ContentPath,
) -> (BTreeMap<&'static str, Vec<String>>, Vec<String>) {
    let tongue = editor.handle.tongue();
    let shown = editor.source_file(path.rel()).shown;
    let mut by_field: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut general = Vec::new();
    let (told, more) = messages::told(errors);
    for error in told {
        let message = views::problem(error, tongue);
        let own = error.location.file == shown || error.location.file.file_name() == shown.file_name();
        match field_of(error, composed, editor.words()) {
            (Some(field), at) if own => {
                let at = at.map(|a| format!("{} : ", escape(&a))).unwrap_or_default();
                by_field.entry(field).or_default().push(format!("{at}{message}"));
            }
            _ => general.push(format!("<code>{}</code> : {message}", escape(&error.location.to_string()))),
        }
    }
    for (file, more) in more {
        general.push(format!(
            "<code>{}</code> : {}",
            escape(&file.display().to_string()),
            escape(&messages::not_told(more, tongue))
        ));
    }
    (by_field, general)
}

/// The tags of the pages of a language, as the newest spell them, sorted.
pub(super) fn known_tags(editor: &Editor, lang: &Language) -> Vec<String> {
    let mut tags: Vec<String> = editor.handle.sources(|s| {
        s.documents
            .iter()
            .filter(|d| &d.lang == lang)
            .filter_map(|d| match &d.meta {
                Meta::Page(meta) => Some(meta.tags.clone()),
                Meta::Section(_) => None,
            })
            .flatten()
            .collect()
    });
    tags.sort_by_key(|t| (Slug::from_text(t), t.clone()));
    tags.dedup_by_key(|t| Slug::from_text(t));
    tags
}

/// The photos a text shows: `![…](photo.jpg)` with a name of the same folder.
pub(super) fn photos_in(text: &str) -> Vec<String> {
    let mut photos = Vec::new();
    for part in text.split("![").skip(1) {
        let Some((_, rest)) = part.split_once("](") else { continue };
        let Some((dest, _)) = rest.split_once(')') else { continue };
        let dest = dest.split_whitespace().next().unwrap_or_default();
        if !dest.contains(['/', ':']) && !dest.is_empty() && !photos.iter().any(|p| p == dest) {
            photos.push(dest.to_string());
        }
    }
    photos
}

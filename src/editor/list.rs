//! The lists of the editor: the activities, newest first, found by title and filtered by year,
//! by draft, by a translation missing or older than its original; and the other pages.

use std::path::Path;

use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;

use super::guard::Session;
use super::values::{Kind, kind_of};
use super::views::{self, ROOT, Section};
use super::words::Words;
use super::{Editor, Visit, blocking, files::ContentPath, html};
use crate::config::Config;
use crate::load::{self, Meta, Sources};
use crate::text::escape;

/// Activities shown on one page of the list.
const PER_PAGE: usize = 50;

/// The state of a translation: its words and its badge's class (`missing`, `draft`, `late`, `ok`).
pub fn translation_state(editor: &Editor, original: &Path, translation: &Path) -> (&'static str, &'static str) {
    editor.handle.sources(|sources| state_in(sources, editor.words(), original, translation))
}

fn state_in(sources: &Sources, w: &Words, original: &Path, translation: &Path) -> (&'static str, &'static str) {
    let find = |rel: &Path| {
        let at = sources.documents.partition_point(|d| d.file.rel.as_path() < rel);
        sources.documents.get(at).filter(|d| d.file.rel == rel).map(|d| &d.meta)
    };
    match (find(translation), find(original)) {
        (None, _) if !sources.unreadable.contains(translation) => (w.translation_missing, "missing"),
        (Some(Meta::Page(own)), _) if own.draft => (w.translation_draft, "draft"),
        (Some(Meta::Page(own)), Some(Meta::Page(original))) if crate::verify::outdated(own, original).is_some() => {
            (w.translation_outdated, "late")
        }
        _ => (w.translation_current, "ok"),
    }
}

/// One activity of the list.
struct Row {
    path: ContentPath,
    shown: std::path::PathBuf,
    title: String,
    date: Option<chrono::NaiveDate>,
    place: String,
    draft: bool,
    /// Per other language: its code, its file, its state.
    translations: Vec<(String, ContentPath, &'static str, &'static str)>,
}

/// The documents of the default language of a kind, as rows.
fn rows(editor: &Editor, kinds: &[Kind]) -> Vec<Row> {
    let w = editor.words();
    editor.handle.sources(|sources| {
        let config = &sources.config;
        sources
            .documents
            .iter()
            .filter(|d| config.is_default(&d.lang))
            .filter_map(|d| {
                let path = ContentPath::from_rel(&d.file.rel)?;
                kinds.contains(&kind_of(&path)).then(|| row(sources, config, w, d, path))
            })
            .collect()
    })
}

fn row(sources: &Sources, config: &Config, w: &Words, doc: &load::Document, path: ContentPath) -> Row {
    let (title, date, place, draft) = match &doc.meta {
        Meta::Page(meta) => {
            let date = meta
                .date
                .as_deref()
                .and_then(crate::date::parse)
                .or_else(|| doc.stem.get(..10).and_then(crate::date::parse));
            (meta.title.clone(), date, meta.place.clone().unwrap_or_default(), meta.draft)
        }
        Meta::Section(meta) => (meta.title.clone(), None, String::new(), false),
    };
    let translations = config
        .languages
        .iter()
        .filter(|l| !config.is_default(&l.code))
        .filter_map(|l| {
            let rel = doc.rel_in(&l.code, config);
            let (state, class) = state_in(sources, w, &doc.file.rel, &rel);
            Some((l.code.to_string(), ContentPath::from_rel(&rel)?, state, class))
        })
        .collect();
    Row { path, shown: doc.file.shown.clone(), title, date, place, draft, translations }
}

/// The activities, filtered by the query: `q` (words of the title), `year`, `state`, `page`.
pub async fn list(Visit { editor, session, query, .. }: Visit) -> Response {
    blocking(move || {
        let w = editor.words();
        let mut rows = rows(&editor, &[Kind::Activity]);
        rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        let years: Vec<i32> = {
            let mut years: Vec<i32> = rows.iter().filter_map(|r| r.date.map(|d| d.year())).collect();
            years.dedup();
            years
        };
        let wanted = crate::words::words(query.get("q"));
        let (year, state) = (query.get("year"), query.get("state"));
        rows.retain(|r| {
            let title = crate::words::words(&r.title);
            wanted.iter().all(|w| title.iter().any(|t| t.starts_with(w.as_str())))
                && (year.is_empty() || r.date.is_some_and(|d| d.year().to_string() == year))
                && match state {
                    "draft" => r.draft,
                    "untranslated" => r.translations.iter().any(|t| t.3 == "missing" || t.3 == "draft"),
                    "outdated" => r.translations.iter().any(|t| t.3 == "late"),
                    _ => true,
                }
        });
        let pages = rows.len().div_ceil(PER_PAGE).max(1);
        let page = query.get("page").parse::<usize>().unwrap_or(1).clamp(1, pages);
        let mut main = String::new();
        if !query.get("trashed").is_empty() {
            let restore = views::button_form(
                &format!("{ROOT}restore"),
                &session.token,
                &[("entry", query.get("trashed"))],
                w.restore,
                "secondary",
            );
            main.push_str(&views::notice("ok", &format!("{} {restore}", escape(w.trashed))));
        }
        main.push_str(&format!(
            "<p class=\"actions\"><a class=\"button\" href=\"{ROOT}new\">{}</a></p>",
            w.new_activity
        ));
        main.push_str(&filters(w, &years, &query));
        main.push_str(&format!("<p role=\"status\">{}</p>", w.activity_count(rows.len())));
        let shown: Vec<&Row> = rows.iter().skip((page - 1) * PER_PAGE).take(PER_PAGE).collect();
        main.push_str(&table(&editor, &shown, &session));
        main.push_str(&pager(w, page, pages, &query));
        html(StatusCode::OK, editor.page(Section::Activities, &session, w.activities, &main))
    })
    .await
}

fn filters(w: &Words, years: &[i32], query: &super::forms::Form) -> String {
    let option = |value: &str, label: &str, current: &str| {
        let selected = if value == current { " selected" } else { "" };
        format!("<option value=\"{}\"{selected}>{}</option>", escape(value), escape(label))
    };
    let year_options: String = std::iter::once(option("", w.all_years, query.get("year")))
        .chain(years.iter().map(|y| option(&y.to_string(), &y.to_string(), query.get("year"))))
        .collect();
    let state = query.get("state");
    let states: String =
        [("", w.all_states), ("draft", w.drafts), ("untranslated", w.untranslated), ("outdated", w.outdated)]
            .iter()
            .map(|(v, l)| option(v, l, state))
            .collect();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"{ROOT}\" role=\"search\"><div class=\"field\"><label for=\"q\">{}</label><input id=\"q\" name=\"q\" type=\"search\" value=\"{}\"></div><div class=\"field\"><label for=\"year\">{}</label><select id=\"year\" name=\"year\">{year_options}</select></div><div class=\"field\"><label for=\"state\">{}</label><select id=\"state\" name=\"state\">{states}</select></div><button>{}</button></form>",
        w.search_title,
        escape(query.get("q")),
        w.year,
        w.state,
        w.filter
    )
}

fn table(editor: &Editor, rows: &[&Row], session: &Session) -> String {
    let w = editor.words();
    let tongue = editor.handle.tongue();
    if rows.is_empty() {
        return format!("<p>{}</p>", w.nothing_found);
    }
    let today = editor.handle.model_options().today;
    let body: String = rows
        .iter()
        .map(|r| {
            let edit = views::link("page", &[("file", r.path.as_str())]);
            let badge = match (r.draft, r.date.is_some_and(|d| d > today)) {
                (true, _) => format!("<span class=\"badge draft\">{}</span>", w.draft_badge),
                (false, true) => format!("<span class=\"badge draft\">{}</span>", w.future_badge),
                (false, false) => format!("<span class=\"badge ok\">{}</span>", w.published_badge),
            };
            let translations: String = r
                .translations
                .iter()
                .map(|(lang, path, state, class)| {
                    let link = views::link("page", &[("file", path.as_str())]);
                    format!("<a href=\"{}\">{}</a> <span class=\"badge {class}\">{}</span> ", escape(&link), lang.to_uppercase(), escape(state))
                })
                .collect();
            let view = editor
                .handle
                .page_path(&r.shown)
                .map(|p| format!("<a href=\"{}\">{}<span class=\"sr\"> : {}</span></a> · ", escape(p.as_str()), w.view, escape(&r.title)))
                .unwrap_or_default();
            let delete = views::link("delete", &[("file", r.path.as_str())]);
            let date = r.date.map(|d| views::long_date(d, tongue)).unwrap_or_default();
            format!(
                "<tr><td data-label=\"{}\">{date}</td><td><a href=\"{}\">{}</a> {badge}</td><td data-label=\"{}\">{}</td><td data-label=\"{}\">{translations}</td><td>{view}<a href=\"{}\">{}<span class=\"sr\"> : {}</span></a></td></tr>",
                w.date,
                escape(&edit),
                escape(&r.title),
                w.place,
                escape(&r.place),
                w.translation,
                escape(&delete),
                w.delete,
                escape(&r.title)
            )
        })
        .collect();
    let _ = session;
    format!(
        "<table class=\"list\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{body}</tbody></table>",
        w.date, w.title, w.place, w.translation, w.actions
    )
}

fn pager(w: &Words, page: usize, pages: usize, query: &super::forms::Form) -> String {
    if pages <= 1 {
        return String::new();
    }
    let at = |n: usize| {
        let n = n.to_string();
        escape(&views::link(
            "",
            &[("q", query.get("q")), ("year", query.get("year")), ("state", query.get("state")), ("page", &n)],
        ))
    };
    let previous =
        if page > 1 { format!("<a href=\"{}\">{}</a>", at(page - 1), w.previous_page) } else { String::new() };
    let next = if page < pages { format!("<a href=\"{}\">{}</a>", at(page + 1), w.next_page) } else { String::new() };
    format!(
        "<nav class=\"pager\" aria-label=\"{}\">{previous}<span>{}</span>{next}</nav>",
        w.page_of(page, pages),
        w.page_of(page, pages)
    )
}

/// The pages that are not activities: the presentation, the contact page, the lists' own pages.
pub async fn pages(Visit { editor, session, .. }: Visit) -> Response {
    blocking(move || {
        let w = editor.words();
        let rows = rows(&editor, &[Kind::Page, Kind::Section]);
        let body: String = rows
            .iter()
            .map(|r| {
                let translations: String = r
                    .translations
                    .iter()
                    .map(|(lang, path, state, class)| {
                        let link = views::link("page", &[("file", path.as_str())]);
                        format!("<a href=\"{}\">{}</a> <span class=\"badge {class}\">{}</span> ", escape(&link), lang.to_uppercase(), escape(state))
                    })
                    .collect();
                format!(
                    "<tr><td><a href=\"{}\">{}</a></td><td data-label=\"{}\"><code>{}</code></td><td data-label=\"{}\">{translations}</td></tr>",
                    escape(&views::link("page", &[("file", r.path.as_str())])),
                    escape(&r.title),
                    w.file,
                    escape(r.path.as_str()),
                    w.translation
                )
            })
            .collect();
        let main = format!(
            "<table class=\"list\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{body}</tbody></table>",
            w.title, w.file, w.translation
        );
        html(StatusCode::OK, editor.page(Section::Pages, &session, w.pages, &main))
    })
    .await
}

//! The key figures of the home page (`content/figures.yaml`): each with its value, its date,
//! its source and its label in every language, as the build requires. A figure unchanged
//! keeps its lines and the comments above it byte for byte; a changed or new one is written
//! as the file's own are.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;

use super::files;
use super::forms::Form;
use super::guard::Session;
use super::views::{self, Field, ROOT, Section, checkbox};
use super::{Editor, Posted, Visit, blocking, html, redirect};
use crate::error::{Error, Problem};
use crate::frontmatter::scalar;
use crate::load::{self, FIGURES, FigureSource};
use crate::text::escape;

/// A figure as the form shows it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Figure {
    value: String,
    date: String,
    source: String,
    labels: Vec<(String, String)>,
}

impl Figure {
    fn of(source: &FigureSource, languages: &[String]) -> Figure {
        let value = if source.value.fract() == 0.0 && source.value.abs() < 1e15 {
            format!("{}", source.value as i64)
        } else {
            source.value.to_string()
        };
        Figure {
            value,
            date: source.date.clone().unwrap_or_default(),
            source: source.source.clone().unwrap_or_default(),
            labels: languages.iter().map(|l| (l.clone(), source.label.get(l).cloned().unwrap_or_default())).collect(),
        }
    }

    fn written(&self) -> String {
        let value =
            if self.value.trim().parse::<f64>().is_ok() { self.value.trim().to_string() } else { scalar(&self.value) };
        let mut text =
            format!("- value: {value}\n  date: {}\n  source: {}\n  label:\n", scalar(&self.date), scalar(&self.source));
        for (lang, label) in &self.labels {
            text.push_str(&format!("    {lang}: {}\n", scalar(label)));
        }
        text
    }
}

/// The file cut in its head (comments on top) and its figures' blocks, each with the
/// comments right above it.
fn blocks(text: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.starts_with('-')).map(|(i, _)| i).collect();
    // A figure's comments: the comment lines right above it.
    let begin = |start: usize| {
        let mut at = start;
        while at > 0 && lines[at - 1].starts_with('#') {
            at -= 1;
        }
        at
    };
    let Some(&first) = starts.first() else { return (text.to_string(), Vec::new()) };
    let head = lines[..begin(first)].concat();
    let mut figures = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |&next| begin(next));
        figures.push(lines[begin(start)..end].concat());
    }
    (head, figures)
}

fn languages(editor: &Editor) -> Vec<String> {
    editor.config().languages.iter().map(|l| l.code.to_string()).collect()
}

/// The figures of the form; those ticked « Retirer » left out.
fn posted(form: &Form, languages: &[String], count: usize) -> Vec<(Option<usize>, Figure)> {
    let figure = |key: &str| Figure {
        value: form.get(&format!("value_{key}")).trim().to_string(),
        date: form.get(&format!("date_{key}")).trim().to_string(),
        source: form.get(&format!("source_{key}")).trim().to_string(),
        labels: languages
            .iter()
            .map(|l| (l.clone(), form.get(&format!("label_{l}_{key}")).trim().to_string()))
            .collect(),
    };
    let mut figures: Vec<(Option<usize>, Figure)> = (0..count)
        .filter(|i| form.get(&format!("remove_{i}")).is_empty())
        .map(|i| (Some(i), figure(&i.to_string())))
        .collect();
    let new = figure("new");
    if !new.value.is_empty() || !new.source.is_empty() || new.labels.iter().any(|(_, l)| !l.is_empty()) {
        figures.push((None, new));
    }
    figures
}

/// The file's text with the form's figures.
fn compose(original: &str, old: &[Figure], figures: &[(Option<usize>, Figure)]) -> String {
    let (head, old_blocks) = blocks(original);
    let mut text = head;
    for (index, figure) in figures {
        match index {
            Some(i) if old.get(*i) == Some(figure) => text.push_str(&old_blocks[*i]),
            Some(i) => {
                let comments: String =
                    old_blocks[*i].lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
                text.push_str(&comments);
                text.push_str(&figure.written());
            }
            None => text.push_str(&figure.written()),
        }
    }
    text
}

/// The edit page of the figures.
pub async fn edit(Visit { editor, session, query, .. }: Visit) -> Response {
    let saved = query.get("saved") == "1";
    blocking(move || {
        let text = read(&editor);
        let languages = languages(&editor);
        let figures = parsed(&editor, &text, &languages);
        let notice = if saved { views::notice("ok", &escape(editor.words().figures_saved)) } else { String::new() };
        let shown: Vec<(Option<usize>, Figure)> = figures.into_iter().enumerate().map(|(i, f)| (Some(i), f)).collect();
        html(StatusCode::OK, page(&editor, &session, &shown, &files::version(Some(text.as_bytes())), &[], &notice))
    })
    .await
}

fn read(editor: &Editor) -> String {
    std::fs::read_to_string(editor.content().join(FIGURES)).unwrap_or_default()
}

fn parsed(editor: &Editor, text: &str, languages: &[String]) -> Vec<Figure> {
    let file = editor.source_file(std::path::Path::new(FIGURES));
    match load::parse_figures(text, &file, &editor.config()) {
        Ok(figures) => figures.iter().map(|f| Figure::of(f, languages)).collect(),
        Err(_) => editor.handle.sources(|s| s.figures.iter().map(|f| Figure::of(f, languages)).collect()),
    }
}

/// Saves the figures after the build's checks.
pub async fn save(Posted { editor, session, form, .. }: Posted) -> Response {
    blocking(move || {
        let text = read(&editor);
        let languages = languages(&editor);
        let old = parsed(&editor, &text, &languages);
        let count: usize = form.get("count").parse().unwrap_or(0).min(old.len());
        let figures = posted(&form, &languages, count);
        let hash = files::version(Some(text.as_bytes()));
        let w = editor.words();
        if !form.token_ok {
            let notice = views::notice("error", &escape(w.refused_token));
            return html(StatusCode::FORBIDDEN, page(&editor, &session, &figures, form.get("hash"), &[], &notice));
        }
        if form.get("hash") != hash {
            let notice = views::notice(
                "error",
                &format!(
                    "<h2>{}</h2><p>{}</p><pre>{}</pre>",
                    escape(w.conflict_title),
                    escape(w.conflict_text),
                    escape(&text)
                ),
            );
            return html(StatusCode::CONFLICT, page(&editor, &session, &figures, &hash, &[], &notice));
        }
        let composed = compose(&text, &old, &figures);
        let file = editor.source_file(std::path::Path::new(FIGURES));
        let errors = match load::parse_figures(&composed, &file, &editor.config()) {
            Ok(parsed) => editor.handle.trial_figures(parsed, &file.shown),
            Err(errors) => errors.0,
        };
        if !errors.is_empty() {
            let located = locate(&composed, &errors);
            let notice = views::notice("error", &escape(w.not_saved));
            return html(StatusCode::UNPROCESSABLE_ENTITY, page(&editor, &session, &figures, &hash, &located, &notice));
        }
        if let Err(error) = files::write_atomic(&file.path, composed.as_bytes()) {
            let notice = views::notice("error", &views::problem(&error, editor.handle.tongue()));
            return html(StatusCode::INTERNAL_SERVER_ERROR, page(&editor, &session, &figures, &hash, &[], &notice));
        }
        let count = figures.len();
        editor.handle.wait_until(Duration::from_secs(3), |s| s.figures.len() == count);
        redirect(&format!("{ROOT}figures?saved=1"))
    })
    .await
}

/// Each error with the number of the figure (in the text) it is about.
fn locate<'e>(text: &str, errors: &'e [Error]) -> Vec<(Option<usize>, &'e Error)> {
    let starts: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.starts_with('-')).map(|(i, _)| i + 1).collect();
    errors
        .iter()
        .map(|e| {
            let figure = e.location.line.and_then(|line| starts.iter().rposition(|&s| s <= line));
            (figure, e)
        })
        .collect()
}

/// The key of the field an error is about.
fn key_of(problem: &Problem) -> Option<String> {
    match problem {
        Problem::MissingKey(key) | Problem::Empty(key) => Some(key.clone()),
        Problem::WrongType { key, .. } | Problem::Invalid { key, .. } | Problem::UnknownKey { key, .. } => {
            Some(key.clone())
        }
        Problem::MissingLabel { language } => Some(format!("label_{language}")),
        _ => None,
    }
}

fn page(
    editor: &Editor,
    session: &Session,
    figures: &[(Option<usize>, Figure)],
    hash: &str,
    errors: &[(Option<usize>, &Error)],
    notice: &str,
) -> String {
    let w = editor.words();
    let tongue = editor.handle.tongue();
    let languages = languages(editor);
    let mut fieldsets = String::new();
    let kept: Vec<&Figure> = figures.iter().map(|(_, f)| f).collect();
    let blank = Figure { labels: languages.iter().map(|l| (l.clone(), String::new())).collect(), ..Figure::default() };
    for (n, figure) in kept.iter().copied().chain(std::iter::once(&blank)).enumerate() {
        let key = if n == kept.len() { "new".to_string() } else { n.to_string() };
        let own: Vec<&&Error> = errors.iter().filter(|(f, _)| *f == Some(n)).map(|(_, e)| e).collect();
        let error_for = |field: &str| {
            let messages: Vec<String> = own
                .iter()
                .filter(|e| key_of(&e.problem).as_deref() == Some(field))
                .map(|e| views::problem(e, tongue))
                .collect();
            (!messages.is_empty()).then(|| messages.join("<br>"))
        };
        let name = |field: &str| format!("{field}_{key}");
        let (value, date, source) = (name("value"), name("date"), name("source"));
        let mut html = Field { name: &value, label: w.value, hint: None, error: error_for("value") }
            .input(&figure.value, " inputmode=\"decimal\"");
        html.push_str(
            &Field { name: &date, label: w.date, hint: Some(w.figure_date_hint), error: error_for("date") }
                .input(&figure.date, ""),
        );
        html.push_str(
            &Field { name: &source, label: w.source, hint: None, error: error_for("source") }.input(&figure.source, ""),
        );
        for (lang, label) in &figure.labels {
            let field = name(&format!("label_{lang}"));
            let text = format!("{} ({})", w.label_in, w.language(lang));
            html.push_str(
                &Field { name: &field, label: &text, hint: None, error: error_for(&format!("label_{lang}")) }
                    .input(label, ""),
            );
        }
        let legend = if key == "new" {
            w.add_figure.to_string()
        } else {
            html.push_str(&checkbox(&format!("remove_{key}"), "1", w.remove_figure, false, None));
            format!("{} {}", w.figure, n + 1)
        };
        fieldsets.push_str(&format!("<fieldset><legend>{legend}</legend>{html}</fieldset>"));
    }
    let general: String = errors
        .iter()
        .filter(|(f, e)| f.is_none() || key_of(&e.problem).is_none())
        .map(|(_, e)| format!("<li>{}</li>", views::problem(e, tongue)))
        .collect();
    let general =
        if general.is_empty() { String::new() } else { views::notice("error", &format!("<ul>{general}</ul>")) };
    let main = format!(
        "{notice}{general}<p>{}</p><form method=\"post\" action=\"{ROOT}figures\">{}<input type=\"hidden\" name=\"hash\" value=\"{}\"><input type=\"hidden\" name=\"count\" value=\"{}\">{fieldsets}<div class=\"actions\"><button>{}</button></div></form>",
        escape(w.figures_hint),
        views::token(&session.token),
        escape(hash),
        kept.len(),
        w.save_figures
    );
    editor.page(Section::Figures, session, w.figures, &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Chiffres clés.\n\n# Les rapatriés.\n- value: 89324\n  date: 2013/2025\n  source: CNR\n  label:\n    fr: \"rapatriés\"\n    en: \"returnees\"\n# Les réfugiés.\n- value: 335908\n  date: 2025-12-31\n  source: CNR\n  label:\n    fr: réfugiés\n    en: refugees\n";

    fn figure(value: &str, date: &str, fr: &str, en: &str) -> Figure {
        Figure {
            value: value.into(),
            date: date.into(),
            source: "CNR".into(),
            labels: vec![("fr".into(), fr.into()), ("en".into(), en.into())],
        }
    }

    #[test]
    fn unchanged_figures_keep_their_lines_and_comments() {
        let old = vec![
            figure("89324", "2013/2025", "rapatriés", "returnees"),
            figure("335908", "2025-12-31", "réfugiés", "refugees"),
        ];
        let same: Vec<(Option<usize>, Figure)> = old.iter().cloned().enumerate().map(|(i, f)| (Some(i), f)).collect();
        assert_eq!(compose(FILE, &old, &same), FILE);
        let changed = vec![(Some(1), figure("340000", "2026-01-31", "réfugiés : total", "refugees"))];
        assert_eq!(
            compose(FILE, &old, &changed),
            "# Chiffres clés.\n\n# Les réfugiés.\n- value: 340000\n  date: 2026-01-31\n  source: CNR\n  label:\n    fr: \"réfugiés : total\"\n    en: refugees\n"
        );
    }
}

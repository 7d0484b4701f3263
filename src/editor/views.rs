//! The editor's pages as HTML: its layout, its fields with their label, hint and error tied
//! to them (`aria-describedby`), every text escaped. Its own small stylesheet and script, not
//! the site's theme: the editor stays usable whatever the theme does.

use crate::error::Error;
use crate::messages::{self, Tongue};
use crate::text::escape;

use super::words::Words;

pub const STYLESHEET: &str = include_str!("editor.css");
pub const SCRIPT: &str = include_str!("editor.js");

/// Where the editor's pages are.
pub const ROOT: &str = "/_edit/";

/// The editor's sections, for its menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Activities,
    Pages,
    Figures,
    Trash,
    Publish,
    None,
}

/// What a page of the editor needs besides its content.
pub struct Frame<'a> {
    pub words: &'a Words,
    pub site_title: &'a str,
    pub section: Section,
    /// Whether people log in, so may log out.
    pub login: bool,
    /// The session's token, for the log-out form.
    pub token: &'a str,
}

/// A whole page of the editor.
pub fn page(frame: &Frame, title: &str, main: &str) -> String {
    let w = frame.words;
    let item = |section: Section, href: &str, label: &str| {
        let current = if frame.section == section { " aria-current=\"page\"" } else { "" };
        format!("<li><a href=\"{href}\"{current}>{}</a></li>", escape(label))
    };
    let log_out = if frame.login {
        format!(
            "<li><form method=\"post\" action=\"{ROOT}logout\"><input type=\"hidden\" name=\"_token\" value=\"{}\"><button class=\"link\">{}</button></form></li>",
            escape(frame.token),
            escape(w.log_out)
        )
    } else {
        String::new()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">{HEAD}<title>{title} — {editor}</title><script src=\"{ROOT}editor.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">{skip}</a><header class=\"top\"><p class=\"brand\">{editor} <span>{site}</span></p><nav aria-label=\"{nav}\"><ul>{a}{p}{f}{t}{u}<li><a href=\"/\">{view}</a></li>{log_out}</ul></nav></header>\
<main id=\"main\" tabindex=\"-1\"><h1>{title}</h1>{main}</main></body></html>\n",
        lang = w.lang,
        title = escape(title),
        editor = escape(w.editor),
        skip = escape(w.skip),
        site = escape(frame.site_title),
        nav = escape(w.nav_label),
        a = item(Section::Activities, ROOT, w.activities),
        p = item(Section::Pages, &format!("{ROOT}pages"), w.pages),
        f = item(Section::Figures, &format!("{ROOT}figures"), w.figures),
        t = item(Section::Trash, &format!("{ROOT}trash"), w.trash),
        u = item(Section::Publish, &format!("{ROOT}publish"), w.publish),
        view = escape(w.view_site),
    )
}

/// A notice on top of a page: `kind` is `ok` or `error`.
pub fn notice(kind: &str, html: &str) -> String {
    let role = if kind == "error" { "alert" } else { "status" };
    format!("<div class=\"notice {kind}\" role=\"{role}\">{html}</div>")
}

/// The message and hint of a problem, in the build's words.
pub fn problem(error: &Error, tongue: Tongue) -> String {
    let (message, hint) = messages::describe(&error.problem, tongue);
    match hint {
        Some(hint) => format!("{} <span class=\"hint\">{}</span>", escape(&message), escape(&hint)),
        None => escape(&message),
    }
}

/// What every page of the editor has in its head: its viewport, its stylesheet, and no icon
/// (so that browsers do not ask the site for one).
pub const HEAD: &str = "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/_edit/editor.css\"><link rel=\"icon\" href=\"data:,\">";

/// A field's label, hint and error, and the attribute that ties them to its control.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    /// The error next to the field, as HTML.
    pub error: Option<String>,
}

impl Field<'_> {
    fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        let invalid = if self.error.is_some() { " aria-invalid=\"true\"" } else { "" };
        if ids.is_empty() { String::new() } else { format!(" aria-describedby=\"{}\"{invalid}", ids.join(" ")) }
    }

    fn around(&self, control: &str) -> String {
        let hint = self
            .hint
            .map_or(String::new(), |h| format!("<p class=\"hint\" id=\"{}-hint\">{}</p>", self.name, escape(h)));
        let error = self
            .error
            .as_ref()
            .map_or(String::new(), |e| format!("<p class=\"error\" id=\"{}-error\">{e}</p>", self.name));
        let class = if self.error.is_some() { "field invalid" } else { "field" };
        format!(
            "<div class=\"{class}\"><label for=\"{}\">{}</label>{hint}{error}{control}</div>",
            self.name,
            escape(self.label)
        )
    }

    /// A one-line text field; `extra` adds attributes.
    pub fn input(&self, value: &str, extra: &str) -> String {
        self.around(&format!(
            "<input id=\"{n}\" name=\"{n}\" value=\"{v}\"{d}{extra}>",
            n = self.name,
            v = escape(value),
            d = self.describedby()
        ))
    }

    /// A text area of `rows` lines. The first line end after the tag is dropped by browsers:
    /// one is written so that a text starting with a blank line keeps it.
    pub fn textarea(&self, value: &str, rows: usize, extra: &str) -> String {
        self.around(&format!(
            "<textarea id=\"{n}\" name=\"{n}\" rows=\"{rows}\"{d}{extra}>\n{v}</textarea>",
            n = self.name,
            v = escape(value),
            d = self.describedby()
        ))
    }
}

/// A checkbox with its label after it.
pub fn checkbox(name: &str, value: &str, label: &str, checked: bool, hint: Option<&str>) -> String {
    let id = format!("{name}-{}", crate::url::Slug::from_text(value).map(|s| s.to_string()).unwrap_or_default());
    let hint_html =
        hint.map_or(String::new(), |h| format!("<span class=\"hint\" id=\"{id}-hint\">{}</span>", escape(h)));
    let described = if hint.is_some() { format!(" aria-describedby=\"{id}-hint\"") } else { String::new() };
    format!(
        "<div class=\"check\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"{}\"{}{described}><label for=\"{id}\">{}</label>{hint_html}</div>",
        escape(value),
        if checked { " checked" } else { "" },
        escape(label)
    )
}

/// A radio button with its label after it.
pub fn radio(name: &str, value: &str, label: &str, checked: bool) -> String {
    let id = format!("{name}-{}", crate::url::Slug::from_text(value).map_or("none".to_string(), |s| s.to_string()));
    format!(
        "<div class=\"check\"><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{}\"{}><label for=\"{id}\">{}</label></div>",
        escape(value),
        if checked { " checked" } else { "" },
        label
    )
}

/// The form's hidden token.
pub fn token(token: &str) -> String {
    format!("<input type=\"hidden\" name=\"_token\" value=\"{}\">", escape(token))
}

/// A short form with one button that posts `fields` to `action`.
pub fn button_form(action: &str, token_value: &str, fields: &[(&str, &str)], label: &str, class: &str) -> String {
    let hidden: String = fields
        .iter()
        .map(|(name, value)| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value)))
        .collect();
    format!(
        "<form method=\"post\" action=\"{}\" class=\"inline\">{}{hidden}<button class=\"{class}\">{}</button></form>",
        escape(action),
        token(token_value),
        escape(label)
    )
}

/// An address of the editor with its query, each value percent-encoded.
pub fn link(path: &str, query: &[(&str, &str)]) -> String {
    let mut url = format!("{ROOT}{path}");
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in query.iter().filter(|(_, v)| !v.is_empty()) {
        serializer.append_pair(key, value);
    }
    let query = serializer.finish();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    url
}

/// A date in words: « 6 février 2026 ».
pub fn long_date(date: chrono::NaiveDate, tongue: Tongue) -> String {
    use chrono::Datelike;
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = date.month0() as usize;
    match tongue {
        Tongue::Fr if date.day() == 1 => format!("1er {} {}", MOIS[month], date.year()),
        Tongue::Fr => format!("{} {} {}", date.day(), MOIS[month], date.year()),
        Tongue::En => format!("{} {} {}", date.day(), MONTHS[month], date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_tie_their_hint_and_error_to_the_control() {
        let field = Field { name: "date", label: "Date", hint: Some("AAAA-MM-JJ"), error: Some("n'existe pas".into()) };
        let html = field.input("2026-02-30", "");
        assert!(html.contains("<label for=\"date\">Date</label>"), "{html}");
        assert!(html.contains("aria-describedby=\"date-error date-hint\" aria-invalid=\"true\""), "{html}");
        assert!(html.contains("<p class=\"error\" id=\"date-error\">n'existe pas</p>"), "{html}");
        let area = Field { name: "text", label: "Texte", hint: None, error: None }.textarea("\n<b>x</b>", 5, "");
        assert!(area.contains(">\n\n&lt;b&gt;x&lt;/b&gt;</textarea>"), "{area}");
    }

    #[test]
    fn links_encode_their_values() {
        assert_eq!(link("page", &[("file", "activites/a b.md"), ("q", "")]), "/_edit/page?file=activites%2Fa+b.md");
        assert_eq!(long_date(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), Tongue::Fr), "1er mars 2026");
    }
}

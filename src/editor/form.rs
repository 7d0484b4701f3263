//! The form of a page or an activity as HTML: its fields with their problems, the photos, the
//! text with its help, the original beside a translation (or the translations' state beside
//! an original), the preview's place, and the two versions when the file changed meanwhile.

use super::files::ContentPath;
use super::guard::Session;
use super::values::{Kind, Shown, Values, kind_of, known_tags, locate, photos_in};
use super::views::{self, Field, ROOT, Section, checkbox, radio};
use super::words::Words;
use super::{Editor, forms};
use crate::load::{self, Meta};
use crate::text::escape;
use crate::url::Language;

/// The whole edit page.
pub fn form_page(editor: &Editor, session: &Session, path: &ContentPath, values: &Values, shown: &Shown) -> String {
    let w = editor.words();
    let new = shown.hash.is_empty() && !editor.content().join(path.rel()).exists();
    let kind = kind_of(path);
    let config = editor.config();
    let lang =
        load::stem_and_language(path.file_name(), &config).map(|(_, l)| l).unwrap_or(config.default_language.clone());
    let translation = !config.is_default(&lang);
    let title = match (kind, new, translation) {
        (_, _, true) => w.translation_in(lang.as_str()),
        (Kind::Activity, true, _) => w.new_activity.to_string(),
        (Kind::Activity, false, _) => w.edit_activity.to_string(),
        _ => w.edit_page.to_string(),
    };
    let creating_activity = new && !translation && kind == Kind::Activity;
    let action = if creating_activity { format!("{ROOT}new") } else { views::link("page", &[("file", path.as_str())]) };
    let (by_field, general) = locate(editor, &shown.errors, &shown.composed, path);
    let mut by_field = by_field;
    for (field, message) in &shown.form_errors {
        by_field.entry(field).or_default().push(message.clone());
    }
    let error = |field: &str| by_field.get(field).map(|m| m.join("<br>"));
    let mut main = String::new();
    if !creating_activity {
        main.push_str(&format!("<p class=\"path\">{} : <code>content/{}</code></p>", w.file, escape(path.as_str())));
    }
    main.push_str(shown.notice.as_deref().unwrap_or_default());
    main.push_str(&summary(w, &by_field, &general));
    if let Some(disk) = &shown.disk {
        main.push_str(&conflict(w, disk, path));
    }
    let fields = if values.raw.is_some() {
        raw_fields(w, values, error("raw").or_else(|| error("text")))
    } else {
        fields(editor, path, &lang, values, &error)
    };
    let save = if shown.disk.is_some() { w.keep_mine } else { w.save };
    let delete = if new || kind == Kind::Section {
        String::new()
    } else {
        format!("<a href=\"{}\">{}</a>", escape(&views::link("delete", &[("file", path.as_str())])), w.delete)
    };
    let form = format!(
        "<form id=\"editor\" method=\"post\" action=\"{}\" enctype=\"multipart/form-data\" novalidate>{}<input type=\"hidden\" name=\"hash\" value=\"{}\">{fields}<div class=\"actions\"><button name=\"action\" value=\"save\">{save}</button><button class=\"secondary\" name=\"action\" value=\"preview\" formtarget=\"_blank\">{}</button>{delete}</div></form>",
        escape(&action),
        views::token(&session.token),
        escape(&shown.hash),
        w.preview
    );
    let preview = format!(
        "<section id=\"preview\" class=\"preview\" hidden aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">{}</h2><iframe title=\"{}\"></iframe></section>",
        w.preview_title, w.preview_title
    );
    if translation {
        let original = original(editor, path, &config);
        main.push_str(&format!("<div class=\"columns two\">{original}<div>{form}</div></div>{preview}"));
    } else {
        let side = if new { String::new() } else { translations(editor, path) };
        main.push_str(&format!("<div class=\"columns two\"><div>{form}</div><div>{side}{preview}</div></div>"));
    }
    editor.page(if kind == Kind::Activity { Section::Activities } else { Section::Pages }, session, &title, &main)
}

/// The list of problems on top, each leading to its field.
fn summary(w: &Words, by_field: &std::collections::BTreeMap<&'static str, Vec<String>>, general: &[String]) -> String {
    if by_field.is_empty() && general.is_empty() {
        return String::new();
    }
    let count = by_field.values().map(Vec::len).sum::<usize>() + general.len();
    let items: String = by_field
        .iter()
        .flat_map(|(field, messages)| {
            messages.iter().map(move |m| format!("<li><a href=\"#{field}\">{m}</a></li>", field = anchor(field)))
        })
        .chain(general.iter().map(|m| format!("<li>{m}</li>")))
        .collect();
    views::notice(
        "error",
        &format!("<p><strong>{}</strong> ({})</p><ul>{items}</ul>", escape(w.not_saved), w.error_count(count)),
    )
}

/// The control a field's errors lead to.
fn anchor(field: &str) -> &str {
    match field {
        "tags" => "new_tags",
        "image" => "image-none",
        "photo" | "photo_alt" | "raw" => field,
        _ => field,
    }
}

fn conflict(w: &Words, disk: &str, path: &ContentPath) -> String {
    let reload = views::link("page", &[("file", path.as_str())]);
    views::notice(
        "error",
        &format!(
            "<h2>{}</h2><p>{}</p><div class=\"version\"><h3>{}</h3><pre>{}</pre></div><p>{} : {}</p><p><a href=\"{}\">{}</a></p>",
            escape(w.conflict_title),
            escape(w.conflict_text),
            escape(w.on_disk),
            escape(disk),
            escape(w.yours),
            escape(w.keep_mine),
            escape(&reload),
            escape(w.take_disk)
        ),
    )
}

fn raw_fields(w: &Words, values: &Values, error: Option<String>) -> String {
    let field = Field { name: "raw", label: w.raw_text, hint: Some(w.raw_notice), error };
    format!(
        "<input type=\"hidden\" name=\"mode\" value=\"raw\">{}",
        field.textarea(values.raw.as_deref().unwrap_or_default(), 24, " class=\"text\"")
    )
}

/// The fields of a kind of file, filled with `values`.
fn fields(
    editor: &Editor,
    path: &ContentPath,
    lang: &Language,
    values: &Values,
    error: &dyn Fn(&str) -> Option<String>,
) -> String {
    let kind = kind_of(path);
    let dir = &path.dir().to_string_lossy();
    let w = editor.words();
    let field = |name: &'static str, label: &'static str, hint: Option<&'static str>| Field {
        name,
        label,
        hint,
        error: error(name),
    };
    let mut html = field("title", w.title, None).input(&values.title, " required");
    // Dates in plain text fields: a phone's number pad has no hyphen, and a date picker would
    // hide an impossible date instead of saying what is wrong with it.
    if kind == Kind::Activity {
        html.push_str(&field("date", w.date, Some(w.date_hint)).input(&values.date, " autocomplete=\"off\""));
        html.push_str(&field("place", w.place, Some(w.place_hint)).input(&values.place, ""));
    }
    html.push_str(&field("summary", w.summary, Some(w.summary_hint)).textarea(&values.summary, 3, ""));
    if kind == Kind::Activity {
        html.push_str(&tags(editor, lang, values, error("tags")));
    }
    if kind != Kind::Section {
        html.push_str(
            &field("updated", w.updated, Some(w.updated_hint)).input(&values.updated, " autocomplete=\"off\""),
        );
        html.push_str(&lead_photo(w, dir, values, error("image"), error("image_alt")));
    }
    html.push_str(&help(w));
    html.push_str(&field("text", w.text, None).textarea(&values.text, 18, " class=\"text\""));
    if kind != Kind::Section {
        html.push_str(&add_photo(w, values, error("photo"), error("photo_alt")));
        html.push_str(&checkbox("draft", "true", w.draft, values.draft, Some(w.draft_hint)));
        let aliases = field("aliases", w.aliases, Some(w.aliases_hint));
        html.push_str(&aliases.textarea(&values.aliases.join("\n"), 2, " autocomplete=\"off\""));
    }
    html
}

fn tags(editor: &Editor, lang: &Language, values: &Values, error: Option<String>) -> String {
    let w = editor.words();
    // The page's own tags first, in their order: a save keeps it.
    let mut known = values.tags.clone();
    for tag in known_tags(editor, lang) {
        if !known.iter().any(|k| crate::url::Slug::from_text(k) == crate::url::Slug::from_text(&tag)) {
            known.push(tag);
        }
    }
    let boxes: String = known
        .iter()
        .map(|tag| {
            let checked =
                values.tags.iter().any(|t| crate::url::Slug::from_text(t) == crate::url::Slug::from_text(tag));
            checkbox("tags", tag, tag, checked, None)
        })
        .collect();
    let new = Field { name: "new_tags", label: w.new_tags, hint: Some(w.new_tags_hint), error: error.clone() };
    let error_html = error.map_or(String::new(), |e| format!("<p class=\"error\" id=\"tags-error\">{e}</p>"));
    format!(
        "<fieldset id=\"tags\"><legend>{}</legend>{error_html}<div class=\"tags\">{boxes}</div>{}</fieldset>",
        w.tags,
        new.input("", "")
    )
}

fn lead_photo(w: &Words, dir: &str, values: &Values, error: Option<String>, alt_error: Option<String>) -> String {
    let mut photos = photos_in(&values.text);
    if !values.image.is_empty() && !photos.contains(&values.image) {
        photos.insert(0, values.image.clone());
    }
    let mut radios = radio("image", "", &escape(w.no_photo), values.image.is_empty());
    for photo in &photos {
        let thumb = format!(
            "<img class=\"thumb\" src=\"{}\" alt=\"\">{}",
            escape(&views::link("photo", &[("file", format!("{dir}/{photo}").trim_start_matches('/'))])),
            escape(photo)
        );
        radios.push_str(&radio("image", photo, &thumb, values.image == *photo));
    }
    let error_html = error.map_or(String::new(), |e| format!("<p class=\"error\" id=\"image-error\">{e}</p>"));
    let alt = Field { name: "image_alt", label: w.lead_alt, hint: Some(w.photo_alt_hint), error: alt_error };
    format!(
        "<fieldset id=\"image\"><legend>{}</legend>{error_html}{radios}{}</fieldset>",
        w.lead_photo,
        alt.input(&values.image_alt, "")
    )
}

fn add_photo(w: &Words, values: &Values, error: Option<String>, alt_error: Option<String>) -> String {
    let waiting = match &values.upload {
        Some(upload) => format!(
            "<p class=\"notice ok\" role=\"status\">{} <strong>{}</strong></p><input type=\"hidden\" name=\"upload_id\" value=\"{}\"><input type=\"hidden\" name=\"upload_kind\" value=\"{}\"><input type=\"hidden\" name=\"upload_name\" value=\"{}\">",
            escape(w.photo_waiting),
            escape(&upload.name),
            escape(&upload.id),
            upload.kind.extension(),
            escape(&upload.name)
        ),
        None => String::new(),
    };
    let file = Field { name: "photo", label: w.photo_file, hint: None, error };
    let alt = Field { name: "photo_alt", label: w.photo_alt, hint: Some(w.photo_alt_hint), error: alt_error };
    let place = format!(
        "<fieldset><legend>{}</legend>{}{}</fieldset>",
        w.photo_where,
        radio("photo_where", "text", &escape(w.photo_text), !values.photo_top),
        radio("photo_where", "top", &escape(w.photo_top), values.photo_top)
    );
    format!(
        "<fieldset><legend>{}</legend>{waiting}{}{}{place}</fieldset>",
        w.add_photo,
        file.input(
            "",
            &format!(" type=\"file\" accept=\"image/jpeg,image/png,image/webp\" data-max=\"{}\"", forms::MOST_PHOTO)
        ),
        alt.input(&values.photo_alt, "")
    )
}

fn help(w: &Words) -> String {
    let lines: String = w
        .markdown_lines
        .iter()
        .map(|(code, what)| format!("<dt><code>{}</code></dt><dd>{}</dd>", escape(code), escape(what)))
        .collect();
    format!("<details class=\"help\"><summary>{}</summary><dl>{lines}</dl></details>", w.markdown_help)
}

/// The original of a translation, to read beside it.
fn original(editor: &Editor, path: &ContentPath, config: &crate::config::Config) -> String {
    let w = editor.words();
    let Ok((stem, _)) = load::stem_and_language(path.file_name(), config) else { return String::new() };
    let rel = load::content_file_name(path.dir(), &stem, &config.default_language, config);
    let text = std::fs::read_to_string(editor.content().join(&rel)).unwrap_or_default();
    let split = crate::frontmatter::split(&text).ok();
    let (yaml, body) = split.map_or(("", ""), |s| (s.yaml, super::header::shown_body(s.body)));
    let outdated = editor.handle.sources(|s| {
        let find = |rel: &std::path::Path| s.documents.iter().find(|d| d.file.rel == rel).map(|d| d.meta.clone());
        match (find(path.rel()), find(&rel)) {
            (Some(Meta::Page(own)), Some(Meta::Page(original))) => crate::verify::outdated(&own, &original).is_some(),
            _ => false,
        }
    });
    let badge =
        if outdated { format!(" <span class=\"badge late\">{}</span>", w.translation_outdated) } else { String::new() };
    format!(
        "<section class=\"original\" aria-labelledby=\"original-title\"><h2 id=\"original-title\">{} ({}){badge}</h2><pre>{}</pre><pre>{}</pre><p><a href=\"{}\">{}</a></p></section>",
        w.original,
        escape(&w.language(config.default_language.as_str())),
        escape(yaml),
        escape(body),
        escape(&views::link("page", &[("file", &rel.to_string_lossy())])),
        w.edit
    )
}

/// The state of an original's translations, each with its link.
fn translations(editor: &Editor, path: &ContentPath) -> String {
    let w = editor.words();
    let config = editor.config();
    let Ok((stem, lang)) = load::stem_and_language(path.file_name(), &config) else { return String::new() };
    if !config.is_default(&lang) {
        return String::new();
    }
    let items: String = config
        .languages
        .iter()
        .filter(|l| !config.is_default(&l.code))
        .map(|l| {
            let rel = load::content_file_name(path.dir(), &stem, &l.code, &config);
            let (state, class) = super::list::translation_state(editor, path.rel(), &rel);
            let label = if class == "missing" { w.write_translation } else { w.edit };
            format!(
                "<li>{} : <span class=\"badge {class}\">{}</span> <a href=\"{}\">{}</a></li>",
                escape(&w.language(l.code.as_str())),
                escape(state),
                escape(&views::link("page", &[("file", &rel.to_string_lossy())])),
                label
            )
        })
        .collect();
    format!(
        "<section class=\"original\" aria-labelledby=\"translations-title\"><h2 id=\"translations-title\">{}</h2><ul>{items}</ul></section>",
        w.translation
    )
}

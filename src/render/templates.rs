//! The theme's templates in tera: the filters and functions they use (`t`, `date`, `number`,
//! `section`), and their errors told with the template's file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::values::map;
use crate::error::{Error, Location, Problem};
use crate::i18n::Strings;
use crate::model::Site;
use crate::url::{Language, SitePath};

/// The strings of the language of the page being rendered.
fn strings_for<'a>(strings: &'a BTreeMap<Language, Strings>, state: &State) -> tera::TeraResult<&'a Strings> {
    // Called for every string a page shows: found without parsing or allocating.
    let lang: Option<Value> = state.get("lang")?;
    let lang = lang.as_ref().and_then(Value::as_str).ok_or_else(|| tera::Error::message("`lang` is not set"))?;
    let found = strings.iter().find(|(code, _)| code.as_str() == lang).map(|(_, strings)| strings);
    found.ok_or_else(|| tera::Error::message(format!("no strings for language `{lang}`")))
}

/// Filters and functions that templates use, all in the page's language:
/// `{{ t(key="back_to_list") }}`, `{{ page.date | date }}`, `{{ 89324 | number }}`, and
/// [`register_sections`].
pub(super) fn register(tera: &mut Tera, site: &Site, summaries: &[Value]) {
    let strings = Arc::new(site.strings.clone());
    let theme_strings = strings.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: &str = kwargs.must_get("key")?;
        let strings = strings_for(&theme_strings, state)?;
        // Numbers are written the language's way: « 1 234 activités ».
        let args: Vec<(&str, String)> = kwargs
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v.as_f64().map_or_else(|| v.to_string(), |n| strings.number(n)))))
            .filter(|(k, _)| *k != "key")
            .collect();
        strings.get(key, &args).ok_or_else(|| {
            tera::Error::message(format!(
                "the theme's strings have no `{key}`: add it to i18n/{}.yaml",
                state.get::<String>("lang").ok().flatten().unwrap_or_default()
            ))
        })
    });
    let date_strings = strings.clone();
    tera.register_filter("date", move |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        let date = crate::date::parse(value).ok_or_else(|| tera::Error::message(format!("`{value}` is not a date")))?;
        Ok(strings_for(&date_strings, state)?.date(date))
    });
    let number_strings = strings;
    tera.register_filter("number", move |value: f64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        Ok(strings_for(&number_strings, state)?.number(value))
    });
    register_sections(tera, site, summaries);
}

/// `{{ section(dir="activites", limit=5) }}`: a section's title, path, count and pages, in the
/// page's language; registered again when pages change.
pub(super) fn register_sections(tera: &mut Tera, site: &Site, summaries: &[Value]) {
    let listings: Arc<BTreeMap<(Language, String), Value>> = Arc::new(
        site.sections
            .iter()
            .map(|s| {
                let key = (s.lang.clone(), s.dir.to_string_lossy().replace('\\', "/"));
                let pages: Vec<Value> = s.pages.iter().map(|&p| summaries[p].clone()).collect();
                let value = map([
                    ("title", Value::from(s.title.as_str())),
                    ("path", Value::from(s.path.as_str())),
                    ("total", Value::from(s.pages.len())),
                    ("pages", Value::from(pages)),
                ]);
                (key, value)
            })
            .collect(),
    );
    tera.register_function("section", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        let dir: &str = kwargs.must_get("dir")?;
        let limit: Option<usize> = kwargs.get("limit")?;
        let lang: String = state.get("lang")?.unwrap_or_default();
        let lang = Language::parse(&lang).ok_or_else(|| tera::Error::message("`lang` is not set"))?;
        let Some(section) = listings.get(&(lang, dir.to_string())) else {
            return Ok(Value::none());
        };
        let Some(limit) = limit else {
            return Ok(section.clone());
        };
        let mut section = section.clone().into_map().unwrap_or_default();
        if let Some(pages) = section.get(&tera::value::Key::Str("pages")).and_then(|p| p.as_array()) {
            let pages: Vec<Value> = pages.iter().take(limit).cloned().collect();
            section.insert("pages".into(), Value::from(pages));
        }
        Ok(Value::from(section))
    });
}

/// Every template with a syntax error, not only the first: each is parsed on its own
/// (inheritance is checked afterwards, with all templates together).
pub fn syntax_errors(templates: &[(String, PathBuf, String)], theme: &Path) -> Vec<Error> {
    templates
        .iter()
        .filter_map(|(name, _, text)| match Tera::new().add_raw_template(name, text) {
            Err(error) if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) => {
                Some(template_error(templates, theme, error, None))
            }
            _ => None,
        })
        .collect()
}

/// A tera error as a site error: at the template's file and line when tera knows them.
/// `templates` are (name, file shown in messages, text); `theme` is the theme's folder as shown.
pub(super) fn template_error(
    templates: &[(String, PathBuf, String)],
    theme: &Path,
    error: tera::Error,
    page: Option<&SitePath>,
) -> Error {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    let theme_dir = theme.join("templates");
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = templates
                .iter()
                .find(|(name, _, _)| name == report.filename())
                .map_or_else(|| theme_dir.join(report.filename()), |(_, file, _)| file.clone());
            let span = report.span();
            let at = Location::at(&file, span.start_line.max(1), span.start_col + 1);
            Error::at(at, Problem::Template(format!("{}{while_rendering}", report.message())))
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Error::at(Location::file(&theme_dir), Problem::Template(format!("{message}{while_rendering}")))
        }
    }
}

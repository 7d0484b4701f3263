//! The theme: its templates, its strings for each language, its static files, read from
//! `themes/<theme>/` and checked; and tera's errors told as the site's errors, at the
//! template's file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::Config;
use crate::error::{self, Error, Errors, Location, Problem};
use crate::fsio::{self, SourceFile};
use crate::i18n::Strings;
use crate::url::{Language, SitePath};

/// A template of the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Its name for tera: its path under `templates/`, with `/`.
    pub name: String,
    /// Its file as shown in messages.
    pub file: PathBuf,
    pub text: String,
}

/// The theme: its templates, its strings per language, its static files.
#[derive(Debug, Default)]
pub struct Theme {
    pub dir: PathBuf,
    /// The folder as shown in messages.
    pub shown: PathBuf,
    pub templates: Vec<Template>,
    pub strings: BTreeMap<Language, Strings>,
    pub static_files: Vec<SourceFile>,
    /// The fonts of share cards, when the theme has them.
    pub card_fonts: Option<crate::cards::Fonts>,
}

/// The theme, with its problems in `errors`: templates with a syntax error are reported with
/// the content's errors, not only once the content is right.
pub fn load_theme(root: &Path, shown_root: &Path, config: &Config, errors: &mut Vec<Error>) -> Theme {
    match read_theme(root, shown_root, config) {
        Ok(theme) => {
            errors.extend(syntax_errors(&theme.templates, &theme.shown));
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
            Ok(Template { name, file: shown.join("templates").join(&rel), text })
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

/// Every template with a syntax error, not only the first: each is parsed on its own
/// (inheritance is checked afterwards, with all templates together).
pub fn syntax_errors(templates: &[Template], theme: &Path) -> Vec<Error> {
    templates
        .iter()
        .filter_map(|t| match Tera::new().add_raw_template(&t.name, &t.text) {
            Err(error) if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) => {
                Some(template_error(templates, theme, error, None))
            }
            _ => None,
        })
        .collect()
}

/// A tera error as a site error: at the template's file and line when tera knows them.
/// `templates` are (name, file shown in messages, text); `theme` is the theme's folder as shown.
pub fn template_error(templates: &[Template], theme: &Path, error: tera::Error, page: Option<&SitePath>) -> Error {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    let theme_dir = theme.join("templates");
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = templates
                .iter()
                .find(|t| t.name == report.filename())
                .map_or_else(|| theme_dir.join(report.filename()), |t| t.file.clone());
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

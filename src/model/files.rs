//! Files copied as they are (the theme's static files, the content's images and documents)
//! and the key figures of `content/figures.yaml`.

use std::path::Path;

use super::{Figure, FigureDate, StaticFile};
use crate::config::Config;
use crate::error::{Error, Expected, Location, Problem};
use crate::fsio::SourceFile;
use crate::load::FigureSource;
use crate::url::{SitePath, Slug};

/// The site path of every file copied as it is: theme files at the root, content files in
/// their folder. Names are made URL-safe: `Photo 1.JPG` → `photo-1.jpg`.
pub(super) fn static_files(theme: &[SourceFile], assets: &[SourceFile], errors: &mut Vec<Error>) -> Vec<StaticFile> {
    let mut files = Vec::with_capacity(theme.len() + assets.len());
    for file in theme.iter().chain(assets) {
        let Some(path) = asset_path(&file.rel) else {
            errors.push(Error::at(Location::file(&file.shown), Problem::NoSlug));
            continue;
        };
        files.push(StaticFile { source: file.path.clone(), path, shown: file.shown.clone() });
    }
    files
}

/// The files of the site's `static/` folder, at the same place from the site's root, their names
/// kept exactly (`CNAME`, `.well-known/…`): hosts and other sites look for them by name.
pub(super) fn published_as_they_are(statics: &[SourceFile], errors: &mut Vec<Error>) -> Vec<StaticFile> {
    statics
        .iter()
        .filter_map(|file| {
            let rel = crate::url::OutputFile::from_path(&file.rel);
            match rel.and_then(|rel| SitePath::from_link(&format!("/{rel}"))) {
                Some(path) => Some(StaticFile { source: file.path.clone(), path, shown: file.shown.clone() }),
                None => {
                    errors.push(Error::at(Location::file(&file.shown), Problem::NoSlug));
                    None
                }
            }
        })
        .collect()
}

pub(super) fn asset_path(rel: &Path) -> Option<SitePath> {
    let mut path = SitePath::root();
    let components: Vec<_> = rel.components().collect();
    let (file, dirs) = components.split_last()?;
    for dir in dirs {
        path = path.join(&Slug::from_text(&dir.as_os_str().to_string_lossy())?);
    }
    let name = Path::new(file.as_os_str());
    let stem = Slug::from_text(&name.file_stem()?.to_string_lossy())?;
    match name.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) {
        Some(ext) if !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Some(path.file(&format!("{stem}.{ext}")))
        }
        None => Some(path.file(stem.as_str())),
        Some(_) => None,
    }
}

pub(super) fn figures(figures: &[FigureSource], config: &Config, errors: &mut Vec<Error>) -> Vec<Figure> {
    figures
        .iter()
        .filter_map(|figure| {
            let at = Location::line(Path::new(crate::load::CONTENT).join(crate::load::FIGURES).as_path(), figure.line);
            let text = figure.date.clone().unwrap_or_default();
            let date = figure_date(&text);
            if date.is_none() {
                let problem =
                    Problem::Invalid { key: "date".into(), value: text.clone(), expected: Expected::FigureDate };
                errors.push(Error::at(at, problem));
            }
            let labels = config
                .languages
                .iter()
                .filter_map(|l| {
                    figure.label.get(l.code.as_str()).map(|label| (l.code.clone(), label.trim().to_string()))
                })
                .collect();
            Some(Figure {
                value: figure.value,
                date: date?,
                source: figure.source.clone().unwrap_or_default().trim().to_string(),
                labels,
            })
        })
        .collect()
}

fn figure_date(text: &str) -> Option<FigureDate> {
    if let Some((start, end)) = text.split_once('/') {
        let (start, end) = (start.trim().parse().ok()?, end.trim().parse().ok()?);
        return (start <= end).then_some(FigureDate::Years(start, end));
    }
    crate::date::parse(text.trim()).map(FigureDate::Day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn asset_names_become_url_safe() {
        assert_eq!(
            asset_path(Path::new("activites/Photos 2026/Signature 1.JPG")).unwrap().as_str(),
            "/activites/photos-2026/signature-1.jpg"
        );
        assert_eq!(asset_path(Path::new("css/site.css")).unwrap().as_str(), "/css/site.css");
        assert!(asset_path(Path::new("img/photo.j?g")).is_none());
    }

    #[test]
    fn figure_dates() {
        assert_eq!(figure_date("2013/2025"), Some(FigureDate::Years(2013, 2025)));
        assert_eq!(figure_date("2025-12-31"), Some(FigureDate::Day(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap())));
        assert_eq!(figure_date("2025-02-30"), None);
        assert_eq!(figure_date("2025/2013"), None);
    }
}

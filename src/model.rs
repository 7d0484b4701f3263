//! The site as data: pages, sections, translations, tags and key figures, each with its
//! path, and the Markdown turned into HTML. Pure: everything comes from [`Sources`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Errors, Expected, Location, Problem};
use crate::i18n::Strings;
use crate::load::{self, Document, FigureSource, Meta, SourceFile, Sources};
use crate::markdown::{self, Links};
use crate::url::{BaseUrl, Language, SitePath, Slug};

pub type PageId = usize;
pub type SectionId = usize;
pub type TagId = usize;

/// What a build includes.
#[derive(Debug, Clone)]
pub struct Options {
    /// Include drafts and pages dated after `today`.
    pub drafts: bool,
    pub today: NaiveDate,
    /// Publish at this address instead of `site.yaml`'s `base_url`.
    pub base_url: Option<BaseUrl>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The theme's folder, as shown in messages.
    pub theme: PathBuf,
    pub strings: BTreeMap<Language, Strings>,
    /// The theme's templates: (name, file shown in messages, text).
    pub templates: Vec<(String, PathBuf, String)>,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub tags: Vec<Tag>,
    pub figures: Vec<Figure>,
    /// Each language's main menu: (name, path).
    pub menus: BTreeMap<Language, Vec<(String, SitePath)>>,
    /// Files copied as they are: the theme's static files and the content's images.
    pub files: Vec<StaticFile>,
    pub left_out: LeftOut,
}

/// Pages that exist but are not published by this build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub drafts: usize,
    pub future: usize,
}

#[derive(Debug)]
pub struct Page {
    pub file: PathBuf,
    pub lang: Language,
    /// The file name without date prefix, language suffix and `.md`: picks a template.
    pub name: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub place: Option<String>,
    pub summary: String,
    pub tags: Vec<TagId>,
    pub image: Option<Image>,
    pub path: SitePath,
    pub content: String,
    /// Links to the site in the text: (line in the file, target), for `check`.
    pub links: Vec<(usize, String)>,
    pub section: SectionId,
    /// The same page in the other languages.
    pub translations: Vec<PageId>,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub path: SitePath,
    pub alt: String,
}

#[derive(Debug)]
pub struct Section {
    pub file: Option<PathBuf>,
    pub lang: Language,
    /// The folder under `content/`; empty for the home.
    pub dir: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    /// Links to the site in the text: (line in the file, target), for `check`.
    pub links: Vec<(usize, String)>,
    pub path: SitePath,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// `None` for the home, which shows a few pages of other sections instead of a list.
    pub paginate_by: Option<usize>,
    pub translations: Vec<SectionId>,
    pub parent: Option<SectionId>,
}

impl Section {
    pub fn is_home(&self) -> bool {
        self.dir.as_os_str().is_empty()
    }

    /// The number of list pages: at least one, even when empty.
    pub fn page_count(&self) -> usize {
        self.paginate_by.map_or(1, |by| self.pages.len().div_ceil(by).max(1))
    }
}

#[derive(Debug)]
pub struct Tag {
    pub lang: Language,
    pub name: String,
    pub path: SitePath,
    /// Newest first.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub value: f64,
    pub date: FigureDate,
    pub source: String,
    pub labels: BTreeMap<Language, String>,
}

/// When a key figure was true: on a day (`2025-12-31`) or over years (`2013/2025`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureDate {
    Day(NaiveDate),
    Years(i32, i32),
}

#[derive(Debug, Clone)]
pub struct StaticFile {
    pub source: PathBuf,
    pub path: SitePath,
}

impl Site {
    pub fn language_pages(&self, lang: &Language) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |p| &p.lang == lang)
    }

    pub fn home(&self, lang: &Language) -> &Section {
        self.sections.iter().find(|s| &s.lang == lang && s.is_home()).expect("every language has a home")
    }

    /// The tag list page of a language: `/themes/`, `/en/topics/`.
    pub fn tags_path(&self, lang: &Language) -> SitePath {
        let config = self.config.language(lang);
        config.home.join(&config.tags_slug)
    }

    /// The list page (1, 2, ...) of its section that shows a page.
    pub fn list_page_of(&self, page: PageId) -> Option<(SectionId, usize)> {
        let section = &self.sections[self.pages[page].section];
        let by = section.paginate_by?;
        let position = section.pages.iter().position(|&p| p == page)?;
        Some((self.pages[page].section, position / by + 1))
    }
}

/// Builds the site from what was loaded, reporting every problem found.
pub fn build(sources: Sources, options: &Options) -> Result<Site, Errors> {
    let Sources { mut config, documents, assets, figures, theme, errors, unreadable } = sources;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let mut errors = errors;
    let files = static_files(&theme.static_files, &assets, &mut errors);
    let figures = build_figures(figures, &config, &mut errors);

    let (section_docs, page_docs): (Vec<&Document>, Vec<&Document>) =
        documents.iter().partition(|d| matches!(d.meta, Meta::Section(_)));
    let section_dirs: HashMap<(PathBuf, Language), &Document> =
        section_docs.iter().map(|d| ((d.dir().to_path_buf(), d.lang.clone()), *d)).collect();
    let paths = Paths { config: &config, sections: &section_dirs };
    for doc in &section_docs {
        if let Meta::Section(meta) = &doc.meta
            && let Some(slug) = &meta.slug
        {
            checked_slug(doc, slug, &mut errors);
        }
    }

    // Pages: dates, drafts, slugs and paths.
    let mut left_out = LeftOut::default();
    let mut pages = Vec::new();
    let mut page_docs_kept = Vec::new();
    for doc in page_docs {
        let Meta::Page(meta) = &doc.meta else {
            continue;
        };
        let Some(date) = page_date(doc, &mut errors) else {
            continue;
        };
        if !options.drafts {
            if meta.draft {
                left_out.drafts += 1;
                continue;
            }
            if date.is_some_and(|d| d > options.today) {
                left_out.future += 1;
                continue;
            }
        }
        let updated = meta.updated.as_ref().and_then(|text| parse_date(doc, "updated", text, &mut errors));
        let name = strip_date_prefix(&doc.stem).0.to_string();
        let slug = match &meta.slug {
            Some(slug) => checked_slug(doc, slug, &mut errors),
            None => Slug::from_text(&name).or_else(|| {
                errors.push(Error::at(Location::file(&doc.file.shown), Problem::NoSlug));
                None
            }),
        };
        let Some(slug) = slug else { continue };
        pages.push(Page {
            file: doc.file.shown.clone(),
            lang: doc.lang.clone(),
            name,
            title: meta.title.trim().to_string(),
            date,
            updated,
            place: meta.place.clone().filter(|p| !p.trim().is_empty()),
            summary: meta.summary.clone().unwrap_or_default(),
            tags: Vec::new(),
            image: None,
            path: paths.dir_path(doc.dir(), &doc.lang).join(&slug),
            content: String::new(),
            links: Vec::new(),
            section: 0,
            translations: Vec::new(),
            draft: meta.draft,
        });
        page_docs_kept.push(doc);
    }

    // Sections: one per folder with an `_index` file (and the home), per language that has it
    // or has pages in it.
    let mut dirs: Vec<PathBuf> = section_dirs.keys().map(|(dir, _)| dir.clone()).collect();
    dirs.push(PathBuf::new());
    dirs.sort();
    dirs.dedup();
    let section_dir_of = |dir: &Path| -> PathBuf {
        dir.ancestors().find(|a| dirs.iter().any(|d| d == a)).unwrap_or(Path::new("")).to_path_buf()
    };
    let mut wanted: Vec<(PathBuf, Language)> = section_dirs.keys().cloned().collect();
    for lang in &config.languages {
        wanted.push((PathBuf::new(), lang.code.clone()));
    }
    for doc in &page_docs_kept {
        wanted.push((section_dir_of(doc.dir()), doc.lang.clone()));
    }
    wanted.sort_by(|a, b| (&a.0, language_rank(&config, &a.1)).cmp(&(&b.0, language_rank(&config, &b.1))));
    wanted.dedup();
    let mut sections: Vec<Section> = wanted
        .iter()
        .map(|(dir, lang)| {
            let doc = section_dirs.get(&(dir.clone(), lang.clone()));
            let original = section_dirs.get(&(dir.clone(), config.default_language.clone()));
            let meta = |d: &&Document| match &d.meta {
                Meta::Section(meta) => Some(meta.clone()),
                Meta::Page(_) => None,
            };
            let own = doc.and_then(meta);
            let fallback = original.and_then(meta);
            let title = own.as_ref().or(fallback.as_ref()).map(|m| m.title.trim().to_string());
            let title = match title {
                Some(title) => title,
                None if dir.as_os_str().is_empty() => config.language(lang).title.clone(),
                None => dir.file_name().unwrap_or_default().to_string_lossy().to_string(),
            };
            let paginate_by =
                own.as_ref().and_then(|m| m.paginate_by).or(fallback.as_ref().and_then(|m| m.paginate_by));
            Section {
                file: doc.map(|d| d.file.shown.clone()),
                lang: lang.clone(),
                dir: dir.clone(),
                title,
                summary: own.and_then(|m| m.summary),
                content: String::new(),
                links: Vec::new(),
                path: paths.dir_path(dir, lang),
                pages: Vec::new(),
                paginate_by: (!dir.as_os_str().is_empty()).then(|| paginate_by.unwrap_or(config.paginate_by).max(1)),
                translations: Vec::new(),
                parent: None,
            }
        })
        .collect();
    let section_index: HashMap<(PathBuf, Language), SectionId> =
        sections.iter().enumerate().map(|(i, s)| ((s.dir.clone(), s.lang.clone()), i)).collect();
    for section in &mut sections {
        let parent_dir = section.dir.parent().map(&section_dir_of);
        section.parent = parent_dir.and_then(|d| section_index.get(&(d, section.lang.clone())).copied());
        section.translations = config
            .languages
            .iter()
            .filter(|l| l.code != section.lang)
            .filter_map(|l| section_index.get(&(section.dir.clone(), l.code.clone())).copied())
            .collect();
    }

    // Each page in its section; dated pages are needed in lists.
    for (id, doc) in page_docs_kept.iter().enumerate() {
        let section = section_index[&(section_dir_of(doc.dir()), doc.lang.clone())];
        pages[id].section = section;
        if sections[section].paginate_by.is_some() && pages[id].date.is_none() {
            errors.push(Error::at(doc.key_location("title"), Problem::MissingKey("date".into())));
        }
        sections[section].pages.push(id);
    }
    for section in &mut sections {
        section.pages.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    }

    // Translations: the same file name in another language.
    let mut groups: BTreeMap<(PathBuf, String), Vec<PageId>> = BTreeMap::new();
    for (id, doc) in page_docs_kept.iter().enumerate() {
        groups.entry((doc.dir().to_path_buf(), doc.stem.clone())).or_default().push(id);
    }
    for ids in groups.values() {
        for &id in ids {
            let mut others: Vec<PageId> = ids.iter().copied().filter(|&other| other != id).collect();
            others.sort_by_key(|&other| language_rank(&config, &pages[other].lang));
            pages[id].translations = others;
        }
    }

    check_unique_paths(&pages, &sections, &files, &mut errors);

    // Tags, per language, newest page first; the name is the spelling of the newest page.
    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_index: HashMap<(Language, Slug), TagId> = HashMap::new();
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    for &id in &order {
        let Meta::Page(meta) = &page_docs_kept[id].meta else {
            continue;
        };
        let mut page_tags = Vec::new();
        for name in &meta.tags {
            let Some(slug) = Slug::from_text(name) else {
                let problem = Problem::Invalid { key: "tags".into(), value: name.clone(), expected: Expected::Tag };
                errors.push(Error::at(page_docs_kept[id].key_location("tags"), problem));
                continue;
            };
            let lang = pages[id].lang.clone();
            let tag = *tag_index.entry((lang.clone(), slug.clone())).or_insert_with(|| {
                let path = {
                    let config = config.language(&lang);
                    config.home.join(&config.tags_slug).join(&slug)
                };
                tags.push(Tag { lang, name: name.trim().to_string(), path, pages: Vec::new() });
                tags.len() - 1
            });
            if !page_tags.contains(&tag) {
                page_tags.push(tag);
                tags[tag].pages.push(id);
            }
        }
        pages[id].tags = page_tags;
    }

    // Markdown, in parallel: links to content files and images need every path known first.
    let mut documents: HashMap<(PathBuf, String), BTreeMap<Language, SitePath>> = groups
        .into_iter()
        .map(|(key, ids)| (key, ids.iter().map(|&id| (pages[id].lang.clone(), pages[id].path.clone())).collect()))
        .collect();
    for section in &sections {
        let key = (section.dir.clone(), load::SECTION_STEM.to_string());
        documents.entry(key).or_default().insert(section.lang.clone(), section.path.clone());
    }
    let index = LinkIndex::new(&config, documents, &assets, &files, &unreadable);
    let menus = build_menus(&config, &index, &mut errors);
    let page_results: Vec<_> = page_docs_kept.par_iter().map(|doc| render_document(doc, &index)).collect();
    let section_results: Vec<_> = sections
        .par_iter()
        .map(|s| section_dirs.get(&(s.dir.clone(), s.lang.clone())).map(|doc| render_document(doc, &index)))
        .collect();
    for (id, (rendered, problems)) in page_results.into_iter().enumerate() {
        let doc = page_docs_kept[id];
        errors.extend(problems);
        let page = &mut pages[id];
        if page.summary.trim().is_empty() {
            page.summary = shorten(&rendered.first_paragraph, 200);
        }
        page.content = rendered.html;
        page.links = rendered.links;
        let Meta::Page(meta) = &doc.meta else {
            continue;
        };
        if let Some(image) = meta.image.as_deref().filter(|i| !i.trim().is_empty()) {
            let at = doc.key_location("image");
            match index.resolver(doc).image(image) {
                Ok(path) if path.starts_with('/') => {
                    let alt = meta.image_alt.clone().unwrap_or_default();
                    if alt.trim().is_empty() {
                        errors.push(Error::at(at, Problem::MissingAlt { target: image.to_string() }));
                    }
                    page.image =
                        Some(Image { path: SitePath::from_link(&path).expect("resolved images are site paths"), alt });
                }
                Ok(_) => {
                    let problem = Problem::MissingImage { target: image.to_string() };
                    errors.push(Error::at(at, problem));
                }
                Err(problem) => errors.push(Error::at(at, problem)),
            }
        }
    }
    for (section, result) in sections.iter_mut().zip(section_results) {
        if let Some((rendered, problems)) = result {
            errors.extend(problems);
            section.content = rendered.html;
            section.links = rendered.links;
        }
    }

    if !errors.is_empty() {
        return Err(Errors::sorted(errors));
    }
    Ok(Site {
        config,
        theme: theme.shown,
        strings: theme.strings,
        templates: theme.templates,
        pages,
        sections,
        tags,
        figures,
        menus,
        files,
        left_out,
    })
}

fn language_rank(config: &Config, lang: &Language) -> usize {
    config.languages.iter().position(|l| &l.code == lang).unwrap_or(usize::MAX)
}

/// Newest first; then by title and path so that the order never depends on the file system.
fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.path.cmp(&b.path))
}

/// Paths of folders, in each language.
struct Paths<'a> {
    config: &'a Config,
    sections: &'a HashMap<(PathBuf, Language), &'a Document>,
}

impl Paths<'_> {
    /// The path of a content folder in a language: each folder is named by the `slug` of
    /// its `_index` file in that language, or of the original, or by its own name.
    fn dir_path(&self, dir: &Path, lang: &Language) -> SitePath {
        let mut path = self.config.language(lang).home.clone();
        let mut prefix = PathBuf::new();
        for component in dir.components() {
            prefix.push(component);
            let own = self.sections.get(&(prefix.clone(), lang.clone()));
            let original = self.sections.get(&(prefix.clone(), self.config.default_language.clone()));
            let named = [own, original].into_iter().flatten().find_map(|doc| match &doc.meta {
                Meta::Section(meta) => meta.slug.as_deref().and_then(Slug::parse),
                Meta::Page(_) => None,
            });
            let name = component.as_os_str().to_string_lossy();
            let slug = named
                .or_else(|| Slug::from_text(&name))
                .unwrap_or_else(|| Slug::parse("section").expect("a valid slug"));
            path = path.join(&slug);
        }
        path
    }
}

fn checked_slug(doc: &Document, slug: &str, errors: &mut Vec<Error>) -> Option<Slug> {
    Slug::parse(slug).or_else(|| {
        let suggestion = Slug::from_text(slug).map_or_else(|| "activite-2026".to_string(), |s| s.to_string());
        errors.push(Error::at(doc.key_location("slug"), Problem::BadSlug { value: slug.to_string(), suggestion }));
        None
    })
}

/// `2026-02-06-signature` → (`signature`, Some("2026-02-06")).
fn strip_date_prefix(stem: &str) -> (&str, Option<&str>) {
    let bytes = stem.as_bytes();
    let shaped = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && bytes[10] == b'-';
    if shaped { (&stem[11..], Some(&stem[..10])) } else { (stem, None) }
}

/// The page's date from `date:` or its file name; `None` when a date is wrong.
fn page_date(doc: &Document, errors: &mut Vec<Error>) -> Option<Option<NaiveDate>> {
    let Meta::Page(meta) = &doc.meta else {
        return Some(None);
    };
    let (_, file_date) = strip_date_prefix(&doc.stem);
    let file_date = match file_date {
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                let problem = Problem::ImpossibleDate { key: "file name".into(), value: text.to_string() };
                errors.push(Error::at(Location::file(&doc.file.shown), problem));
                return None;
            }
        },
        None => None,
    };
    let date = match &meta.date {
        Some(text) => Some(parse_date(doc, "date", text, errors)?),
        None => None,
    };
    if let (Some(file_date), Some(date)) = (file_date, date)
        && file_date != date
    {
        let problem = Problem::DateMismatch { file_date: file_date.to_string(), date: date.to_string() };
        errors.push(Error::at(doc.key_location("date"), problem));
        return None;
    }
    Some(date.or(file_date))
}

fn parse_date(doc: &Document, key: &str, text: &str, errors: &mut Vec<Error>) -> Option<NaiveDate> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if shaped => Some(date),
        _ => {
            let problem = if shaped {
                Problem::ImpossibleDate { key: key.to_string(), value: text.to_string() }
            } else {
                Problem::BadDate { key: key.to_string(), value: text.to_string() }
            };
            errors.push(Error::at(doc.key_location(key), problem));
            None
        }
    }
}

/// The first `max` characters of `text`, cut at a word and ended with « … ».
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn check_unique_paths(pages: &[Page], sections: &[Section], files: &[StaticFile], errors: &mut Vec<Error>) {
    let mut seen: HashMap<&SitePath, &Path> = HashMap::new();
    let sections = sections.iter().filter_map(|s| s.file.as_deref().map(|f| (&s.path, f)));
    let pages = pages.iter().map(|p| (&p.path, p.file.as_path()));
    let files = files.iter().map(|f| (&f.path, f.source.as_path()));
    for (path, file) in sections.chain(pages).chain(files) {
        if let Some(other) = seen.insert(path, file) {
            let problem = Problem::DuplicateUrl { url: path.to_string(), other: other.display().to_string() };
            errors.push(Error::at(Location::file(file), problem));
        }
    }
}

/// The site path of every file copied as it is: theme files at the root, content files in
/// their folder. Names are made URL-safe: `Photo 1.JPG` → `photo-1.jpg`.
fn static_files(theme: &[SourceFile], assets: &[SourceFile], errors: &mut Vec<Error>) -> Vec<StaticFile> {
    theme
        .iter()
        .chain(assets)
        .filter_map(|file| match asset_path(&file.rel) {
            Some(path) => Some(StaticFile { source: file.path.clone(), path }),
            None => {
                errors.push(Error::at(Location::file(&file.shown), Problem::NoSlug));
                None
            }
        })
        .collect()
}

fn asset_path(rel: &Path) -> Option<SitePath> {
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

fn build_figures(figures: Vec<FigureSource>, config: &Config, errors: &mut Vec<Error>) -> Vec<Figure> {
    figures
        .into_iter()
        .filter_map(|figure| {
            let at = Location::line(Path::new(crate::load::CONTENT).join(crate::load::FIGURES).as_path(), figure.line);
            let text = figure.date.unwrap_or_default();
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
                source: figure.source.unwrap_or_default().trim().to_string(),
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
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().map(FigureDate::Day)
}

/// Menu links lead to a content file's translation in the menu's language, or to a site path.
fn build_menus(
    config: &Config,
    index: &LinkIndex,
    errors: &mut Vec<Error>,
) -> BTreeMap<Language, Vec<(String, SitePath)>> {
    let mut menus = BTreeMap::new();
    for lang in &config.languages {
        let mut menu = Vec::new();
        for item in &lang.menu {
            // The same rules as a link in a text at the root of `content/`.
            let resolver = Resolver { index, dir: Path::new(""), lang: &lang.code };
            let path = resolver.link(&item.link).ok().and_then(|target| SitePath::from_link(&target));
            match path {
                Some(path) => menu.push((item.name.clone(), path)),
                None => {
                    let problem = Problem::BrokenLink { target: item.link.clone() };
                    errors.push(Error::at(Location::line(&config.file, item.line), problem));
                }
            }
        }
        menus.insert(lang.code.clone(), menu);
    }
    menus
}

/// What every content file and image is published as, to resolve links between them.
struct LinkIndex<'a> {
    config: &'a Config,
    /// (folder, file name without language) → the page or section in each language.
    documents: HashMap<(PathBuf, String), BTreeMap<Language, SitePath>>,
    /// Content-relative file (`activites/photo.jpg`) → its site path.
    files: HashMap<PathBuf, SitePath>,
    /// Site paths of images and files, to accept links written as site paths.
    file_paths: HashSet<SitePath>,
    /// Content files that could not be read: their errors are reported already.
    unreadable: &'a HashSet<PathBuf>,
}

impl<'a> LinkIndex<'a> {
    fn new(
        config: &'a Config,
        documents: HashMap<(PathBuf, String), BTreeMap<Language, SitePath>>,
        assets: &[SourceFile],
        files: &[StaticFile],
        unreadable: &'a HashSet<PathBuf>,
    ) -> Self {
        let files_by_rel = assets.iter().filter_map(|a| Some((a.rel.clone(), asset_path(&a.rel)?))).collect();
        let file_paths = files.iter().map(|f| f.path.clone()).collect();
        LinkIndex { config, documents, files: files_by_rel, file_paths, unreadable }
    }

    fn resolver<'d>(&'d self, doc: &'d Document) -> Resolver<'d> {
        Resolver { index: self, dir: doc.dir(), lang: &doc.lang }
    }
}

fn render_document(doc: &Document, index: &LinkIndex) -> (markdown::Rendered, Vec<Error>) {
    let (mut rendered, problems) = markdown::render(&doc.body, &index.resolver(doc));
    for (line, _) in &mut rendered.links {
        *line += doc.body_line;
    }
    let errors = problems
        .into_iter()
        .map(|((line, column), problem)| {
            Error::at(Location::at(&doc.file.shown, doc.body_line + line, column), problem)
        })
        .collect();
    (rendered, errors)
}

/// Resolves the links of one content file.
struct Resolver<'a> {
    index: &'a LinkIndex<'a>,
    dir: &'a Path,
    lang: &'a Language,
}

impl Resolver<'_> {
    /// The content-relative file a relative link names, if it stays inside `content/`.
    fn content_file(&self, target: &str) -> Option<PathBuf> {
        let mut path = self.dir.to_path_buf();
        for component in Path::new(target).components() {
            match component {
                Component::Normal(part) => path.push(part),
                Component::ParentDir => {
                    if !path.pop() {
                        return None;
                    }
                }
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        Some(path)
    }

    fn file(&self, target: &str) -> Option<SitePath> {
        if target.starts_with('/') {
            return SitePath::from_link(target).filter(|path| self.index.file_paths.contains(path));
        }
        let decoded = percent_decode(target);
        self.content_file(&decoded).and_then(|rel| self.index.files.get(&rel).cloned())
    }
}

fn is_external(dest: &str) -> bool {
    let scheme = dest.split(['/', '?', '#']).next().unwrap_or_default();
    dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || scheme.contains(':')
}

impl Links for Resolver<'_> {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        if is_external(dest) || dest.starts_with('/') {
            return Ok(dest.to_string());
        }
        let split = dest.find(['#', '?']).unwrap_or(dest.len());
        let (target, rest) = dest.split_at(split);
        let broken = || Problem::BrokenLink { target: dest.to_string() };
        if target.ends_with(".md") {
            let rel = self.content_file(&percent_decode(target)).ok_or_else(broken)?;
            if self.index.unreadable.contains(&rel) {
                return Ok(dest.to_string());
            }
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            let (stem, named) = load::stem_and_language(&name, self.index.config).map_err(|_| broken())?;
            let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
            let group = self.index.documents.get(&(dir, stem)).ok_or_else(broken)?;
            // The translation in the language of the text, or the file named.
            let path = group.get(self.lang).or_else(|| group.get(&named)).ok_or_else(broken)?;
            return Ok(format!("{path}{rest}"));
        }
        self.file(target).map(|path| format!("{path}{rest}")).ok_or_else(broken)
    }

    fn image(&self, dest: &str) -> Result<String, Problem> {
        if is_external(dest) {
            return Ok(dest.to_string());
        }
        self.file(dest).map(|p| p.to_string()).ok_or_else(|| Problem::MissingImage { target: dest.to_string() })
    }
}

/// `%20` → space, for file names written in links as browsers write them.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix_is_taken_from_file_names() {
        assert_eq!(strip_date_prefix("2026-02-06-signature-plan"), ("signature-plan", Some("2026-02-06")));
        assert_eq!(strip_date_prefix("contact"), ("contact", None));
        assert_eq!(strip_date_prefix("2026-02-06"), ("2026-02-06", None));
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("un deux trois quatre", 10), "un deux…");
        assert_eq!(shorten("court", 10), "court");
    }

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

    #[test]
    fn external_links_are_left_alone() {
        for dest in ["https://www.unhcr.org/", "mailto:a@b.c", "tel:+223", "#plan", "//cdn.example.org/x"] {
            assert!(is_external(dest), "{dest}");
        }
        for dest in ["../contact.md", "photo.jpg", "a/b:c.md"] {
            assert!(!is_external(dest), "{dest}");
        }
    }
}

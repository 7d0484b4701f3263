//! The site as data: pages, sections, translations, tags, key figures and old addresses, each
//! with its path, and the Markdown turned into HTML. Pure: everything comes from [`Sources`].

pub mod aliases;
mod files;
mod links;
mod pages;
mod sections;
mod tags;
mod texts;
mod update;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Duplicate, Error, Errors, Location, Problem};
use crate::i18n::Strings;
use crate::images::{Photo, Picture, Pictures};
use crate::load::{self, Document, Meta, Sources};
use crate::markdown::{Destination, Links};
use crate::theme::Template;
use crate::url::{BaseUrl, Language, SitePath};
pub use aliases::{Alias, AliasOf};
pub use links::LinkIndex;
pub use tags::{misplaced as misplaced_tags, unpaired as unpaired_tags};
pub use texts::Text;
pub use update::update;

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
    pub templates: Vec<Template>,
    /// The fonts of share cards; without them, pages have no card.
    pub card_fonts: Option<crate::cards::Fonts>,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub tags: Vec<Tag>,
    pub figures: Vec<Figure>,
    /// Each language's main menu: (name, path).
    pub menus: BTreeMap<Language, Vec<(String, SitePath)>>,
    /// Files copied as they are: the theme's static files and the content's images.
    pub files: Vec<StaticFile>,
    /// The content's photos that pages show, by site path: [`crate::images::make`] makes their
    /// files before the site is rendered.
    pub photos: BTreeMap<SitePath, Photo>,
    /// Where links between the site's files lead.
    pub links: LinkIndex,
    /// The old addresses that lead to pages and lists.
    pub aliases: Vec<Alias>,
    pub left_out: LeftOut,
    /// What is worth a look but does not stop a build: raw HTML changed, a page in one language.
    pub warnings: Vec<Error>,
    /// The texts of pages left out for their errors, by file: `check` follows their links too.
    pub refused: Vec<(PathBuf, Arc<Text>)>,
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
    pub text: Arc<Text>,
    pub section: SectionId,
    /// Where the page is in its section's list, newest first.
    pub position: usize,
    /// The same page in the other languages.
    pub translations: Vec<PageId>,
    pub draft: bool,
}

impl Page {
    /// The date of `updated:` when it is after the page's own: « Mis à jour le … ».
    pub fn update(&self) -> Option<NaiveDate> {
        self.updated.filter(|updated| self.date.is_none_or(|date| *updated > date))
    }

    /// When what the page says last changed: the date feeds, the sitemap and structured data give.
    pub fn modified(&self) -> Option<NaiveDate> {
        self.update().or(self.date)
    }
}

#[derive(Debug, Clone)]
pub struct Image {
    pub path: SitePath,
    pub alt: String,
    /// The sizes the build made of it, when it is a photo.
    pub picture: Option<Arc<Picture>>,
}

impl Image {
    /// The file that link previews show of the image, its size and type when known: the
    /// largest made in JPEG or PNG, which every social network reads.
    pub fn preview(&self) -> (SitePath, Option<(u32, u32)>, Option<&'static str>) {
        match &self.picture {
            Some(picture) => {
                let (path, width, height) = picture.largest(&self.path);
                (path, Some((width, height)), Some(picture.fallback.mime()))
            }
            None => (self.path.clone(), None, None),
        }
    }
}

#[derive(Debug)]
pub struct Section {
    pub file: Option<PathBuf>,
    pub lang: Language,
    /// The folder under `content/`; empty for the home.
    pub dir: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    pub text: Arc<Text>,
    pub path: SitePath,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// The pages by year of their date, newest year first: the archive of a list.
    pub years: Vec<(i32, Vec<PageId>)>,
    /// `None` for the home, which shows a few pages of other sections instead of a list.
    pub paginate_by: Option<usize>,
    pub translations: Vec<SectionId>,
    pub parent: Option<SectionId>,
}

impl Section {
    pub fn is_home(&self) -> bool {
        self.dir.as_os_str().is_empty()
    }

    /// The number of its list's pages: at least one, even when empty.
    pub fn page_count(&self) -> usize {
        self.paginate_by.map_or(1, |by| list_pages(self.pages.len(), by))
    }
}

#[derive(Debug)]
pub struct Tag {
    pub lang: Language,
    pub name: String,
    pub path: SitePath,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// The same tag in the other languages, paired by their places on translated pages ([`tags`]).
    pub translations: Vec<TagId>,
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
    /// The file as messages name it: for a size made of a photo, the photo.
    pub shown: PathBuf,
}

/// How many pages a list of `items`, `by` a page, takes: at least one, even when empty.
pub fn list_pages(items: usize, by: usize) -> usize {
    items.div_ceil(by.max(1)).max(1)
}

impl Site {
    pub fn home(&self, lang: &Language) -> &Section {
        &self.sections[self.home_id(lang)]
    }

    /// The home section of a language.
    pub fn home_id(&self, lang: &Language) -> SectionId {
        self.sections.iter().position(|s| &s.lang == lang && s.is_home()).expect("every language has a home")
    }

    /// The tag list page of a language: `/themes/`, `/en/topics/`.
    pub fn tags_path(&self, lang: &Language) -> SitePath {
        let config = self.config.language(lang);
        config.home.join(&config.tags_slug)
    }

    /// The search page of a language: `/recherche/`, `/en/search/`.
    pub fn search_path(&self, lang: &Language) -> SitePath {
        let config = self.config.language(lang);
        config.home.join(&config.search_slug)
    }

    /// The pages shown in lists (the activities) of a language, newest first.
    pub fn listed_pages(&self, lang: &Language) -> Vec<PageId> {
        let mut pages: Vec<PageId> = self
            .sections
            .iter()
            .filter(|s| &s.lang == lang && s.paginate_by.is_some())
            .flat_map(|s| s.pages.iter().copied())
            .collect();
        pages.sort_by(|&a, &b| newest_first(&self.pages[a], &self.pages[b]));
        pages
    }

    /// The list page (1, 2, ...) of its section that shows a page.
    pub fn list_page_of(&self, page: PageId) -> Option<(SectionId, usize)> {
        let page = &self.pages[page];
        let by = self.sections[page.section].paginate_by?;
        Some((page.section, page.position / by + 1))
    }
}

/// Builds the site from what was loaded, reporting every error found; its warnings are in
/// [`Site::warnings`]. The texts of `previous` (the last good build) are reused where nothing
/// they depend on changed.
pub fn build(
    sources: &Sources,
    pictures: &Pictures,
    options: &Options,
    previous: Option<&Site>,
) -> Result<Site, Errors> {
    let (site, problems) = model(sources, pictures, options, previous);
    finish(site, problems)
}

/// The site with its warnings among `problems`, or the errors among them.
pub fn finish(mut site: Site, problems: Vec<Error>) -> Result<Site, Errors> {
    let (warnings, errors): (Vec<Error>, Vec<Error>) = problems.into_iter().partition(|e| e.problem.is_warning());
    if !errors.is_empty() {
        return Err(Errors::sorted(errors));
    }
    site.warnings = Errors::sorted(warnings).0;
    Ok(site)
}

/// The site as far as it can be made, and every problem found, errors and warnings: files in
/// error are left out, so that `check` can still follow the links of the others.
pub fn model(sources: &Sources, pictures: &Pictures, options: &Options, previous: Option<&Site>) -> (Site, Vec<Error>) {
    let mut config = sources.config.clone();
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let mut errors = sources.errors.clone();
    let theme = &sources.theme;
    let mut files = files::static_files(&theme.static_files, &sources.assets, &mut errors);
    files.extend(files::published_as_they_are(&sources.statics, &mut errors));
    let figures = files::figures(&sources.figures, &config, &mut errors);

    let (section_docs, page_docs): (Vec<&Document>, Vec<&Document>) =
        sources.documents.iter().partition(|d| matches!(d.meta, Meta::Section(_)));
    let section_files: sections::SectionFiles =
        section_docs.iter().map(|d| ((d.dir().to_path_buf(), d.lang.clone()), *d)).collect();
    for doc in &section_docs {
        if let Meta::Section(meta) = &doc.meta
            && let Some(slug) = &meta.slug
        {
            pages::checked_slug(doc, slug, &mut errors);
        }
    }
    let paths = sections::Paths::new(&config, &section_files, &page_docs);
    // Every page and section starts with the same empty text until its own is rendered.
    let empty = Arc::new(Text::default());
    let (mut pages, documents, left_out, refused) = pages::pages(&page_docs, &paths, options, &empty, &mut errors);
    let mut sections = sections::sections(&paths, &mut pages, &documents, config.paginate_by, &empty, &mut errors);
    let groups = sections::translations(&mut pages, &documents, &config);
    let section_doc = |s: &Section| s.file.as_ref().and(section_files.get(&(s.dir.clone(), s.lang.clone())).copied());
    let aliases = aliases::aliases(&pages, &documents, &sections, section_doc, &mut errors);
    aliases::collisions(&aliases, &pages, &sections, &files, &mut errors);
    let tags = pages::tags(&mut pages, &documents, &config, &mut errors);

    // Texts, in parallel: links to content files and images need every path known first.
    let mut published: links::Published = groups
        .into_iter()
        .map(|((dir, stem), ids)| {
            (links::key(dir, stem), ids.iter().map(|&id| (pages[id].lang.clone(), pages[id].path.clone())).collect())
        })
        .collect();
    for section in &sections {
        let key = links::key(section.dir.as_os_str(), load::SECTION_STEM);
        published.entry(key).or_default().push((section.lang.clone(), section.path.clone()));
    }
    // Links to files in error are not broken: the file is, and is reported already.
    let faulty = sources.unreadable.iter().cloned().chain(refused.iter().map(|d| d.file.rel.clone())).collect();
    let index = links::LinkIndex::new(published, &sources.assets, &files, pictures, faulty);
    let menus = links::menus(&config, &index, &mut errors);
    let context = (previous, &config, theme);
    let refused =
        texts_of((&documents, &mut pages), &refused, (&mut sections, &section_files), &index, context, &mut errors);
    let texts =
        pages.iter().map(|p| &p.text).chain(sections.iter().map(|s| &s.text)).chain(refused.iter().map(|(_, t)| t));
    let shown = texts.flat_map(|text| text.images().chain(text.sizes_linked(&index)));
    let shown = shown.chain(pages.iter().filter_map(|p| p.image.as_ref().map(|image| image.path.clone())));
    let (photos, made) = index.photos(shown.collect(), &mut errors);
    files.extend(made);
    // Once the sizes made of the photos shown are known: two photos of one name clash at each.
    check_unique_paths(&pages, &sections, &files, &documents, &mut errors);
    let site = Site {
        config,
        theme: theme.shown.clone(),
        strings: theme.strings.clone(),
        templates: theme.templates.clone(),
        card_fonts: theme.card_fonts.clone(),
        pages,
        sections,
        tags,
        figures,
        menus,
        links: index,
        files,
        photos,
        aliases,
        left_out,
        warnings: Vec::new(),
        refused,
    };
    (site, errors)
}

/// Renders the texts of the pages and sections, in parallel, reusing those of `previous` where
/// nothing changed; and those of the pages `refused` for their errors, whose texts are not
/// published but whose mistakes are told all at once. Returns the latter.
fn texts_of(
    (documents, pages): (&[&Document], &mut [Page]),
    refused: &[&Document],
    (sections, section_files): (&mut [Section], &sections::SectionFiles),
    index: &links::LinkIndex,
    (previous, config, theme): (Option<&Site>, &Config, &crate::theme::Theme),
    errors: &mut Vec<Error>,
) -> Vec<(PathBuf, Arc<Text>)> {
    let before: HashMap<&Path, &Arc<Text>> = previous.map_or_else(HashMap::new, |site| {
        let pages = site.pages.iter().map(|p| (p.file.as_path(), &p.text));
        let sections = site.sections.iter().filter_map(|s| Some((s.file.as_deref()?, &s.text)));
        pages.chain(sections).collect()
    });
    let words: BTreeMap<&Language, crate::video::Words> =
        theme.strings.iter().map(|(lang, strings)| (lang, strings.video_words())).collect();
    let render = |doc: &Document| {
        let words = words.get(&doc.lang).cloned().unwrap_or_default();
        texts::render(doc, &index.resolver(config, doc), &words, before.get(doc.file.shown.as_path()).copied())
    };
    let page_texts: Vec<_> = documents.par_iter().map(|doc| render(doc)).collect();
    let section_texts: Vec<_> = sections
        .par_iter()
        .map(|s| section_files.get(&(s.dir.clone(), s.lang.clone())).map(|doc| render(doc)))
        .collect();
    let refused_texts: Vec<_> = refused.par_iter().map(|doc| render(doc)).collect();
    for ((page, doc), (text, problems)) in pages.iter_mut().zip(documents).zip(page_texts) {
        errors.extend(problems);
        if page.summary.trim().is_empty() {
            page.summary = pages::shorten(&text.first_paragraph, 200);
        }
        page.text = text;
        page.image = lead_image(doc, &index.resolver(config, doc), errors);
    }
    for (section, text) in sections.iter_mut().zip(section_texts) {
        if let Some((text, problems)) = text {
            errors.extend(problems);
            section.text = text;
        }
    }
    let mut texts = Vec::with_capacity(refused.len());
    for (doc, (text, problems)) in refused.iter().zip(refused_texts) {
        errors.extend(problems);
        texts.push((doc.file.shown.clone(), text));
    }
    texts
}

/// The image named by `image:`, which needs `image_alt:`.
fn lead_image(doc: &Document, resolver: &links::Resolver, errors: &mut Vec<Error>) -> Option<Image> {
    let Meta::Page(meta) = &doc.meta else { return None };
    let image = meta.image.as_deref().filter(|i| !i.trim().is_empty())?;
    let at = doc.key_location("image");
    let (path, picture) = match resolver.image(image) {
        Ok(Destination::Picture(path, picture)) => (path, Some(picture)),
        Ok(Destination::Url(url)) => match SitePath::from_link(&url) {
            Some(path) => (path, None),
            // The lead image is published with the page: an address elsewhere will not do.
            None => {
                errors.push(Error::at(at, Problem::MissingImage { target: image.to_string() }));
                return None;
            }
        },
        Err(problem) => {
            errors.push(Error::at(at, problem));
            return None;
        }
    };
    let alt = meta.image_alt.clone().unwrap_or_default();
    if alt.trim().is_empty() {
        errors.push(Error::at(at, Problem::MissingAlt { target: image.to_string() }));
    }
    Some(Image { path, alt, picture })
}

fn language_rank(config: &Config, lang: &Language) -> usize {
    config.languages.iter().position(|l| &l.code == lang).unwrap_or(usize::MAX)
}

/// Newest first; then by title and path so that the order never depends on the file system.
fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)).then_with(|| a.path.cmp(&b.path))
}

/// Two source files at one address are one error, at the second, naming the first. Pages are
/// told at their `slug:` when they have one; a photo's made sizes by the photo.
fn check_unique_paths(
    pages: &[Page],
    sections: &[Section],
    files: &[StaticFile],
    documents: &[&Document],
    errors: &mut Vec<Error>,
) {
    let mut seen: HashMap<&SitePath, &Path> = HashMap::new();
    let mut told: HashSet<(&Path, &Path)> = HashSet::new();
    let sections = sections.iter().filter_map(|s| s.file.as_deref().map(|f| (&s.path, f, Duplicate::Page)));
    let pages = pages.iter().map(|p| (&p.path, p.file.as_path(), Duplicate::Page));
    // Files as they are first, then the sizes made of photos: two photos are told by their names.
    let (copied, made): (Vec<&StaticFile>, Vec<&StaticFile>) = files.iter().partition(|f| f.source.ends_with(&f.shown));
    let files = copied.into_iter().chain(made).map(|f| (&f.path, f.shown.as_path(), Duplicate::File));
    for (path, file, kind) in sections.chain(pages).chain(files) {
        let Some(other) = seen.insert(path, file) else { continue };
        // A photo and another of the same name clash at each of their sizes: told once.
        if other == file || !told.insert((other, file)) {
            continue;
        }
        let at = match documents.iter().find(|d| d.file.shown == file) {
            Some(doc) if matches!(&doc.meta, Meta::Page(meta) if meta.slug.is_some()) => doc.key_location("slug"),
            _ => Location::file(file),
        };
        let problem = Problem::DuplicateUrl { url: path.to_string(), other: other.display().to_string(), kind };
        errors.push(Error::at(at, problem));
    }
}

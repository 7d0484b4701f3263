//! The Markdown of pages and sections as HTML. A build keeps each text for the next one, which
//! reuses it when the file and what its links lead to are unchanged: `serve` re-renders only
//! the texts an edit touched.

use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::links::Resolver;
use crate::error::{Error, Location, Problem};
use crate::load::Document;
use crate::markdown::{self, Destination, Links};
use crate::text::Position;
use crate::url::SitePath;
use crate::video::Words;

/// A content file's text as HTML.
#[derive(Debug, Default)]
pub struct Text {
    pub html: String,
    /// The first paragraph without markup: a summary when none is given.
    pub first_paragraph: String,
    /// Links to the site: ((line in the file, column), target), for `check`.
    pub links: Vec<(Position, String)>,
    /// The words of the text, folded for search, one per line.
    pub words: String,
    /// Equal hashes, equal HTML: what tells `serve` which outputs to render again.
    pub hash: u64,
    /// What the text was made from: the hash of the Markdown, not the Markdown itself, which a
    /// large site would keep in memory for nothing.
    body_hash: u64,
    body_line: usize,
    /// Every link and image of the text and where it led.
    resolutions: Vec<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Resolution {
    image: bool,
    dest: String,
    result: Result<Destination, Problem>,
}

impl Resolution {
    fn again(&self, links: &dyn Links) -> Result<Destination, Problem> {
        if self.image { links.image(&self.dest) } else { links.link(&self.dest).map(Destination::Url) }
    }
}

/// The text of `doc` as HTML, reusing `previous` if nothing it was made from changed.
pub(super) fn render(
    doc: &Document,
    resolver: &Resolver,
    words: &Words,
    previous: Option<&Arc<Text>>,
) -> (Arc<Text>, Vec<Error>) {
    let body_hash = ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one((&*doc.body, words));
    if let Some(previous) = previous
        && previous.body_hash == body_hash
        && previous.body_line == doc.body_line
        && previous.resolutions.iter().all(|r| r.again(resolver) == r.result)
    {
        return (previous.clone(), Vec::new());
    }
    let recording = Recording { links: resolver, resolutions: RefCell::new(Vec::new()) };
    let (rendered, problems) = markdown::render(&doc.body, &recording, words);
    let errors = problems
        .into_iter()
        .map(|((line, column), problem)| {
            Error::at(Location::at(&doc.file.shown, doc.body_line + line, column), problem)
        })
        .collect();
    let mut hasher = DefaultHasher::new();
    rendered.html.hash(&mut hasher);
    let text = Text {
        hash: hasher.finish(),
        html: rendered.html,
        first_paragraph: rendered.first_paragraph,
        links: rendered
            .links
            .into_iter()
            .map(|((line, column), target)| ((doc.body_line + line, column), target))
            .collect(),
        words: rendered.words,
        body_hash,
        body_line: doc.body_line,
        resolutions: recording.resolutions.into_inner(),
    };
    (Arc::new(text), errors)
}

impl Text {
    /// The site paths of the made sizes of photos the text links to (`[grand format](photo-1440.jpg)`):
    /// their photo is made, as if shown. A link to a photo itself offers its file as it is.
    pub(super) fn sizes_linked<'t>(
        &'t self,
        index: &'t super::links::LinkIndex,
    ) -> impl Iterator<Item = SitePath> + 't {
        let linked = self.resolutions.iter().filter(|r| !r.image).filter_map(|r| match &r.result {
            Ok(Destination::Url(url)) => SitePath::from_link(url.split(['#', '?']).next().unwrap_or_default()),
            _ => None,
        });
        linked.filter(|path| index.photo(path).is_some_and(|(original, _)| original != *path))
    }

    /// The site paths of the images the text shows.
    pub(super) fn images(&self) -> impl Iterator<Item = SitePath> + '_ {
        self.resolutions.iter().filter(|r| r.image).filter_map(|r| match &r.result {
            Ok(Destination::Picture(path, _)) => Some(path.clone()),
            Ok(Destination::Url(url)) => SitePath::from_link(url),
            Err(_) => None,
        })
    }
}

/// Resolves links as `links` does, and remembers each answer.
struct Recording<'a> {
    links: &'a dyn Links,
    resolutions: RefCell<Vec<Resolution>>,
}

impl Recording<'_> {
    fn record(&self, image: bool, dest: &str, result: Result<Destination, Problem>) {
        self.resolutions.borrow_mut().push(Resolution { image, dest: dest.to_string(), result });
    }
}

impl Links for Recording<'_> {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        let result = self.links.link(dest);
        self.record(false, dest, result.clone().map(Destination::Url));
        result
    }

    fn image(&self, dest: &str) -> Result<Destination, Problem> {
        let result = self.links.image(dest);
        self.record(true, dest, result.clone());
        result
    }
}

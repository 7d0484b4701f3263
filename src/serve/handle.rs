//! What a running preview lends to the commands built on it (the editor): the site as last
//! read, its errors, a wait for an edit to be read, and trials: a text checked, and its page
//! rendered, by the build's own stages against the rest of the site, without writing anything.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::preview::{Preview, lock};
use crate::error::Error;
use crate::fsio::SourceFile;
use crate::load::{Document, Sources};
use crate::messages::Tongue;
use crate::render::{Body, Job, Renderer};
use crate::url::SitePath;
use crate::{images, model};

/// A preview, shared.
#[derive(Clone)]
pub struct Handle(pub(super) Arc<Preview>);

/// What a trial found: the problems the text brings (in the build's words), and its page.
#[derive(Debug, Default)]
pub struct Trial {
    pub errors: Vec<Error>,
    /// The page as the theme renders it, and its address, when asked for and the site has no
    /// error.
    pub page: Option<(SitePath, String)>,
}

impl Handle {
    pub fn root(&self) -> &Path {
        &self.0.options.root
    }

    pub fn tongue(&self) -> Tongue {
        self.0.options.tongue
    }

    /// The address the preview listens on, as given (`127.0.0.1`, `0.0.0.0`).
    pub fn bind(&self) -> std::net::IpAddr {
        self.0.options.bind
    }

    pub fn model_options(&self) -> &model::Options {
        &self.0.options.model
    }

    /// Runs `f` on the site's files as last read.
    pub fn sources<R>(&self, f: impl FnOnce(&Sources) -> R) -> R {
        f(&lock(&self.0.state).sources)
    }

    /// The errors of the last rebuild; empty when the site is good.
    pub fn errors(&self) -> Vec<Error> {
        self.0.errors()
    }

    /// The address of the page made from `shown` (a content file as messages name it) in the
    /// last build, if it is published.
    pub fn page_path(&self, shown: &Path) -> Option<SitePath> {
        let state = lock(&self.0.state);
        let site = state.renderer.as_ref()?.site();
        let page = site.pages.iter().find(|p| p.file == shown).map(|p| p.path.clone());
        page.or_else(|| site.sections.iter().find(|s| s.file.as_deref() == Some(shown)).map(|s| s.path.clone()))
    }

    /// Waits until the files as read satisfy `done` (an edit was read and the site rebuilt),
    /// at most `timeout`; whether they do.
    pub fn wait_until(&self, timeout: Duration, done: impl Fn(&Sources) -> bool) -> bool {
        let start = Instant::now();
        loop {
            let seen = self.0.reload_count();
            if self.sources(&done) {
                return true;
            }
            let Some(left) = timeout.checked_sub(start.elapsed()) else { return false };
            self.0.wait_signal(seen, left);
        }
    }

    /// Checks `doc` (a text not written yet) in place of its file, and of the file at
    /// `replaces` (content-relative) when it is to be renamed, with `photo` among the site's
    /// files if given, by building the site in memory; with `render`, its page too, as a
    /// draft would be. The site as served is left as it was.
    pub fn trial(&self, doc: Document, replaces: Option<&Path>, photo: Option<SourceFile>, render: bool) -> Trial {
        let before = self.0.errors();
        let shown = doc.file.shown.clone();
        let mut options = self.0.options.model.clone();
        options.drafts |= render;
        let built = {
            let mut state = lock(&self.0.state);
            let state = &mut *state;
            let moved = replaces.and_then(|rel| take(&mut state.sources, rel));
            let swap = Swap::apply(&mut state.sources, doc, photo);
            let previous = state.renderer.as_ref().map(|r| &**r.site());
            // The trial's own: a photo being added is read too (its faults refuse the text),
            // and the photos the text shows are not taken for those the served site shows.
            let cache = self.0.options.root.join(images::CACHE);
            let pictures = images::Pictures::new(&state.sources.assets, &cache, Some(&state.pictures));
            let built = model::build(&state.sources, &pictures, &options, previous);
            swap.undo(&mut state.sources);
            if let Some(old) = moved {
                let at = state.sources.documents.partition_point(|d| d.file.rel < old.file.rel);
                state.sources.documents.insert(at, old);
            }
            built
        };
        match built {
            Err(errors) => {
                let errors = errors.0.into_iter().filter(|e| e.location.file == shown || !before.contains(e)).collect();
                Trial { errors, page: None }
            }
            Ok(site) if render => {
                self.0.offer_photos(&site);
                Trial { errors: Vec::new(), page: rendered(site, &shown) }
            }
            Ok(_) => Trial::default(),
        }
    }
}

impl Handle {
    /// Checks key figures (not written yet) in place of `content/figures.yaml`'s, by building
    /// the site in memory: the problems they bring.
    pub fn trial_figures(&self, figures: Vec<crate::load::FigureSource>, shown: &Path) -> Vec<Error> {
        let before = self.0.errors();
        let mut state = lock(&self.0.state);
        let state = &mut *state;
        let old = std::mem::replace(&mut state.sources.figures, figures);
        let (old_errors, kept) =
            std::mem::take(&mut state.sources.errors).into_iter().partition(|e: &Error| e.location.file == shown);
        state.sources.errors = kept;
        let previous = state.renderer.as_ref().map(|r| &**r.site());
        let built = model::build(&state.sources, &state.pictures, &self.0.options.model, previous);
        state.sources.figures = old;
        state.sources.errors.extend(old_errors);
        match built {
            Ok(_) => Vec::new(),
            Err(errors) => errors.0.into_iter().filter(|e| e.location.file == shown || !before.contains(e)).collect(),
        }
    }
}

/// Takes the document at `rel` out of the files as read.
fn take(sources: &mut Sources, rel: &Path) -> Option<Document> {
    let at = sources.documents.iter().position(|d| d.file.rel == rel)?;
    Some(sources.documents.remove(at))
}

/// The page made from `shown`, rendered alone, and its address.
fn rendered(site: model::Site, shown: &Path) -> Option<(SitePath, String)> {
    let page = site.pages.iter().position(|p| p.file == shown).map(Job::Page);
    let job =
        page.or_else(|| site.sections.iter().position(|s| s.file.as_deref() == Some(shown)).map(|s| Job::List(s, 1)))?;
    let renderer = Renderer::without_made(Arc::new(site)).ok()?;
    let output = renderer.render(&job).ok()?;
    match output.body {
        Body::Bytes(bytes) => Some((output.path, String::from_utf8(bytes).ok()?)),
        _ => None,
    }
}

/// A document and a photo put in place of the files as read, and how to put those back.
struct Swap {
    rel: PathBuf,
    replaced: Option<Document>,
    errors: Vec<Error>,
    unreadable: bool,
    photo: Option<PathBuf>,
}

impl Swap {
    fn apply(sources: &mut Sources, doc: Document, photo: Option<SourceFile>) -> Swap {
        let rel = doc.file.rel.clone();
        let shown = doc.file.shown.clone();
        let at = sources.documents.partition_point(|d| d.file.rel < rel);
        let replaced = if sources.documents.get(at).is_some_and(|d| d.file.rel == rel) {
            Some(std::mem::replace(&mut sources.documents[at], doc))
        } else {
            sources.documents.insert(at, doc);
            None
        };
        // The errors of the file's last version are not those of this text.
        let (errors, kept) = std::mem::take(&mut sources.errors).into_iter().partition(|e| e.location.file == shown);
        sources.errors = kept;
        let unreadable = sources.unreadable.remove(&rel);
        let photo = photo.filter(|p| !sources.assets.iter().any(|a| a.rel == p.rel)).map(|p| {
            let at = sources.assets.partition_point(|a| a.rel < p.rel);
            let rel = p.rel.clone();
            sources.assets.insert(at, p);
            rel
        });
        Swap { rel, replaced, errors, unreadable, photo }
    }

    fn undo(self, sources: &mut Sources) {
        let at = sources.documents.partition_point(|d| d.file.rel < self.rel);
        match self.replaced {
            Some(old) => sources.documents[at] = old,
            None => drop(sources.documents.remove(at)),
        }
        sources.errors.extend(self.errors);
        if self.unreadable {
            sources.unreadable.insert(self.rel);
        }
        if let Some(photo) = self.photo {
            sources.assets.retain(|a| a.rel != photo);
        }
    }
}

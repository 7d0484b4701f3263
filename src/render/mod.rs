//! Rendering: one tera instance for the whole build, every output rendered in parallel.
//! [`jobs`] decides the outputs and where they go; [`contexts`] makes what each template sees;
//! [`fingerprint`] hashes it; here, an output is rendered from its inputs and goes through the
//! one HTML pass ([`crate::html`]): French typography, and internal links made relative to the
//! page that holds them, so that the output folder works at any address.

mod collisions;
mod contexts;
mod fingerprint;
mod jobs;
pub mod redirects;
mod share;
mod sitemap;
mod structured;
mod templates;
mod values;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::Tera;

use crate::error::{Error, Errors, Location, Problem};
use crate::html::{Links, Pass};
use crate::model::{PageId, Site};
use crate::theme::template_error;
use crate::url::SitePath;
use contexts::{Contexts, Inputs, Shared};
pub use fingerprint::{Owner, Print};
pub use jobs::{CardOf, FeedOf, Format, Job, Made, Outputs};

/// One file of the output: rendered bytes, or a file copied as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: SitePath,
    pub body: Body,
    /// The `id` attributes of a page, the anchors links to it may name.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    /// A file of a cache, never changed once written: linked rather than copied where it can be.
    Link(PathBuf),
}

/// Renders every output of the site; the pure form of a build.
pub fn render(site: Arc<Site>) -> Result<Vec<Output>, Errors> {
    let (outputs, failed) = render_all(site)?;
    match failed.is_empty() {
        true => Ok(outputs),
        false => Err(dedup(failed.into_iter().map(|(_, error)| error).collect())),
    }
}

/// Every output that renders, and, by its path, the error of each that does not.
pub type Rendered = (Vec<Output>, Vec<(SitePath, Error)>);

/// Every output that renders, and, by its path, the error of each that does not: `check`
/// follows the links to the first, and not to the second, whose error is told already.
pub fn render_all(site: Arc<Site>) -> Result<Rendered, Errors> {
    let renderer = Renderer::new(site)?;
    let results: Vec<(SitePath, Result<Output, Error>)> =
        renderer.jobs().par_iter().map(|job| (renderer.path(job), renderer.render(job))).collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (path, result) in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(error) => failed.push((path, error)),
        }
    }
    Ok((outputs, failed))
}

/// A template mistake repeats on every page that uses the template: report it once.
pub fn dedup(errors: Vec<Error>) -> Errors {
    let mut seen = std::collections::HashSet::new();
    Errors::sorted(errors.into_iter().filter(|e| seen.insert(e.to_string())).collect())
}

pub struct Renderer {
    site: Arc<Site>,
    tera: Tera,
    shared: Shared,
    /// Made when the first fingerprint is asked for: a build needs none.
    memo: OnceLock<fingerprint::Memo>,
    /// Per template: its text and the texts of the templates it extends or includes.
    template_hashes: HashMap<String, u64>,
    made: Vec<Made>,
    /// Makes the share cards; without it (`check`), cards are not among the outputs.
    cards: Option<crate::cards::Maker>,
}

impl Renderer {
    pub fn new(shared: Arc<Site>) -> Result<Self, Errors> {
        let mut renderer = Renderer::without_made(shared)?;
        renderer.remake();
        Ok(renderer)
    }

    /// A renderer without the files made whole ([`Renderer::made_files`]), to make them while
    /// the other outputs are rendered; [`Renderer::set_made`] adds them.
    pub fn without_made(site: Arc<Site>) -> Result<Self, Errors> {
        let mut tera = Tera::new();
        templates::register(&mut tera, &site);
        tera.add_raw_templates(site.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
            .map_err(|e| template_error(&site.templates, &site.theme, e, None))?;
        let missing: Vec<Error> = contexts::REQUIRED
            .iter()
            .filter(|name| !tera.contains_template(name))
            .map(|name| Error::at(Location::file(&site.theme.join("templates").join(name)), Problem::MissingTemplate))
            .collect();
        let mut collisions = share::collisions(&site);
        let cards = site.card_fonts.is_some();
        collisions.extend(collisions::outputs(Outputs { site: &site, made: &[], cards }));
        collisions.extend(collisions::collisions(Outputs { site: &site, made: &[], cards }));
        if !missing.is_empty() || !collisions.is_empty() {
            return Err(Errors::sorted(missing.into_iter().chain(collisions).collect()));
        }
        let shared = Shared::new(&site);
        let template_hashes = fingerprint::template_hashes(&site.templates);
        Ok(Renderer { site, tera, shared, memo: OnceLock::new(), template_hashes, made: Vec::new(), cards: None })
    }

    /// Makes share cards among the outputs, kept in `cache`; when the theme has their fonts.
    pub fn make_cards(&mut self, cache: &std::path::Path) {
        self.cards = self.site.card_fonts.clone().map(|fonts| crate::cards::Maker::new(fonts, cache.to_path_buf()));
    }

    /// How many cards were drawn and reused, and the time drawing took.
    pub fn card_stats(&self) -> crate::cards::Stats {
        self.cards.as_ref().map(crate::cards::Maker::stats).unwrap_or_default()
    }

    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// The site to patch with [`crate::model::update`]; `None` if it is shared.
    pub fn site_mut(&mut self) -> Option<&mut Site> {
        Arc::get_mut(&mut self.site)
    }

    /// After [`crate::model::update`] changed these pages: what lists show of them, and what
    /// fingerprints are made of. The files made whole (search index, sitemap) wait for
    /// [`Renderer::remake`]. Whether only the outputs that show these pages' values changed.
    pub fn update(&mut self, pages: &[PageId]) -> bool {
        // A notice's title is in every footer: the `site` values change, and all fingerprints.
        if pages.iter().any(|&id| crate::notices::is_notice(&self.site, id)) {
            self.shared = Shared::new(&self.site);
            self.memo = OnceLock::new();
            return false;
        }
        let mut memo = self.memo.get_mut();
        if let Some(memo) = memo.as_deref_mut() {
            memo.forget_pages(&self.shared, pages);
        }
        self.shared.update(&self.site, pages);
        if let Some(memo) = memo {
            memo.remember_pages(&self.shared, pages);
        }
        true
    }

    /// Makes again the search indexes, the sitemap, robots.txt and the redirect files.
    pub fn remake(&mut self) {
        self.made = self.made_files();
    }

    pub fn set_made(&mut self, made: Vec<Made>) {
        self.made = made;
    }

    pub fn is_made(job: &Job) -> bool {
        matches!(job, Job::Made(_))
    }

    /// The search indexes, the sitemap, robots.txt and the redirect files.
    pub fn made_files(&self) -> Vec<Made> {
        let site = &*self.site;
        let mut made: Vec<Made> = site
            .config
            .languages
            .par_iter()
            .flat_map_iter(|l| {
                crate::search::index(site, &l.code).into_iter().map(|(name, text)| {
                    Made::new(crate::search::file_path(site, &l.code, &name), Some(l.code.clone()), text)
                })
            })
            .collect();
        let path = |at: &str| SitePath::from_link(at).expect("a path of the site");
        made.push(Made::new(path(sitemap::SITEMAP), None, sitemap::sitemap(self.outputs())));
        made.push(Made::new(path(sitemap::ROBOTS), None, sitemap::robots(site)));
        made.extend(redirects::files(site));
        made
    }

    /// The outputs of the site as this renderer makes them.
    pub fn outputs(&self) -> Outputs<'_> {
        Outputs { site: &self.site, made: &self.made, cards: self.cards.is_some() }
    }

    /// Every output of the site, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        self.outputs().jobs()
    }

    /// Where an output goes.
    pub fn path(&self, job: &Job) -> SitePath {
        self.outputs().path(job)
    }

    /// What an output's template is rendered from; `None` for files written as they are.
    fn inputs(&self, job: &Job) -> Option<Inputs<'_>> {
        Contexts { site: &self.site, shared: &self.shared, outputs: self.outputs() }.inputs(job)
    }

    /// Equal fingerprints, equal outputs; with the pages whose values the output shows.
    pub fn fingerprint(&self, job: &Job) -> Print {
        let print = |hash: u64, owners: Vec<Owner>| Print { hash, owners };
        match (job, self.inputs(job)) {
            (_, Some(inputs)) => {
                let memo = self.memo.get_or_init(|| fingerprint::Memo::new(&self.shared));
                fingerprint::fingerprint(&inputs, &self.template_hashes, memo)
            }
            (Job::File(id), None) => {
                let file = &self.site.files[*id];
                print(fingerprint::hash_of(|h| std::hash::Hash::hash(&(&file.source, &file.path), h)), Vec::new())
            }
            // Made of every page: the search index, the sitemap.
            (Job::Made(id), None) => {
                print(fingerprint::hash_of(|h| std::hash::Hash::hash(&self.made[*id].bytes, h)), vec![Owner::Everyone])
            }
            (Job::Card(of, shape), None) => {
                let hash = |card: &crate::cards::Card| fingerprint::hash_of(|h| std::hash::Hash::hash(card, h));
                let (card, owners) = match of {
                    // A page's card is made once per build, or when the page changes.
                    CardOf::Page(id) => (self.shared.cards[*id].as_ref().map_or(0, hash), vec![Owner::Page(*id)]),
                    _ => (hash(&share::card(&self.site, of)), Vec::new()),
                };
                let fonts = self.site.card_fonts.as_ref().map(crate::cards::Fonts::hash);
                print(fingerprint::hash_of(|h| std::hash::Hash::hash(&(card, shape, fonts), h)), owners)
            }
            (_, None) => print(0, Vec::new()),
        }
    }

    pub fn render(&self, job: &Job) -> Result<Output, Error> {
        let site = &*self.site;
        let path = self.path(job);
        let bytes = |body: Body| Output { path: path.clone(), body, ids: Vec::new() };
        let Some(inputs) = self.inputs(job) else {
            return Ok(match job {
                Job::Made(id) => bytes(Body::Bytes(self.made[*id].bytes.to_vec())),
                Job::File(id) => bytes(Body::Copy(site.files[*id].source.clone())),
                Job::Card(of, shape) => bytes(self.card(of, *shape)?),
                _ => unreachable!("only files have no template"),
            });
        };
        let text = self
            .tera
            .render(inputs.template, &inputs.context())
            .map_err(|e| template_error(&site.templates, &site.theme, e, Some(&path)))?;
        if matches!(job, Job::Feed(..)) {
            // Feeds are read away from the site: their links are absolute already.
            return Ok(bytes(Body::Bytes(text.into_bytes())));
        }
        let lang = self.outputs().language(job).expect("pages have a language").clone();
        let links = match job {
            Job::NotFound(_) => Links::Rooted(site.config.base_url.path()),
            _ => Links::Relative(&path),
        };
        let pass = Pass { typography: site.strings[&lang].typography, links, ids: true, body: None };
        let rewritten = pass.run(&text);
        Ok(Output { path: path.clone(), body: Body::Bytes(rewritten.html.into_bytes()), ids: rewritten.ids })
    }

    /// A share card's file, from the cache or drawn into it.
    fn card(&self, of: &CardOf, shape: crate::cards::Shape) -> Result<Body, Error> {
        let maker = self.cards.as_ref().expect("cards are among the jobs only with their maker");
        Ok(Body::Link(maker.file(&share::card(&self.site, of), shape)?))
    }
}

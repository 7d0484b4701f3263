//! `cnr-site build`: the stages run one after the other, the site loaded, modelled, rendered on
//! every core and written by one thread as outputs come, then put in place.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Errors};
use crate::manifest::{self, Stage};
use crate::messages;
use crate::model::{LeftOut, Site};
use crate::render::{Body, Job, Renderer};
use crate::url::Language;
use crate::{addresses, cards, images, load, model, render, verify, write};

/// What `cnr-site build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub model: model::Options,
    /// Warnings are errors: the build writes nothing if there is one.
    pub strict: bool,
}

/// What a build did, for its last line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// HTML pages written per language, the default language first.
    pub pages: Vec<(Language, usize)>,
    pub files: usize,
    /// What was written, kept and removed in the output folder.
    pub written: write::Written,
    pub left_out: LeftOut,
    pub elapsed: Duration,
    pub stages: Stages,
    /// What is worth a look but did not stop the build, sorted by file and line: what `check`
    /// warns of, addresses of the last build that would break, old addresses only servers lead.
    pub warnings: Vec<Error>,
}

impl Report {
    /// What the build found worth a look: its warnings, and the files in the output folder
    /// (at `output`) that no build wrote.
    pub fn warnings(&self, output: &std::path::Path) -> Vec<Error> {
        let at = |file: &crate::url::OutputFile| crate::error::Location::file(&output.join(file.as_path()));
        let foreign = |file| crate::error::Problem::ForeignFile { file: format!("{file}") };
        let foreign = self.written.foreign.iter().map(|file| Error::at(at(file), foreign(file)));
        self.warnings.iter().cloned().chain(foreign).collect()
    }

    /// The build's last line, in `tongue`: it counts [`Report::warnings`].
    pub fn line(&self, tongue: messages::Tongue) -> String {
        let built = messages::Built {
            pages: &self.pages,
            files: self.files,
            written: self.written.written,
            kept: self.written.kept,
            removed: self.written.removed,
            drafts: self.left_out.drafts,
            future: self.left_out.future,
            elapsed: self.elapsed,
            warnings: self.warnings.len() + self.written.foreign.len(),
        };
        messages::built(&built, tongue)
    }
}

/// How long each stage of a build took. Rendering and writing run together, on every core:
/// for them, the time each took summed over the threads, beside the wall time of both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stages {
    /// Reading `site.yaml`, `content/` and the theme.
    pub load: Duration,
    /// The site as data, the Markdown turned into HTML (and the size of each photo shown).
    pub model: Duration,
    /// The photos pages show, made smaller where the cache lacks them.
    pub photos: Duration,
    /// What outputs share: the search index, the sitemap, the templates compiled.
    pub prepare: Duration,
    /// Rendering and writing every output.
    pub outputs: Duration,
    pub render_threads: Duration,
    pub write_threads: Duration,
    /// The share cards drawn and reused, and the render threads' time drawing them.
    pub cards: cards::Stats,
    /// Swapping the new folder in and removing the old one.
    pub commit: Duration,
}

impl fmt::Display for Stages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_millis();
        write!(
            f,
            "load {} ms, model {} ms, photos {} ms, prepare {} ms, render and write {} ms \
             (threads: render {} ms, of which share cards {} ms: {} drawn, {} reused; write {} ms), commit {} ms",
            ms(self.load),
            ms(self.model),
            ms(self.photos),
            ms(self.prepare),
            ms(self.outputs),
            ms(self.render_threads),
            ms(self.cards.time),
            self.cards.made,
            self.cards.reused,
            ms(self.write_threads),
            ms(self.commit),
        )
    }
}

/// Times the stages of a build, one after the other.
struct Clock(Instant);

impl Clock {
    /// The time since the last lap.
    fn lap(&mut self) -> Duration {
        let now = Instant::now();
        now - std::mem::replace(&mut self.0, now)
    }
}

/// Loads the site at `root`, models it and makes the pictures of the photos its pages show;
/// its warnings are all in [`Site::warnings`].
pub fn load_site(root: &Path, options: &model::Options, progress: images::Progress) -> Result<Site, Errors> {
    load_site_timed(root, options, progress, &mut Clock(Instant::now()), &mut Stages::default())
}

fn load_site_timed(
    root: &Path,
    options: &model::Options,
    progress: images::Progress,
    clock: &mut Clock,
    stages: &mut Stages,
) -> Result<Site, Errors> {
    let sources = load::load(root)?;
    stages.load = clock.lap();
    let pictures = images::Pictures::new(&sources.assets, &root.join(images::CACHE), None);
    let (site, mut problems) = model::model(&sources, &pictures, options, None);
    stages.model = clock.lap();
    // Made even when the site has other errors: all are told at once, and what is made is kept.
    problems.extend(images::make(site.photos.values(), images::Cache::Fill, progress));
    stages.photos = clock.lap();
    let mut site = model::finish(site, problems)?;
    site.warnings.extend(verify::warnings(&sources, &site));
    site.warnings = Errors::sorted(std::mem::take(&mut site.warnings)).0;
    Ok(site)
}

/// Builds the site into `options.output`, which is replaced only if everything succeeded.
///
/// Every core renders; one thread writes, in the order outputs come, so that files and folders
/// made one after the other never wait on each other's locks in the file system. The writer
/// starts as soon as the site is modelled, making the pages' folders while the rest is prepared,
/// and the search index is made while the pages are rendered.
/// `wait` is told when another build is writing the same output folder, before waiting for it.
pub fn build(options: &BuildOptions, progress: images::Progress, wait: &dyn Fn()) -> Result<Report, Errors> {
    let start = Instant::now();
    let mut clock = Clock(start);
    let mut stages = Stages::default();
    write::refuse(&options.output, &options.root)?;
    let site = Arc::new(load_site_timed(&options.root, &options.model, progress, &mut clock, &mut stages)?);
    let mut writer = write::Writer::open(&options.output, &options.root, wait)?;
    let shown_root = load::shown_root(&options.root);
    let (send, receive) = std::sync::mpsc::sync_channel::<(render::Output, Stage, Option<manifest::Entry>)>(1024);
    let rendering = AtomicU64::new(0);
    let (rendered, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let started = Instant::now();
            let mut failed = None;
            for (output, stage, entry) in receive {
                if failed.is_none() {
                    failed = writer.write(&output, stage, entry).err();
                }
            }
            (failed, started.elapsed())
        });
        let render = |renderer: &Renderer, job: &Job| {
            let started = Instant::now();
            let mut output = renderer.render(job)?;
            let stage = stage(job);
            let anchors = (output.path.clone(), std::mem::take(&mut output.ids));
            // The content file of a page: the manifest keeps it, to tell what became of an address.
            let outputs = renderer.outputs();
            let source = outputs.source(job).filter(|_| addresses::has_address(job));
            let source = source.map(|file| addresses::source_in_site(file, shown_root));
            // Made bytes are hashed here, on every core; copied files by the writer, when needed.
            let entry = match &output.body {
                Body::Bytes(bytes) => Some(manifest::Entry { source, ..manifest::entry_of_bytes(bytes, stage) }),
                Body::Copy(_) | Body::Link(_) => None,
            };
            rendering.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            // The writer keeps reading until the last output is sent: sending cannot fail.
            let _ = send.send((output, stage, entry));
            Ok((renderer.outputs().language(job).filter(|_| render::Outputs::is_page(job)).cloned(), anchors))
        };
        let rendered = Renderer::without_made(site.clone()).map(|mut renderer| {
            renderer.make_cards(&options.root.join(cards::CACHE));
            let jobs = renderer.jobs();
            stages.prepare = clock.lap();
            let (made, mut results): (_, Vec<Result<Rendered, Error>>) =
                rayon::join(|| renderer.made_files(), || jobs.par_iter().map(|job| render(&renderer, job)).collect());
            renderer.set_made(made);
            let made_jobs: Vec<Job> = renderer.jobs().into_iter().filter(Renderer::is_made).collect();
            results.par_extend(made_jobs.par_iter().map(|job| render(&renderer, job)));
            (results, jobs.len() + made_jobs.len(), renderer.card_stats())
        });
        drop(send);
        (rendered, writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let (results, files, card_stats) = rendered?;
    stages.cards = card_stats;
    let (write_error, writing) = written;
    stages.outputs = clock.lap();
    stages.render_threads = Duration::from_nanos(rendering.into_inner());
    stages.write_threads = writing;
    let (pages, anchors, mut errors) = tally(&site, results);
    errors.extend(write_error);
    // What `check` calls an error stops the build too: a link to a page that does not exist.
    if errors.is_empty() {
        errors.extend(verify::links(&site, &verify::Anchors::new(anchors)));
    }
    if !errors.is_empty() {
        return Err(render::dedup(errors));
    }
    let published = writer.published().cloned().collect();
    let mut warnings = addresses::compare(&site, Some(writer.previous()), &options.output, &published, shown_root);
    warnings.extend(site.warnings.iter().cloned());
    if options.strict && !warnings.is_empty() {
        return Err(Errors::sorted(warnings));
    }
    let written = writer.commit()?;
    stages.commit = clock.lap();
    let warnings = Errors::sorted(warnings).0;
    Ok(Report { pages, files, written, left_out: site.left_out, elapsed: start.elapsed(), stages, warnings })
}

/// What rendering an output tells the build: the language of a page, and the output's anchors.
type Rendered = (Option<Language>, Anchors);

/// An output's path and the `id`s of its HTML.
type Anchors = (crate::url::SitePath, Vec<String>);

/// The pages rendered per language (the default language first), the anchors of every output
/// and the errors, from what rendering told.
fn tally(site: &Site, results: Vec<Result<Rendered, Error>>) -> (Vec<(Language, usize)>, Vec<Anchors>, Vec<Error>) {
    let mut pages: Vec<(Language, usize)> = site.config.languages.iter().map(|l| (l.code.clone(), 0)).collect();
    let mut anchors = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((lang, ids)) => {
                if let Some(entry) = pages.iter_mut().find(|(l, _)| Some(l) == lang.as_ref()) {
                    entry.1 += 1;
                }
                anchors.push(ids);
            }
            Err(error) => errors.push(error),
        }
    }
    (pages, anchors, errors)
}

/// When an output is published: copied files (photos, cards, styles) first, then pages, then
/// what leads to pages.
fn stage(job: &Job) -> Stage {
    match job {
        Job::File(_) | Job::Card(..) => Stage::Asset,
        Job::Page(_) | Job::NotFound(_) => Stage::Page,
        _ => Stage::List,
    }
}

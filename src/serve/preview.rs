//! The site as `serve` holds it: every output in memory, rebuilt after each change by
//! rendering again only the outputs whose fingerprint changed, and the answer to a path.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::refresh;
use super::{Rebuild, ServeOptions};
use crate::error::{Error, Errors};
use crate::html::Pass;
use crate::images::{self, Pictures};
use crate::load::{self, Sources};
use crate::messages::{self, Tongue};
use crate::model;
use crate::model::PageId;
use crate::render::{Body, Job, Owner, Print, Renderer};
use crate::text::escape;
use crate::url::SitePath;

/// The script every previewed page gets: it reloads the page when the site was rebuilt.
pub const RELOAD_SCRIPT: &str =
    "<script>new EventSource(\"/__cnr/reload\").onmessage=function(){location.reload()};</script>";

/// The answer to a request, for the HTTP side to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    /// Where a redirection leads.
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Answer {
        Answer { status, content_type, location: None, body }
    }
}

/// The site as served: the outputs in memory, and how to make them again.
pub struct Preview {
    pub options: ServeOptions,
    pub state: Mutex<State>,
    served: RwLock<Served>,
    /// Rebuild count and a way to wait for the next one.
    pub signal: (Mutex<u64>, Condvar),
    /// The rebuild count for the browsers' event streams.
    pub reloads: tokio::sync::watch::Sender<u64>,
    pub last: Mutex<Option<Rebuild>>,
    /// The address of the page that edits a content file (content-relative), when an editor
    /// is mounted: previewed pages then link to it.
    pub edit_url: std::sync::OnceLock<fn(&Path) -> String>,
    /// `content/` as messages name it, which outputs' source files start with.
    content_shown: PathBuf,
}

/// What a rebuild needs from the previous one.
pub struct State {
    pub(super) sources: Sources,
    /// The photos' pictures, remade only for photos that changed.
    pub(super) pictures: Pictures,
    /// The last build without errors, ready to render.
    pub(super) renderer: Option<Renderer>,
    fingerprints: HashMap<SitePath, u64>,
    /// The outputs that show each page's values, and those that show every page's.
    shown_by: HashMap<Owner, Vec<Job>>,
}

/// Which outputs a rebuild fingerprints again.
enum Stale<'a> {
    All,
    /// After an edit that changed only what these pages say.
    Showing(&'a [PageId]),
    /// The files made whole, after their remaking.
    Made,
}

/// What the browsers get.
#[derive(Default)]
struct Served {
    outputs: HashMap<SitePath, Output>,
    /// The errors of the last rebuild; empty when the site is good.
    errors: Vec<Error>,
    /// The 404 page of each language: `/404.html`, `/en/404.html`.
    not_found: Vec<SitePath>,
}

struct Output {
    body: Body,
    source: Option<PathBuf>,
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Preview {
    pub fn new(options: ServeOptions) -> Result<Preview, Errors> {
        let sources = load::load(&options.root)?;
        let content_shown = sources.shown_root.join(load::CONTENT);
        let preview = Preview {
            state: Mutex::new(State {
                sources,
                pictures: Pictures::default(),
                renderer: None,
                fingerprints: HashMap::new(),
                shown_by: HashMap::new(),
            }),
            served: RwLock::new(Served::default()),
            signal: (Mutex::new(0), Condvar::new()),
            reloads: tokio::sync::watch::Sender::new(0),
            last: Mutex::new(None),
            edit_url: std::sync::OnceLock::new(),
            content_shown,
            options,
        };
        let first = preview.rebuild(&[]);
        preview.log(&first);
        Ok(preview)
    }

    /// Reads again the files at `changed`, builds the site and renders the outputs whose
    /// fingerprint changed; with errors, the last good outputs stay and the errors are shown.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let mut state = lock(&self.state);
        let outcome = self.build(&mut state, changed);
        let rebuild = Rebuild {
            changed: changed.to_vec(),
            rendered: outcome.as_ref().ok().map(|(count, _)| *count),
            patched: outcome.as_ref().is_ok_and(|(_, patched)| *patched),
            errors: outcome.as_ref().err().map_or(0, |e| e.0.len()),
            elapsed: start.elapsed(),
        };
        if let Err(errors) = outcome {
            self.served.write().unwrap_or_else(|e| e.into_inner()).errors = errors.0;
        }
        *lock(&self.last) = Some(rebuild.clone());
        let (count, changed_signal) = &self.signal;
        let mut count = lock(count);
        *count += 1;
        self.reloads.send_replace(*count);
        drop(count);
        changed_signal.notify_all();
        if rebuild.patched {
            self.follow_up(&mut state);
        }
        rebuild
    }

    /// The errors of the last rebuild.
    pub fn errors(&self) -> Vec<Error> {
        self.served.read().unwrap_or_else(|e| e.into_inner()).errors.clone()
    }

    /// How many rebuilds the browsers were told about.
    pub fn reload_count(&self) -> u64 {
        *lock(&self.signal.0)
    }

    /// Waits until the signal count passes `seen`, at most `timeout`; the count then.
    pub fn wait_signal(&self, seen: u64, timeout: Duration) -> u64 {
        let (count, changed) = &self.signal;
        let guard = lock(count);
        let (guard, _) =
            changed.wait_timeout_while(guard, timeout, |now| *now <= seen).unwrap_or_else(|e| e.into_inner());
        *guard
    }

    /// Brings the site up to date with the files at `changed`: an edit that changed only what
    /// pages say is patched into the last build; anything else builds the site again. Then the
    /// outputs whose fingerprint changed are rendered and swapped in.
    fn build(&self, state: &mut State, changed: &[PathBuf]) -> Result<(usize, bool), Errors> {
        let change = refresh::refresh(&mut state.sources, &self.options.root, changed)?;
        let clean = self.served.read().unwrap_or_else(|e| e.into_inner()).errors.is_empty();
        let updated = match (&change, state.renderer.as_mut()) {
            (refresh::Change::Documents(files), Some(renderer)) if clean => renderer
                .site_mut()
                .and_then(|site| model::update(site, &state.sources, files, &self.options.model))
                .map(|pages| if renderer.update(&pages) { Some(pages) } else { None }),
            _ => None,
        };
        let patched = updated.is_some();
        if !patched {
            let cache = self.options.root.join(images::CACHE);
            state.pictures = Pictures::new(&state.sources.assets, &cache, Some(&state.pictures));
            let previous = state.renderer.as_ref().map(|r| &**r.site());
            let (site, mut problems) = model::model(&state.sources, &state.pictures, &self.options.model, previous);
            problems.extend(images::make(site.photos.values(), images::Cache::Fill, &|_, _| {}));
            let site = model::finish(site, problems)?;
            let mut renderer = Renderer::new(Arc::new(site))?;
            renderer.make_cards(&self.options.root.join(crate::cards::CACHE));
            // The last build is freed out of the way of the browsers waiting for the reload.
            let old = state.renderer.replace(renderer);
            std::thread::spawn(move || drop(old));
        }
        let stale = match &updated {
            Some(Some(pages)) => Stale::Showing(pages),
            Some(None) => Stale::All,
            None => {
                state.shown_by.clear();
                Stale::All
            }
        };
        let count = self.render_stale(state, stale, !patched)?;
        Ok((count, patched))
    }

    /// After the browsers were told about a patched edit: the search index and the sitemap,
    /// slower to make, are made again and swapped in.
    fn follow_up(&self, state: &mut State) {
        if let Some(renderer) = state.renderer.as_mut() {
            renderer.remake();
            // Nothing in them can fail; an error would show at the next edit.
            let _ = self.render_stale(state, Stale::Made, false);
        }
    }

    /// Renders the outputs among `stale` whose fingerprint changed and swaps them in; with
    /// `replace`, the outputs the build no longer makes are dropped.
    fn render_stale(&self, state: &mut State, stale: Stale, replace: bool) -> Result<usize, Errors> {
        let Some(renderer) = state.renderer.as_ref() else { return Ok(0) };
        let jobs: Vec<Job> = match stale {
            Stale::All => renderer.jobs(),
            Stale::Made => renderer.jobs().into_iter().filter(Renderer::is_made).collect(),
            Stale::Showing(pages) => {
                let owners = pages.iter().map(|&p| Owner::Page(p)).chain([Owner::Everyone]);
                let jobs: HashSet<&Job> = owners.flat_map(|o| state.shown_by.get(&o)).flatten().collect();
                jobs.into_iter().cloned().collect()
            }
        };
        let all = matches!(stale, Stale::All);
        let fingerprints: Vec<(Job, SitePath, Print)> = jobs
            .into_par_iter()
            .map(|job| {
                let (path, print) = (renderer.path(&job), renderer.fingerprint(&job));
                (job, path, print)
            })
            .collect();
        if all {
            state.shown_by.clear();
            for (job, _, print) in &fingerprints {
                for owner in &print.owners {
                    state.shown_by.entry(*owner).or_default().push(job.clone());
                }
            }
        }
        let fingerprints: Vec<(Job, SitePath, u64)> =
            fingerprints.into_iter().map(|(job, path, print)| (job, path, print.hash)).collect();
        let stale: Vec<&(Job, SitePath, u64)> =
            fingerprints.iter().filter(|(_, path, print)| state.fingerprints.get(path) != Some(print)).collect();
        let rendered: Vec<Result<(SitePath, Output), Error>> = stale
            .par_iter()
            .map(|(job, _, _)| {
                let output = renderer.render(job)?;
                let source = renderer.outputs().source(job).map(Path::to_path_buf);
                Ok((output.path, Output { body: output.body, source }))
            })
            .collect();
        let rendered =
            crate::error::collect(rendered, |r| r.map_err(Errors::from)).map_err(|e| crate::render::dedup(e.0))?;
        let count = rendered.len();
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        if replace {
            // Outputs may have gone: keep only those the new build makes.
            let present: HashSet<&SitePath> = fingerprints.iter().map(|(_, path, _)| path).collect();
            served.outputs.retain(|path, _| present.contains(path));
            state.fingerprints.retain(|path, _| present.contains(path));
            served.not_found = fingerprints
                .iter()
                .filter(|(job, _, _)| matches!(job, Job::NotFound(_)))
                .map(|(_, p, _)| p.clone())
                .collect();
        }
        served.outputs.extend(rendered);
        served.errors.clear();
        drop(served);
        for (_, path, print) in stale {
            state.fingerprints.insert(path.clone(), *print);
        }
        Ok(count)
    }

    /// Makes the photos that `site` (a trial's, with a text not saved yet) shows, and serves
    /// them until the next rebuild: the preview of a text shows a photo being added, or one
    /// that no page showed, as the page will once saved. A photo that cannot be made is not
    /// served; the rebuild after the save tells why.
    pub(super) fn offer_photos(&self, site: &model::Site) {
        let _ = images::make(site.photos.values(), images::Cache::Fill, &|_, _| {});
        let made = site.photos.iter().filter(|(_, photo)| photo.is_made());
        let files = made.filter_map(|(path, photo)| Some(photo.picture().ok()?.files(path)));
        let files: Vec<(SitePath, PathBuf)> = files.flatten().collect();
        let mut served = self.served.write().unwrap_or_else(|e| e.into_inner());
        for (path, file) in files {
            served.outputs.entry(path).or_insert(Output { body: Body::Copy(file), source: None });
        }
    }

    /// Prints what a rebuild did, and the errors of the site when it has some.
    pub fn log(&self, rebuild: &Rebuild) {
        let tongue = self.options.tongue;
        let shown = |p: &PathBuf| p.strip_prefix(".").unwrap_or(p).display().to_string();
        let what = match rebuild.changed.as_slice() {
            [] => None,
            [one] => Some(shown(one)),
            [first, rest @ ..] => Some(format!("{} (+{})", shown(first), rest.len())),
        };
        if rebuild.rendered.is_none() {
            let served = self.served.read().unwrap_or_else(|e| e.into_inner());
            let source = |path: &Path| crate::fsio::read_text(path, path).ok();
            eprint!("{}", messages::report(&served.errors, tongue, messages::Shown::default(), source));
        }
        let rendered = rebuild.rendered.ok_or(rebuild.errors);
        println!("{}", messages::rebuilt(what.as_deref(), rendered, rebuild.elapsed, tongue));
        let _ = std::io::stdout().flush();
    }

    /// The answer to a GET of `path` (percent-decoded), with `query` kept for redirections.
    pub fn respond(&self, path: &str, query: &str) -> Answer {
        let served = self.served.read().unwrap_or_else(|e| e.into_inner());
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let found = SitePath::from_link(path).and_then(|p| served.outputs.get_key_value(&p));
        if served.outputs.is_empty() && !served.errors.is_empty() {
            // Nothing was ever built: the errors are all there is to show.
            return Answer::new(500, "text/html; charset=utf-8", self.error_page(&served.errors).into_bytes());
        }
        let Some((path, output)) = found else {
            // `/activites/x` → `/activites/x/`.
            let folder = SitePath::from_link(&format!("{path}/"));
            if let Some(folder) = folder.filter(|f| served.outputs.contains_key(f)) {
                let query = if query.is_empty() { String::new() } else { format!("?{query}") };
                return Answer {
                    location: Some(format!("{folder}{query}")),
                    ..Answer::new(301, "text/plain", Vec::new())
                };
            }
            return self.not_found(&served, path);
        };
        let content_type = content_type(path.output_file().to_string_lossy().as_ref());
        let bytes = match &output.body {
            Body::Bytes(bytes) => bytes.clone(),
            Body::Copy(file) | Body::Link(file) => match std::fs::read(file) {
                Ok(bytes) => bytes,
                Err(_) => return self.not_found(&served, path.as_str()),
            },
        };
        if !content_type.starts_with("text/html") {
            return Answer::new(200, content_type, bytes);
        }
        let broken = output.source.as_deref().is_some_and(|s| served.errors.iter().any(|e| e.location.file == s));
        if broken {
            return Answer::new(500, content_type, self.error_page(&served.errors).into_bytes());
        }
        Answer::new(200, content_type, self.decorate(&bytes, &served.errors, output.source.as_deref()))
    }

    /// The site's own 404 page, in the language of the path, with status 404.
    fn not_found(&self, served: &Served, path: &str) -> Answer {
        // The 404 page of the longest home that starts the path: `/en/404.html` before `/404.html`.
        let folder = |p: &SitePath| p.as_str().trim_end_matches("404.html").len();
        let page =
            served.not_found.iter().filter(|p| path.starts_with(&p.as_str()[..folder(p)])).max_by_key(|p| folder(p));
        match page.and_then(|p| served.outputs.get(p)).map(|o| &o.body) {
            Some(Body::Bytes(bytes)) => {
                Answer::new(404, "text/html; charset=utf-8", self.decorate(bytes, &served.errors, None))
            }
            _ => Answer::new(404, "text/plain; charset=utf-8", b"404".to_vec()),
        }
    }

    /// A page with the reload script, the errors on top when the site has some, and a link to
    /// edit its `source` when an editor is mounted.
    fn decorate(&self, html: &[u8], errors: &[Error], source: Option<&Path>) -> Vec<u8> {
        let html = String::from_utf8_lossy(html);
        let banner = if errors.is_empty() { String::new() } else { self.error_panel(errors) };
        let rel = source.and_then(|s| s.strip_prefix(&self.content_shown).ok());
        let end = match (self.edit_url.get(), rel) {
            (Some(url), Some(rel)) => format!(
                "<a href=\"{}\" style=\"position:fixed;right:.75rem;bottom:.75rem;z-index:99;background:#14532d;color:#fff;padding:.6rem 1rem;border:2px solid #fff;border-radius:.4rem;font:600 1rem/1.2 system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 6px rgba(0,0,0,.35)\">{}</a>{RELOAD_SCRIPT}",
                escape(&url(rel)),
                messages::edit_this_page(self.options.tongue)
            ),
            _ => RELOAD_SCRIPT.to_string(),
        };
        Pass { body: Some((&banner, &end)), ..Pass::keep() }.run(&html).html.into_bytes()
    }

    /// The errors as a block of HTML, in the messages' language.
    fn error_panel(&self, errors: &[Error]) -> String {
        let tongue = self.options.tongue;
        let mut panel = String::from(
            "<section role=\"alert\" style=\"background:#fff4f4;color:#1b1b1b;border:4px solid #ce1126;padding:1rem;margin:0;font:16px/1.5 system-ui,sans-serif\">",
        );
        let title = messages::site_has_errors(tongue);
        panel.push_str(&format!("<h1 style=\"font-size:1.25rem;margin:0 0 .5rem\">{title}</h1><ul>"));
        let (told, more) = messages::told(errors);
        for error in told {
            let (message, hint) = messages::describe(&error.problem, tongue);
            panel.push_str(&format!(
                "<li><strong><code>{}</code></strong> : {}",
                escape(&error.location.to_string()),
                escape(&message)
            ));
            if let Some(hint) = hint {
                panel.push_str(&format!("<br><em>{}</em>", escape(&hint)));
            }
            panel.push_str("</li>");
        }
        for (file, more) in more {
            let (file, more) = (escape(&file.display().to_string()), escape(&messages::not_told(more, tongue)));
            panel.push_str(&format!("<li><strong><code>{file}</code></strong> : {more}</li>"));
        }
        panel.push_str("</ul></section>");
        panel
    }

    fn error_page(&self, errors: &[Error]) -> String {
        let lang = if self.options.tongue == Tongue::Fr { "fr" } else { "en" };
        let title = if lang == "fr" { "Erreur" } else { "Error" };
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head><body>{}{RELOAD_SCRIPT}</body></html>",
            self.error_panel(errors)
        )
    }
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(content_type("/css/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("/rss.xml"), "application/xml");
        assert_eq!(content_type("/a/PHOTO.JPG"), "image/jpeg");
        assert_eq!(content_type("/font.woff2"), "font/woff2");
        assert_eq!(content_type("/x"), "application/octet-stream");
    }
}

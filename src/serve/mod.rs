//! `cnr-site serve`: the site built in memory and served on 127.0.0.1 (or `--bind`), rebuilt
//! when a file changes, rendering again only the outputs the change touched, and the browser
//! reloaded after each rebuild. `public/` is never written.

mod http;
mod watch;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Errors};
use crate::images::{self, Pictures};
use crate::load::{self, Change, Sources};
use crate::messages::{self, Tongue};
use crate::model;
use crate::render::{Body, Job, Renderer};
use crate::url::SitePath;
use http::{Request, Response};

/// Where the browser listens for the reload signal; outside any path a site can have.
const EVENTS: &str = "/__cnr/reload";
const RELOAD_SCRIPT: &str =
    "<script>new EventSource(\"/__cnr/reload\").onmessage=function(){location.reload()};</script>";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub model: model::Options,
    pub tongue: Tongue,
}

/// What a rebuild did, for its log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    pub changed: Vec<PathBuf>,
    /// Outputs rendered again; `None` when the site has errors.
    pub rendered: Option<usize>,
    /// Whether the edit was patched into the last build rather than the site built again.
    pub patched: bool,
    pub errors: usize,
    pub elapsed: Duration,
}

/// A running preview.
pub struct Server {
    pub address: SocketAddr,
    preview: Arc<Preview>,
}

impl Server {
    /// Builds the site, starts listening and watching; returns at once.
    pub fn start(options: ServeOptions) -> Result<Server, Errors> {
        let listener = TcpListener::bind((options.bind, options.port))
            .map_err(|e| Error::io(Path::new(&format!("{}:{}", options.bind, options.port)), &e))?;
        let address = listener.local_addr().map_err(|e| Error::io(Path::new("socket"), &e))?;
        let watch = watch::Watch::new(&options.root)?;
        let preview = Arc::new(Preview::new(options)?);
        let accepting = preview.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let preview = accepting.clone();
                std::thread::spawn(move || preview.answer(stream));
            }
        });
        let rebuilding = preview.clone();
        std::thread::spawn(move || {
            while let Some(changed) = watch.next_change() {
                let rebuild = rebuilding.rebuild(&changed);
                rebuilding.log(&rebuild);
            }
        });
        Ok(Server { address, preview })
    }

    /// The signal count: how many rebuilds the browsers were told about.
    pub fn reloads(&self) -> u64 {
        *self.preview.signal.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the rebuild under way, if any, is over, the slower files included.
    pub fn wait_idle(&self) {
        drop(self.preview.state.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// What the last rebuild did.
    pub fn last_rebuild(&self) -> Option<Rebuild> {
        self.preview.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The site as served: the outputs in memory, and how to make them again.
struct Preview {
    options: ServeOptions,
    state: Mutex<State>,
    served: RwLock<Served>,
    /// Rebuild count and a way to wait for the next one.
    signal: (Mutex<u64>, Condvar),
    last: Mutex<Option<Rebuild>>,
}

/// What a rebuild needs from the previous one.
struct State {
    sources: Sources,
    /// The photos' pictures, remade only for photos that changed.
    pictures: Pictures,
    /// The last build without errors, ready to render.
    renderer: Option<Renderer>,
    fingerprints: HashMap<SitePath, u64>,
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

impl Preview {
    fn new(options: ServeOptions) -> Result<Preview, Errors> {
        let sources = load::load(&options.root)?;
        let preview = Preview {
            state: Mutex::new(State {
                sources,
                pictures: Pictures::default(),
                renderer: None,
                fingerprints: HashMap::new(),
            }),
            served: RwLock::new(Served::default()),
            signal: (Mutex::new(0), Condvar::new()),
            last: Mutex::new(None),
            options,
        };
        let first = preview.rebuild(&[]);
        preview.log(&first);
        Ok(preview)
    }

    /// Reads again the files at `changed`, builds the site and renders the outputs whose
    /// fingerprint changed; with errors, the last good outputs stay and the errors are shown.
    fn rebuild(&self, changed: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
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
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(rebuild.clone());
        let (count, changed_signal) = &self.signal;
        *count.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        changed_signal.notify_all();
        if rebuild.patched {
            self.follow_up(&mut state);
        }
        rebuild
    }

    /// Brings the site up to date with the files at `changed`: an edit that changed only what
    /// pages say is patched into the last build; anything else builds the site again. Then the
    /// outputs whose fingerprint changed are rendered and swapped in.
    fn build(&self, state: &mut State, changed: &[PathBuf]) -> Result<(usize, bool), Errors> {
        let change = state.sources.refresh(&self.options.root, changed)?;
        let clean = self.served.read().unwrap_or_else(|e| e.into_inner()).errors.is_empty();
        let patched = match (&change, state.renderer.as_mut()) {
            (Change::Documents(files), Some(renderer)) if clean => renderer
                .site_mut()
                .and_then(|site| model::update(site, &state.sources, files, &self.options.model))
                .map(|pages| renderer.update(&pages))
                .is_some(),
            _ => false,
        };
        if !patched {
            let cache = self.options.root.join(images::CACHE);
            state.pictures =
                images::process(&state.sources.assets, images::Cache::Fill(&cache), Some(&state.pictures), &|_, _| {});
            let previous = state.renderer.as_ref().map(|r| &**r.site());
            let site = model::build(&state.sources, &state.pictures, &self.options.model, previous)?;
            let mut renderer = Renderer::new(Arc::new(site))?;
            renderer.make_cards(&self.options.root.join(crate::cards::CACHE));
            // The last build is freed out of the way of the browsers waiting for the reload.
            let old = state.renderer.replace(renderer);
            std::thread::spawn(move || drop(old));
        }
        let count = self.render_stale(state, |_| true, !patched)?;
        Ok((count, patched))
    }

    /// After the browsers were told about a patched edit: the search index and the sitemap,
    /// slower to make, are made again and swapped in.
    fn follow_up(&self, state: &mut State) {
        if let Some(renderer) = state.renderer.as_mut() {
            renderer.remake();
            // Nothing in them can fail; an error would show at the next edit.
            let _ = self.render_stale(state, Renderer::is_made, false);
        }
    }

    /// Renders the outputs among `which` whose fingerprint changed and swaps them in; with
    /// `replace`, the outputs the build no longer makes are dropped.
    fn render_stale(&self, state: &mut State, which: fn(&Job) -> bool, replace: bool) -> Result<usize, Errors> {
        let renderer = state.renderer.as_ref().expect("a renderer was just made or kept");
        let fingerprints: Vec<(Job, SitePath, u64)> = renderer
            .jobs()
            .into_par_iter()
            .filter(which)
            .map(|job| {
                let (path, print) = (renderer.path(&job), renderer.fingerprint(&job));
                (job, path, print)
            })
            .collect();
        let stale: Vec<&(Job, SitePath, u64)> =
            fingerprints.iter().filter(|(_, path, print)| state.fingerprints.get(path) != Some(print)).collect();
        let rendered: Vec<Result<(SitePath, Output), Error>> = stale
            .par_iter()
            .map(|(job, _, _)| {
                let output = renderer.render(job)?;
                let source = renderer.source(job).map(Path::to_path_buf);
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

    fn log(&self, rebuild: &Rebuild) {
        let fr = self.options.tongue == Tongue::Fr;
        let shown = |p: &PathBuf| p.strip_prefix(".").unwrap_or(p).display().to_string();
        let what = match rebuild.changed.as_slice() {
            [] => {
                if fr {
                    "construction".to_string()
                } else {
                    "build".to_string()
                }
            }
            [one] => shown(one),
            [first, rest @ ..] => format!("{} (+{})", shown(first), rest.len()),
        };
        let ms = rebuild.elapsed.as_millis();
        match (rebuild.rendered, fr) {
            (Some(n @ (0 | 1)), true) => println!("{what} : {n} page rendue en {ms} ms"),
            (Some(n), true) => println!("{what} : {n} pages rendues en {ms} ms"),
            (Some(1), false) => println!("{what}: 1 page rendered in {ms} ms"),
            (Some(n), false) => println!("{what}: {n} pages rendered in {ms} ms"),
            (None, _) => {
                let served = self.served.read().unwrap_or_else(|e| e.into_inner());
                let source = |path: &Path| crate::fsio::read_text(path, path).ok();
                eprint!("{}", messages::report(&served.errors, self.options.tongue, false, source));
                let n = rebuild.errors;
                match (fr, n) {
                    (true, 1) => println!("{what} : 1 erreur ; les dernières pages correctes restent servies"),
                    (true, _) => println!("{what} : {n} erreurs ; les dernières pages correctes restent servies"),
                    (false, 1) => println!("{what}: 1 error; the last good pages are still served"),
                    (false, _) => println!("{what}: {n} errors; the last good pages are still served"),
                }
            }
        }
        let _ = std::io::stdout().flush();
    }

    /// Answers one connection.
    fn answer(&self, stream: TcpStream) {
        let request = match http::read_request(&stream) {
            Ok(request) => request,
            Err(Some(response)) => {
                let _ = http::write_response(&stream, &response, false);
                return;
            }
            Err(None) => return,
        };
        if request.path == EVENTS {
            self.events(stream);
            return;
        }
        let response = self.respond(&request);
        let _ = http::write_response(&stream, &response, request.head);
    }

    fn respond(&self, request: &Request) -> Response {
        let served = self.served.read().unwrap_or_else(|e| e.into_inner());
        let path = request.path.strip_suffix("index.html").unwrap_or(&request.path);
        let found = SitePath::from_link(path).and_then(|p| served.outputs.get_key_value(&p));
        if served.outputs.is_empty() && !served.errors.is_empty() {
            // Nothing was ever built: the errors are all there is to show.
            return Response::new(500, "text/html; charset=utf-8", self.error_page(&served.errors).into_bytes());
        }
        let Some((path, output)) = found else {
            // `/activites/x` → `/activites/x/`.
            let folder = SitePath::from_link(&format!("{path}/"));
            if let Some(folder) = folder.filter(|f| served.outputs.contains_key(f)) {
                let query = if request.query.is_empty() { String::new() } else { format!("?{}", request.query) };
                let mut response = Response::text(301, "");
                response.headers.push(("Location", format!("{folder}{query}")));
                return response;
            }
            return self.not_found(&served, path);
        };
        let content_type = http::content_type(path.output_file().to_string_lossy().as_ref());
        let bytes = match &output.body {
            Body::Bytes(bytes) => bytes.clone(),
            Body::Copy(file) | Body::Link(file) => match std::fs::read(file) {
                Ok(bytes) => bytes,
                Err(_) => return self.not_found(&served, path.as_str()),
            },
        };
        if !content_type.starts_with("text/html") {
            return Response::new(200, content_type, bytes);
        }
        let broken = output.source.as_deref().is_some_and(|s| served.errors.iter().any(|e| e.location.file == s));
        if broken {
            return Response::new(500, content_type, self.error_page(&served.errors).into_bytes());
        }
        Response::new(200, content_type, self.decorate(&bytes, &served.errors))
    }

    /// The site's own 404 page, in the language of the path, with status 404.
    fn not_found(&self, served: &Served, path: &str) -> Response {
        // The 404 page of the longest home that starts the path: `/en/404.html` before `/404.html`.
        let folder = |p: &SitePath| p.as_str().trim_end_matches("404.html").len();
        let page =
            served.not_found.iter().filter(|p| path.starts_with(&p.as_str()[..folder(p)])).max_by_key(|p| folder(p));
        match page.and_then(|p| served.outputs.get(p)).map(|o| &o.body) {
            Some(Body::Bytes(bytes)) => {
                Response::new(404, "text/html; charset=utf-8", self.decorate(bytes, &served.errors))
            }
            _ => Response::text(404, "404"),
        }
    }

    /// A page with the reload script, and the errors on top when the site has some.
    fn decorate(&self, html: &[u8], errors: &[Error]) -> Vec<u8> {
        let html = String::from_utf8_lossy(html);
        let banner = if errors.is_empty() { String::new() } else { self.error_panel(errors) };
        let html = match html.find("<body") {
            Some(at) if !banner.is_empty() => {
                let end = at + html[at..].find('>').map_or(0, |i| i + 1);
                format!("{}{banner}{}", &html[..end], &html[end..])
            }
            _ => html.into_owned(),
        };
        match html.rfind("</body>") {
            Some(at) => format!("{}{RELOAD_SCRIPT}{}", &html[..at], &html[at..]).into_bytes(),
            None => format!("{html}{RELOAD_SCRIPT}").into_bytes(),
        }
    }

    /// The errors as a block of HTML, in the messages' language.
    fn error_panel(&self, errors: &[Error]) -> String {
        let fr = self.options.tongue == Tongue::Fr;
        let mut panel = String::from(
            "<section role=\"alert\" style=\"background:#fff4f4;color:#1b1b1b;border:4px solid #ce1126;padding:1rem;margin:0;font:16px/1.5 system-ui,sans-serif\">",
        );
        let title = if fr { "Le site contient des erreurs" } else { "The site has errors" };
        panel.push_str(&format!("<h1 style=\"font-size:1.25rem;margin:0 0 .5rem\">{title}</h1><ul>"));
        for error in errors {
            let (message, hint) = messages::describe(&error.problem, self.options.tongue);
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

    /// Server-sent events: one `reload` message after each rebuild.
    fn events(&self, mut stream: TcpStream) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let (count, changed) = &self.signal;
        let mut seen = *count.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let guard = count.lock().unwrap_or_else(|e| e.into_inner());
            let (guard, _) = changed
                .wait_timeout_while(guard, Duration::from_secs(15), |now| *now == seen)
                .unwrap_or_else(|e| e.into_inner());
            let now = *guard;
            drop(guard);
            // A comment when nothing happened, to notice browsers that left.
            let message = if now == seen { ": ping\n\n".to_string() } else { format!("data: reload {now}\n\n") };
            seen = now;
            if stream.write_all(message.as_bytes()).and_then(|()| stream.flush()).is_err() {
                return;
            }
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Runs the preview until the process is stopped, printing the address to open.
pub fn serve(options: ServeOptions) -> Result<(), Errors> {
    let fr = options.tongue == Tongue::Fr;
    let server = Server::start(options)?;
    if fr {
        println!("Aperçu du site : http://{}/ (Ctrl+C pour arrêter)", server.address);
    } else {
        println!("Site preview: http://{}/ (Ctrl+C to stop)", server.address);
    }
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}

//! `cnr-site serve`: the site built in memory and served on 127.0.0.1 (or `--bind`), rebuilt
//! when a file changes, rendering again only the outputs the change touched, and the browser
//! reloaded after each rebuild. `public/` is never written.
//!
//! [`watch`] gathers the file system's events into changes, [`refresh`] reads again what they
//! touched, [`preview`] holds the outputs and rebuilds them with the build's own stages, and
//! [`http`] answers browsers.

mod handle;
mod http;
mod preview;
mod refresh;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Errors};
use crate::messages::{self, Tongue};
use crate::model;
pub use handle::{Handle, Trial};
use preview::Preview;
pub use preview::content_type;

/// What a command adds to the preview (the editor): its routes, and the address of the page
/// that edits a content file (content-relative), which every previewed page made from a file
/// links to.
pub struct Extension {
    pub router: axum::Router,
    pub edit_url: fn(&Path) -> String,
}

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
        Server::start_with(options, |_, _| None)
    }

    /// Like [`Server::start`], with what `extend` adds once the site is built, given the
    /// address the preview listens on.
    pub fn start_with(
        options: ServeOptions,
        extend: impl FnOnce(Handle, SocketAddr) -> Option<Extension>,
    ) -> Result<Server, Errors> {
        let shown = format!("{}:{}", options.bind, options.port);
        let listener = TcpListener::bind((options.bind, options.port)).map_err(|e| Error::io(Path::new(&shown), &e))?;
        let address = listener.local_addr().map_err(|e| Error::io(Path::new(&shown), &e))?;
        let mut watch = watch::Watch::new(&options.root)?;
        let preview = Arc::new(Preview::new(options)?);
        let mut router = http::router(preview.clone());
        if let Some(extension) = extend(Handle(preview.clone()), address) {
            let _ = preview.edit_url.set(extension.edit_url);
            router = extension.router.merge(router);
        }
        http::spawn(listener, router).map_err(|e| Error::io(Path::new(&shown), &e))?;
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
        self.preview.reload_count()
    }

    /// Waits for the signal count to pass `seen`, at most `timeout`; returns the count then.
    pub fn wait_reload(&self, seen: u64, timeout: Duration) -> u64 {
        self.preview.wait_signal(seen, timeout)
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

/// Runs the preview until the process is stopped, printing the address to open.
pub fn serve(options: ServeOptions) -> Result<(), Errors> {
    serve_with(options, |_, _| None)
}

/// Like [`serve`], with what `extend` adds.
pub fn serve_with(
    options: ServeOptions,
    extend: impl FnOnce(Handle, SocketAddr) -> Option<Extension>,
) -> Result<(), Errors> {
    let tongue = options.tongue;
    let server = Server::start_with(options, extend)?;
    println!("{}", messages::serving(&server.address.to_string(), tongue));
    let _ = std::io::Write::flush(&mut std::io::stdout());
    loop {
        std::thread::park();
    }
}

//! Watching the site's files: `site.yaml`, `content/` and `themes/`. An editor's save is often
//! a burst of events (a temporary file, a rename, a write): they are gathered into one change,
//! and the editors' temporary files are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher, event::AccessKind, event::AccessMode};

use crate::error::Error;

/// Quiet time that ends a burst of events, and the longest a burst may last.
const QUIET: Duration = Duration::from_millis(15);
const LONGEST: Duration = Duration::from_millis(250);

pub struct Watch {
    // Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// The site's folder as given, and as the system names it in events.
    root: PathBuf,
    absolute: PathBuf,
}

impl Watch {
    pub fn new(root: &Path) -> Result<Watch, Error> {
        let (sender, events) = channel();
        let io = |path: &Path, e: notify::Error| Error::io(path, &std::io::Error::other(e.to_string()));
        let mut watcher = notify::recommended_watcher(sender).map_err(|e| io(root, e))?;
        // The root itself only for `site.yaml`: `public/` and `target/` are not watched.
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| io(root, e))?;
        for dir in ["content", "themes"] {
            let path = root.join(dir);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive).map_err(|e| io(&path, e))?;
            }
        }
        let absolute = root.canonicalize().map_err(|e| Error::io(root, &e))?;
        Ok(Watch { _watcher: watcher, events, root: root.to_path_buf(), absolute })
    }

    /// Waits for the next change and returns the files it touched; `None` when watching ended.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut paths = BTreeSet::new();
            take(self.events.recv().ok()?, &mut paths);
            let start = Instant::now();
            while start.elapsed() < LONGEST {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => take(event, &mut paths),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !paths.is_empty() {
                // Events name files from the system's root; the site names them from its folder.
                let under_root = |p: PathBuf| match p.strip_prefix(&self.absolute) {
                    Ok(rel) => self.root.join(rel),
                    Err(_) => p,
                };
                return Some(paths.into_iter().map(under_root).collect());
            }
        }
    }
}

fn take(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    let relevant = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    );
    if relevant {
        paths.extend(event.paths.into_iter().filter(|p| !is_temporary(p)));
    }
}

/// Files editors write beside the real one: `.x.swp` (vim), `x~`, `.#x` (emacs), `4913`.
pub fn is_temporary(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload", ".part"].iter().any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temporary_files_are_left_out() {
        for name in [".x.md.swp", "x.md~", ".#x.md", "4913", "#x.md#", "x.md.tmp", ".DS_Store"] {
            assert!(is_temporary(Path::new(name)), "{name}");
        }
        for name in ["x.md", "site.yaml", "photo.jpg", "2026-02-06-a.en.md"] {
            assert!(!is_temporary(Path::new(name)), "{name}");
        }
    }
}

//! Watching the site's files: `site.yaml`, `content/` and `themes/`. An editor's save is often
//! a burst of events (a temporary file, a rename, a write): they are gathered into one change,
//! and the editors' temporary files are left out. A watched folder replaced by another of the
//! same name (`git checkout`, a sync tool, `mv content content.old && cp -r …`) is watched
//! again, and counts as a change of everything in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher, event::AccessKind, event::AccessMode};

use crate::error::Error;

/// Quiet time that ends a burst of events, and the longest a burst may last.
const QUIET: Duration = Duration::from_millis(15);
const LONGEST: Duration = Duration::from_millis(250);

/// The folders of the site that are watched with all they hold.
const FOLDERS: [&str; 3] = ["content", "themes", "static"];

type Events = Receiver<notify::Result<notify::Event>>;

pub struct Watch {
    watcher: notify::RecommendedWatcher,
    events: Events,
    /// The site's folder as given, and as the system names it in events.
    root: PathBuf,
    absolute: PathBuf,
}

fn io(path: &Path, e: notify::Error) -> Error {
    Error::io(path, &std::io::Error::other(e.to_string()))
}

impl Watch {
    pub fn new(root: &Path) -> Result<Watch, Error> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(|e| io(root, e))?;
        // The root itself only for `site.yaml` and the folders: `public/` and `target/` are not watched.
        watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| io(root, e))?;
        let absolute = root.canonicalize().map_err(|e| Error::io(root, &e))?;
        let mut watch = Watch { watcher, events, root: root.to_path_buf(), absolute };
        for folder in FOLDERS {
            watch.watch_folder(folder);
        }
        Ok(watch)
    }

    /// Watches a folder of the site anew, whatever was watched under its name before.
    fn watch_folder(&mut self, folder: &str) {
        let path = self.root.join(folder);
        let _ = self.watcher.unwatch(&path);
        if path.is_dir() {
            // A folder that cannot be watched is read at each change of another file anyway.
            let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
        }
    }

    /// Waits for the next change and returns the files it touched; `None` when watching ended.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let paths = gather(&self.events, QUIET, LONGEST)?;
            // Events name files from the system's root; the site names them from its folder.
            let paths: Vec<PathBuf> = paths
                .into_iter()
                .map(|p| match p.strip_prefix(&self.absolute) {
                    Ok(rel) => self.root.join(rel),
                    Err(_) => p,
                })
                .collect();
            for folder in FOLDERS {
                if paths.iter().any(|p| p == &self.root.join(folder)) {
                    self.watch_folder(folder);
                }
            }
            if !paths.is_empty() {
                return Some(paths);
            }
        }
    }
}

/// Gathers a burst of events: waits for one, then takes the others until `quiet` passes
/// without any, or `longest` since the first. The files they touched, temporary files left
/// out; `None` when the events ended.
fn gather(events: &Events, quiet: Duration, longest: Duration) -> Option<BTreeSet<PathBuf>> {
    let mut paths = BTreeSet::new();
    take(events.recv().ok()?, &mut paths);
    let start = Instant::now();
    while start.elapsed() < longest {
        match events.recv_timeout(quiet) {
            Ok(event) => take(event, &mut paths),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(paths)
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
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};

    #[test]
    fn editors_temporary_files_are_left_out() {
        for name in [".x.md.swp", "x.md~", ".#x.md", "4913", "#x.md#", "x.md.tmp", ".DS_Store"] {
            assert!(is_temporary(Path::new(name)), "{name}");
        }
        for name in ["x.md", "site.yaml", "photo.jpg", "2026-02-06-a.en.md"] {
            assert!(!is_temporary(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_burst_of_events_is_one_change() {
        let (sender, events) = channel();
        let event = |kind: EventKind, path: &str| Ok(notify::Event::new(kind).add_path(PathBuf::from(path)));
        // A save as editors make it: a backup, the file emptied and written in pieces, the backup gone.
        for (kind, path) in [
            (EventKind::Create(CreateKind::File), "/s/content/a.md~"),
            (EventKind::Modify(ModifyKind::Data(DataChange::Content)), "/s/content/a.md"),
            (EventKind::Modify(ModifyKind::Data(DataChange::Content)), "/s/content/a.md"),
            (EventKind::Access(AccessKind::Close(AccessMode::Write)), "/s/content/a.md"),
            (EventKind::Remove(RemoveKind::File), "/s/content/a.md~"),
            (EventKind::Access(AccessKind::Read), "/s/content/b.md"),
        ] {
            sender.send(event(kind, path)).unwrap();
        }
        // All are waiting already: however slow the machine, they make one change.
        let change = gather(&events, QUIET, Duration::from_secs(60)).unwrap();
        assert_eq!(change, BTreeSet::from([PathBuf::from("/s/content/a.md")]));
        drop(sender);
        assert_eq!(gather(&events, QUIET, LONGEST), None, "no more events");
    }
}

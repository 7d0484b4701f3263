//! `cnr-site deploy`: publishes the built site on its server (SFTP, FTPS, FTP, or a folder),
//! sending only what the server does not hold, in an order that never shows a visitor a
//! broken page, and going on after a dropped connection without sending anything twice.
//!
//! The output's manifest ([`crate::manifest`]) says what the site is; the record kept beside
//! it on the server ([`remote`]) says what the server holds; the [`plan`] is the difference.
//! Each file is sent under a temporary name in its folder, then renamed: no visitor ever
//! gets half a file, and a file half-sent when the connection dropped is finished, not sent
//! again.

mod file;
mod ftp;
pub mod journal;
mod link;
pub mod plan;
mod remote;
mod sftp;
pub mod terminal;
pub mod transport;

use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{Error, Errors, Expected, Location, Problem};
use crate::manifest::{Entry, Manifest};
use crate::target::{Protocol, Target, TargetError};
use crate::url::OutputFile;
use journal::{Known, Line};
use link::Link;
use plan::Plan;
use remote::Remote;
pub use transport::Credentials;

/// What a deploy tells as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// The target sends the password and the files in clear.
    Insecure,
    /// Reading what the server holds.
    Reading,
    /// Listing every folder of the server: how many so far.
    Surveyed {
        folders: usize,
    },
    /// What will be done.
    Planned(&'a Plan),
    /// A file is being sent; the first `skipped` bytes are on the server already.
    Sending {
        path: &'a OutputFile,
        skipped: u64,
    },
    /// Bytes of a file were sent.
    Sent(u64),
    Removing(&'a OutputFile),
    /// The connection dropped: trying again after a pause.
    Retry {
        attempt: u32,
        of: u32,
        delay: Duration,
        reason: &'a str,
    },
}

/// The person running the deploy: asked for a password or to trust a server, told of progress.
pub trait Ui {
    /// The password of `user` on `host`; `None` if no one can be asked.
    fn password(&self, user: &str, host: &str) -> Option<String>;
    /// Whether to trust a server never met, whose key has this fingerprint; `false` if no one
    /// can be asked.
    fn trust(&self, host: &str, fingerprint: &str) -> bool;
    fn event(&self, event: Event<'_>);
}

/// What `cnr-site deploy` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder: `site.yaml` names the target; `.cache/deploy/` keeps a copy of the
    /// server's record.
    pub root: PathBuf,
    /// The built site.
    pub output: PathBuf,
    /// Publish there instead of `site.yaml`'s target.
    pub target: Option<String>,
    /// Only tell what would be sent and removed.
    pub dry_run: bool,
    /// List every folder of the server instead of trusting the record.
    pub verify: bool,
    pub credentials: Credentials,
}

/// What a deploy did, or would do with `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The files sent, in the order sent, with their sizes.
    pub sent: Vec<(OutputFile, u64)>,
    pub removed: Vec<OutputFile>,
    /// The bytes of files sent, counting again what was sent again after a dropped connection.
    pub bytes: u64,
    /// The bytes of the record on the server sent and received.
    pub record_sent: u64,
    pub record_received: u64,
    /// Files on the server that cnr-site did not put there, left alone.
    pub foreign: usize,
    pub reconnections: u32,
    pub elapsed: Duration,
    pub dry_run: bool,
}

/// The most files, and bytes, sent between two lines of the journal.
const BATCH_FILES: usize = 256;
const BATCH_BYTES: u64 = 4 * 1024 * 1024;

/// Publishes the site built in `options.output`.
pub fn deploy(options: &Options, ui: &dyn Ui) -> Result<Summary, Errors> {
    let start = Instant::now();
    let local = Manifest::read(&options.output)?
        .ok_or_else(|| Error::at(Location::file(&options.output), Problem::NotBuilt))?;
    let (target, place) = target(options)?;
    if target.protocol == Protocol::Ftp {
        ui.event(Event::Insecure);
    }
    ui.event(Event::Reading);
    let mut link = Link::open(&target, &options.credentials, ui, place)?;
    let cache = remote::Cache::new(&options.root, &target);
    let mut remote = remote::read(&mut link, cache, options.verify, &local, ui)?;
    let plan = Plan::new(&local, &remote);
    ui.event(Event::Planned(&plan));
    let bytes = if options.dry_run { 0 } else { execute(&mut link, &mut remote, &plan, &local, &options.output, ui)? };
    Ok(Summary {
        sent: plan.send.iter().map(|(path, entry)| (path.clone(), entry.size)).collect(),
        removed: plan.remove.clone(),
        bytes,
        record_sent: remote.sent,
        record_received: remote.received,
        foreign: remote.foreign,
        reconnections: link.reconnections,
        elapsed: start.elapsed(),
        dry_run: options.dry_run,
    })
}

/// The target given on the command line, or `site.yaml`'s, with where errors about it point.
fn target(options: &Options) -> Result<(Target, Location), Errors> {
    if let Some(text) = &options.target {
        let place = Location::file(Path::new(text));
        return match Target::parse(text) {
            Ok(target) => Ok((target, place)),
            // The password is not repeated on the screen.
            Err(TargetError::Password) => {
                Err(Error::at(Location::file(Path::new("--target")), Problem::PasswordInTarget).into())
            }
            Err(TargetError::NotATarget) => {
                let problem =
                    Problem::Invalid { key: "--target".into(), value: text.clone(), expected: Expected::DeployTarget };
                Err(Error::at(place, problem).into())
            }
        };
    }
    let config = Config::load(&options.root)?;
    match config.deploy {
        Some(deploy) => Ok((deploy.target, Location::line(&config.file, deploy.line))),
        None => Err(Error::at(Location::file(&config.file), Problem::NoTarget).into()),
    }
}

/// Does what the plan says; returns the bytes of files sent.
fn execute(
    link: &mut Link,
    remote: &mut Remote,
    plan: &Plan,
    local: &Manifest,
    output: &Path,
    ui: &dyn Ui,
) -> Result<u64, Error> {
    for folder in &plan.folders {
        link.run(|t| t.make_folder(folder))?;
    }
    remote.prepare(link)?;
    for stale in std::mem::take(&mut remote.stale) {
        link.run(|t| t.remove(&stale))?;
    }
    let mut bytes = 0;
    for batch in batches(&plan.send) {
        let lines = batch.iter().map(|(path, entry)| Line::Put { path: path.clone(), known: known(entry) }).collect();
        remote.intend(link, lines)?;
        for (path, entry) in batch {
            bytes += upload(link, remote, output, path, entry, ui)?;
        }
    }
    if !plan.remove.is_empty() {
        remote.intend(link, plan.remove.iter().cloned().map(Line::Del).collect())?;
        for path in &plan.remove {
            ui.event(Event::Removing(path));
            link.run(|t| t.remove(path.as_str()))?;
        }
        for folder in &plan.empty {
            link.run(|t| t.remove_folder(folder))?;
        }
    }
    remote.finish(link, local)?;
    Ok(bytes)
}

fn known(entry: &Entry) -> Known {
    Known { hash: Some(entry.hash.clone()), size: entry.size }
}

/// The files to send, in groups written down together in the journal.
fn batches(send: &[(OutputFile, Entry)]) -> Vec<&[(OutputFile, Entry)]> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (_, entry)) in send.iter().enumerate() {
        if i > start && (i - start == BATCH_FILES || bytes + entry.size > BATCH_BYTES) {
            batches.push(&send[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += entry.size;
    }
    if start < send.len() {
        batches.push(&send[start..]);
    }
    batches
}

/// Sends one file under its temporary name, from where an earlier try stopped, then renames
/// it into place. Returns the bytes sent.
fn upload(
    link: &mut Link,
    remote: &Remote,
    output: &Path,
    path: &OutputFile,
    entry: &Entry,
    ui: &dyn Ui,
) -> Result<u64, Error> {
    let temporary = remote::temporary(path, &entry.hash);
    let exists = remote.files.contains_key(path);
    let source = output.join(path.as_str());
    let mut file = std::fs::File::open(&source).map_err(|error| Error::io(&source, &error))?;
    let mut resume = remote.partial.get(&temporary).copied();
    let (mut tried, mut sent) = (false, 0);
    link.run(|t| {
        // After a dropped connection, part of the file may be there already.
        if std::mem::replace(&mut tried, true) {
            resume = t.size(&temporary)?;
        }
        let from = resume.filter(|&size| size <= entry.size).unwrap_or(0);
        ui.event(Event::Sending { path, skipped: from });
        if from == 0 || from < entry.size {
            let local = |error: std::io::Error| transport::Failure::Refused(format!("{}: {error}", source.display()));
            file.seek(SeekFrom::Start(from)).map_err(local)?;
            t.write(&temporary, from, &mut file, &mut |n| {
                sent += n;
                ui.event(Event::Sent(n));
            })?;
        }
        t.rename(&temporary, path.as_str(), exists)
    })?;
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Stage, entry_of_bytes};

    #[test]
    fn batches_hold_a_bounded_number_of_files_and_bytes() {
        let file = |i: usize, size: usize| {
            (OutputFile::parse(&format!("f{i}")).unwrap(), entry_of_bytes(&vec![0; size], Stage::Page))
        };
        let small: Vec<_> = (0..600).map(|i| file(i, 10)).collect();
        let sizes: Vec<usize> = batches(&small).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, [256, 256, 88]);
        let big: Vec<_> = (0..5).map(|i| file(i, 3 * 1024 * 1024)).collect();
        assert_eq!(batches(&big).len(), 5, "a file bigger than a batch makes one of its own");
        assert!(batches(&[]).is_empty());
    }
}

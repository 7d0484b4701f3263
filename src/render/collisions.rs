//! Outputs written at the same place. Any two: a content file's page or copy where another is,
//! or where the site publishes a page it makes itself (`content/index.html` over the home page,
//! an activity's `slug: "2026"` over the year's archive), or two such pages (a topics path that
//! is a section's). And, apart, where one is the page of an old address (`aliases:`): it
//! and any other output (a list's next page, a tag, an archive, a feed, a card, a copied file, a
//! redirect file, another old address), or a file where its folder would be. Each is an error
//! at the old address naming the other. The model already compared old addresses with pages,
//! lists and copied files by path; here every output is compared by the file it is written to,
//! which only the render stage knows, regardless of case as the model does.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::jobs::{Job, Outputs};
use super::{redirects, sitemap};
use crate::error::{Error, Occupant, Problem};
use crate::url::{OutputFile, SitePath};

/// The files made whole that an old address's page could meet. (The parts of the search index,
/// in the search page's folder, are `.json` files, which no old address's page is.)
const MADE: [&str; 5] = [sitemap::SITEMAP, sitemap::ROBOTS, redirects::NETLIFY, redirects::NGINX, redirects::APACHE];

/// A file of the output in lower case: two names that differ by case alone are one file for
/// nginx's `map` and for the file systems of Windows and macOS.
fn key(path: &SitePath) -> String {
    OutputFile::of(path).as_str().to_lowercase()
}

/// What an output is, in a message: the content file it comes from, or its address.
fn occupant(outputs: &Outputs, job: Option<&Job>, path: &SitePath) -> Occupant {
    let shown = |file: &Path| Occupant::File(file.strip_prefix(".").unwrap_or(file).display().to_string());
    let file = match job {
        Some(job @ (Job::Page(_) | Job::List(_, 1) | Job::Alias(_))) => outputs.source(job).map(shown),
        Some(Job::File(id)) => Some(shown(&outputs.site.files[*id].shown)),
        _ => None,
    };
    file.unwrap_or_else(|| Occupant::Generated(path.to_string()))
}

/// Every two outputs, other than old addresses' pages and share cards (which have their own
/// checks), written to one file. The content file that would replace another output is told;
/// when neither comes from a content file, two paths of `site.yaml` meet.
pub(super) fn outputs(outputs: Outputs) -> Vec<Error> {
    let site = outputs.site;
    let mut seen: HashMap<String, (Option<Job>, SitePath)> = HashMap::new();
    let mut errors = Vec::new();
    let jobs = outputs.jobs().into_iter().filter(|job| !matches!(job, Job::Alias(_) | Job::Card(..)));
    let jobs = jobs.map(|job| (outputs.path(&job), Some(job)));
    let made = MADE.iter().filter_map(|at| SitePath::from_link(at)).map(|path| (path, None));
    for (path, job) in jobs.chain(made) {
        let Some((first, first_path)) = seen.get(&key(&path)) else {
            seen.insert(key(&path), (job, path));
            continue;
        };
        let file = OutputFile::of(&path).to_string();
        // The side that comes from a content file is where the mistake is told.
        let (here, there, there_path) = match (occupant(&outputs, job.as_ref(), &path), first) {
            // Two content files at one address: the model told it by their names (`DuplicateUrl`).
            (Occupant::File(_), _)
                if path == *first_path
                    && matches!(occupant(&outputs, first.as_ref(), first_path), Occupant::File(_)) =>
            {
                continue;
            }
            (Occupant::File(here), _) => (Some(here), first.as_ref(), first_path),
            (Occupant::Generated(_), first) => match occupant(&outputs, first.as_ref(), first_path) {
                Occupant::File(here) => (Some(here), job.as_ref(), &path),
                Occupant::Generated(_) => (None, None, &path),
            },
        };
        errors.push(match here {
            Some(here) => Error::at(
                crate::error::Location::file(Path::new(&here)),
                Problem::OutputCollision { file, other: occupant(&outputs, there, there_path) },
            ),
            None => Error::at(crate::error::Location::file(&site.config.file), Problem::PathsCollide { file }),
        });
    }
    errors
}

/// Every collision of an old address's page with another output.
pub(super) fn collisions(outputs: Outputs) -> Vec<Error> {
    let site = outputs.site;
    let error = |id: usize, other: Occupant| {
        let alias = &site.aliases[id];
        Error::at(alias.location.clone(), Problem::AliasCollision { alias: alias.from.to_string(), other })
    };
    // The old addresses' pages by their file, and the folders those files need.
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    let mut folders: HashMap<String, Vec<usize>> = HashMap::new();
    let mut errors = Vec::new();
    for (id, alias) in site.aliases.iter().enumerate() {
        let Some(page) = &alias.page else { continue };
        let file = key(page);
        for (at, _) in file.match_indices('/') {
            folders.entry(file[..at].to_string()).or_default().push(id);
        }
        match files.get(&file) {
            Some(&other) => errors.push(error(id, occupant(&outputs, Some(&Job::Alias(other)), page))),
            None => {
                files.insert(file, id);
            }
        }
    }
    if files.is_empty() {
        return errors;
    }
    let jobs = outputs
        .jobs()
        .into_iter()
        .filter(|job| !matches!(job, Job::Alias(_)))
        .map(|job| (outputs.path(&job), Some(job)));
    let made = MADE.iter().filter_map(|at| SitePath::from_link(at)).map(|path| (path, None));
    for (path, job) in jobs.chain(made) {
        let file = key(&path);
        let hit = files.get(&file).into_iter().chain(folders.get(&file).into_iter().flatten());
        errors.extend(hit.map(|&alias| error(alias, occupant(&outputs, job.as_ref(), &path))));
    }
    // An old address's page where another one's folder would be.
    for (file, &id) in &files {
        for &other in folders.get(file).into_iter().flatten() {
            let page = site.aliases[id].page.as_ref().expect("old addresses with a page");
            errors.push(error(other, occupant(&outputs, Some(&Job::Alias(id)), page)));
        }
    }
    errors
}

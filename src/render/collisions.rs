//! Outputs written at the same place, where one is the page of an old address (`aliases:`): it
//! and any other output (a list's next page, a tag, an archive, a feed, a card, a copied file, a
//! redirect file, another old address), or a file where its folder would be. Each is an error
//! at the old address naming the other. The model already compared old addresses
//! with pages, lists and copied files by path; here every output is compared by the file it is
//! written to, which only the render stage knows, regardless of case as the model does.

use std::collections::HashMap;
use std::path::Path;

use super::jobs::{Job, Outputs};
use super::{redirects, sitemap};
use crate::error::{Error, Location, Occupant, Problem};
use crate::url::{OutputFile, SitePath};

/// What is written at a file of the output, and where the old address that asks for it is
/// written, when it is one.
struct Claim {
    occupant: Occupant,
    alias: Option<(String, Location)>,
}

/// What an output is, in a message: the content file it comes from, or its address.
fn claim(outputs: &Outputs, job: &Job, path: &SitePath) -> Claim {
    let site = outputs.site;
    let shown = |file: &Path| Occupant::File(file.strip_prefix(".").unwrap_or(file).display().to_string());
    let occupant = match job {
        Job::Page(_) | Job::List(_, 1) | Job::Alias(_) => outputs.source(job).map(shown),
        Job::File(id) => Some(shown(&site.files[*id].source)),
        _ => None,
    };
    let alias = match job {
        Job::Alias(id) => Some((site.aliases[*id].from.to_string(), site.aliases[*id].location.clone())),
        _ => None,
    };
    Claim { occupant: occupant.unwrap_or_else(|| Occupant::Generated(path.to_string())), alias }
}

/// Every collision of an old address's page with another output.
pub(super) fn collisions(outputs: Outputs) -> Vec<Error> {
    let mut errors = Vec::new();
    // By the file each is written to, in lower case.
    let mut claims: HashMap<String, Claim> = HashMap::new();
    let key = |file: &OutputFile| file.as_str().to_lowercase();
    // The files made whole that an old address's page could meet: the search index's parts,
    // in the search page's folder, are `.json` files, which no old address's page is.
    let made = [sitemap::SITEMAP, sitemap::ROBOTS, redirects::NETLIFY, redirects::NGINX, redirects::APACHE];
    for path in made.iter().filter_map(|p| SitePath::from_link(p)) {
        claims.insert(
            key(&OutputFile::of(&path)),
            Claim { occupant: Occupant::Generated(path.to_string()), alias: None },
        );
    }
    let mut aliases = Vec::new();
    for job in outputs.jobs() {
        let path = outputs.path(&job);
        let (file, new) = (key(&OutputFile::of(&path)), claim(&outputs, &job, &path));
        match claims.get(&file) {
            None => {
                if let Some(alias) = &new.alias {
                    aliases.push((file.clone(), alias.clone()));
                }
                claims.insert(file, new);
            }
            Some(old) => errors.extend(collision(old, &new)),
        }
    }
    // A folder of an old address's page that is a file of the site: `/robots.txt/`.
    for (file, (alias, location)) in aliases {
        let folders = file.match_indices('/').map(|(at, _)| &file[..at]);
        for other in folders.filter_map(|folder| claims.get(folder)) {
            let problem = Problem::AliasCollision { alias: alias.clone(), other: other.occupant.clone() };
            errors.push(Error::at(location.clone(), problem));
        }
    }
    errors
}

/// The error of two outputs at the same file, when one of them is an old address's page: at
/// the old address.
fn collision(old: &Claim, new: &Claim) -> Option<Error> {
    let problem = |alias: &str, other: &Claim| Problem::AliasCollision {
        alias: alias.to_string(),
        other: other.occupant.clone(),
    };
    match (&old.alias, &new.alias) {
        (_, Some((alias, location))) => Some(Error::at(location.clone(), problem(alias, old))),
        (Some((alias, location)), None) => Some(Error::at(location.clone(), problem(alias, new))),
        (None, None) => None,
    }
}

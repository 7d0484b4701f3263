//! `cnr-site check`: in one run, everything a build would stop on (errors of every file, links
//! and anchors that lead nowhere) and every warning (translations, typography, pasted HTML…),
//! even when some files have errors: those are left out, and links to them are not reported
//! as broken. Writes nothing.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::{images, load, model, render, verify};

/// Errors and warnings for the site at `root`, sorted by file and line.
pub fn check(root: &Path, options: &model::Options) -> Vec<Error> {
    let sources = match load::load(root) {
        Ok(sources) => sources,
        Err(errors) => return errors.0,
    };
    // Photos already made are in the cache: checking them again costs little.
    let pictures = images::process(&sources.assets, images::Cache::Read(&root.join(images::CACHE)), None, &|_, _| {});
    let (site, mut found) = model::model(&sources, &pictures, options, None);
    found.extend(verify::warnings(&sources, &site));
    let site = Arc::new(site);
    match render::render_all(site.clone()) {
        Err(errors) => found.extend(render::dedup(errors.0).0),
        Ok((outputs, failed)) => {
            let (paths, errors): (Vec<_>, Vec<_>) = failed.into_iter().unzip();
            found.extend(render::dedup(errors).0);
            let anchors = verify::Anchors::new(outputs.into_iter().map(|o| (o.path, o.ids))).unknown(paths);
            found.extend(verify::links(&site, &anchors));
        }
    }
    Errors::sorted(found).0
}

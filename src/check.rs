//! `cnr-site check`: in one run, everything a build would stop on (errors of every file, links
//! and anchors that lead nowhere) and every warning (translations, typography, pasted HTML,
//! addresses of the last build that would disappear…), even when some files have errors: those
//! are left out, and links to them are not reported as broken. Writes nothing.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::manifest::Manifest;
use crate::model::Site;
use crate::url::OutputFile;
use crate::{addresses, images, load, model, render, verify};

/// Errors and warnings for the site at `root`, sorted by file and line; `output` holds the last
/// build, whose addresses must keep working.
pub fn check(root: &Path, output: &Path, options: &model::Options) -> Vec<Error> {
    let sources = match load::load(root) {
        Ok(sources) => sources,
        Err(errors) => return errors.0,
    };
    // Photos already made are in the cache: checking them again costs little.
    let pictures = images::Pictures::new(&sources.assets, &root.join(images::CACHE), None);
    let (site, mut found) = model::model(&sources, &pictures, options, None);
    found.extend(images::make(site.photos.values(), images::Cache::Read, &|_, _| {}));
    found.extend(verify::warnings(&sources, &site));
    let site = Arc::new(site);
    match render::render_all(site.clone()) {
        Err(errors) => found.extend(render::dedup(errors.0).0),
        Ok((outputs, failed)) => {
            let (paths, errors): (Vec<_>, Vec<_>) = failed.into_iter().unzip();
            found.extend(render::dedup(errors).0);
            // An output that failed is published once its template is fixed: its address stays.
            let published = outputs.iter().map(|o| &o.path).chain(&paths).map(OutputFile::of).collect();
            found.extend(addresses_kept(&site, output, &published, &sources.shown_root));
            let anchors = verify::Anchors::new(outputs.into_iter().map(|o| (o.path, o.ids))).unknown(paths);
            found.extend(verify::links(&site, &anchors));
        }
    }
    Errors::sorted(found).0
}

/// What [`addresses::compare`] warns of, the last build's manifest read from `output`; but not
/// the addresses of pages refused for their errors: these are told, and not gone for good.
fn addresses_kept(site: &Site, output: &Path, published: &HashSet<OutputFile>, shown_root: &Path) -> Vec<Error> {
    let previous = Manifest::read(output).ok().flatten();
    let refused: HashSet<&Path> = site.refused.iter().map(|(file, _)| file.as_path()).collect();
    let mut warnings = addresses::compare(site, previous.as_ref(), output, published, shown_root);
    warnings.retain(|warning| !refused.contains(warning.location.file.as_path()));
    warnings
}

//! Times each stage of a build of a site folder, in memory: load, model (Markdown included),
//! model again with the previous build's texts (what `serve` does after an edit), render.
//!
//!     cargo run --release --example stages -- SITE_FOLDER [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use cnr_site::{images, load, model, render};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: stages SITE_FOLDER [ROUNDS]"));
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let options = model::Options { drafts: false, today: chrono::Local::now().date_naive(), base_url: None };
    for _ in 0..rounds {
        let start = Instant::now();
        let sources = load::load(&root).unwrap_or_else(|e| panic!("{e}"));
        let pictures = images::process(&sources.assets, &root.join(images::CACHE), None, &|_, _| {});
        let loaded = start.elapsed();
        let site = model::build(&sources, &pictures, &options, None).unwrap_or_else(|e| panic!("{e}"));
        let modelled = start.elapsed();
        let again = model::build(&sources, &pictures, &options, Some(&site)).unwrap_or_else(|e| panic!("{e}"));
        let remodelled = start.elapsed();
        let again = std::sync::Arc::new(again);
        let renderer = render::Renderer::new(again.clone()).unwrap_or_else(|e| panic!("{e}"));
        let prepared = start.elapsed();
        let outputs = render::render(again).unwrap_or_else(|e| panic!("{e}"));
        let rendered = start.elapsed();
        drop((renderer, site));
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "load {:.1} ms, model {:.1} ms, model again {:.1} ms, renderer {:.1} ms, render {} outputs {:.1} ms",
            ms(loaded),
            ms(modelled - loaded),
            ms(remodelled - modelled),
            ms(prepared - remodelled),
            outputs.len(),
            ms(rendered - prepared),
        );
    }
}

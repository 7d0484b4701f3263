//! Fuzzes what an editor's file goes through: front-matter splitting, YAML parsing of a
//! page's and a section's front-matter, Markdown rendering with link resolution, and the
//! typography check and the French typography of the page. Nothing may panic, whatever the
//! bytes. (Bytes that are not UTF-8 are reported by the loader before any of this.)
#![no_main]

use std::path::Path;

use cnr_site::error::Problem;
use cnr_site::frontmatter::{self, PageMeta, SectionMeta};
use cnr_site::html::{Links, Pass};
use cnr_site::markdown::Destination;
use cnr_site::typography::Rules;
use cnr_site::{markdown, typography, video, yaml};
use libfuzzer_sys::fuzz_target;

/// Resolves every link to itself, as the site would for a web address.
struct Echo;

impl markdown::Links for Echo {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        if dest.ends_with(".md") { Err(Problem::BrokenLink { target: dest.into() }) } else { Ok(dest.into()) }
    }
    fn image(&self, dest: &str) -> Result<Destination, Problem> {
        Ok(Destination::Url(dest.into()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = Path::new("content/activites/x.md");
    let Ok(split) = frontmatter::split(text) else { return };
    let _ = yaml::parse::<PageMeta>(split.yaml, file, split.yaml_line).map(|e| e.title.len());
    let _ = yaml::parse::<SectionMeta>(split.yaml, file, split.yaml_line);
    let (rendered, problems) = markdown::render(split.body, &Echo, &video::Words::default());
    for ((line, column), _) in problems {
        assert!(line <= split.body.lines().count() && column >= 1);
    }
    assert!(rendered.html.len() < 64 * split.body.len() + 64);
    let _ = typography::slips(split.body);
    let french = Pass { typography: Rules::French, links: Links::Keep, ids: true, body: None };
    let _ = french.run(&rendered.html);
});

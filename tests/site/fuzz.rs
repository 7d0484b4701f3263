//! Fuzz targets: `site.yaml`, a page's header, and a page's Markdown with its typography, fed
//! texts made of the pieces these formats are built of (random characters would rarely make a
//! link or a quotation). Each target is a property of `arbitrary`'s random source, run by
//! `arbtest` on fixed seeds in every `cargo test`: the short run CI makes. A failure prints
//! its seed and its smallest input; `ARBTEST_BUDGET_MS=600000 cargo test --test site fuzz::`
//! runs them on fresh seeds for ten minutes. The same functions take a fuzzer's bytes
//! (`Unstructured::new(data)`), for a coverage-guided run with cargo-fuzz.
//!
//! What must hold: no panic, every problem located inside the text, and the typography pass
//! never touching an address.

use std::path::Path;

use arbtest::arbitrary::{self, Unstructured};

use cnr_site::config::Config;
use cnr_site::error::Problem;
use cnr_site::frontmatter::{self, PageMeta};
use cnr_site::html::{Links, Pass};
use cnr_site::markdown::{self, Destination};
use cnr_site::typography::Rules;

/// A text of pieces the random source chooses.
fn text_of(u: &mut Unstructured, pieces: &[&str]) -> arbitrary::Result<String> {
    let mut text = String::new();
    for _ in 0..u.arbitrary_len::<u8>()? {
        text.push_str(u.choose(pieces)?);
    }
    Ok(text)
}

/// Runs `property` on the inputs of 1,500 fixed seeds, of growing sizes: the short run of
/// every `cargo test`, the same on every machine, so that CI fails only when the code does.
/// With `ARBTEST_BUDGET_MS`, on fresh random seeds for that long instead.
fn fuzz(mut property: impl FnMut(&mut Unstructured) -> arbitrary::Result<()>) {
    if std::env::var_os("ARBTEST_BUDGET_MS").is_some() {
        arbtest::arbtest(property).size_max(4096).run();
        return;
    }
    for n in 0..1500u64 {
        // arbtest's seed: a random part, then the size of the input in bytes.
        let seed = (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) & 0xFFFF_FFFF_0000_0000) | (16 + n * 2);
        arbtest::arbtest(&mut property).seed(seed).run();
    }
}
/// The number of lines of `text`, counting a last one without its line break.
fn lines(text: &str) -> usize {
    text.split('\n').count()
}

const ADDRESS: &str = "https://example.org/?id=123456&x=\"1\"";

const MARKDOWN: &[&str] = &[
    "#",
    "## ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "\n",
    "\n\n",
    " ",
    "*",
    "_",
    "`",
    "```\n",
    "> ",
    "- ",
    "1. ",
    "|",
    "---",
    "\"",
    "'",
    "« ",
    " »",
    ":",
    ";",
    "!",
    "?",
    "12",
    "2026",
    "75016",
    " %",
    " km",
    "<b>",
    "</b>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "&amp;",
    "&",
    "<",
    ">",
    ADDRESS,
    "mailto:nom@example.org",
    "<nom@example.org>",
    "é",
    "\u{a0}",
    "\u{202f}",
    "\t",
    "\\",
    "[^1]",
    "{#id}",
    "\r\n",
    "mot",
    " - ",
    "n°",
    "4 x 4",
    ":-)",
    "16 h 30",
    "M.",
    "etc.",
    "…",
    "<br>",
    "<table><tr><td>",
    "</td></tr></table>",
    "\u{0}",
];

struct AsWritten;

impl markdown::Links for AsWritten {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        Ok(dest.to_string())
    }

    fn image(&self, dest: &str) -> Result<Destination, Problem> {
        Ok(Destination::Url(dest.to_string()))
    }
}

#[test]
fn markdown_and_typography() {
    fuzz(|u| {
        let text = text_of(u, MARKDOWN)?;
        let (rendered, problems) = markdown::render(&text, &AsWritten, &cnr_site::video::Words::default());
        for (position, problem) in &problems {
            assert!(position.0 <= lines(&text), "{problem:?} at {position:?} in {text:?}");
        }
        let french = Pass { typography: Rules::French, links: Links::Keep, ids: true, body: None };
        let once = french.run(&rendered.html).html;
        // Addresses are never set: as many links lead to the address after the pass as before.
        let href = format!("href=\"{}\"", cnr_site::text::escape(ADDRESS));
        assert_eq!(once.matches(&href).count(), rendered.html.matches(&href).count(), "{text:?}\n{once}");
        for (position, problem) in cnr_site::typography::slips(&text) {
            assert!(position.0 <= lines(&text), "{problem:?} at {position:?} in {text:?}");
        }
        Ok(())
    });
}

const YAML: &[&str] = &[
    "base_url: ",
    "https://example.org/",
    "languages:\n",
    "  fr:\n",
    "  en:\n",
    "    title: ",
    "CNR",
    "\n",
    "default_language: fr\n",
    "theme: cnr\n",
    "- ",
    ": ",
    "  ",
    "    ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "|\n",
    ">\n",
    "é",
    "0",
    "-1",
    "paginate_by: ",
    "contact:\n",
    "  email: ",
    "  phones: ",
    "+223 63 02 06 06",
    "deploy:\n",
    "  target: ",
    "sftp://u:p@h/p",
    "ftp://h/",
    "menu:\n",
    "tags_slug: ",
    "title: ",
    "date: ",
    "2026-02-30",
    "9999-12-31",
    "tags: ",
    "draft: ",
    "true",
    "~",
    "\t",
    "\u{feff}",
    "---\n",
    "aliases: ",
    "/a/../b",
    "slug: ",
    "2026",
];

#[test]
fn site_yaml() {
    fuzz(|u| {
        let text = text_of(u, YAML)?;
        if let Err(errors) = Config::parse(&text, Path::new("site.yaml")) {
            for error in &errors.0 {
                let line = error.location.line.unwrap_or(1);
                assert!((1..=lines(&text)).contains(&line), "{error} in {text:?}");
                assert!(!error.to_string().is_empty());
            }
        }
        Ok(())
    });
}

#[test]
fn page_header() {
    fuzz(|u| {
        let text = format!("---\n{}", text_of(u, YAML)?);
        match frontmatter::split(&text) {
            Err((line, _)) => assert!(line <= lines(&text)),
            Ok(split) => {
                if let Err(errors) = cnr_site::yaml::parse::<PageMeta>(split.yaml, Path::new("a.md"), split.yaml_line) {
                    for error in &errors.0 {
                        let line = error.location.line.unwrap_or(1);
                        assert!((1..=lines(&text)).contains(&line), "{error} in {text:?}");
                    }
                }
            }
        }
        Ok(())
    });
}

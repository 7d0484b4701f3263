//! Every page's addresses in the other languages (`hreflang`, the sitemap's alternates, the
//! language switch) lead to the same page, and that page leads back: tags are paired by their
//! place on translated pages, and a list's page that the other language's list lacks has no
//! alternate there.

use std::collections::{BTreeMap, BTreeSet};

use crate::fixture::*;

const BASE: &str = "https://cnr.exemple.ml/";

/// French activities with their English translations, tags written in the same order but named
/// differently, and more French activities than English ones: the French lists, the French year
/// and the French tag « retour » have more pages than their English counterparts.
fn bilingual_site() -> Fixture {
    let site = Fixture::new();
    for day in 1..=5 {
        let date = format!("2025-03-{day:02}");
        site.file(
            &format!("content/activites/{date}-convoi-{day}.md"),
            &format!("---\ntitle: Convoi {day}\ndate: {date}\ntags: [HCR, retour, partenariat]\n---\nTexte.\n"),
        )
        .file(
            &format!("content/activites/{date}-convoi-{day}.en.md"),
            &format!("---\ntitle: Convoy {day}\ndate: {date}\ntags: [UNHCR, return, partnership]\n---\nText.\n"),
        );
    }
    // Untranslated: 56 more French activities in 2025, all « retour ».
    for n in 1..=56 {
        let date = format!("2025-{:02}-{:02}", 4 + n / 28, 1 + n % 28);
        site.file(
            &format!("content/activites/{date}-retour-{n}.md"),
            &format!("---\ntitle: Retour {n}\ndate: {date}\ntags: [retour]\n---\nTexte.\n"),
        );
    }
    site
}

/// The `hreflang` alternates of an HTML page, but `x-default`: language → address.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.lines()
        .filter(|line| line.starts_with("<link rel=\"alternate\" hreflang=\"") && !line.contains("x-default"))
        .map(|line| (attributes(line, "hreflang")[0].to_string(), attributes(line, "href")[0].to_string()))
        .collect()
}

/// The file of an address of the site.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url} is not on the site")))
}

#[test]
fn every_alternate_of_every_page_leads_back_to_it() {
    let site = bilingual_site();
    site.build();
    let mut pairs = 0;
    let mut pages = 0;
    for file in walk(&site.output()).into_iter().filter(|f| f.file_name().is_some_and(|n| n == "index.html")) {
        let html = std::fs::read_to_string(&file).unwrap();
        let own = alternates(&html);
        if own.is_empty() {
            continue;
        }
        pages += 1;
        let canonical = attributes(&html, "href")[0].to_string();
        assert_eq!(attributes(&html, "rel")[0], "canonical");
        assert!(own.values().any(|url| url == &canonical), "{}: {own:?} does not hold {canonical}", file.display());
        let lang = own.iter().find(|(_, url)| **url == canonical).unwrap().0;
        for url in own.values().filter(|url| **url != canonical) {
            let theirs = alternates(&site.read(&file_of(url)));
            assert_eq!(
                theirs.get(lang),
                Some(&canonical),
                "{canonical} gives {url} as its translation, which gives {theirs:?}"
            );
            pairs += 1;
        }
    }
    // Pages of lists, tags and years with and without counterparts were all seen.
    assert!(pages > 40 && pairs > 20, "{pages} pages, {pairs} alternates");

    // The tags pair by their places, not by their names.
    let hcr = alternates(&site.read("themes/hcr/index.html"));
    assert_eq!(hcr["en"], "https://cnr.exemple.ml/en/topics/unhcr/");
    assert_eq!(alternates(&site.read("themes/retour/index.html"))["en"], "https://cnr.exemple.ml/en/topics/return/");
    let switch = |rel: &str| {
        let html = site.read(rel);
        let nav = &html[html.find("class=\"lang-switch\"").unwrap()..];
        attributes(&nav[..nav.find("</nav>").unwrap()], "href")[0].to_string()
    };
    assert_eq!(switch("themes/partenariat/index.html"), "../../en/topics/partnership/");
    // The French list's second page has no English counterpart: no alternate, and the
    // language switch leads to the English list.
    assert!(!alternates(&site.read("activites/page/2/index.html")).contains_key("en"));
    assert_eq!(switch("activites/page/2/index.html"), "../../../en/activities/");
    assert!(!alternates(&site.read("themes/retour/page/2/index.html")).contains_key("en"));
    assert_eq!(switch("themes/retour/page/2/index.html"), "../../../../en/topics/return/");
    assert!(!alternates(&site.read("activites/2025/page/2/index.html")).contains_key("en"));
}

#[test]
fn the_sitemaps_alternates_lead_back_too() {
    let site = bilingual_site();
    site.build();
    let sitemap = site.read("sitemap.xml");
    let mut entries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in sitemap.split("<url>").skip(1) {
        let loc = &entry[5..entry.find("</loc>").unwrap()];
        let links = attributes(entry, "href").into_iter().map(str::to_string).collect();
        entries.insert(loc.to_string(), links);
    }
    let mut pairs = 0;
    for (loc, links) in &entries {
        for other in links.iter().filter(|l| *l != loc) {
            assert!(entries[other].contains(loc), "{loc} lists {other}, which does not list it back");
            pairs += 1;
        }
    }
    assert!(pairs > 20, "{pairs}");
    assert!(entries["https://cnr.exemple.ml/themes/hcr/"].contains("https://cnr.exemple.ml/en/topics/unhcr/"));
    assert!(!entries["https://cnr.exemple.ml/themes/hcr/"].contains("https://cnr.exemple.ml/en/topics/partnership/"));
}

#[test]
fn check_names_a_tag_without_a_counterpart() {
    let site = Fixture::new();
    site.notices()
        .file(
            "content/activites/2026-01-05-a.md",
            "---\ntitle: A\ndate: 2026-01-05\ntags: [HCR, retour, Ménaka]\n---\nTexte.\n",
        )
        .file(
            "content/activites/2026-01-05-a.en.md",
            "---\ntitle: A\ndate: 2026-01-05\ntags: [UNHCR, return]\n---\nText.\n",
        );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "content/activites/2026-01-05-a.md:4:7: attention : le thème « Ménaka » n'a pas d'équivalent dans la version « en »"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("écrivez les thèmes de content/activites/2026-01-05-a.en.md dans l'ordre"), "{stderr}");
    assert!(stderr.ends_with("0 erreur, 1 avertissement\n"), "{stderr}");
    let (_, _, stderr) = site.run(&["check", "--lang", "en"]);
    assert!(stderr.contains("the tag « Ménaka » has no counterpart in the `en` version"), "{stderr}");
    // Written at its place in the translation, it is paired.
    site.file(
        "content/activites/2026-01-05-a.en.md",
        "---\ntitle: A\ndate: 2026-01-05\ntags: [UNHCR, return, Menaka]\n---\nText.\n",
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.ends_with("0 erreur, 0 avertissement\n"), "{stderr}");
}

#[test]
fn check_names_tags_written_in_another_order() {
    let site = Fixture::new();
    site.notices()
        .file(
            "content/activites/2026-01-05-a.md",
            "---\ntitle: A\ndate: 2026-01-05\ntags: [Réintégration, HCR]\n---\nTexte.\n",
        )
        .file(
            "content/activites/2026-01-05-a.en.md",
            "---\ntitle: A\ndate: 2026-01-05\ntags: [HCR, Reintegration]\n---\nText.\n",
        );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "content/activites/2026-01-05-a.en.md:4:7: attention : à la place du thème « Réintégration » de l'original, cette traduction a « HCR », et « Reintegration » ailleurs"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "écrivez les thèmes dans l'ordre de ceux de l'original, « Reintegration » à la place de « Réintégration »"
        ),
        "{stderr}"
    );
    assert!(stderr.ends_with("0 erreur, 2 avertissements\n"), "{stderr}");
    site.file(
        "content/activites/2026-01-05-a.en.md",
        "---\ntitle: A\ndate: 2026-01-05\ntags: [Reintegration, HCR]\n---\nText.\n",
    );
    let (_, _, stderr) = site.run(&["check"]);
    assert!(stderr.ends_with("0 erreur, 0 avertissement\n"), "{stderr}");
}

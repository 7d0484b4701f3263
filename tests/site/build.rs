//! Building sites: URLs, translations, dates and numbers, lists, tags, links, escaping.

use cnr_site::messages::Tongue;

use crate::fixture::*;

#[test]
fn activity_urls_come_from_file_names_and_slugs() {
    let site = Fixture::new();
    site.activity("2026-02-06", "signature-plan-de-travail-2026", "Signature", &["HCR"])
        .file(
            "content/activites/2026-03-01-Réunion à Ménaka.md",
            "---\ntitle: Réunion\ndate: 2026-03-01\n---\nTexte.\n",
        )
        .file("content/activites/2026-03-02-x.md", "---\ntitle: Autre\nslug: nom-choisi\n---\nTexte.\n");
    site.build();
    assert!(site.exists("activites/signature-plan-de-travail-2026/index.html"));
    assert!(
        site.exists("en/activities/signature-plan-de-travail-2026/index.html"),
        "the English list is renamed by its slug"
    );
    assert!(site.exists("activites/reunion-a-menaka/index.html"), "accents and spaces are folded");
    assert!(site.exists("activites/nom-choisi/index.html"), "`slug` wins over the file name");
    assert!(site.exists("index.html") && site.exists("en/index.html"));
    assert!(site.exists("contact/index.html") && site.exists("en/contact/index.html"));
    assert!(site.exists("404.html") && site.exists("en/404.html"));
    assert!(site.exists("css/site.css"));
}

#[test]
fn translations_link_to_each_other_both_ways() {
    let site = Fixture::new();
    site.activity("2026-02-06", "signature", "Signature", &[])
        .file("content/activites/2026-02-07-seul.md", "---\ntitle: Sans traduction\n---\nTexte.\n");
    site.build();
    let fr = site.read("activites/signature/index.html");
    let en = site.read("en/activities/signature/index.html");
    assert!(fr.contains("<html lang=\"fr\">") && en.contains("<html lang=\"en\">"));
    assert!(fr.contains(r#"<a href="../../en/activities/signature/" hreflang="en" lang="en">English</a>"#), "{fr}");
    assert!(en.contains(r#"<a href="../../../activites/signature/" hreflang="fr" lang="fr">Français</a>"#), "{en}");
    for page in [&fr, &en] {
        assert!(
            page.contains(r#"<link rel="alternate" hreflang="fr" href="https://cnr.exemple.ml/activites/signature/">"#)
        );
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="en" href="https://cnr.exemple.ml/en/activities/signature/">"#
        ));
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="x-default" href="https://cnr.exemple.ml/activites/signature/">"#
        ));
    }
    // Without a translation, the switch leads to the other language's home and no alternate is claimed.
    let alone = site.read("activites/seul/index.html");
    assert!(alone.contains(r#"<a href="../../en/" hreflang="en" lang="en">English</a>"#), "{alone}");
    assert!(!alone.contains("hreflang=\"en\" href="));
    // Lists switch to the same list page in the other language.
    assert!(site.read("activites/index.html").contains(r#"<a href="../en/activities/" hreflang="en""#));
    assert!(site.read("en/index.html").contains(r#"<a href="../" hreflang="fr""#));
}

#[test]
fn dates_and_numbers_are_written_in_the_page_language() {
    let site = Fixture::new();
    site.activity("2026-02-06", "a", "A", &[]).activity("2026-03-01", "b", "B", &[]).file(
        "content/figures.yaml",
        "- value: 89324\n  date: 2013/2025\n  source: CNR\n  label: {fr: rapatriés, en: returnees}\n\
             - value: 335908\n  date: 2025-12-31\n  source: CNR\n  label: {fr: réfugiés, en: refugees}\n",
    );
    site.build();
    let fr = site.read("activites/index.html");
    // « 1er » is set in superscript by the French typography of pages.
    assert!(fr.contains(">6 février 2026</time>") && fr.contains(">1<sup>er</sup> mars 2026</time>"), "{fr}");
    let en = site.read("en/activities/index.html");
    assert!(en.contains(">6 February 2026</time>") && en.contains(">1 March 2026</time>"), "{en}");
    let home = site.read("index.html");
    assert!(
        home.contains("89\u{202f}324") && home.contains("335\u{202f}908"),
        "narrow no-break spaces group French numbers"
    );
    assert!(
        home.contains("de 2013 à 2025") && home.contains("au 31 décembre 2025") && home.contains("Source\u{a0}: CNR")
    );
    let home = site.read("en/index.html");
    assert!(home.contains("89,324") && home.contains("335,908"));
    assert!(home.contains("from 2013 to 2025") && home.contains("as of 31 December 2025"));
    assert_eq!(
        text_of_class(&site.read("activites/b/index.html"), "meta"),
        "Bamako | <time datetime=\"2026-03-01\">1<sup>er"
    );
}

#[test]
fn a_figure_without_date_or_source_is_an_error() {
    let site = Fixture::new();
    site.file("content/figures.yaml", "- value: 89324\n  label: {fr: rapatriés, en: returnees}\n");
    let errors = site.build_error();
    assert!(errors.contains("content/figures.yaml:1: `source` is missing"), "{errors}");
    assert!(errors.contains("content/figures.yaml:1: `date` is missing"), "{errors}");
}

#[test]
fn lists_are_paginated_newest_first_with_links_both_ways() {
    let site = Fixture::new();
    for day in 1..=23 {
        site.activity(&format!("2025-01-{day:02}"), &format!("jour-{day}"), &format!("Jour {day}"), &[]);
    }
    site.build();
    let page1 = site.read("activites/index.html");
    let page2 = site.read("activites/page/2/index.html");
    let page3 = site.read("activites/page/3/index.html");
    assert!(!site.exists("activites/page/4/index.html"));
    assert!(!site.exists("activites/page/1/index.html"), "page 1 is the list itself");
    let titles = |html: &str| {
        attributes(html, "href").into_iter().filter(|h| h.contains("jour-")).map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(titles(&page1).first().map(String::as_str), Some("jour-23/"), "newest first");
    assert_eq!(titles(&page1).len(), 10);
    assert_eq!(titles(&page3), ["../../jour-3/", "../../jour-2/", "../../jour-1/"]);
    assert!(page1.contains(r#"<a href="page/2/" rel="next">"#));
    assert!(!page1.contains("rel=\"prev\""));
    assert!(page2.contains(r#"<a href="../../" rel="prev">"#) && page2.contains(r#"<a href="../3/" rel="next">"#));
    assert!(page2.contains(r#"<a href="./" aria-current="page">2</a>"#), "{page2}");
    assert!(page2.contains(r#"<a href="../3/">3</a>"#) && page2.contains(r#"<a href="../../">1</a>"#));
    assert!(page2.contains("Page 2 sur 3") && page1.contains("23 activités"));
    assert!(site.read("en/activities/page/2/index.html").contains("Page 2 of 3"));
    // The language switch keeps the page number.
    assert!(page2.contains(r#"<a href="../../../en/activities/page/2/" hreflang="en""#));
    // « Retour à la liste des activités » leads to the list page that holds the activity.
    let back = |slug: &str| {
        let html = site.read(&format!("activites/{slug}/index.html"));
        let at = html.find("Retour à la liste des activités").expect("a back link");
        attributes(&html[..at], "href").last().unwrap().to_string()
    };
    assert_eq!(back("jour-23"), "../");
    assert_eq!(back("jour-13"), "../page/2/");
    assert_eq!(back("jour-1"), "../page/3/");
}

#[test]
fn home_shows_the_five_latest_activities() {
    let site = Fixture::new();
    for day in 1..=7 {
        site.activity(&format!("2025-06-{day:02}"), &format!("a{day}"), &format!("Activité {day}"), &[]);
    }
    site.build();
    let home = site.read("index.html");
    let shown: Vec<&str> = attributes(&home, "href").into_iter().filter(|h| h.starts_with("activites/a")).collect();
    assert_eq!(shown, ["activites/a7/", "activites/a6/", "activites/a5/", "activites/a4/", "activites/a3/"]);
    assert!(home.contains(r#"<a class="button" href="activites/">Voir toutes les activités</a>"#));
}

#[test]
fn tags_have_a_page_each_and_a_list_per_language() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &["réintégration", "HCR"]).activity(
        "2026-01-02",
        "b",
        "B",
        &["Réintégration"],
    );
    site.build();
    let tag = site.read("themes/reintegration/index.html");
    // Two spellings of one tag: its name is the one of the newest activity.
    assert!(tag.contains("Activités du thème « Réintégration »"), "{tag}");
    assert!(tag.contains("2 activités"));
    assert!(tag.contains(r#"href="../../activites/a/""#) && tag.contains(r#"href="../../activites/b/""#));
    let list = site.read("themes/index.html");
    assert!(list.contains(r#"<a href="hcr/">HCR</a> <span class="count">(1 activité)</span>"#), "{list}");
    assert!(site.exists("en/topics/reintegration/index.html") && site.exists("en/topics/index.html"));
    let activity = site.read("activites/a/index.html");
    assert!(activity.contains(r#"<a href="../../themes/hcr/">HCR</a>"#));
}

#[test]
fn a_tag_switches_to_the_tag_at_its_place_in_its_pages_translations() {
    let site = Fixture::new();
    for (date, slug) in [("2026-01-01", "a"), ("2026-01-02", "b")] {
        site.file(
            &format!("content/activites/{date}-{slug}.md"),
            &format!("---\ntitle: {slug}\ndate: {date}\ntags: [Réintégration, HCR]\n---\nTexte.\n"),
        )
        .file(
            &format!("content/activites/{date}-{slug}.en.md"),
            &format!("---\ntitle: {slug}\ndate: {date}\ntags: [Reintegration, UNHCR]\n---\nText.\n"),
        );
    }
    site.file("content/activites/2026-01-03-c.md", "---\ntitle: c\ndate: 2026-01-03\ntags: [Seul]\n---\nTexte.\n");
    site.build();
    let switch = |page: &str| {
        let html = site.read(page);
        let nav = &html[html.find("lang-switch").unwrap()..];
        attributes(&nav[..nav.find("</nav>").unwrap()], "href")[0].to_string()
    };
    assert_eq!(switch("themes/reintegration/index.html"), "../../en/topics/reintegration/");
    assert_eq!(switch("en/topics/reintegration/index.html"), "../../../themes/reintegration/");
    // Paired by their places, not their names.
    assert_eq!(switch("themes/hcr/index.html"), "../../en/topics/unhcr/");
    assert_eq!(switch("en/topics/unhcr/index.html"), "../../../themes/hcr/");
    // A tag none of whose pages is translated: the other language's home.
    assert_eq!(switch("themes/seul/index.html"), "../../en/");
    // A year's archive: the same year in the other language.
    assert_eq!(switch("activites/2026/index.html"), "../../en/activities/2026/");
    assert_eq!(switch("en/activities/2026/index.html"), "../../../activites/2026/");
}

#[test]
fn titles_and_front_matter_are_escaped() {
    let site = Fixture::new();
    site.file(
        "content/activites/2026-01-01-x.md",
        "---\ntitle: \"<script>alert('titre')</script>\"\nplace: \"<b>Gao</b>\"\nsummary: \"\\\"><img src=x onerror=alert(1)>\"\n---\nTexte.\n",
    );
    site.build();
    let activity = site.read("activites/x/index.html");
    assert!(activity.contains("content=\"&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;\""), "{activity}");
    for page in ["activites/x/index.html", "activites/index.html", "index.html"] {
        let html = site.read(page);
        assert!(!html.contains("<script>"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<b>Gao"), "{page}");
        // In the text, escaped and set in French (‘ ’); in an attribute, only escaped.
        assert!(html.contains(">&lt;script&gt;alert(‘titre’)&lt;/script&gt;</"), "{page}");
        assert!(html.contains("&lt;b&gt;Gao&lt;/b&gt;"), "{page}");
    }
}

#[test]
fn every_internal_link_resolves_from_any_sub_path() {
    let site = Fixture::new();
    for day in 1..=12 {
        site.activity(&format!("2025-02-{day:02}"), &format!("a{day}"), &format!("Activité {day}"), &["rapatriement"]);
    }
    site.file("content/presentation.md", "---\ntitle: Présentation\n---\nVoir le [contact](contact.md#ecrire) et [une activité](/activites/a3/).\n")
        .file("content/presentation.en.md", "---\ntitle: About\nslug: about\n---\nSee [contact](contact.md) and [an activity](activites/2025-02-03-a3.en.md).\n");
    site.build();
    let output = site.output();
    let mut checked = 0;
    for file in walk(&output).into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(&file).unwrap();
        let is_404 = file.file_name().unwrap() == "404.html";
        for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            if is_404 {
                // Shown at any address, the 404 page links from the site's root path.
                assert!(link.starts_with('/'), "{}: {link}", file.display());
                continue;
            }
            assert!(!link.starts_with('/'), "{}: {link} is not relative", file.display());
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let mut target = file.parent().unwrap().join(path);
            if path.ends_with('/') || path.is_empty() {
                target = target.join("index.html");
            }
            let target = target.canonicalize().unwrap_or_else(|_| panic!("{}: {link} leads nowhere", file.display()));
            assert!(target.starts_with(output.canonicalize().unwrap()), "{}: {link} leaves the site", file.display());
            if !fragment.is_empty() {
                let html = std::fs::read_to_string(&target).unwrap();
                assert!(html.contains(&format!("id=\"{fragment}\"")), "{}: {link}: no such anchor", file.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    let about = site.read("en/about/index.html");
    assert!(
        about.contains(r#"<a href="../contact/">contact</a>"#),
        "a link to a French file leads to its translation: {about}"
    );
    assert!(about.contains(r#"<a href="../activities/a3/">an activity</a>"#));
}

#[test]
fn identical_input_gives_identical_output() {
    let site = Fixture::new();
    for day in 1..=15 {
        site.activity(&format!("2025-03-{day:02}"), &format!("a{day}"), &format!("Activité {day}"), &["x", "y", "z"]);
    }
    site.build();
    let first = site.snapshot();
    site.build();
    assert_eq!(first, site.snapshot());
}

#[test]
fn drafts_and_future_activities_are_left_out_unless_asked() {
    let site = Fixture::new();
    site.activity("2026-01-01", "publiee", "Publiée", &[])
        .file("content/activites/2026-01-02-brouillon.md", "---\ntitle: Brouillon\ndraft: true\n---\nTexte.\n")
        .file("content/activites/2027-01-01-futur.md", "---\ntitle: Futur\n---\nTexte.\n");
    let report = site.build();
    assert!(!site.exists("activites/brouillon/index.html") && !site.exists("activites/futur/index.html"));
    assert_eq!((report.left_out.drafts, report.left_out.future), (1, 1));
    let line = report.line(Tongue::En);
    assert!(line.contains("; left out: 1 draft(s), 1 dated in the future (--drafts to include them)"), "{line}");
    let line = report.line(Tongue::Fr);
    assert!(
        line.contains(" ; laissés de côté : 1 brouillon, 1 daté dans le futur (--drafts pour les inclure)"),
        "{line}"
    );
    site.build_with(true, None).unwrap();
    assert!(site.exists("activites/brouillon/index.html") && site.exists("activites/futur/index.html"));
}

#[test]
fn header_and_footer_carry_the_identity_and_the_contact_details() {
    let site = Fixture::new();
    site.build();
    let home = site.read("index.html");
    assert!(home.contains("République du Mali — Un Peuple, Un But, Une Foi"));
    assert!(home.contains("Ministère de la Santé et du Développement Social"));
    assert!(home.contains("<address>Hamdalaye ACI 2000, Bamako, Mali</address>"));
    assert!(home.contains("du lundi au vendredi, de 8\u{a0}h à 16\u{a0}h"), "the hour keeps its number");
    assert!(home.contains(r#"<a href="tel:+22363020606">+223 63 02 06 06</a>"#));
    assert!(home.contains(r#"<a href="tel:+22374019001">+223 74 01 90 01</a>"#));
    assert!(home.contains(r#"<a href="mailto:cnrapatriement@yahoo.com">cnrapatriement@yahoo.com</a>"#));
    assert!(home.contains(r#"<a href="./" aria-current="page">Accueil</a>"#));
    let activities = site.read("activites/index.html");
    assert!(activities.contains(r#"<a href="./" aria-current="page">Activités</a>"#), "{activities}");
}

#[test]
fn contact_page_works_on_a_static_server() {
    let site = Fixture::new();
    site.build();
    // Without an endpoint, no form: the address, the phones and a link that opens the mail
    // program with a message begun, its words percent-encoded in UTF-8.
    let contact = site.read("contact/index.html");
    assert_eq!(contact.matches("<form").count(), 1, "only the search form");
    assert!(!contact.contains("name=\"site_web\""), "{contact}");
    let mailto = "mailto:cnrapatriement@yahoo.com?subject=Message%20depuis%20le%20site%20de%20la%20Coordination%20Nationale%20du%20Rapatriement&amp;body=Bonjour%2C%0D%0A%0D%0A%0D%0A%0D%0ANom%20et%20pr%C3%A9nom%20%3A%0D%0AT%C3%A9l%C3%A9phone%20%3A%0D%0A";
    assert!(
        contact.contains(&format!("<a class=\"button\" href=\"{mailto}\">Écrire un courriel à la CNR</a>")),
        "{contact}"
    );
    assert!(contact.contains("<a href=\"tel:+22363020606\">"), "{contact}");
    assert!(site.read("en/contact/index.html").contains("subject=Message%20from%20the%20website"));
    assert!(!site.exists("contact/merci/index.html"));
    // With an endpoint, the form posts there, form-urlencoded in UTF-8.
    site.file(
        "site.yaml",
        &SITE_YAML.replace(
            "  email: cnrapatriement@yahoo.com",
            "  email: cnrapatriement@yahoo.com\n  form_endpoint: https://forms.example.org/cnr",
        ),
    );
    site.build();
    let contact = site.read("contact/index.html");
    assert!(
        contact.contains(r#"<form action="https://forms.example.org/cnr" method="post" enctype="application/x-www-form-urlencoded" accept-charset="UTF-8">"#),
        "{contact}"
    );
    assert!(contact.contains(r#"<input type="hidden" name="_next" value="https://cnr.exemple.ml/contact/merci/">"#));
    for field in ["autocomplete=\"name\"", "autocomplete=\"email\"", "<label for=\"courriel\">", "name=\"site_web\""] {
        assert!(contact.contains(field), "{field}");
    }
    assert!(contact.contains("<button type=\"submit\">Envoyer maintenant</button>"));
    assert!(site.read("en/contact/index.html").contains("value=\"https://cnr.exemple.ml/en/contact/thanks/\""));
}

#[test]
fn links_to_content_files_become_relative_and_broken_ones_are_errors() {
    let site = Fixture::new();
    site.file(
        "content/activites/2026-01-01-a.md",
        "---\ntitle: A\n---\nVoir [le contact](../contact.md) et [la liste](_index.md).\n",
    );
    site.build();
    let html = site.read("activites/a/index.html");
    assert!(
        html.contains(r#"<a href="../../contact/">le contact</a>"#) && html.contains(r#"<a href="../">la liste</a>"#),
        "{html}"
    );
    site.file("content/activites/2026-01-01-a.md", "---\ntitle: A\n---\n\nVoir [rien](../nulle-part.md).\n");
    let errors = site.build_error();
    assert!(
        errors.contains("content/activites/2026-01-01-a.md:5:6: the link `../nulle-part.md` leads to no page"),
        "{errors}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    site.build();
    let before = site.snapshot();
    site.file("content/activites/2026-01-02-b.md", "---\ntitle: B\ndate: 2026-02-30\n---\n");
    let errors = site.build_error();
    assert!(errors.contains("content/activites/2026-01-02-b.md:3:7: date: 2026-02-30 does not exist"), "{errors}");
    assert_eq!(before, site.snapshot());
    let siblings: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(siblings.iter().all(|n| !n.to_string_lossy().starts_with(".public")), "{siblings:?}");
}

#[test]
fn the_base_url_only_appears_in_canonical_and_alternate_links() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    site.build_with(false, Some("https://mali.example/cnr")).unwrap();
    let html = site.read("activites/a/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://mali.example/cnr/activites/a/">"#));
    // Besides the links that share the page, which carry its address to another site.
    let absolute: Vec<&str> =
        attributes(&html, "href").into_iter().filter(|h| h.starts_with("https://mali.example")).collect();
    assert_eq!(absolute.len(), 4, "canonical, fr, en, x-default: {absolute:?}");
    // The 404 page is served at any address: its links start from the base path.
    assert!(site.read("404.html").contains(r#"href="/cnr/css/site.css""#));
}

#[test]
fn the_summary_line_counts_pages_per_language() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &["x"]);
    let report = site.build();
    // Home, list, activity, contact, tags, one tag, year archive, search, 404, per language.
    assert_eq!(report.pages.iter().map(|(l, n)| (l.as_str(), *n)).collect::<Vec<_>>(), [("fr", 9), ("en", 9)]);
    // The output's manifest is the build's record, not a file of the site.
    let files = walk(&site.output()).iter().filter(|p| !p.ends_with(".cnr-site.json")).count();
    assert_eq!(report.files, files, "every file written is counted");
    let line = report.line(Tongue::En);
    assert!(
        line.starts_with(&format!("pages: fr 9, en 9; {files} files: {files} written, 0 unchanged, 0 removed, in ")),
        "{line}"
    );
    // The command speaks the site's language unless told otherwise; built again, nothing changed.
    let (_, stdout, _) = site.run(&["build"]);
    let unchanged = format!("pages : fr 9, en 9 ; {files} fichiers : 0 écrits, {files} inchangés, 0 supprimés, en ");
    assert!(stdout.starts_with(&unchanged), "{stdout}");
    let before = site.dates();
    site.file("content/activites/2026-01-01-a.md", "---\ntitle: A\ntags: [x]\n---\nUn autre texte.\n");
    let (_, stdout, _) = site.run(&["--lang", "en", "build"]);
    let after = site.dates();
    let changed: Vec<&str> =
        after.iter().filter(|(name, date)| before.get(*name) != Some(date)).map(|(n, _)| n.as_str()).collect();
    let removed: Vec<&str> = before.keys().filter(|n| !after.contains_key(*n)).map(String::as_str).collect();
    // Exactly the files that show the new text change: the page, its cards, the lists, feeds and
    // search parts that quote it; the others keep their date, and deploy skips them.
    let expected = [
        ".cnr-site.json",
        "activites/a/card-square.png",
        "activites/a/card.png",
        "activites/a/index.html",
        "activites/index.html",
        "atom.xml",
        "index.html",
        "recherche/d-0.json",
        "recherche/index.json",
        "recherche/t-6175.json",
        "rss.xml",
        "themes/x/atom.xml",
        "themes/x/index.html",
        "themes/x/rss.xml",
    ];
    assert_eq!(changed, expected);
    // The search part of a word no page says any more.
    assert_eq!(removed, ["recherche/t-6261.json"]);
    let written = expected.len() - 1;
    let line =
        format!("pages: fr 9, en 9; {files} files: {written} written, {} unchanged, 1 removed, in ", files - written);
    assert!(stdout.starts_with(&line), "{stdout}");
    // With --verbose, a second line tells the time of each stage.
    let (code, stdout, stderr) = site.run(&["build", "--verbose"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for stage in ["load ", "photos ", "model ", "prepare ", "render and write ", "render ", "write ", "commit "] {
        assert!(lines[1].contains(stage) && lines[1].contains(" ms"), "{stage} in {stdout}");
    }
    assert_eq!(site.run(&["build"]).1.lines().count(), 1);
}

#[test]
fn a_third_language_needs_only_site_yaml_and_a_strings_file() {
    let site = Fixture::new();
    let bambara = SITE_YAML.replace("  en:\n", "  bm:\n    title: Segin ko Jɛkulu\n  en:\n");
    let strings = std::fs::read_to_string(site.root().join("themes/cnr/i18n/fr.yaml"))
        .unwrap()
        .replace("name: Français", "name: Bamanankan")
        .replace("locale: fr_FR", "locale: bm_ML");
    site.file("site.yaml", &bambara)
        .file("themes/cnr/i18n/bm.yaml", &strings)
        .file("content/_index.bm.md", "---\ntitle: Bisimila\n---\nI ni ce.\n")
        .activity("2026-02-06", "a", "A", &[])
        .file("content/activites/2026-02-06-a.bm.md", "---\ntitle: A (bm)\n---\nKunnafoni.\n");
    site.build();
    let page = site.read("bm/activites/a/index.html");
    assert!(page.contains("<html lang=\"bm\">"));
    assert!(
        page.contains(r#"hreflang="fr" lang="fr">Français</a>"#)
            && page.contains(r#"hreflang="en" lang="en">English</a>"#)
    );
    assert!(
        site.read("activites/a/index.html")
            .contains(r#"<a href="../../bm/activites/a/" hreflang="bm" lang="bm">Bamanankan</a>"#)
    );
    assert!(site.read("bm/index.html").contains("Bisimila"));
    // Without its strings file, the language is refused with the file to create.
    std::fs::remove_file(site.root().join("themes/cnr/i18n/bm.yaml")).unwrap();
    assert!(site.build_error().contains("themes/cnr/i18n/bm.yaml"), "{}", site.build_error());
}

/// The items of a page's breadcrumb: (link, text), the current page without a link.
fn breadcrumb(html: &str) -> Vec<(Option<String>, String)> {
    let nav = html.split("<nav class=\"breadcrumb").nth(1).expect("a breadcrumb").split("</nav>").next().unwrap();
    nav.split("<li")
        .skip(1)
        .map(|item| {
            let item = item.split("</li>").next().unwrap();
            let link = item.split("href=\"").nth(1).map(|rest| rest.split('"').next().unwrap().to_string());
            let text = item.rsplit('>').nth(if link.is_some() { 1 } else { 0 }).unwrap();
            (link, text.split('<').next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn inner_pages_show_the_way_back_home_in_a_breadcrumb() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "Plan signé", &["HCR"]);
    site.build();
    let link = |path: &str, text: &str| (Some(path.to_string()), text.to_string());
    let here = |text: &str| (None, text.to_string());
    assert_eq!(
        breadcrumb(&site.read("activites/a/index.html")),
        [link("../../", "Accueil"), link("../", "Liste des activités"), here("Plan signé")]
    );
    assert_eq!(
        breadcrumb(&site.read("en/activities/a/index.html")),
        [link("../../", "Home"), link("../", "List of activities"), here("Plan signé (EN)")]
    );
    assert_eq!(breadcrumb(&site.read("activites/index.html")), [link("../", "Accueil"), here("Liste des activités")]);
    assert_eq!(
        breadcrumb(&site.read("themes/hcr/index.html")),
        [link("../../", "Accueil"), link("../", "Thèmes"), here("HCR")]
    );
    assert!(site.read("activites/a/index.html").contains("<li aria-current=\"page\">Plan signé</li>"));
    assert!(!site.read("index.html").contains("class=\"breadcrumb"), "the home needs none");
}

#[test]
fn french_typography_is_for_french_pages_only() {
    let site = Fixture::new();
    let text = "Bilan : 3 ateliers ! Voir \"le plan\" ; le 1er mars.\n";
    site.file("content/activites/2026-01-01-a.md", &format!("---\ntitle: A\n---\n{text}"))
        .file("content/activites/2026-01-01-a.en.md", &format!("---\ntitle: A\n---\n{text}"));
    site.build();
    let paragraph = |file: &str| {
        let html = site.read(file);
        let start = html.find("<p>Bilan").expect("the text");
        html[start..start + html[start..].find("</p>").unwrap()].to_string()
    };
    assert_eq!(
        paragraph("activites/a/index.html"),
        "<p>Bilan\u{a0}: 3 ateliers\u{202f}! Voir «\u{202f}le plan\u{202f}»\u{202f}; le 1<sup>er</sup> mars."
    );
    assert_eq!(paragraph("en/activities/a/index.html"), "<p>Bilan : 3 ateliers ! Voir \"le plan\" ; le 1er mars.");
}

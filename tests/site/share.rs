//! Shared on WhatsApp: a share card for every page, read from the page's Open Graph tags as a
//! social site reads them and found at the size they declare; cards drawn again only when
//! their text changes; share links encoded right; the date of an update on the page, in the
//! feeds and in the sitemap; the pages a site owes its visitors in every footer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fixture::*;

const BASE: &str = "https://cnr.exemple.ml/";

/// The activity of the tests: a French title with accents and guillemets.
fn site_with_activity() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/activites/2026-02-06-bilan.md",
        "---\ntitle: \"Réunion « bilan » à Ménaka : l'été\"\nplace: Ménaka\nsummary: Le bilan.\ntags: [HCR]\n---\nTexte.\n",
    )
    .file(
        "content/activites/2026-02-06-bilan.en.md",
        "---\ntitle: \"“Review” meeting in Ménaka\"\nplace: Ménaka\ntags: [UNHCR]\n---\nText.\n",
    );
    site
}

/// `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;` read back as an HTML parser does.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The Open Graph pictures of a page, as the Open Graph protocol reads them: each `og:image`
/// starts a picture, the `og:image:*` after it describe it. Also `twitter:image`.
fn og_images(html: &str) -> (Vec<BTreeMap<String, String>>, Option<String>) {
    let head = &html[..html.find("</head>").expect("a head")];
    let mut images: Vec<BTreeMap<String, String>> = Vec::new();
    let mut twitter = None;
    for tag in head.split("<meta ").skip(1) {
        let value = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            Some(unescape(&tag[start..start + tag[start..].find('"')?]))
        };
        let (Some(key), Some(content)) = (value("property").or_else(|| value("name")), value("content")) else {
            continue;
        };
        match key.as_str() {
            "og:image" => images.push(BTreeMap::from([("url".to_string(), content)])),
            "twitter:image" => twitter = Some(content),
            _ => {
                if let (Some(field), Some(image)) = (key.strip_prefix("og:image:"), images.last_mut()) {
                    image.insert(field.to_string(), content);
                }
            }
        }
    }
    (images, twitter)
}

/// Every page's pictures are absolute, published, of the declared type and size, described.
fn check_previews(site: &Fixture) -> usize {
    let mut checked = 0;
    for page in walk(&site.output()).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(&page).unwrap();
        let (images, twitter) = og_images(&html);
        let shown = page.display();
        assert_eq!(images.len(), 2, "{shown}: the card and its square");
        assert_eq!(twitter.as_deref(), Some(images[0]["url"].as_str()), "{shown}");
        for image in &images {
            let file = image["url"].strip_prefix(BASE).unwrap_or_else(|| panic!("{shown}: {image:?} is not absolute"));
            let file = site.output().join(file);
            let size = image::image_dimensions(&file).unwrap_or_else(|e| panic!("{shown}: {}: {e}", file.display()));
            assert_eq!((size.0.to_string(), size.1.to_string()), (image["width"].clone(), image["height"].clone()));
            assert_eq!(image["type"], "image/png");
            assert_eq!(image::ImageFormat::from_path(&file).unwrap(), image::ImageFormat::Png);
            assert!(image["alt"].len() > 10, "{shown}: {image:?}");
            checked += 1;
        }
    }
    checked
}

/// The cache's cards and when each was written.
fn cards_cache(site: &Fixture) -> BTreeMap<PathBuf, std::time::SystemTime> {
    walk(&site.root().join(".cache/cards"))
        .into_iter()
        .map(|p| {
            let written = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p, written)
        })
        .collect()
}

#[test]
fn every_page_has_a_share_card_at_the_size_its_tags_declare() {
    let site = site_with_activity();
    for day in 1..=10 {
        site.activity(
            &format!("2025-05-{day:02}"),
            &format!("gao-{day}"),
            &format!("Réunion à Gao nº {day}"),
            &["HCR"],
        );
    }
    site.build();
    assert!(check_previews(&site) > 40);
    let html = site.read("activites/bilan/index.html");
    let (images, _) = og_images(&html);
    assert_eq!(images[0]["url"], "https://cnr.exemple.ml/activites/bilan/card.png");
    assert_eq!((images[0]["width"].as_str(), images[0]["height"].as_str()), ("1200", "630"));
    assert_eq!(images[1]["url"], "https://cnr.exemple.ml/activites/bilan/card-square.png");
    assert_eq!((images[1]["width"].as_str(), images[1]["height"].as_str()), ("400", "400"));
    // What the card says, for people who cannot see it: in the page's language, its typography.
    assert_eq!(
        images[0]["alt"],
        "Ménaka · 6 février 2026 — Réunion «\u{202f}bilan\u{202f}» à Ménaka\u{a0}: l’été — Coordination Nationale du Rapatriement"
    );
    let (english, _) = og_images(&site.read("en/activities/bilan/index.html"));
    assert!(english[0]["alt"].starts_with("Ménaka · 6 February 2026 — “Review” meeting"), "{english:?}");
    // A list's pages share its card; the 404 page has the home's.
    assert_eq!(
        og_images(&site.read("activites/page/2/index.html")).0[0]["url"],
        "https://cnr.exemple.ml/activites/card.png"
    );
    assert_eq!(og_images(&site.read("404.html")).0[0]["url"], "https://cnr.exemple.ml/card.png");
    assert_eq!(og_images(&site.read("en/404.html")).0[0]["url"], "https://cnr.exemple.ml/en/card.png");
}

#[test]
fn cards_are_drawn_once_and_again_only_when_their_text_changes() {
    let site = site_with_activity();
    site.build();
    let first = cards_cache(&site);
    let published = site.snapshot();
    assert_eq!(first.len(), published.keys().filter(|p| p.extension().is_some_and(|e| e == "png")).count());

    // Built again from scratch: every card from the cache, the same site.
    std::fs::remove_dir_all(site.output()).unwrap();
    let report = site.build();
    assert_eq!((report.stages.cards.made, report.stages.cards.reused), (0, first.len()));
    assert_eq!(cards_cache(&site), first, "nothing drawn again");
    assert_eq!(site.snapshot(), published);

    // The text of the activity changes, not what its card shows: no card drawn.
    site.file(
        "content/activites/2026-02-06-bilan.md",
        "---\ntitle: \"Réunion « bilan » à Ménaka : l'été\"\nplace: Ménaka\nsummary: Le bilan.\ntags: [HCR]\n---\nAutre texte.\n",
    );
    assert_eq!(site.build().stages.cards.made, 0);

    // A new title: its card in both shapes, nothing else.
    site.file(
        "content/activites/2026-02-06-bilan.md",
        "---\ntitle: \"Bilan à Ménaka\"\nplace: Ménaka\ntags: [HCR]\n---\nTexte.\n",
    );
    let report = site.build();
    assert_eq!(report.stages.cards.made, 2);
    let now = cards_cache(&site);
    assert_eq!(now.len(), first.len() + 2, "the old ones are kept for an undo");
    assert!(first.iter().all(|(path, written)| now.get(path) == Some(written)), "no other card drawn again");
    let card = site.output().join("activites/bilan/card.png");
    assert_ne!(std::fs::read(&card).unwrap(), published[Path::new("activites/bilan/card.png")]);
    assert_eq!(image::image_dimensions(&card).unwrap(), (1200, 630));

    // The page goes, its cards with it.
    std::fs::remove_file(site.root().join("content/activites/2026-02-06-bilan.md")).unwrap();
    std::fs::remove_file(site.root().join("content/activites/2026-02-06-bilan.en.md")).unwrap();
    site.build();
    assert!(!site.exists("activites/bilan/card.png") && !site.exists("activites/bilan/card-square.png"));
    assert!(site.exists("activites/card.png"));
}

#[test]
fn a_content_file_where_a_card_goes_is_refused() {
    let site = site_with_activity();
    site.photo("content/activites/card.png", 300, 200);
    let errors = site.build_error();
    assert!(
        errors.contains("content/activites/card.png: this file would be published at /activites/card.png, the address of a page's share card"),
        "{errors}"
    );
}

/// `%XX` sequences decoded, as UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The query's parameters of a URL, decoded.
fn parameters(url: &str) -> BTreeMap<String, String> {
    let query = url.split_once('?').unwrap().1;
    for part in query.split('&') {
        let value = part.split_once('=').unwrap().1;
        assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
            "{value} is not percent-encoded"
        );
    }
    query.split('&').map(|p| p.split_once('=').unwrap()).map(|(k, v)| (k.to_string(), percent_decode(v))).collect()
}

#[test]
fn share_links_carry_the_title_and_address_percent_encoded() {
    let site = site_with_activity();
    site.build();
    let html = site.read("activites/bilan/index.html");
    let section = &html[html.find("<section class=\"share\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let links: Vec<String> = attributes(section, "href").into_iter().map(unescape).collect();
    let (title, url) =
        ("Réunion «\u{202f}bilan\u{202f}» à Ménaka\u{a0}: l’été", "https://cnr.exemple.ml/activites/bilan/");
    assert_eq!(links.len(), 4, "{links:?}");
    assert_eq!(
        links[0],
        "https://wa.me/?text=R%C3%A9union%20%C2%AB%E2%80%AFbilan%E2%80%AF%C2%BB%20%C3%A0%20M%C3%A9naka%C2%A0%3A%20l%E2%80%99%C3%A9t%C3%A9%0Ahttps%3A%2F%2Fcnr.exemple.ml%2Factivites%2Fbilan%2F"
    );
    assert_eq!(parameters(&links[0])["text"], format!("{title}\n{url}"));
    assert!(links[1].starts_with("https://www.facebook.com/sharer/sharer.php?"));
    assert_eq!(parameters(&links[1])["u"], url);
    assert!(links[2].starts_with("https://x.com/intent/post?"));
    assert_eq!(parameters(&links[2]), BTreeMap::from([("text".into(), title.into()), ("url".into(), url.into())]));
    assert!(links[3].starts_with("mailto:?"));
    assert_eq!(
        parameters(&links[3]),
        BTreeMap::from([("subject".into(), title.into()), ("body".into(), format!("Le bilan.\r\n\r\n{url}"))])
    );
    // Plain links, named in the page's language; the address to copy by hand without JavaScript.
    assert!(section.contains("<span class=\"visually-hidden\">Partager sur </span>WhatsApp</a>"), "{section}");
    assert!(section.contains(&format!("<input id=\"partage-adresse\" type=\"url\" value=\"{url}\" readonly>")));
    let english = site.read("en/activities/bilan/index.html");
    assert!(english.contains("<span class=\"visually-hidden\">Share on </span>Facebook</a>"));
    assert!(english.contains("text=%E2%80%9CReview%E2%80%9D%20meeting%20in%20M%C3%A9naka%0Ahttps%3A%2F%2Fcnr.exemple.ml%2Fen%2Factivities%2Fbilan%2F"));
    // Nothing the page loads comes from another site: the links are followed only when clicked.
    for source in attributes(&html, "src").into_iter().chain(attributes(&html, "srcset")) {
        assert!(!source.contains("//"), "{source} is loaded from elsewhere");
    }
    assert!(html.contains("<script src=\"../../js/share.js\" defer></script>"));
    // Only activities have share links.
    assert!(!site.read("contact/index.html").contains("class=\"share\""));
}

#[test]
fn an_update_reaches_the_page_the_feeds_the_sitemap_and_search_engines() {
    let site = Fixture::new();
    site.file(
        "content/activites/2026-02-06-bilan.md",
        "---\ntitle: Bilan\nplace: Gao\nupdated: 2026-03-01\n---\nTexte.\n",
    )
    .file("content/activites/2026-02-06-bilan.en.md", "---\ntitle: Review\nupdated: 2026-03-01\n---\nText.\n")
    .file("content/activites/2026-01-10-avant.md", "---\ntitle: Avant\n---\nTexte.\n")
    .file("content/activites/2026-01-10-avant.en.md", "---\ntitle: Before\n---\nText.\n");
    site.build();
    let html = site.read("activites/bilan/index.html");
    let meta = text_of_class(&html, "meta");
    assert_eq!(meta, "Gao | <time datetime=\"2026-02-06\">6 février 2026");
    let meta_line = &html[html.find("<p class=\"meta\">").unwrap()..];
    let meta_line = &meta_line[..meta_line.find("</p>").unwrap()];
    assert!(
        meta_line.ends_with(" | <span class=\"updated\">Mis à jour le <time datetime=\"2026-03-01\">1<sup>er</sup> mars 2026</time></span>"),
        "{meta_line:?}"
    );
    assert!(
        site.read("en/activities/bilan/index.html")
            .contains("Updated on <time datetime=\"2026-03-01\">1 March 2026</time>")
    );
    assert!(!site.read("activites/avant/index.html").contains("Mis à jour"));
    let structured = &html[html.find("application/ld+json\">").unwrap()..];
    assert!(
        structured.contains("\"datePublished\":\"2026-02-06\"")
            && structured.contains("\"dateModified\":\"2026-03-01\"")
    );

    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<published>2026-02-06T00:00:00Z</published>\n<updated>2026-03-01T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(atom.contains("<id>https://cnr.exemple.ml/atom.xml</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"https://cnr.exemple.ml/atom.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"https://cnr.exemple.ml/\"/>\n<updated>2026-03-01T00:00:00Z</updated>"), "{atom}");
    let rss = site.read("rss.xml");
    assert!(rss.contains("<lastBuildDate>Sun, 1 Mar 2026 00:00:00 +0000</lastBuildDate>"), "{rss}");
    assert!(rss.contains("<pubDate>Fri, 6 Feb 2026 00:00:00 +0000</pubDate>"), "RSS gives the publication: {rss}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://cnr.exemple.ml/activites/bilan/</loc><lastmod>2026-03-01</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://cnr.exemple.ml/activites/</loc><lastmod>2026-03-01</lastmod>"), "{sitemap}");

    // An update before the date is not one: not shown, and `check` says so.
    site.notices()
        .file("content/activites/2026-01-10-avant.md", "---\ntitle: Avant\nupdated: 2026-01-09\n---\nTexte.\n");
    site.build();
    assert!(!site.read("activites/avant/index.html").contains("Mis à jour"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://cnr.exemple.ml/activites/avant/</loc><lastmod>2026-01-10</lastmod>")
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("content/activites/2026-01-10-avant.md:3:10: attention : updated: 2026-01-09 n'est pas après la date de la page (2026-01-10)"),
        "{stderr}"
    );
    assert!(stderr.ends_with("0 erreur, 1 avertissement\n"), "{stderr}");
}

#[test]
fn the_pages_a_site_owes_are_in_every_footer_and_check_names_those_missing() {
    let site = Fixture::new();
    site.build();
    assert!(!site.read("index.html").contains("class=\"wrap notices\""));
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    for (what, file) in [
        ("la déclaration d'accessibilité", "accessibilite"),
        ("les mentions légales", "mentions-legales"),
        ("la politique de confidentialité", "confidentialite"),
    ] {
        assert!(stderr.contains(&format!("content: attention : il manque au site {what}\n")), "{stderr}");
        assert!(stderr.contains(&format!("aide : écrivez ce texte dans content/{file}.md")), "{stderr}");
    }

    site.file(
        "content/accessibilite.md",
        "---\ntitle: Déclaration d'accessibilité\nupdated: 2026-11-01\n---\nNotre engagement.\n",
    )
    .file(
        "content/accessibilite.en.md",
        "---\ntitle: Accessibility statement\nslug: accessibility\nupdated: 2026-11-01\n---\nOur commitment.\n",
    );
    site.build();
    for (page, link) in [
        ("index.html", "<li><a href=\"accessibilite/\">Déclaration d’accessibilité</a></li>"),
        ("activites/index.html", "<li><a href=\"../accessibilite/\">Déclaration d’accessibilité</a></li>"),
        ("en/contact/index.html", "<li><a href=\"../accessibility/\">Accessibility statement</a></li>"),
        ("accessibilite/index.html", "<li><a href=\"./\" aria-current=\"page\">Déclaration d’accessibilité</a></li>"),
    ] {
        let html = site.read(page);
        let footer = &html[html.find("<footer class=\"site-footer\">").unwrap()..];
        assert!(footer.contains(link), "{page}: {footer}");
    }
    // The theme adds what its tests check and how to reach the institution.
    let statement = site.read("accessibilite/index.html");
    assert!(statement.contains("<p class=\"meta\"><span class=\"updated\">Mis à jour le"), "{statement}");
    assert!(statement.contains("Notre engagement.") && statement.contains("WCAG 2.2"), "{statement}");
    assert!(statement.contains("<a href=\"mailto:cnrapatriement@yahoo.com\">cnrapatriement@yahoo.com</a>"));
    assert!(site.read("en/accessibility/index.html").contains("Report an accessibility problem"));
    let (_, _, stderr) = site.run(&["check"]);
    assert!(!stderr.contains("accessibilité\n") && stderr.contains("les mentions légales"), "{stderr}");
}

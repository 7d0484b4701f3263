//! What a news site publishes beside its pages: feeds, sitemap, robots.txt, metadata for
//! search engines and social networks, archives by year (the on-site search: `search.rs`).

use std::collections::BTreeSet;
use std::process::Command;

use crate::fixture::*;

/// A site with `n` activities in both languages, two per month from January 2024, with tags.
fn site_with(n: usize) -> Fixture {
    let site = Fixture::new();
    for i in 0..n {
        let date = format!("20{}-{:02}-{:02}", 24 + i / 24, 1 + (i / 2) % 12, 1 + (i % 2) * 14);
        let tags: &[&str] = if i % 3 == 0 { &["réintégration", "HCR"] } else { &["rapatriement"] };
        site.activity(&date, &format!("a{i}"), &format!("Activité {i}"), tags);
    }
    site
}

/// What Python's feedparser reads of a feed, as JSON.
fn parse_feed(file: &std::path::Path) -> serde_json::Value {
    let script = "import feedparser, json, sys\n\
        d = feedparser.parse(sys.argv[1])\n\
        print(json.dumps({'bozo': d.bozo, 'version': d.version, 'title': d.feed.get('title'), 'language': d.feed.get('language'),\n\
        'link': d.feed.get('link'), 'entries': [{'title': e.get('title'), 'link': e.get('link'), 'id': e.get('id'),\n\
        'published': e.get('published'), 'summary': e.get('summary'), 'content': e.get('content', [{}])[0].get('value')} for e in d.entries]}))";
    let output = Command::new("python3").args(["-c", script]).arg(file).output().expect("python3 runs");
    assert!(
        output.status.success(),
        "feedparser is needed (pip install feedparser): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn feeds_per_language_and_tag_are_valid_for_feed_readers() {
    let site = site_with(25);
    site.build();
    // RSS dates are written as in e-mails, Atom dates as in ISO 8601.
    let (rss_date, atom_date) = ("Wed, 1 Jan 2025 00:00:00 +0000", "2025-01-01T00:00:00Z");
    for (file, version, language, first, published, summary) in [
        ("rss.xml", "rss20", "fr", "https://cnr.exemple.ml/activites/a24/", rss_date, "Texte de Activité 24."),
        ("atom.xml", "atom10", "fr", "https://cnr.exemple.ml/activites/a24/", atom_date, "Texte de Activité 24."),
        ("en/rss.xml", "rss20", "en", "https://cnr.exemple.ml/en/activities/a24/", rss_date, "Text of Activité 24."),
        ("en/atom.xml", "atom10", "en", "https://cnr.exemple.ml/en/activities/a24/", atom_date, "Text of Activité 24."),
    ] {
        let feed = parse_feed(&site.output().join(file));
        assert_eq!(feed["bozo"], false, "{file}: {feed}");
        assert_eq!(feed["version"], version, "{file}");
        assert!(feed["language"].as_str().unwrap().starts_with(language), "{file}: {feed}");
        let entries = feed["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 20, "the newest 20");
        assert_eq!(entries[0]["link"], first, "{file}");
        assert_eq!(entries[0]["id"], first, "{file}");
        assert_eq!(entries[0]["published"], published, "{file}: {}", entries[0]);
        assert!(entries.iter().all(|e| e["link"].as_str().unwrap().starts_with("https://cnr.exemple.ml/")));
        assert_eq!(entries[0]["summary"], summary, "{file}");
        assert!(entries[0]["content"].is_null(), "summaries only unless asked");
    }
    let tag = parse_feed(&site.output().join("themes/hcr/rss.xml"));
    assert_eq!(tag["bozo"], false);
    assert_eq!(tag["entries"].as_array().unwrap().len(), 9, "the 9 activities tagged HCR");
    assert!(site.exists("themes/hcr/atom.xml") && site.exists("en/topics/reintegration/rss.xml"));
}

#[test]
fn feeds_may_carry_the_whole_text_with_absolute_links() {
    let site = site_with(2);
    site.file("site.yaml", &format!("{SITE_YAML}feeds:\n  items: 5\n  full_text: true\n")).file(
        "content/activites/2024-01-01-a0.md",
        "---\ntitle: A0\ntags: [HCR]\n---\nVoir [le contact](../contact.md) et **ceci**.\n",
    );
    site.build();
    let feed = parse_feed(&site.output().join("atom.xml"));
    let content = feed["entries"][1]["content"].as_str().unwrap();
    assert!(content.contains("<strong>ceci</strong>"), "{content}");
    assert!(content.contains("href=\"https://cnr.exemple.ml/contact/\""), "{content}");
}

#[test]
fn every_page_links_to_its_languages_feeds() {
    let site = site_with(3);
    site.build();
    for file in walk(&site.output()).into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(&file).unwrap();
        if file.ends_with("404.html") {
            continue;
        }
        assert!(html.contains("type=\"application/rss+xml\""), "{}", file.display());
        assert!(html.contains("type=\"application/atom+xml\""), "{}", file.display());
    }
    assert!(site.read("activites/a0/index.html").contains(
        r#"type="application/rss+xml" title="Coordination Nationale du Rapatriement (RSS)" href="../../rss.xml""#
    ));
    assert!(site.read("en/index.html").contains(r#"href="rss.xml""#));
    assert!(
        site.read("themes/hcr/index.html")
            .contains(r#"type="application/rss+xml" title="Activités du thème « HCR » (RSS)" href="rss.xml""#)
    );
}

#[test]
fn the_sitemap_lists_every_page_with_its_date_and_translations() {
    let site = site_with(14);
    site.build();
    let sitemap = site.read("sitemap.xml");
    let locs: BTreeSet<String> =
        sitemap.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap().to_string()).collect();
    let pages: BTreeSet<String> = walk(&site.output())
        .into_iter()
        .filter(|f| f.file_name().unwrap() == "index.html")
        .map(|f| {
            let rel = f.parent().unwrap().strip_prefix(site.output()).unwrap().to_string_lossy().to_string();
            if rel.is_empty() {
                "https://cnr.exemple.ml/".to_string()
            } else {
                format!("https://cnr.exemple.ml/{rel}/")
            }
        })
        .filter(|url| !url.ends_with("/recherche/") && !url.ends_with("/search/"))
        .collect();
    assert_eq!(locs, pages);
    let entry =
        |loc: &str| sitemap.split("<url>").find(|u| u.contains(&format!("<loc>{loc}</loc>"))).unwrap().to_string();
    let activity = entry("https://cnr.exemple.ml/activites/a13/");
    assert!(activity.contains("<lastmod>2024-07-15</lastmod>"), "{activity}");
    assert!(
        activity.contains(
            r#"<xhtml:link rel="alternate" hreflang="en" href="https://cnr.exemple.ml/en/activities/a13/"/>"#
        )
    );
    assert!(activity.contains(
        r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://cnr.exemple.ml/activites/a13/"/>"#
    ));
    assert!(
        entry("https://cnr.exemple.ml/en/activities/page/2/")
            .contains(r#"hreflang="fr" href="https://cnr.exemple.ml/activites/page/2/""#)
    );
    assert_eq!(site.read("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://cnr.exemple.ml/sitemap.xml\n");

    // Each entry names the same translations as the page itself: tag and year pages too.
    let links = |text: &str, start: &str, end: &str| -> BTreeSet<(String, String)> {
        text.split(start)
            .skip(1)
            .map(|s| {
                let link = s.split(end).next().unwrap();
                let (lang, href) = link.split_once("\" href=\"").unwrap();
                (lang.to_string(), href.to_string())
            })
            .collect()
    };
    let mut translated = BTreeSet::new();
    for url in sitemap.split("<url>").skip(1) {
        let loc = url.split("<loc>").nth(1).unwrap().split("</loc>").next().unwrap();
        let file = format!("{}index.html", loc.trim_start_matches("https://cnr.exemple.ml/"));
        let in_sitemap = links(url, "<xhtml:link rel=\"alternate\" hreflang=\"", "\"/>");
        let in_page = links(&site.read(&file), "<link rel=\"alternate\" hreflang=\"", "\">");
        assert_eq!(in_sitemap, in_page, "{loc}");
        if !in_page.is_empty() {
            translated.insert(file);
        }
    }
    for start in ["index.html", "activites/a1/", "activites/page/2/", "themes/hcr/", "activites/2024/", "en/topics/"] {
        assert!(translated.iter().any(|file| file.starts_with(start)), "{start}: {translated:?}");
    }
}

/// The JSON-LD of a page.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()]).unwrap()
}

#[test]
fn search_engines_and_social_networks_get_what_they_read() {
    let site = site_with(1);
    site.file(
        "content/activites/2024-01-01-a0.md",
        "---\ntitle: \"Signature <à> Bamako\"\nplace: Bamako\nsummary: Le plan est signé.\nimage: photo.jpg\nimage_alt: La signature\ntags: [HCR]\n---\nTexte.\n",
    )
    .photo("content/activites/photo.jpg", 1200, 800);
    site.build();
    let html = site.read("activites/a0/index.html");
    for tag in [
        r#"<title>Signature &lt;à&gt; Bamako | Coordination Nationale du Rapatriement</title>"#,
        r#"<meta name="description" content="Le plan est signé.">"#,
        r#"<link rel="canonical" href="https://cnr.exemple.ml/activites/a0/">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="Signature &lt;à&gt; Bamako">"#,
        r#"<meta property="og:url" content="https://cnr.exemple.ml/activites/a0/">"#,
        r#"<meta property="og:locale" content="fr_FR">"#,
        r#"<meta property="og:locale:alternate" content="en_GB">"#,
        // Its share card rather than its photo, unless `share: { photo: true }`.
        r#"<meta property="og:image" content="https://cnr.exemple.ml/activites/a0/card.png">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<meta name="twitter:image" content="https://cnr.exemple.ml/activites/a0/card.png">"#,
    ] {
        assert!(html.contains(tag), "{tag} missing in {html}");
    }
    let article = json_ld(&html);
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["headline"], "Signature <à> Bamako");
    assert_eq!(article["datePublished"], "2024-01-01");
    assert_eq!(article["contentLocation"]["name"], "Bamako");
    assert_eq!(article["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(article["image"][0], "https://cnr.exemple.ml/activites/a0/card.png");
    assert_eq!(article["image"][1], "https://cnr.exemple.ml/activites/a0/card-square.png");
    for page in ["index.html", "contact/index.html", "en/contact/index.html"] {
        let organization = json_ld(&site.read(page));
        assert_eq!(organization["@type"], "GovernmentOrganization", "{page}");
        assert_eq!(organization["email"], "cnrapatriement@yahoo.com");
        assert_eq!(organization["telephone"][1], "+223 74 01 90 01");
        assert_eq!(organization["address"], "Hamdalaye ACI 2000, Bamako, Mali");
    }
    assert!(site.read("contact/index.html").contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
}

#[test]
fn every_activity_is_reachable_by_year_in_few_clicks() {
    let site = site_with(60);
    site.build();
    let list = site.read("activites/index.html");
    for year in ["2024", "2025", "2026"] {
        assert!(list.contains(&format!("<a href=\"{year}/\">{year}</a>")), "{year}: {list}");
    }
    // From the list: a year, then its pages, then the activity.
    let mut reached = BTreeSet::new();
    for year in ["2024", "2025", "2026"] {
        let mut page = format!("activites/{year}/index.html");
        loop {
            let html = site.read(&page);
            for href in attributes(&html, "href") {
                let name = href.trim_end_matches('/').rsplit('/').next().unwrap();
                if name.starts_with('a') && name[1..].bytes().all(|b| b.is_ascii_digit()) && name.len() > 1 {
                    reached.insert(name.to_string());
                }
            }
            match attributes(&html, "href")
                .into_iter()
                .find(|h| html.contains(&format!("<a href=\"{h}\" rel=\"next\">")))
            {
                Some(next) => {
                    page = format!(
                        "activites/{year}/{}index.html",
                        next.trim_start_matches("./").replace("../", "").trim_start_matches(&format!("{year}/"))
                    )
                }
                None => break,
            }
        }
    }
    assert_eq!(reached.len(), 60, "{reached:?}");
    let year = site.read("activites/2024/index.html");
    assert!(year.contains("Activités de 2024") && year.contains("24 activités"), "{year}");
    assert!(
        year.contains("<time datetime=\"2024-12-15\">15 décembre 2024</time> <a href=\"../a23/\">Activité 23</a>"),
        "{year}"
    );
}

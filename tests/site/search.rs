//! The on-site search, through the theme's real `search.js` run in Node.js over the index a
//! build wrote: which pages a query finds, in which order, and what the page says of it.

use std::process::Command;

use crate::fixture::*;

/// What the script makes of a query: how many pages, the links of the first ten in order, the
/// words it took instead of those typed, whether the query held common words only.
#[derive(Debug, serde::Deserialize)]
struct Found {
    count: usize,
    links: Vec<String>,
    instead: std::collections::BTreeMap<String, String>,
    common: bool,
    /// Whether a word too short to bring all the words it begins was taken whole only.
    cut: bool,
}

/// Runs the search script over the index in `folder` of the output, for each query.
fn search(site: &Fixture, folder: &str, queries: &[&str]) -> Vec<Found> {
    let harness = "const fs = require('fs'), path = require('path');\n\
        require(path.resolve(process.argv[1]));\n\
        const get = (name) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(process.argv[2], name), 'utf8')));\n\
        (async () => { const out = [];\n\
          for (const q of process.argv.slice(3)) { const r = await cnrSearch.find(q, get);\n\
            const docs = r && r.pages.length ? await cnrSearch.describe(r, 0, get) : [];\n\
            out.push({ count: r ? r.pages.length : 0, links: docs.map(d => d[3]),\n\
              instead: (r && r.instead) || {}, common: !!(r && r.common), cut: !!(r && r.cut) }); }\n\
          console.log(JSON.stringify(out)); })();";
    let script = site.root().join("themes/cnr/static/js/search.js");
    let output = Command::new("node")
        .args(["-e", harness])
        .arg(script)
        .arg(site.output().join(folder))
        .args(queries)
        .output()
        .expect("Node.js runs the search script");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A French activity, with its summary, place, tags and text.
fn activity(site: &Fixture, date: &str, slug: &str, title: &str, summary: &str, tags: &str, text: &str) {
    site.file(
        &format!("content/activites/{date}-{slug}.md"),
        &format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nplace: Bamako\nsummary: \"{summary}\"\ntags: [{tags}]\n---\n{text}\n"
        ),
    );
}

fn link(slug: &str) -> String {
    format!("../activites/{slug}/")
}

/// Activities where the same words are in the title, the summary, a tag or the text, each
/// newer than the one that should come before it; plurals, long words, numbers.
fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/contact.md",
        "---\ntitle: Contact\n---\nÉcrivez-nous.\n\nLa Coordination Nationale du Rapatriement vous répond.\n",
    )
    .file(
        "content/presentation.md",
        "---\ntitle: Présentation de la CNR\n---\nNotre mission.\n\nLa Coordination Nationale du Rapatriement suit les retours.\n",
    );
    for (date, slug, title, summary, tags, text) in [
        (
            "2026-01-10",
            "accueil-gao",
            "Accueil des familles à Gao",
            "Les familles sont accueillies.",
            "accueil",
            "Un rituel d'accueil a ouvert la journée.",
        ),
        ("2025-12-10", "fete-kidal", "Fête du retour à Kidal", "La fête a réuni le village.", "rituel", "La fête."),
        (
            "2025-11-10",
            "ceremonie-mopti",
            "Cérémonie à Mopti",
            "Un rituel de bienvenue pour les familles.",
            "accueil",
            "Les familles.",
        ),
        (
            "2025-10-10",
            "rituels-menaka",
            "Les rituels du retour à Ménaka",
            "Une journée de rencontres.",
            "accueil",
            "Des rencontres.",
        ),
        ("2026-02-01", "terrain", "Un terrain convoité à Tombouctou", "Un terrain disputé.", "accueil", "Le terrain."),
        ("2025-06-01", "convoi", "Arrivée d'un convoi à Gao", "Le voyage s'est bien passé.", "retour", "Les familles."),
        (
            "2025-05-01",
            "travaux",
            "Travaux de réhabilitation à Bourem",
            "Des écoles remises à neuf.",
            "retour",
            "Des écoles.",
        ),
        (
            "2025-04-01",
            "numerique",
            "Formation au numérique des jeunes rapatriés",
            "Des ordinateurs.",
            "formation",
            "Des cours.",
        ),
        (
            "2025-03-01",
            "integration",
            "Intégration des jeunes dans les coopératives",
            "Des emplois.",
            "emploi",
            "Des jeunes.",
        ),
        (
            "2025-02-01",
            "hackathon",
            "Hackathon des jeunes rapatriés à Bamako",
            "Des idées.",
            "formation",
            "Des équipes.",
        ),
        (
            "2024-09-01",
            "reunion-gao",
            "Réunion avec le HCR dans une école de Gao pour la rentrée",
            "Une réunion.",
            "HCR",
            "La rentrée.",
        ),
        (
            "2024-08-01",
            "reunion-kidal",
            "Réunion avec le HCR dans une école de Kidal pour la rentrée",
            "Une réunion.",
            "HCR",
            "La rentrée à Gao.",
        ),
        (
            "2024-07-01",
            "enregistres",
            "89324 rapatriés enregistrés depuis 2013",
            "Le bilan.",
            "bilan",
            "Le bilan de l'année.",
        ),
        (
            "2024-01-15",
            "rapatriement-niger",
            "Rapatriement de 212 réfugiés depuis le Niger",
            "Le convoi.",
            "retour",
            "Le retour.",
        ),
    ] {
        activity(&site, date, slug, title, summary, tags, text);
    }
    site.file(
        "content/activites/2025-04-01-numerique.en.md",
        "---\ntitle: Digital skills for young returnees\ndate: 2025-04-01\nsummary: Computers.\n---\nIncome activities.\n",
    );
    site
}

#[test]
fn a_word_ranks_by_where_it_is_title_summary_tag_then_text_and_date_only_breaks_ties() {
    let site = site();
    site.build();
    let found = search(&site, "recherche", &["rituel", "rituels", "Rituel"]);
    let order = ["rituels-menaka", "ceremonie-mopti", "fete-kidal", "accueil-gao"].map(link);
    assert_eq!(found[0].links, order, "title, summary, tag, text; each newer than the one before it");
    assert_eq!(found[1].links, order, "the plural finds the singular, in the same order");
    assert_eq!(found[2].links, order);
    // A word that only begins a longer one weighs less than the whole word, even in a newer page.
    let found = search(&site, "recherche", &["convoi", "convois"]);
    assert_eq!(found[0].links[..2], [link("convoi"), link("terrain")], "{:?}", found[0]);
    assert_eq!(found[1].links[0], link("convoi"), "the plural finds the singular in the title first");
}

#[test]
fn a_word_in_a_title_or_summary_ranks_above_the_same_in_a_text() {
    let site = site();
    site.build();
    let found = &search(&site, "recherche", &["rapatri"])[0];
    // Contact and Présentation say « Coordination Nationale du Rapatriement » in their text only.
    assert_eq!(found.count, 6, "{found:?}");
    assert!(found.links[..4].contains(&link("rapatriement-niger")), "{found:?}");
    assert_eq!(found.links[4..], ["../contact/", "../presentation/"], "{found:?}");
    // Every activity is at Bamako: ten are described at a time, newest first among equals.
    let found = search(&site, "recherche", &["bamako", "Digital", "returnees"]);
    assert_eq!((found[0].count, found[0].links.len()), (14, 10), "{:?}", found[0]);
    assert_eq!(found[0].links[0], link("hackathon"), "the one with Bamako in its title first");
    assert_eq!(found[0].links[1], link("terrain"), "then the newest");
    assert_eq!((found[1].count, found[2].count), (0, 0), "the French index has the French pages only");
}

#[test]
fn plurals_prefixes_and_elisions_find_their_words() {
    let site = site();
    site.build();
    let found = search(
        &site,
        "recherche",
        &["travail", "numeriq", "numériques", "l'intégration", "l’Intégration", "d'intégration des jeunes"],
    );
    assert_eq!(found[0].links, [link("travaux")], "« travail » finds « travaux »");
    assert_eq!(found[1].links, [link("numerique")], "a beginning without accents finds « numérique »");
    assert_eq!(found[2].links, [link("numerique")], "the plural finds the singular");
    for elided in &found[3..] {
        assert_eq!(elided.links, [link("integration")], "{elided:?}");
    }
    let english = search(&site, "en/search", &["activity", "returnee", "digital skill"]);
    for found in &english {
        assert_eq!(found.links, ["../activities/numerique/"], "{found:?}");
    }
}

/// The text of a page's `<h1>` as a visitor copies it: without markup, entities read.
fn heading(html: &str) -> String {
    let start = html.find("<h1>").unwrap() + 4;
    let inner = &html[start..start + html[start..].find("</h1>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

#[test]
fn a_title_copied_from_its_page_finds_that_page_first_whatever_its_common_words() {
    let site = site();
    site.build();
    let slugs = ["reunion-gao", "reunion-kidal", "enregistres", "rapatriement-niger", "convoi", "integration"];
    let titles: Vec<String> =
        slugs.iter().map(|slug| heading(&site.read(&format!("activites/{slug}/index.html")))).collect();
    assert!(titles[2].starts_with("89\u{202F}324 "), "the page groups the number: {}", titles[2]);
    assert!(titles[4].contains('’'), "the page sets the apostrophe: {}", titles[4]);
    let queries: Vec<&str> = titles.iter().map(String::as_str).collect();
    for (slug, found) in slugs.iter().zip(search(&site, "recherche", &queries)) {
        assert_eq!(found.links.first(), Some(&link(slug)), "{slug}: {found:?}");
    }
    // The number as written in the file, without its groups, finds it too.
    assert_eq!(search(&site, "recherche", &["89324"])[0].links, [link("enregistres")]);
}

#[test]
fn a_query_without_results_is_retried_one_letter_away_and_says_so() {
    let site = site();
    site.build();
    let found = search(&site, "recherche", &["hackaton", "hackathon", "Tombouctuo", "zzzzzz", "de la", "x"]);
    assert_eq!(found[0].links, [link("hackathon")]);
    assert_eq!(found[0].instead.get("hackaton").map(String::as_str), Some("hackathon"));
    assert!(found[1].instead.is_empty(), "a word found is never replaced");
    assert_eq!(found[2].links, [link("terrain")], "two letters swapped");
    assert_eq!((found[3].count, found[3].instead.len()), (0, 0), "nothing near: nothing found");
    assert!(found[4].common && found[4].count == 0, "common words alone: {:?}", found[4]);
    assert!(!found[5].common && found[5].count == 0, "a single letter is not a word");
}

#[test]
fn the_search_page_says_what_it_needs_and_works_without_a_script() {
    let site = site();
    site.build();
    let page = site.read("recherche/index.html");
    assert!(page.contains("<noscript><p class=\"note\">La recherche a besoin de JavaScript"), "{page}");
    assert!(
        page.contains("<a href=\"../activites/\">Liste des activités</a>")
            && page.contains("<a href=\"../themes/\">Thèmes</a>")
    );
    assert!(page.contains("<script src=\"../js/search.js\" defer></script>"));
    assert!(page.contains("data-common=\"Ces mots sont trop courants"), "{page}");
    assert!(!site.read("index.html").contains("search.js"), "no script is downloaded before searching");
    // The manifest gives the script the stop words and plural endings of the language.
    let manifest: serde_json::Value = serde_json::from_str(&site.read("recherche/index.json")).unwrap();
    assert!(manifest["stop"].as_array().unwrap().contains(&"dans".into()), "{manifest}");
    assert_eq!(manifest["plurals"][0], serde_json::json!(["aux", "al"]));
    let english: serde_json::Value = serde_json::from_str(&site.read("en/search/index.json")).unwrap();
    assert!(english["stop"].as_array().unwrap().contains(&"the".into()), "{english}");
}

#[test]
fn in_chromium_on_a_phone_a_typo_common_words_a_slow_connection_and_no_script() {
    let dir = crate::browser::browser_tests();
    let site = site();
    if let Err(errors) = site.build_with(false, Some("https://cnr.exemple.ml/cnr/")) {
        panic!("the build failed:\n{errors}");
    }
    let shot = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/search-typo-fr-375.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let plan = serde_json::json!({
        "public": site.output(),
        "prefix": "/cnr/",
        "page": "recherche/",
        "shot": shot,
        "english": {
            "page": "en/search/",
            "typo": "retunees",
            "typo_status": "No results for “retunees”. 1\u{A0}result for “returnees”.",
            "typo_link": "en/activities/numerique/",
        },
        "cases": {
            "typo": "hackaton",
            "typo_status": "Aucun résultat pour «\u{202F}hackaton\u{202F}». 1\u{A0}résultat pour «\u{202F}hackathon\u{202F}».",
            "typo_link": "activites/hackathon/",
            "many": "bamako",
            "many_count": 14,
            "common": "de la",
            "slow": "kidal",
            "slow_links": ["activites/fete-kidal/", "activites/reunion-kidal/"],
            "other": "tombouctou",
            "other_link": "activites/terrain/",
        },
    });
    let plan_file = site.root().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let output = Command::new("node")
        .arg(dir.join("search.mjs"))
        .arg(&plan_file)
        .output()
        .expect("Node.js runs the browser tests (apt-get install nodejs; .ci/run does it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().last(), Some(r#"{"failures":0}"#));
}

/// A deterministic stream of numbers (an LCG): the same site every run.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    /// An index below `n`, small ones far more often, as words are in a text.
    fn common(&mut self, n: usize) -> usize {
        let r = self.below(1 << 20) as f64 / f64::from(1 << 20);
        ((r * r * r) * n as f64) as usize
    }
}

/// `count` words made of syllables, more varied than a real vocabulary: the index is bigger.
fn vocabulary(draw: &mut Draw, count: usize) -> Vec<String> {
    const SYLLABLES: [&str; 40] = [
        "ba", "ko", "ma", "li", "ra", "pa", "trie", "ment", "con", "vo", "ré", "in", "té", "gra", "tion", "sé", "cu",
        "ri", "fa", "mi", "lle", "mé", "na", "ge", "do", "ta", "ou", "ga", "kid", "al", "tom", "bouc", "nié", "so",
        "di", "ka", "yes", "rou", "tes", "ser",
    ];
    (0..count)
        .map(|_| (0..2 + draw.below(3)).map(|_| SYLLABLES[draw.below(SYLLABLES.len())]).collect::<String>())
        .collect()
}

/// `n` words of the vocabulary, with a number (grouped when big) now and then.
fn prose(draw: &mut Draw, words: &[String], n: usize) -> String {
    let mut text = Vec::with_capacity(n);
    for _ in 0..n {
        text.push(match draw.below(12) {
            0 => match draw.below(3000) {
                big @ 1000.. => format!("{} {:03}", big / 1000, big % 1000),
                small => small.to_string(),
            },
            _ => words[draw.common(words.len())].clone(),
        });
    }
    text.join(" ")
}

#[test]
fn a_first_query_fetches_at_most_20_kb_with_the_script_at_2000_pages() {
    let site = Fixture::new();
    // Without the theme's fonts no share card is drawn: the build takes seconds, not a minute.
    std::fs::remove_dir_all(site.root().join("themes/cnr/fonts")).unwrap();
    let mut draw = Draw(17);
    let words = vocabulary(&mut draw, 3000);
    for i in 0..2000 {
        let date = format!("{}-{:02}-{:02}", 2013 + i / 160, 1 + i / 14 % 11, 1 + i % 28);
        let length = 6 + draw.below(6);
        let title = prose(&mut draw, &words, length);
        let summary = prose(&mut draw, &words, 20);
        let text: Vec<String> = (0..4).map(|_| prose(&mut draw, &words, 60)).collect();
        let tags = ["Retour", "Réintégration", "HCR"][i % 3];
        site.file(
            &format!("content/activites/{date}-a{i}.md"),
            &format!(
                "---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"{summary}\"\ntags: [{tags}]\n---\n{}\n",
                text.join("\n\n")
            ),
        );
    }
    site.build();
    // The project's tool weighs every query of two letters, the heaviest first queries.
    let tool = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/search-weight.js");
    let output = Command::new("node").arg(tool).arg(site.output()).arg("recherche").output().expect("Node.js runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{}", String::from_utf8_lossy(&output.stderr));
    let heaviest: f64 = said.split(": ").nth(1).and_then(|rest| rest.split(' ').next()).unwrap().parse().unwrap();
    println!("{said}");
    assert!(heaviest <= 20.0, "{said}");
    assert!(said.starts_with(char::is_numeric) && heaviest > 5.0, "the tool weighed a real index: {said}");
    // A beginning of two letters begins too many words: only the word itself is looked for.
    let common = &words[0];
    let short: String = common.chars().take(2).collect();
    let found = search(&site, "recherche", &[&short, common]);
    assert!(found[0].cut && found[0].count < 100, "{short}: {:?}", found[0]);
    assert!(!found[1].cut && found[1].count > 100, "{common}: {:?}", found[1]);
}

//! The site as visitors get it: the project's own site with a year of activities added, built
//! for a sub-path, driven in Chromium by `tests/browser/run.mjs` (navigation, the contact page's
//! mailto: link, search, keyboard, no JavaScript, axe-core at two widths in two languages, the
//! size of every link on a phone, the names of navigation landmarks, link previews, sharing,
//! screenshots), validated by the Nu Html Checker, and weighed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fixture::*;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// The project's `site.yaml` and `content/`, with twelve more activities, one with photos.
fn project_site() -> Fixture {
    let site = Fixture::empty();
    std::fs::copy(Path::new(MANIFEST).join("site.yaml"), site.root().join("site.yaml")).unwrap();
    copy_dir(&Path::new(MANIFEST).join("content"), &site.root().join("content"));
    for month in 1..=11 {
        let tags: &[&str] = if month % 2 == 0 { &["HCR", "Retour"] } else { &["Réintégration"] };
        site.activity(
            &format!("2025-{month:02}-10"),
            &format!("essai-{month}"),
            &format!("Réunion d'essai nº {month}"),
            tags,
        );
    }
    site.photo("content/activites/accueil.jpg", 1600, 1067).photo("content/activites/convoi.jpg", 1200, 800);
    for (suffix, title, alt, text) in [
        ("", "Accueil des rapatriés à Ménaka", "Des familles accueillies à Ménaka", "Les familles sont arrivées."),
        (".en", "Returnees welcomed in Ménaka", "Families welcomed in Ménaka", "The families arrived."),
    ] {
        site.file(
            &format!("content/activites/2026-03-02-accueil-menaka{suffix}.md"),
            &format!(
                "---\ntitle: {title}\ndate: 2026-03-02\nplace: Ménaka\nimage: accueil.jpg\nimage_alt: {alt}\ntags: [HCR]\n---\n\n{text}\n\n![{alt}](convoi.jpg)\n"
            ),
        );
    }
    site
}

fn built_site() -> Fixture {
    let site = project_site();
    if let Err(errors) = site.build_with(false, Some("https://cnr.exemple.ml/cnr/")) {
        panic!("the build failed:\n{errors}");
    }
    site
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")).collect()
}

pub fn browser_tests() -> PathBuf {
    let dir = Path::new(MANIFEST).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser tests need their Node packages: npm ci --prefix tests/browser (.ci/run does it)"
    );
    dir
}

#[test]
fn in_chromium_every_page_works_reads_and_passes_axe() {
    let dir = browser_tests();
    let site = built_site();
    let shots = Path::new(MANIFEST).join("target/screenshots");
    let pages = [
        ("home", "", "en/"),
        ("presentation", "presentation/", "en/about/"),
        ("list", "activites/", "en/activities/"),
        ("list-2", "activites/page/2/", "en/activities/page/2/"),
        ("year", "activites/2025/", "en/activities/2025/"),
        ("activity", "activites/accueil-menaka/", "en/activities/accueil-menaka/"),
        ("tag", "themes/hcr/", "en/topics/hcr/"),
        ("tags", "themes/", "en/topics/"),
        ("contact", "contact/", "en/contact/"),
        ("search", "recherche/", "en/search/"),
        ("accessibility", "accessibilite/", "en/accessibility/"),
    ];
    for (_, fr, en) in pages {
        assert!(site.exists(&format!("{fr}index.html")) && site.exists(&format!("{en}index.html")), "{fr} / {en}");
    }
    let plan = serde_json::json!({
        "public": site.output(),
        "prefix": "/cnr/",
        "base": "https://cnr.exemple.ml/cnr/",
        "shots": shots,
        "pages": pages.iter().map(|(name, fr, en)| serde_json::json!({"name": name, "fr": fr, "en": en})).collect::<Vec<_>>(),
        // Of the thirteen activities, the oldest is on the list's second page.
        "older": { "activity": "activites/essai-1/", "list": "activites/page/2/" },
        "photo": "activites/accueil-menaka/",
        "search": "ménaka",
        // What the contact page's mailto: link must give a mail program, decoded.
        "contact": {
            "email": "cnrapatriement@yahoo.com",
            "tel": ["tel:+22363020606", "tel:+22374019001"],
            "fr": {
                "subject": "Message depuis le site de la Coordination Nationale du Rapatriement",
                "body": "Bonjour,\r\n\r\n\r\n\r\nNom et prénom :\r\nTéléphone :\r\n",
            },
            "en": {
                "subject": "Message from the website of the National Repatriation Coordination",
                "body": "Hello,\r\n\r\n\r\n\r\nFull name:\r\nPhone:\r\n",
            },
        },
    });
    let plan_file = site.root().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let output = Command::new("node")
        .arg(dir.join("run.mjs"))
        .arg(&plan_file)
        .output()
        .expect("Node.js runs the browser tests (apt-get install nodejs; .ci/run does it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    std::io::stdout().write_all(stdout.as_bytes()).unwrap();
    assert!(output.status.success(), "the browser found problems:\n{stdout}\n{stderr}");
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    // Both languages, both widths, every page and the 404 page: nothing skipped.
    assert_eq!(summary["axe_runs"], 2 * 2 * (pages.len() + 1));
    assert_eq!(summary["screenshots"], 2 * 2 * 4);
    // The card and its square on every page and the 404 page, in both languages.
    assert_eq!(summary["previews"], 2 * 2 * (pages.len() + 1));
    assert_eq!(summary["mailto"], 2, "the mailto: link was read in both languages");
    // Every visible link and button of every page at 375 px was measured.
    assert!(summary["targets"].as_u64().unwrap() > 30 * (pages.len() as u64 + 1), "{}", summary["targets"]);
    assert_eq!(summary["photo_chosen"], "accueil-480.webp convoi-480.webp", "a phone gets the small WebP");
    println!("the activity with its photos at 375 px: {} bytes", summary["photo_page_bytes"]);
    for name in ["home-fr-375", "home-fr-1280", "list-en-375", "activity-fr-1280", "contact-en-375"] {
        assert!(shots.join(format!("{name}.png")).is_file(), "{name}");
    }
}

#[test]
fn the_nu_html_checker_finds_no_error_in_any_page() {
    let dir = browser_tests();
    let site = built_site();
    let pages = html_files(&site.output());
    assert!(pages.len() > 50, "{}", pages.len());
    let output = Command::new("java")
        .args(["-jar"])
        .arg(dir.join("node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("Java runs the Nu Html Checker (apt-get install default-jre-headless; .ci/run does it)");
    let messages = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && messages.trim().is_empty(), "{messages}");
}

#[test]
fn every_page_and_its_css_fit_in_the_first_round_trip() {
    let site = built_site();
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap().len()
    };
    let css = gzip(&std::fs::read(site.output().join("css/site.css")).unwrap());
    let mut heaviest = (0, PathBuf::new());
    for page in html_files(&site.output()) {
        let html = std::fs::read_to_string(&page).unwrap();
        // One stylesheet, no web font: nothing else blocks the first paint.
        assert_eq!(html.matches("rel=\"stylesheet\"").count(), 1, "{}", page.display());
        assert!(!html.contains("@font-face") && !html.contains("fonts.googleapis"), "{}", page.display());
        heaviest = heaviest.max((gzip(html.as_bytes()) + css, page));
    }
    println!("heaviest page with its CSS, gzip: {} bytes ({})", heaviest.0, heaviest.1.display());
    assert!(heaviest.0 < 14 * 1024, "{} bytes: {}", heaviest.0, heaviest.1.display());
    assert!(!std::fs::read_to_string(site.output().join("css/site.css")).unwrap().contains("@font-face"));
}

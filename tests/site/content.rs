//! Real content as staff write it (issue 12): HTML pasted from other editors, video players,
//! e-mail addresses, photos named by cameras and phones, links from the site's root, Windows
//! line endings, a page in English only. `check` lists every mistake in one run, each with its
//! place and what to do; once the mistakes are fixed as the messages say, `build` publishes it,
//! and every page passes the Nu Html Checker and, in Chromium, axe-core, with no request to
//! another site until a video is asked for.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fixture::*;

const GAO: &str = "content/activites/2026-03-02-reunion-gao.md";
const DISTRIBUTION: &str = "content/activites/2026-03-04-distribution.md";
const NOTES: &str = "content/activites/2026-03-03-notes.md";
const BILAN: &str = "content/activites/2026-03-07-bilan-b.md";
const ENGLISH: &str = "content/activites/2026-03-05-unhcr-visit.en.md";
/// Named as on a Windows desktop, with a photo named by a phone.
const ODD: &str = "content/activites/2026-03-08 Photos du convoi (2).md";

/// The French activity of Gao, as pasted from an e-mail and another site's editor, with its
/// three link mistakes (`mailto`, `https`, anchor) as `links` says them.
fn gao(links: [&str; 3]) -> String {
    let [email, site, anchor] = links;
    let lines = [
        "---",
        "title: \"Réunion à Gao\"",
        "date: 2026-03-02 10:00",
        "place: Gao",
        "tags: [HCR]",
        "---",
        "",
        &format!(
            "Écrivez à <nom@example.org> ou [au bureau](mailto:bureau@example.org). Pour la suite, [écrivez-nous]({email})."
        ),
        "",
        "![Le convoi à Gao](/img/Photo_01.JPG) ![L'accueil des familles](/img/une%20photo.png)",
        "",
        "![Une famille arrivée](famille.jpeg) ![Le camion du convoi](camion.jfif) [La photo entière](/img/Photo_01.JPG)",
        "",
        &format!("Voir [le HCR]({site}) et [les étapes](../contact.md#{anchor})."),
        "",
        "<table style=\"width:100%\">",
        "<tr><th scope=\"col\">Région</th><th scope=\"col\">Familles</th></tr>",
        "<tr><td onclick=\"alert(1)\">Gao</td><td>200</td></tr>",
        "</table>",
        "",
        "Le 1<sup>er</sup> convoi du <abbr title=\"Haut-Commissariat des Nations unies pour les réfugiés, l'agence\">HCR</abbr> est \"arrivé\".<script>track()</script>",
        "",
        "<details><summary>Les chiffres</summary>Deux cents familles.</details>",
        "",
        "<!-- à revoir -->",
        "",
        "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/aBc123\" title=\"Le convoi arrive à Gao\" allowfullscreen></iframe>",
        "",
        "https://vimeo.com/76979871",
    ];
    // Saved on Windows.
    lines.join("\r\n") + "\r\n"
}

/// A long paragraph, as pasted from a report, whose link is far along its line.
fn distribution(date: &str, link: &str) -> String {
    let long = "La distribution des vivres s'est tenue en présence des autorités locales et des partenaires. ";
    format!("---\ntitle: Distribution à Ménaka\ndate: {date}\n---\n\n{long}{long}Voir [la liste]({link}).\n")
}

/// The site as the staff hand it over: one of each case of issue 12, mistakes included.
fn handed_over() -> Fixture {
    let site = Fixture::new();
    site.notices()
        .file("content/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n\n## Résumé des étapes\n\nTrois étapes.\n")
        .file(GAO, &gao(["nom@example.org", "www.unhcr.org/fr", "Résumé-des-étapes"]))
        .file(
            "content/activites/2026-03-02-reunion-gao.en.md",
            "---\ntitle: Meeting in Gao\ndate: 2026-03-02\nplace: Gao\ntags: [HCR]\n---\nThe convoy arrived.\n",
        )
        .file(DISTRIBUTION, &distribution("04/03/2026", "/activites/absente/"))
        .file(NOTES, "---\ntitle: Notes\nauteur: Awa\nlieu: Gao\ncategorie: convoi\n---\nNotes.\n")
        .file("content/activites/2026-03-06-bilan-a.md", "---\ntitle: Bilan A\nslug: bilan\n---\nA.\n")
        .file(BILAN, "---\ntitle: Bilan B\nslug: bilan\n---\nB.\n")
        .file(ENGLISH, "---\ntitle: UNHCR visit\ndate: 2026-03-05T09:30:00+01:00\n---\nThe \"delegation\" came: see [the contact page](../contact.md).\n")
        .file(ODD, "---\ntitle: Photos du convoi\n---\n![Le convoi](<IMG 0001 (1).JPG>)\n\n![Le départ](IMG%200001%20(1).JPG)\n")
        .photo("content/activites/IMG 0001 (1).JPG", 600, 400)
        // A camera's name, and the same photo saved again by a phone: one address.
        .photo("content/img/Photo_01.JPG", 800, 600)
        .photo("content/img/photo-01.jpg", 800, 600)
        .photo("content/img/une photo.png", 600, 400)
        .photo("content/activites/famille.jpeg", 600, 400)
        .photo("content/activites/camion.jfif", 600, 400);
    site
}

/// The fixes the messages ask for.
fn fix(site: &Fixture) {
    site.file(GAO, &gao(["mailto:nom@example.org", "https://www.unhcr.org/fr", "resume-des-etapes"]))
        .file(DISTRIBUTION, &distribution("2026-03-04", "/activites/_index.md"))
        .file(NOTES, "---\ntitle: Notes\nplace: Gao\n---\nNotes.\n")
        .file(BILAN, "---\ntitle: Bilan B\nslug: bilan-2\n---\nB.\n");
    std::fs::rename(site.root().join("content/img/photo-01.jpg"), site.root().join("content/img/photo-02.jpg"))
        .unwrap();
}

/// The lines of a report that start a message: `file:line:column: severity : message`.
fn headlines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": erreur : ") || l.contains(": attention : ")).collect()
}

#[test]
fn check_finds_every_mistake_at_once_and_the_fixed_site_builds() {
    let site = handed_over();
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    let expected = [
        // Each unknown key of a file, not only the first.
        "content/activites/2026-03-03-notes.md:3:1: erreur : clé inconnue « auteur »",
        "content/activites/2026-03-03-notes.md:4:1: erreur : clé inconnue « lieu »",
        "content/activites/2026-03-03-notes.md:5:1: erreur : clé inconnue « categorie »",
        "content/activites/2026-03-04-distribution.md: attention : pas de version « en » de cette page",
        "content/activites/2026-03-04-distribution.md:3:7: erreur : date : « 04/03/2026 » n'est pas une date",
        // A page refused for its date still has its links followed.
        "content/activites/2026-03-04-distribution.md:6:192: erreur : le lien « /activites/absente/ » ne mène à aucune page",
        "content/activites/2026-03-05-unhcr-visit.en.md: attention : cette page n'existe qu'en « en » : elle est publiée dans cette langue seulement",
        "content/activites/2026-03-06-bilan-a.md: attention : pas de version « en » de cette page",
        "content/activites/2026-03-08 Photos du convoi (2).md: attention : pas de version « en » de cette page",
        "content/activites/2026-03-07-bilan-b.md: attention : pas de version « en » de cette page",
        "content/activites/2026-03-07-bilan-b.md:3:7: erreur : l'adresse /activites/bilan/ est aussi celle de content/activites/2026-03-06-bilan-a.md",
        "content/activites/2026-03-02-reunion-gao.md:8:87: erreur : le lien « nom@example.org » ne mène à aucune page",
        "content/activites/2026-03-02-reunion-gao.md:14:6: erreur : le lien « www.unhcr.org/fr » ne mène à aucune page",
        "content/activites/2026-03-02-reunion-gao.md:14:36: erreur : le lien « /contact/#Résumé-des-étapes » mène à une ancre qui n'existe pas",
        "content/activites/2026-03-02-reunion-gao.md:16:8: attention : attribut style de <table> retiré",
        "content/activites/2026-03-02-reunion-gao.md:18:9: attention : attribut onclick de <td> retiré",
        "content/activites/2026-03-02-reunion-gao.md:21:131: attention : élément <script> retiré avec son contenu",
        "content/activites/2026-03-02-reunion-gao.md:25:1: attention : commentaire HTML retiré",
        "content/activites/2026-03-02-reunion-gao.md:27:1: attention : la vidéo YouTube est montrée par un lien qui ne la charge qu'au clic",
        // Two photos whose names fold to one: named by their files, never by a made size.
        "content/img/photo-01.jpg: erreur : l'adresse /img/photo-01.jpg est aussi celle de content/img/Photo_01.JPG",
    ];
    let mut found = headlines(&stderr);
    let mut expected = expected.to_vec();
    found.sort_unstable();
    expected.sort_unstable();
    assert_eq!(found, expected, "{stderr}");
    for hint in [
        "aide : écrivez date: 2026-03-04",
        "aide : pour une adresse électronique, écrivez mailto:nom@example.org, ou <nom@example.org>",
        "aide : pour une page d'un autre site, écrivez son adresse entière : https://www.unhcr.org/fr",
        "aide : vouliez-vous dire #resume-des-etapes ?",
        "aide : donnez à l'une des deux pages une autre adresse : une ligne slug:",
        "aide : renommez l'un des deux fichiers",
        "aide : un attribut onclick exécute du code",
        // A key written in French is understood; one that has no place, removed.
        "aide : vouliez-vous dire « place » ?",
        "aide : vouliez-vous dire « tags » ?",
        "aide : retirez cette ligne, ou choisissez l'une des clés possibles : title, date,",
    ] {
        assert!(stderr.contains(hint), "{hint}:\n{stderr}");
    }
    // A long line is quoted around the place at fault, its caret under it.
    let quoted = stderr.lines().skip_while(|l| !l.contains("distribution.md:6:192")).nth(1).unwrap();
    assert!(quoted.starts_with(" 6 | …") && quoted.chars().count() < 100, "{quoted}");
    let caret = stderr.lines().skip_while(|l| !l.contains("distribution.md:6:192")).nth(2).unwrap();
    assert_eq!(caret.find('^'), quoted.find("[la liste]").map(|at| quoted[..at].chars().count()), "{quoted}\n{caret}");
    assert!(stderr.ends_with("10 erreurs, 10 avertissements\n"), "{stderr}");

    // A build stops on the same errors, dead links included, and writes nothing.
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!site.output().exists());

    fix(&site);
    let (code, _, checked) = site.run(&["check"]);
    assert_eq!(code, 0, "{checked}");
    assert!(checked.ends_with("0 erreur, 11 avertissements\n"), "{checked}");
    // --strict: check's warnings are errors, and the build writes nothing.
    let (code, _, stderr) = site.run(&["build", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    let strict = headlines(&stderr);
    assert!(strict.len() == 11 && strict.iter().all(|l| l.contains(": erreur : ")), "{stderr}");
    assert!(std::fs::read_dir(site.output()).is_ok_and(|mut files| files.next().is_none()), "nothing written");
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    // The build prints the warnings check does, and counts them on its last line.
    assert_eq!(headlines(&stderr), headlines(&checked));
    assert!(stdout.trim_end().ends_with(" ; 11 avertissements"), "{stdout}");
    published_as_meant(&site);
}

/// What the fixed site publishes: each case of issue 12 as a visitor gets it.
fn published_as_meant(site: &Fixture) {
    let gao = site.read("activites/reunion-gao/index.html");
    let prose = &gao[gao.find("<div class=\"prose\">").unwrap()..gao.find("<section class=\"share\"").unwrap()];
    // E-mail addresses are links.
    assert!(prose.contains(r#"<a href="mailto:nom@example.org">nom@example.org</a>"#), "{prose}");
    assert!(prose.contains(r#"<a href="mailto:bureau@example.org">au bureau</a>"#), "{prose}");
    assert!(prose.contains(r#"<a href="mailto:nom@example.org">écrivez-nous</a>"#), "{prose}");
    // Photos by their path from the root, whatever their capitals, `_` or spaces; `.jpeg` and
    // `.jfif` are photos like the others, made in every size.
    for (name, alt) in [
        ("photo-01", "Le convoi à Gao"),
        ("une-photo", "L'accueil des familles"),
        ("famille", "Une famille arrivée"),
        ("camion", "Le camion du convoi"),
    ] {
        let folder = if name.contains("photo") { "../../img" } else { ".." };
        assert!(prose.contains(&format!(r#"srcset="{folder}/{name}-480.webp 480w"#)), "{name}:\n{prose}");
        assert!(prose.contains(&format!(r#"alt="{alt}""#)), "{alt}:\n{prose}");
    }
    // A paragraph that starts with a photo is one still.
    assert_eq!(prose.matches("<p><picture>").count(), 2, "{prose}");
    for file in
        ["img/photo-01-480.webp", "img/une-photo-480.webp", "activites/famille-480.webp", "activites/camion-480.jpg"]
    {
        assert!(site.exists(file), "{file}");
    }
    assert!(prose.contains(r#"<a href="../../img/photo-01.jpg">La photo entière</a>"#), "{prose}");
    assert!(prose.contains(r#"<a href="https://www.unhcr.org/fr">le HCR</a>"#), "{prose}");
    assert!(prose.contains(r#"<a href="../../contact/#resume-des-etapes">les étapes</a>"#), "{prose}");
    // Safe HTML kept; scripts, styles, events and comments out; typography on the text only.
    assert!(prose.contains("<table>\n<tbody><tr><th scope=\"col\">Région</th>"), "{prose}");
    assert!(prose.contains("<tr><td>Gao</td><td>200</td></tr>"), "{prose}");
    assert!(prose.contains("Le 1<sup>er</sup> convoi du <abbr title=\"Haut-Commissariat des Nations unies pour les réfugiés, l'agence\">HCR</abbr> est «\u{202f}arrivé\u{202f}»."), "{prose}");
    assert!(prose.contains("<details><summary>Les chiffres</summary>Deux cents familles.</details>"), "{prose}");
    for gone in ["<script", "track()", "style=", "onclick", "<!--", "à revoir", "<iframe"] {
        assert!(!prose.contains(gone), "{gone}:\n{prose}");
    }
    // Videos: a link to the video on its site, its player loaded only on a click (video.js).
    assert_eq!(prose.matches("<figure class=\"video\"").count(), 2, "{prose}");
    assert!(prose.contains(r#"<figure class="video" data-embed="https://www.youtube-nocookie.com/embed/aBc123"><a class="video-link" href="https://www.youtube.com/watch?v=aBc123"><span class="video-title">Le convoi arrive à Gao</span> <span class="video-site">Voir la vidéo sur YouTube</span></a></figure>"#), "{prose}");
    assert!(prose.contains(r#"<a class="video-link" href="https://vimeo.com/76979871"><span class="video-title">Voir la vidéo sur Vimeo</span></a>"#), "{prose}");
    assert!(gao.contains(r#"<script src="../../js/video.js" defer></script>"#), "{gao}");
    let distribution = site.read("activites/distribution/index.html");
    assert!(!distribution.contains("video.js"), "only pages with a video load it");
    // A page named by its file from the site's root, as from the text's folder.
    assert!(distribution.contains(r#"<a href="../">la liste</a>"#), "{distribution}");
    // Nothing in the page loads from another site.
    for attribute in ["src", "srcset", "data"] {
        for value in attributes(&gao, attribute) {
            assert!(!value.contains("//"), "{attribute}={value}");
        }
    }

    // A file named with spaces and brackets: its address and its photo's folded.
    let odd = site.read("activites/photos-du-convoi-2/index.html");
    assert_eq!(odd.matches(r#"<img src="../img-0001-1-600.jpg""#).count(), 2, "{odd}");
    assert!(site.exists("activites/img-0001-1.jpg"));

    // The page in English only: under /en/, in English, its language switch leading somewhere.
    let english = site.read("en/activities/unhcr-visit/index.html");
    assert!(english.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{english}");
    assert!(
        english.contains("<p>The \"delegation\" came: see <a href=\"../../contact/\">the contact page</a>.</p>"),
        "{english}"
    );
    let switch = &english[english.find("class=\"lang-switch\"").unwrap()..];
    let switch = &switch[..switch.find("</nav>").unwrap()];
    for href in attributes(switch, "href") {
        let target = site.output().join("en/activities/unhcr-visit").join(href).join("index.html");
        assert!(target.exists(), "{href} leads nowhere");
    }
    // No alternate in French, in the page or in the sitemap, where there is none.
    assert!(!english.contains("hreflang=\"fr\" href=\"https://"), "{english}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<url><loc>https://cnr.exemple.ml/en/activities/unhcr-visit/</loc><lastmod>2026-03-05</lastmod></url>"
        ),
        "{sitemap}"
    );
    assert!(site.read("en/activities/index.html").contains("UNHCR visit"));
    assert!(!site.read("activites/index.html").contains("UNHCR visit"));
    assert!(!site.exists("activites/unhcr-visit/index.html"));
}

#[test]
fn a_dead_link_stops_the_build_that_publishes_nothing_new() {
    let site = Fixture::new();
    site.notices().activity("2026-01-01", "a", "A", &["HCR"]);
    site.build();
    let before = site.snapshot();
    site.file("content/activites/2026-01-02-b.md", "---\ntitle: B\n---\nVoir [la liste](/activites/absente/).\n")
        .file("content/activites/2026-01-02-b.en.md", "---\ntitle: B\n---\nSee the list.\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "content/activites/2026-01-02-b.md:4:6: erreur : le lien « /activites/absente/ » ne mène à aucune page"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("rien n'a été écrit, public est resté tel quel."), "{stderr}");
    assert_eq!(before, site.snapshot());
}

#[test]
fn many_warnings_of_a_kind_are_summed_up_and_listed_with_verbose() {
    let site = Fixture::new();
    site.notices();
    for day in 1..=12 {
        site.file(
            &format!("content/activites/2026-01-{day:02}-a{day}.md"),
            &format!("---\ntitle: A{day}\n---\nTexte.\n"),
        );
    }
    site.file("content/activites/2026-02-01-b.md", "---\ntitle: B\n---\nLa 2ème réunion.\n")
        .file("content/activites/2026-02-01-b.en.md", "---\ntitle: B\n---\nThe second meeting.\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("a1.md"), "{stderr}");
    // Fewer of a kind are told one by one.
    assert!(
        stderr.contains("content/activites/2026-02-01-b.md:4:4: attention : « 2ème » : écrivez « 2e »"),
        "{stderr}"
    );
    assert!(
        stderr.contains("attention : 12 pages sans version « en »\n  aide : cnr-site check --verbose les liste"),
        "{stderr}"
    );
    assert!(stderr.ends_with("0 erreur, 13 avertissements\n"), "{stderr}");
    let (_, _, stderr) = site.run(&["check", "--verbose"]);
    assert_eq!(stderr.matches(": attention : pas de version « en » de cette page").count(), 12, "{stderr}");
    assert!(!stderr.contains("12 pages sans version"), "{stderr}");
    let (_, _, stderr) = site.run(&["--lang", "en", "check"]);
    assert!(
        stderr.contains("warning: 12 pages without a `en` version\n  help: cnr-site check --verbose lists them"),
        "{stderr}"
    );
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("attention : 12 pages sans version « en »"), "{stderr}");
    assert!(stdout.trim_end().ends_with(" ; 13 avertissements"), "{stdout}");
}

/// The fixed site, built, with the pages a visitor of issue 12's cases opens.
fn fixed_site() -> Fixture {
    let site = handed_over();
    fix(&site);
    site.build();
    site
}

fn browser_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(dir.join("node_modules/playwright-core").is_dir(), "npm ci --prefix tests/browser (.ci/run does it)");
    dir
}

#[test]
fn the_fixed_site_passes_the_nu_html_checker() {
    let dir = browser_dir();
    let site = fixed_site();
    let pages: Vec<PathBuf> =
        walk(&site.output()).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")).collect();
    assert!(pages.len() > 20, "{}", pages.len());
    let output = Command::new("java")
        .arg("-jar")
        .arg(dir.join("node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("Java runs the Nu Html Checker");
    let messages = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && messages.trim().is_empty(), "{messages}");
}

#[test]
fn in_chromium_a_video_loads_nothing_from_its_site_until_asked() {
    let dir = browser_dir();
    let site = fixed_site();
    let plan = serde_json::json!({
        "public": site.output(),
        "pages": ["activites/reunion-gao/", "en/activities/unhcr-visit/", "activites/distribution/"],
        "video": "activites/reunion-gao/",
    });
    let plan_file = site.root().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let output = Command::new("node").arg(dir.join("content.mjs")).arg(&plan_file).output().expect("Node.js runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["axe_runs"], 3 * 2);
    assert_eq!(summary["videos"], 2);
    assert_eq!(summary["player"], "https://www.youtube-nocookie.com/embed/aBc123?autoplay=1");
    assert_eq!(summary["without_js"], "https://www.youtube.com/watch?v=aBc123");
}

#[test]
fn characters_pasted_from_a_word_processor_are_taken_out_and_told() {
    let site = Fixture::new();
    site.notices().file(
        "content/activites/2026-01-05-a.md",
        "---\ntitle: \"Réunion\u{b}du comité\"\ndate: 2026-01-05\n---\nUn texte\u{b}collé\u{c} et \u{1}ici.\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    for at in ["2:16", "5:9", "5:15", "5:20"] {
        let told = format!("content/activites/2026-01-05-a.md:{at}: attention : un caractère invisible");
        assert!(stderr.contains(&told), "{told}\n{stderr}");
    }
    assert!(stderr.contains("(U+000B)") && stderr.contains("(U+0001)"), "{stderr}");
    assert!(site.read("activites/a/index.html").contains("Réunion du comité"));
    // No output holds one, and the feeds are well-formed XML.
    for path in walk(&site.output()) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        assert!(!text.chars().any(cnr_site::text::is_stray), "{}", path.display());
    }
    for feed in ["rss.xml", "atom.xml"] {
        let parsed = std::process::Command::new("python3")
            .args(["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])"])
            .arg(site.output().join(feed))
            .output()
            .unwrap();
        assert!(parsed.status.success(), "{feed}: {}", String::from_utf8_lossy(&parsed.stderr));
        assert!(site.read(feed).contains("Réunion du comité"));
    }
}

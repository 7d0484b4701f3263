//! Old addresses (`aliases:`): the page written at each, the redirect files, the warning before
//! an address the last build published disappears, and what cannot be an old address.

use crate::fixture::*;

const ACTIVITY: &str = "content/activites/2026-02-06-signature.md";

/// An activity in French and English; the French one says `front` in its front-matter.
fn site_with(front: &str) -> Fixture {
    let site = Fixture::new();
    site.notices()
        .file(ACTIVITY, &format!("---\ntitle: Signature du plan\n{front}---\nTexte.\n"))
        .file("content/activites/2026-02-06-signature.en.md", "---\ntitle: Signing the plan\n---\nText.\n");
    site
}

/// The value of `<meta http-equiv="refresh">`.
fn refresh(html: &str) -> &str {
    let at = html.find("http-equiv=\"refresh\" content=\"").expect("a refresh") + 30;
    &html[at..at + html[at..].find('"').unwrap()]
}

#[test]
fn each_old_address_is_a_page_that_leads_to_the_new_one() {
    let site =
        site_with("aliases: [/activity_detail/42, /activites/ancien-titre/, /ancien.html, /activit%C3%A9s/vieux/]\n");
    site.file(
        "content/activites/_index.md",
        "---\ntitle: Liste des activités\naliases: /actualites\n---\nToutes les activités.\n",
    );
    let report = site.build();
    let page = site.read("activity_detail/42/index.html");
    assert_eq!(refresh(&page), "0; url=../../activites/signature/");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://cnr.exemple.ml/activites/signature/\">"), "{page}");
    assert!(page.contains("<a href=\"../../activites/signature/\">Signature du plan</a>"), "{page}");
    assert!(page.contains("Cette page a changé d’adresse\u{a0}:"), "{page}");
    assert_eq!(refresh(&site.read("activites/ancien-titre/index.html")), "0; url=../signature/");
    assert_eq!(refresh(&site.read("ancien.html")), "0; url=activites/signature/");
    assert_eq!(refresh(&site.read("activités/vieux/index.html")), "0; url=../../activites/signature/");
    // A list's old address, and a page's title where its link is.
    assert_eq!(refresh(&site.read("actualites/index.html")), "0; url=../activites/");
    assert!(site.read("actualites/index.html").contains(">Liste des activités</a>"));
    // Old addresses are not pages of the site: not counted, not listed, not searched.
    assert_eq!(report.pages, site_with("").build().pages);
    for file in ["sitemap.xml", "rss.xml", "atom.xml", "activites/rss.xml"].into_iter().filter(|f| site.exists(f)) {
        let text = site.read(file);
        assert!(
            !text.contains("activity_detail") && !text.contains("ancien") && !text.contains("actualites"),
            "{file}"
        );
    }
    for file in
        walk(&site.output().join("recherche")).into_iter().filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("activity_detail") && !text.contains("ancien"), "{}", file.display());
    }
    assert!(site.read("sitemap.xml").contains("<loc>https://cnr.exemple.ml/activites/signature/</loc>"));
}

#[test]
fn an_english_page_leads_in_english_and_the_base_path_is_not_in_the_page() {
    let site = site_with("");
    site.file(
        "content/activites/2026-02-06-signature.en.md",
        "---\ntitle: Signing the plan\naliases: [/en/activity/42/]\n---\nText.\n",
    );
    site.build_with(false, Some("https://cnr.exemple.ml/cnr/")).unwrap();
    let page = site.read("en/activity/42/index.html");
    assert_eq!(refresh(&page), "0; url=../../activities/signature/");
    assert!(page.contains("<html lang=\"en\">") && page.contains("This page has moved:"), "{page}");
    assert!(page.contains("href=\"https://cnr.exemple.ml/cnr/en/activities/signature/\""), "{page}");
}

#[test]
fn the_redirect_files_list_every_old_address_under_the_base_path() {
    let site =
        site_with("aliases: [/activity_detail/42, /ancien.html, /activit%C3%A9s/vieux/, \"/detail.php?id=42&l=fr\"]\n");
    site.build_with(false, Some("https://cnr.exemple.ml/cnr/")).unwrap();
    let netlify = site.read("_redirects");
    let rules: Vec<&str> = netlify.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rules,
        [
            "/cnr/activity_detail/42 /cnr/activites/signature/ 301",
            "/cnr/activity_detail/42/ /cnr/activites/signature/ 301",
            "/cnr/activit%C3%A9s/vieux /cnr/activites/signature/ 301",
            "/cnr/activit%C3%A9s/vieux/ /cnr/activites/signature/ 301",
            "/cnr/ancien.html /cnr/activites/signature/ 301",
            "/cnr/detail.php id=42 l=fr /cnr/activites/signature/ 301",
        ]
    );
    let nginx = site.read(".redirects/nginx.conf");
    assert!(nginx.contains("    \"/cnr/detail.php?id=42&l=fr\" \"/cnr/activites/signature/\";\n"), "{nginx}");
    assert!(nginx.contains("    \"/cnr/activités/vieux/\" \"/cnr/activites/signature/\";\n"), "{nginx}");
    let apache = site.read(".redirects/apache.conf");
    assert!(
        apache.contains("RedirectMatch 301 \"^/cnr/activity_detail/42/?$\" \"/cnr/activites/signature/\"\n"),
        "{apache}"
    );
    assert!(apache.contains("RedirectMatch 301 \"^/cnr/ancien\\.html$\" \"/cnr/activites/signature/\"\n"), "{apache}");
    assert!(apache.contains("RewriteCond %{QUERY_STRING} \"=id=42&l=fr\"\n"), "{apache}");
    // No HTML page where a server would not answer with one.
    assert!(!site.exists("detail.php") && !site.exists("detail.php/index.html"));
    // Written even without old addresses: a server's configuration that includes them keeps working.
    let site = site_with("");
    site.build();
    assert!(site.read(".redirects/nginx.conf").contains("map $uri $cnr_redirect {"));
    assert!(!site.read("_redirects").lines().any(|l| !l.starts_with('#')));
}

#[test]
fn an_address_that_would_disappear_is_a_warning_with_the_line_that_keeps_it() {
    let site = site_with("");
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    std::fs::write(site.root().join(ACTIVITY), "---\ntitle: Signature du plan\nslug: signature-2026\n---\nTexte.\n")
        .unwrap();
    let before = site.snapshot();
    // check, --strict and build --strict see it before anything is published.
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    let warning = format!(
        "{ACTIVITY}: attention : l'adresse /activites/signature/, où cette page était publiée, ne mènerait plus à elle : les liens déjà partagés seraient cassés\n  aide : pour la garder, ajoutez à l'en-tête de ce fichier : aliases: [/activites/signature/]\n"
    );
    assert!(stderr.contains(&warning), "{stderr}");
    assert_eq!(site.run(&["check", "--strict"]).0, 1);
    let (code, _, stderr) = site.run(&["build", "--strict", "--lang", "en"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("{ACTIVITY}: error: the address /activites/signature/, where this page was published, would no longer lead to it")), "{stderr}");
    assert!(
        stderr.contains("help: to keep it, add to this file's header: aliases: [/activites/signature/]"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 error: nothing was written, public is as it was.\n"), "{stderr}");
    assert_eq!(site.snapshot(), before, "a strict build that warns writes nothing");
    // build warns and publishes.
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 0);
    assert_eq!(stderr, warning);
    assert!(stdout.starts_with("pages : fr ") && stdout.ends_with(" ; 1 avertissement\n"), "{stdout}");
    // Another title, and the line the warning gave: the old address leads to the page.
    let text = "---\ntitle: Signature du plan de travail\nslug: signature-2026\naliases: [/activites/signature/]\n---\nTexte.\n";
    std::fs::write(site.root().join(ACTIVITY), text).unwrap();
    let (code, _, stderr) = site.run(&["build", "--strict"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(refresh(&site.read("activites/signature/index.html")), "0; url=../signature-2026/");
    // Taking the alias away again would break it once more: its line is proposed whole.
    let text = "---\ntitle: A\nslug: signature-2026\naliases: [/activity_detail/42]\n---\nTexte.\n";
    std::fs::write(site.root().join(ACTIVITY), text).unwrap();
    let (_, _, stderr) = site.run(&["check"]);
    assert!(stderr.contains("aliases: [/activity_detail/42, /activites/signature/]\n"), "{stderr}");
}

#[test]
fn a_deleted_activity_is_listed_with_the_file_it_came_from() {
    let site = site_with("aliases: [/activity_detail/42]\n");
    site.build();
    std::fs::remove_file(site.root().join(ACTIVITY)).unwrap();
    std::fs::remove_file(site.root().join("content/activites/2026-02-06-signature.en.md")).unwrap();
    let warnings: Vec<String> = site.build().warnings.iter().map(|w| w.to_string()).collect();
    let en = "content/activites/2026-02-06-signature.en.md";
    let root = site.root().display();
    assert_eq!(
        warnings,
        [
            format!(
                "{root}/{en}: the address /en/activities/signature/, where this page was published, would lead nowhere: the page is no longer published"
            ),
            format!(
                "{root}/{ACTIVITY}: the address /activites/signature/, where this page was published, would lead nowhere: the page is no longer published"
            ),
            format!(
                "{root}/{ACTIVITY}: the address /activity_detail/42/, where this page was published, would lead nowhere: the page is no longer published"
            ),
        ]
    );
    assert!(site.build().warnings.is_empty(), "the build after it has nothing to compare");
}

#[test]
fn check_tells_a_page_left_out_for_its_errors_by_them_not_as_an_address_gone() {
    let site = site_with("");
    site.build();
    // The French activity has an impossible date: left out of the site, its address not gone.
    std::fs::write(site.root().join(ACTIVITY), "---\ntitle: Signature du plan\ndate: 2026-02-30\n---\nTexte.\n")
        .unwrap();
    std::fs::remove_file(site.root().join("content/activites/2026-02-06-signature.en.md")).unwrap();
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("{ACTIVITY}:3:7: erreur : date : 2026-02-30 n'existe pas")), "{stderr}");
    assert!(!stderr.contains("l'adresse /activites/signature/"), "{stderr}");
    // The English one, deleted, is gone: told in the same run.
    let gone = "content/activites/2026-02-06-signature.en.md: attention : l'adresse /en/activities/signature/";
    assert!(stderr.contains(gone), "{stderr}");
}

#[test]
fn an_old_address_servers_alone_can_lead_is_a_warning_and_a_redirect() {
    let site = site_with("aliases: [\"/activity_detail.php?id=42\", /rapport.pdf]\n");
    let report = site.build();
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    let root = site.root().display();
    assert_eq!(
        warnings,
        [
            format!(
                "{root}/{ACTIVITY}:3:10: the old address /activity_detail.php?id=42 cannot be a page of the site: it has a \"?id=42\" part"
            ),
            format!(
                "{root}/{ACTIVITY}:3:10: the old address /rapport.pdf cannot be a page of the site: it names a \".pdf\" file"
            ),
        ]
    );
    assert!(site.read("_redirects").contains("/rapport.pdf /activites/signature/ 301\n"));
    assert!(!site.exists("rapport.pdf") && !site.exists("activity_detail.php"));
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("seuls les serveurs qui lisent les fichiers de redirection (nginx, Apache, Netlify)"),
        "{stderr}"
    );
}

#[test]
fn what_is_not_an_address_of_the_site_is_an_error_at_its_line() {
    let site =
        site_with("aliases: [activites/x/, \"https://cnr.example.ml/activity_detail/42#haut\", /a/../b, /a b]\n");
    let errors = site.build_error();
    let at = format!("{}/{ACTIVITY}:3:10", site.root().display());
    for expected in [
        format!("{at}: aliases: \"activites/x/\" is not an address of this site"),
        format!("{at}: aliases: \"https://cnr.example.ml/activity_detail/42#haut\" is not an address of this site"),
        format!("{at}: aliases: \"/a/../b\" is not an address of this site"),
        format!("{at}: aliases: \"/a b\" is not an address of this site"),
    ] {
        assert!(errors.contains(&expected), "{expected}\n{errors}");
    }
    assert!(errors.ends_with("4 errors"), "{errors}");
    let (_, _, stderr) = site.run(&["check"]);
    assert!(
        stderr.contains(
            "aide : écrivez-la depuis la racine du site, sans son nom ni #… : aliases: [/activity_detail/42]"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("aliases: [/activites/x/]"), "{stderr}");
}

#[test]
fn an_old_address_taken_by_something_else_is_an_error_naming_both() {
    let site = site_with("aliases: [/contact/, /Activites/Autre/]\n");
    site.file("content/activites/2026-01-01-autre.md", "---\ntitle: Autre\n---\n")
        .file("content/activites/2026-01-01-autre.en.md", "---\ntitle: Other\n---\n")
        .file("content/contact.en.md", "---\ntitle: Contact\naliases: /activity_detail/42\n---\n")
        .file("content/presentation.en.md", "---\ntitle: About\naliases: /activity_detail/42/\n---\n")
        .file("content/presentation.md", "---\ntitle: Présentation\n---\n");
    let errors = site.build_error();
    let root = site.root().display();
    let at = format!("{root}/{ACTIVITY}:3:10");
    for expected in [
        format!("{at}: the old address /contact/ is also that of {root}/content/contact.md"),
        format!("{at}: the old address /Activites/Autre/ is also that of {root}/content/activites/2026-01-01-autre.md"),
        format!(
            "{root}/content/presentation.en.md:3:10: the old address /activity_detail/42/ is also that of {root}/content/contact.en.md"
        ),
    ] {
        assert!(errors.contains(&expected), "{expected}\n{errors}");
    }
    assert!(errors.ends_with("3 errors"), "{errors}");
}

#[test]
fn an_old_address_of_a_page_the_site_makes_itself_is_an_error() {
    let site = site_with("aliases: [/themes/hcr/, /activites/page/2/, /robots.txt/, /_redirects/]\n");
    site.file("content/activites/2026-01-01-autre.md", "---\ntitle: Autre\ntags: [HCR]\n---\n")
        .file("content/activites/2026-01-01-autre.en.md", "---\ntitle: Other\n---\n")
        .file("content/activites/_index.md", "---\ntitle: Liste\npaginate_by: 1\n---\n");
    let errors = site.build_error();
    let at = format!("{}/{ACTIVITY}:3:10", site.root().display());
    for (alias, other) in [
        ("/themes/hcr/", "/themes/hcr/"),
        ("/activites/page/2/", "/activites/page/2/"),
        ("/robots.txt/", "/robots.txt"),
        ("/_redirects/", "/_redirects"),
    ] {
        let expected =
            format!("{at}: the old address {alias} is already taken by a page or file the site makes itself ({other})");
        assert!(errors.contains(&expected), "{expected}\n{errors}");
    }
    assert!(errors.ends_with("4 errors"), "{errors}");
    // Two old addresses written to one file, or one where the other's folder would be.
    let site = site_with("aliases: [/vieux/, /vieux/index.html, /a.html, /a.html/b/]\n");
    let errors = site.build_error();
    let file = format!("{}/{ACTIVITY}", site.root().display());
    for (alias, other) in [("/vieux/index.html", &file), ("/a.html/b/", &file)] {
        let expected = format!("{file}:3:10: the old address {alias} is also that of {other}");
        assert!(errors.contains(&expected), "{expected}\n{errors}");
    }
    assert!(errors.ends_with("2 errors"), "{errors}");
}

#[test]
fn a_record_of_an_older_version_names_no_file_but_its_pages_are_compared() {
    let site = site_with("");
    site.build();
    // The manifest as the first version wrote it: no sources.
    let file = site.output().join(".cnr-site.json");
    let mut manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    manifest["version"] = 1.into();
    for entry in manifest["files"].as_object_mut().unwrap().values_mut() {
        entry.as_object_mut().unwrap().remove("source");
    }
    std::fs::write(&file, manifest.to_string()).unwrap();
    std::fs::write(site.root().join(ACTIVITY), "---\ntitle: Signature du plan\nslug: signature-2026\n---\nTexte.\n")
        .unwrap();
    let warnings: Vec<String> = site.build().warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [format!(
            "{}: the address /activites/signature/, where this page was published, would lead nowhere: the page is no longer published",
            file.display()
        )]
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("\"version\":2,"), "the build writes the new version");
}

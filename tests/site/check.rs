//! `cnr-site check`: errors, links that lead nowhere, translations, typography; nothing written.

use crate::fixture::*;

#[test]
fn a_clean_site_checks_clean_and_nothing_is_written() {
    let site = Fixture::new();
    site.notices().activity("2026-01-01", "a", "A", &["HCR"]);
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.ends_with("0 erreur, 0 avertissement\n"), "{stderr}");
    assert!(!site.output().exists(), "check wrote the site");
}

#[test]
fn links_and_anchors_that_lead_nowhere_are_errors() {
    let site = Fixture::new();
    site.notices();
    let text = "---\ntitle: A\n---\n\n## Le plan\n\nVoir [le plan](#le-plan), [rien](#rien), [la liste](/activites/),\n\
                [une page absente](/activites/absente/), [un contact](../contact.md#nulle-part)\n";
    site.file("content/activites/2026-01-01-a.md", text)
        .file("content/activites/2026-01-01-a.en.md", "---\ntitle: A\n---\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    let file = "content/activites/2026-01-01-a.md";
    assert!(
        stderr.contains(&format!("{file}:7:27: erreur : le lien « #rien » mène à une ancre qui n'existe pas")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:8:1: erreur : le lien « /activites/absente/ » ne mène à aucune page")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:8:42: erreur : le lien « /contact/#nulle-part » mène à une ancre qui n'existe pas"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("« #le-plan »") && !stderr.contains("« /activites/ »"), "{stderr}");
    assert!(stderr.ends_with("3 erreurs, 0 avertissement\n"), "{stderr}");
    // An anchor that a template writes (the contact form) is found too.
    site.file("content/activites/2026-01-01-a.md", "---\ntitle: A\n---\n[écrire](../contact.md#ecrire)\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn missing_and_outdated_translations_are_warnings_that_strict_makes_errors() {
    let site = Fixture::new();
    site.notices();
    site.file("content/activites/2026-01-01-seule.md", "---\ntitle: Seule\n---\n")
        .file("content/activites/2026-01-02-b.md", "---\ntitle: B\nupdated: 2026-03-01\n---\n")
        .file("content/activites/2026-01-02-b.en.md", "---\ntitle: B\nupdated: 2026-02-10\n---\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "warnings alone pass: {stderr}");
    assert!(
        stderr.contains("content/activites/2026-01-01-seule.md: attention : pas de version « en » de cette page"),
        "{stderr}"
    );
    assert!(stderr.contains("aide : créez content/activites/2026-01-01-seule.en.md"), "{stderr}");
    assert!(
        stderr.contains("content/activites/2026-01-02-b.en.md:3:10: attention : la traduction (2026-02-10) est plus ancienne que l'original (2026-03-01)"),
        "{stderr}"
    );
    assert!(stderr.ends_with("0 erreur, 2 avertissements\n"), "{stderr}");
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("seule.md: erreur : pas de version"), "{stderr}");
    assert!(stderr.ends_with("2 erreurs, 0 avertissement\n"), "{stderr}");
}

#[test]
fn french_typography_slips_are_warnings() {
    let site = Fixture::new();
    site.notices();
    site.file(
        "content/activites/2026-01-01-a.md",
        "---\ntitle: A\n---\n\nLa 2ème session a lieu à 08h.\nA Bamako, `08h` reste.\n",
    )
    .file("content/activites/2026-01-01-a.en.md", "---\ntitle: A\n---\n\nThe 2ème session. A Bamako.\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    let file = "content/activites/2026-01-01-a.md";
    assert!(stderr.contains(&format!("{file}:5:4: attention : « 2ème » : écrivez « 2e »")), "{stderr}");
    assert!(stderr.contains(&format!("{file}:5:26: attention : « 08h » : écrivez « 8 h »")), "{stderr}");
    assert!(stderr.contains(&format!("{file}:6:1: attention : « A Bamako, » : en début de phrase")), "{stderr}");
    assert!(!stderr.contains("a.en.md"), "English pages are not checked for French typography: {stderr}");
    assert!(stderr.ends_with("0 erreur, 3 avertissements\n"), "{stderr}");
}

#[test]
fn check_reports_the_errors_a_build_would_grouped_by_file_and_writes_nothing() {
    let site = Fixture::new();
    let (b, c) = ("content/activites/2026-02-06-b.md", "content/activites/2026-02-07-c.md");
    site.file(c, "---\ntitle: C\n---\n\n![](photo.jpg)\n\n![Le camp](absente.jpg)\n\n[x](nulle-part.md)\n\n![Le fleuve](abimee.jpg)\n")
        .file(b, "---\ntitle: B\ndate: 2026-02-30\n---\n")
        .photo("content/activites/photo.jpg", 1200, 800)
        .file("content/activites/abimee.jpg", "pas une photo");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stderr.lines().filter(|line| line.contains(": erreur : ")).collect();
    let expected = [
        "content/activites/2026-02-06-b.md:3:7: erreur : date : 2026-02-30 n'existe pas",
        "content/activites/2026-02-07-c.md:5:1: erreur : l'image « photo.jpg » n'a pas de description",
        "content/activites/2026-02-07-c.md:7:1: erreur : l'image « absente.jpg » est introuvable",
        "content/activites/2026-02-07-c.md:9:1: erreur : le lien « nulle-part.md » ne mène à aucune page",
        "content/activites/abimee.jpg: erreur : cette image ne peut pas être lue",
    ];
    assert_eq!(errors.len(), expected.len(), "{stderr}");
    for (error, expected) in errors.iter().zip(expected) {
        assert!(error.starts_with(expected), "{error} is not {expected}:\n{stderr}");
    }
    assert!(!site.output().exists(), "check wrote the site");
    assert!(!site.root().join(".cache").exists(), "check made pictures");
}

#[test]
fn a_base_url_left_at_an_example_is_a_warning_of_check_and_build() {
    let site = Fixture::new();
    site.notices();
    for placeholder in ["https://example.org/", "http://localhost:1111/cnr/"] {
        site.file("site.yaml", &SITE_YAML.replace("https://cnr.exemple.ml/", placeholder));
        let told = format!("site.yaml:1: attention : base_url : {placeholder} est une adresse d'exemple");
        for command in ["check", "build"] {
            let (code, _, stderr) = site.run(&[command]);
            assert_eq!(code, 0, "{stderr}");
            assert!(stderr.contains(&told), "{command}: {told}\n{stderr}");
            assert!(stderr.contains("aide : écrivez dans site.yaml l'adresse où le site sera publié"), "{stderr}");
        }
        // Given on the command line, the real address is taken, and nothing is said.
        let (code, _, stderr) = site.run(&["build", "--base-url", "https://cnr.exemple.ml/"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(!stderr.contains("adresse d'exemple"), "{stderr}");
    }
}

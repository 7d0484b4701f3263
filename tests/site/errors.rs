//! Editorial safety: every mistake an editor can make ends in a clear message naming the file
//! and the line, exit code 1, no panic, and the published site untouched.

use crate::fixture::*;

/// A published site, then `files` written over it: the build must fail with `expected` on
/// its standard error (in French, the site's language) and leave `public/` as it was.
fn fails(files: &[(&str, &[u8])], expected: &[&str]) {
    let site = Fixture::new();
    site.activity("2026-01-01", "publiee", "Publiée", &["HCR"]);
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let before = site.snapshot();
    for (path, bytes) in files {
        let path = site.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "exit code; stdout: {stdout}; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for fragment in expected {
        assert!(stderr.contains(fragment), "expected {fragment:?} in:\n{stderr}");
    }
    assert!(stderr.contains("rien n'a été écrit, public est resté tel quel."), "{stderr}");
    assert_eq!(before, site.snapshot(), "public/ changed");
    let left: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.iter().all(|name| !name.to_string_lossy().starts_with(".public")), "{left:?}");
}

const A: &str = "content/activites/2026-01-05-a.md";

#[test]
fn no_front_matter() {
    fails(
        &[(A, b"Juste du texte.\n")],
        &[&format!("{A}:1: erreur : l'en-tête manque"), " 1 | Juste du texte.", "aide : "],
    );
}

#[test]
fn front_matter_never_closed() {
    fails(&[(A, b"---\ntitle: A\n\nTexte.\n")], &[&format!("{A}:1: erreur : l'en-tête n'est jamais fermé")]);
}

#[test]
fn more_than_twenty_tags_on_a_page() {
    let tags: Vec<String> = (1..=21).map(|i| format!("Thème {i}")).collect();
    let text = format!("---\ntitle: A\ntags: [{}]\n---\nTexte.\n", tags.join(", "));
    fails(
        &[(A, text.as_bytes())],
        &[
            &format!("{A}:3:7: erreur : 21 thèmes pour une seule page : elle en a 20 au plus"),
            "aide : gardez les quelques thèmes",
        ],
    );
    // Twenty are taken.
    let site = Fixture::new();
    site.file(A, &format!("---\ntitle: A\ntags: [{}]\n---\nTexte.\n", tags[..20].join(", ")));
    site.build();
    assert!(site.exists("themes/theme-20/index.html"));
}

#[test]
fn invalid_yaml_bad_indentation() {
    fails(
        &[(A, b"---\ntitle: A\ntags:\n  - a\n - b\n---\n")],
        &[&format!("{A}:5:2: erreur : décalage de ligne incorrect")],
    );
}

#[test]
fn invalid_yaml_unclosed_bracket() {
    fails(
        &[(A, b"---\ntitle: A\ntags: [a, b\n---\nTexte.\n")],
        &[&format!("{A}:3:7: erreur : [ ouvert ici n'est jamais fermé"), "aide : ajoutez ] à la fin de la valeur"],
    );
}

#[test]
fn invalid_yaml_a_tab() {
    fails(
        &[(A, b"---\ntitle: A\n\tdate: 2026-01-05\n---\n")],
        &[&format!("{A}:3:1: erreur : une tabulation décale la ligne"), "remplacez la tabulation par des espaces"],
    );
}

#[test]
fn invalid_yaml_a_colon_in_a_title() {
    fails(
        &[(A, "---\ntitle: Réunion : bilan\n---\n".as_bytes())],
        &[&format!("{A}:2:16: erreur : deux-points inattendu"), "title: \"Réunion : bilan\""],
    );
}

#[test]
fn unknown_key() {
    fails(
        &[(A, b"---\ntitel: A\n---\n")],
        &[&format!("{A}:2:1: erreur : clé inconnue « titel »"), "aide : vouliez-vous dire « title » ?"],
    );
}

#[test]
fn wrong_type() {
    fails(
        &[(A, b"---\ntitle: A\ntags: 12\n---\n")],
        &[&format!("{A}:3:7: erreur : tags : il faut une liste, pas un nombre"), "tags: [HCR, réintégration]"],
    );
}

#[test]
fn missing_title() {
    fails(
        &[(A, b"---\ndate: 2026-01-05\n---\nTexte.\n")],
        &[&format!("{A}:2:1: erreur : la clé « title » manque"), "ajoutez dans l'en-tête une ligne title:"],
    );
}

#[test]
fn impossible_date() {
    let file = "content/activites/2026-02-06-b.md";
    fails(
        &[(file, b"---\ntitle: B\ndate: 2026-02-30\n---\n")],
        &[&format!("{file}:3:7: erreur : date : 2026-02-30 n'existe pas")],
    );
}

#[test]
fn date_that_is_not_a_date() {
    fails(
        &[(A, "---\ntitle: A\ndate: 6 février 2026\n---\n".as_bytes())],
        &[
            &format!("{A}:3:7: erreur : date : « 6 février 2026 » n'est pas une date"),
            "aide : écrivez date: 2026-02-06",
        ],
    );
}

#[test]
fn file_name_date_disagrees_with_date() {
    fails(
        &[(A, b"---\ntitle: A\ndate: 2026-01-06\n---\n")],
        &[&format!("{A}:3:7: erreur : la date du nom du fichier (2026-01-05) diffère de date: 2026-01-06")],
    );
}

#[test]
fn two_pages_with_the_same_url_are_both_named() {
    fails(
        &[(A, b"---\ntitle: A\n---\n"), ("content/activites/2026-01-06-a.md", b"---\ntitle: Autre A\n---\n")],
        &[
            "content/activites/2026-01-06-a.md: erreur : l'adresse /activites/a/ est aussi celle de content/activites/2026-01-05-a.md",
        ],
    );
}

#[test]
fn slugs_that_cannot_be_urls() {
    for (slug, suggestion) in [("a/b", "a-b"), ("../../etc", "etc"), ("été 2026", "ete-2026"), ("..", "activite-2026")]
    {
        let text = format!("---\ntitle: A\nslug: \"{slug}\"\n---\n");
        fails(
            &[(A, text.as_bytes())],
            &[
                &format!("{A}:3:7: erreur : slug « {slug} » ne peut pas servir d'adresse"),
                &format!("slug: {suggestion}"),
            ],
        );
    }
}

#[test]
fn language_suffix_not_in_site_yaml() {
    fails(
        &[("content/activites/2026-01-05-a.de.md", b"---\ntitle: A\n---\n")],
        &["content/activites/2026-01-05-a.de.md: erreur : la langue « .de » n'est pas une langue du site", "fr, en"],
    );
}

#[test]
fn file_not_in_utf8() {
    fails(
        &[(A, b"---\ntitle: R\xe9union\n---\n")],
        &[&format!("{A}:2: erreur : le fichier n'est pas enregistré en UTF-8")],
    );
}

#[test]
fn empty_file() {
    fails(&[(A, b"")], &[&format!("{A}:1: erreur : le fichier est vide")]);
}

#[test]
fn a_twenty_megabyte_file_is_refused_with_the_limit() {
    let mut text = b"---\ntitle: A\n---\n".to_vec();
    text.resize(20 * 1024 * 1024, b'a');
    fails(&[(A, &text)], &[&format!("{A}: erreur : fichier trop gros : 20 Mo, la limite est de 2 Mo")]);
}

#[test]
fn broken_template_names_its_file_and_line() {
    fails(
        &[(
            "themes/cnr/templates/tags.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{{ tags | }}\n{% endblock content %}\n",
        )],
        &["themes/cnr/templates/tags.html:3:", "erreur : erreur de gabarit"],
    );
}

#[test]
fn every_broken_template_is_reported() {
    fails(
        &[("themes/cnr/templates/tags.html", b"{% if %}\n"), ("themes/cnr/templates/tag.html", b"ok\n{{ }}\n")],
        &["themes/cnr/templates/tags.html:1:", "themes/cnr/templates/tag.html:2:"],
    );
}

#[test]
fn missing_theme() {
    fails(
        &[("site.yaml", SITE_YAML.replace("theme: cnr", "theme: absent").as_bytes())],
        &["site.yaml:3: erreur : le thème themes/absent est introuvable"],
    );
}

#[test]
fn missing_image() {
    fails(
        &[(A, b"---\ntitle: A\n---\n\nVoici ![la signature](photo.jpg).\n")],
        &[&format!("{A}:5:7: erreur : l'image « photo.jpg » est introuvable")],
    );
}

#[test]
fn image_without_alt_text() {
    fails(
        &[(A, b"---\ntitle: A\n---\n\n![](photo.jpg)\n"), ("content/activites/photo.jpg", b"\xff\xd8\xff")],
        &[
            &format!("{A}:5:1: erreur : l'image « photo.jpg » n'a pas de description"),
            "![Signature à Bamako](photo.jpg)",
        ],
    );
    fails(
        &[(A, b"---\ntitle: A\nimage: photo.jpg\n---\n"), ("content/activites/photo.jpg", b"\xff\xd8\xff")],
        &[&format!("{A}:3:8: erreur : l'image « photo.jpg » n'a pas de description")],
    );
}

#[test]
fn all_the_mistakes_of_a_build_are_reported_together() {
    fails(
        &[
            (A, b"---\ntitel: A\n---\n"),
            ("content/activites/2026-02-06-b.md", b"---\ntitle: B\ndate: 2026-02-30\n---\n"),
            ("content/activites/2026-02-07-c.md", b"---\ntitle: C\n---\n[x](nulle-part.md)\n"),
            ("themes/cnr/templates/tags.html", b"{% if %}\n"),
        ],
        &[
            "clé inconnue « titel »",
            "2026-02-30 n'existe pas",
            "le lien « nulle-part.md » ne mène à aucune page",
            "themes/cnr/templates/tags.html:1:",
            "4 erreurs",
        ],
    );
}

#[test]
fn messages_are_in_english_with_lang_en_or_an_english_locale() {
    let site = Fixture::new();
    site.file(A, "---\ntitle: A\ndate: 2026-02-30\n---\n");
    let (code, _, stderr) = site.run(&["--lang", "en", "build"]);
    assert_eq!(code, 1);
    assert!(stderr.contains(&format!("{A}:3:7: error: date: 2026-02-30 does not exist")), "{stderr}");
    assert!(stderr.contains("help: check the day and the month (YYYY-MM-DD)"), "{stderr}");
    let (_, _, stderr) = site.run_with_env(&["build"], &[("LANG", "en_GB.UTF-8")]);
    assert!(stderr.contains("error: date: 2026-02-30 does not exist"), "{stderr}");
    let (_, _, stderr) = site.run_with_env(&["build"], &[("LANG", "fr_FR.UTF-8")]);
    assert!(stderr.contains("erreur : date : 2026-02-30 n'existe pas"), "{stderr}");
}

#[test]
fn nothing_from_content_writes_outside_the_output_folder() {
    let site = Fixture::new();
    site.file(
        A,
        "---\ntitle: A\ntags: [\"../../../../evil\", \"/etc/passwd\", \"..\\\\..\"]\n---\n![x](../../../etc/passwd)\n",
    );
    let before: Vec<_> = walk(site.root());
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "the image outside content/ is refused: {stderr}");
    assert!(stderr.contains("l'image « ../../../etc/passwd » est introuvable"), "{stderr}");
    site.file(A, "---\ntitle: A\ntags: [\"../../../../evil\", \"/etc/passwd\"]\n---\nTexte.\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.exists("themes/evil/index.html") && site.exists("themes/etc-passwd/index.html"));
    // The build's own files only: the site and the cache of share cards.
    let ours = |p: &std::path::PathBuf| p.starts_with(site.output()) || p.starts_with(site.root().join(".cache"));
    let outside: Vec<_> = walk(site.root()).into_iter().filter(|p| !ours(p)).collect();
    assert_eq!(outside, before.into_iter().filter(|p| !ours(p)).collect::<Vec<_>>());
}

#[test]
fn outputs_written_to_one_file_are_errors_naming_both() {
    let year = b"---\ntitle: Un an\nslug: \"2025\"\n---\nTexte.\n";
    let activity = b"---\ntitle: Une page\n---\nTexte.\n";
    for (files, expected) in [
        (
            vec![("content/index.html", &b"<p>Accueil</p>"[..])],
            "content/index.html: erreur : ce fichier est publié en index.html, comme content/_index.md",
        ),
        (
            vec![("content/rss.xml", &b"<rss/>"[..])],
            "content/rss.xml: erreur : ce fichier est publié en rss.xml, où le site publie déjà une page qu'il crée lui-même (/rss.xml",
        ),
        (
            vec![("content/activites/2025-03-01-b.md", activity), ("content/activites/2025-03-02-an.md", year)],
            "content/activites/2025-03-02-an.md: erreur : ce fichier est publié en activites/2025/index.html, où le site publie déjà",
        ),
        (
            vec![("content/themes.md", activity)],
            "content/themes.md: erreur : ce fichier est publié en themes/index.html, où le site publie déjà",
        ),
        (
            vec![("content/recherche.md", activity)],
            "content/recherche.md: erreur : ce fichier est publié en recherche/index.html, où le site publie déjà",
        ),
        (
            vec![("site.yaml", SITE_YAML.replace("tags_slug: themes", "tags_slug: activites").as_bytes())],
            "content/activites/_index.md: erreur : ce fichier est publié en activites/index.html, où le site publie déjà",
        ),
        (
            vec![("site.yaml", SITE_YAML.replace("tags_slug: themes", "tags_slug: recherche").as_bytes())],
            "site.yaml: erreur : deux pages que le site crée lui-même seraient publiées en recherche/index.html",
        ),
    ] {
        fails(&files, &[expected, "aide : "]);
        // check tells it too, with the same words.
        let site = Fixture::new();
        for (path, bytes) in &files {
            site.file(path, std::str::from_utf8(bytes).unwrap());
        }
        let (code, stdout, stderr) = site.run(&["check"]);
        assert_eq!(code, 1, "{stdout}{stderr}");
        assert!(format!("{stdout}{stderr}").contains(expected), "{stdout}{stderr}");
    }
}

#[test]
fn figures_written_as_keys_name_the_file_and_show_the_way() {
    fails(
        &[("content/figures.yaml", b"fr:\n  - value: 12\n")],
        &[
            "content/figures.yaml:1:1: erreur : le fichier : il faut une liste, pas un ensemble de clés",
            "aide : commencez chaque chiffre par une ligne « - value: 1234 »",
        ],
    );
    // Empty, or comments alone: no figures yet, and the site builds.
    for text in ["", "# Les chiffres clés, bientôt.\n\n"] {
        let site = Fixture::new();
        site.file("content/figures.yaml", text);
        let (code, _, stderr) = site.run(&["build"]);
        assert_eq!(code, 0, "{stderr}");
    }
}

#[test]
fn mistakes_of_site_yaml_are_told_with_those_of_the_content() {
    let settings = SITE_YAML
        .replace("https://cnr.exemple.ml/", "htps://cnr.exemple.ml")
        .replace("paginate_by: 10", "paginate_by: 0");
    fails(
        &[("site.yaml", settings.as_bytes()), (A, b"---\ntitle: A\ndate: 2026-02-30\n---\nTexte.\n")],
        &[
            "site.yaml:1: erreur : base_url",
            "site.yaml:4: erreur : paginate_by",
            &format!("{A}:3:7: erreur : date : 2026-02-30 n'existe pas"),
            "3 erreurs",
        ],
    );
    // Without its languages, nothing can be read: site.yaml alone is told.
    let settings = SITE_YAML.replace("default_language: fr", "default_language: bm");
    fails(
        &[("site.yaml", settings.as_bytes()), (A, b"---\ntitle: A\ndate: 2026-02-30\n---\n")],
        &["site.yaml:2: erreur"],
    );
}

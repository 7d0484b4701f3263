//! `cnr-site new activite "Titre"`.

use crate::fixture::*;

#[test]
fn new_activity_and_its_translation_to_come() {
    let site = Fixture::new();
    let title = "Réunion de la commission tripartite à Ménaka";
    let (code, stdout, stderr) = site.run(&["new", "activite", title, "--date", "2026-11-29"]);
    assert_eq!(code, 0, "{stderr}");
    let stem = "content/activites/2026-11-29-reunion-de-la-commission-tripartite-a-menaka";
    assert!(stdout.contains(&format!("{stem}.md")) && stdout.contains(&format!("{stem}.en.md")), "{stdout}");
    let french = std::fs::read_to_string(site.root().join(format!("{stem}.md"))).unwrap();
    assert!(
        french.contains("title: \"Réunion de la commission tripartite à Ménaka\"\n")
            && french.contains("date: 2026-11-29\n")
    );
    assert!(french.contains("# La date de l'activité (AAAA-MM-JJ)"), "fields are explained: {french}");
    let english = std::fs::read_to_string(site.root().join(format!("{stem}.en.md"))).unwrap();
    assert!(english.contains("# À TRADUIRE") && english.contains("draft: true"));
    // The French page is published at once; the translation waits, and check says so.
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.exists("activites/reunion-de-la-commission-tripartite-a-menaka/index.html"));
    assert!(!site.exists("en/activities/reunion-de-la-commission-tripartite-a-menaka/index.html"));
    let (_, _, stderr) = site.run(&["check"]);
    assert!(
        stderr.contains(&format!("{stem}.en.md:15:8: attention : traduction pas encore faite (brouillon)")),
        "{stderr}"
    );
    // Never overwritten.
    std::fs::write(site.root().join(format!("{stem}.md")), "---\ntitle: Mon texte\n---\n").unwrap();
    let (code, _, stderr) = site.run(&["new", "activite", title, "--date", "2026-11-29"]);
    assert_eq!(code, 1);
    assert!(stderr.contains(&format!("{stem}.md: erreur : ce fichier existe déjà")), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(site.root().join(format!("{stem}.md"))).unwrap(),
        "---\ntitle: Mon texte\n---\n"
    );
}

#[test]
fn new_needs_a_known_section() {
    let site = Fixture::new();
    let (code, _, stderr) = site.run(&["new", "evenement", "Titre"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("erreur : « evenement » n'est pas une rubrique du site"), "{stderr}");
    assert!(stderr.contains("aide : rubriques : activites"), "{stderr}");
}

#[test]
fn new_dates_an_activity_today_and_never_overwrites_its_translation() {
    let site = Fixture::new();
    let today = || chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let stem = |day: &str| format!("content/activites/{day}-atelier-a-gao");
    // Each run's "today" is between the days read before and after it, which differ only when
    // the run crosses midnight: the files are looked for on both.
    let (before, english) = (today(), |day: &str| site.root().join(format!("{}.en.md", stem(day))));
    std::fs::write(english(&before), "---\ntitle: Workshop\n---\n").unwrap();
    let (code, _, stderr) = site.run(&["new", "activite", "Atelier à Gao"]);
    if today() == before {
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(&format!("{}.en.md: erreur : ce fichier existe déjà", stem(&before))), "{stderr}");
        assert!(!site.root().join(format!("{}.md", stem(&before))).exists(), "nothing is written when one file exists");
    }
    std::fs::remove_file(english(&before)).unwrap();
    let before = today();
    let (code, _, stderr) = site.run(&["new", "activite", "Atelier à Gao"]);
    assert_eq!(code, 0, "{stderr}");
    let after = today();
    let written = [&before, &after].map(|day| site.root().join(format!("{}.md", stem(day))));
    let (day, file) = [&before, &after].into_iter().zip(&written).find(|(_, f)| f.exists()).expect("the file of today");
    let french = std::fs::read_to_string(file).unwrap();
    assert!(french.contains(&format!("date: {day}\n")), "{french}");
}

#[test]
fn new_takes_a_long_title_or_one_pasted_with_line_breaks() {
    let site = Fixture::new();
    let long = "Réunion de la commission tripartite ".repeat(14);
    let pasted = "Atelier à Gao\n---\nsuite\tdu titre\u{b}";
    for (title, stem, shown) in [
        (long.as_str(), "2026-11-29-reunion-de-la-commission-tripartite-reunion-de-la", long.trim_end()),
        (pasted, "2026-11-29-atelier-a-gao-suite-du-titre", "Atelier à Gao --- suite du titre"),
    ] {
        let (code, stdout, stderr) = site.run(&["new", "activite", title, "--date", "2026-11-29"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(&format!("content/activites/{stem}.md")), "{stdout}");
        let text = std::fs::read_to_string(site.root().join(format!("content/activites/{stem}.md"))).unwrap();
        assert!(text.contains(&format!("title: \"{shown}\"\n")), "{text}");
    }
    // Both build, once their translations are done (they are drafts until then).
    let (code, _, stderr) = site.run(&["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("activites/atelier-a-gao-suite-du-titre/index.html");
    assert!(page.contains("<h1>Atelier à Gao --- suite du titre</h1>"), "{page}");
}

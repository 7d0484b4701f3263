//! French typography on a whole page: what the pass changes in the text, and what it leaves as
//! written (addresses, link texts, code, attributes), in French and in English.

use crate::fixture::Fixture;

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

const TEXT: &str = "\
Bilan : 89324 rapatriés, 12 % de plus, 4,5 km à pied, en 2026 - selon \"le plan\".

Voir https://example.org/suivi?id=123456 ou [le dossier 123456](https://example.org/d/123456) ; \
écrire à [contact-2026@cnr.ml](mailto:contact-2026@cnr.ml) ou contact@cnr.ml !

Loi n°2019-021, ISO 27001, 75016 Paris, +22363020606 : « Il a dit \"non\" hier ».

Le code `x : 123456` et une bâche de 4 x 4 m, 2'33\" :)
";

/// The text of the page's article, from its first paragraph to the end of its last.
fn article(site: &Fixture, file: &str) -> String {
    let html = site.read(file);
    let start = html.find("<p>Bilan").expect("the first paragraph");
    let last = start + html[start..].find("<p>Le code").expect("the last paragraph");
    let end = last + html[last..].find("</p>").expect("its end") + "</p>".len();
    html[start..end].to_string()
}

#[test]
fn french_pages_are_set_and_addresses_links_and_code_are_not() {
    let site = Fixture::new();
    site.file("content/activites/2026-01-01-a.md", &format!("---\ntitle: \"Bilan : 89324 rapatriés\"\n---\n{TEXT}"))
        .file("content/activites/2026-01-01-a.en.md", &format!("---\ntitle: A\n---\n{TEXT}"));
    site.build();
    let html = article(&site, "activites/a/index.html").replace(NNBSP, "_").replace(NBSP, "~");
    let expected = [
        "<p>Bilan~: 89_324 rapatriés, 12~% de plus, 4,5~km à pied, en 2026 – selon «_le plan_».</p>",
        "<p>Voir https://example.org/suivi?id=123456 ou \
         <a href=\"https://example.org/d/123456\">le dossier 123456</a>_; écrire à \
         <a href=\"mailto:contact-2026@cnr.ml\">contact-2026@cnr.ml</a> ou contact@cnr.ml_!</p>",
        "<p>Loi n°~2019-021, ISO 27001, 75016 Paris, +22363020606~: «_Il a dit “non” hier_».</p>",
        "<p>Le code <code>x : 123456</code> et une bâche de 4~×~4~m, 2′33″ :)</p>",
    ];
    for paragraph in expected {
        assert!(html.contains(paragraph), "{paragraph}\nnot in\n{html}");
    }
    let title = site.read("activites/a/index.html");
    assert!(title.contains(&format!("<h1>Bilan{NBSP}: 89{NNBSP}324 rapatriés</h1>")), "the title is set too");
}

#[test]
fn english_pages_are_left_as_written() {
    let site = Fixture::new();
    site.file("content/activites/2026-01-01-a.md", &format!("---\ntitle: A\n---\n{TEXT}"))
        .file("content/activites/2026-01-01-a.en.md", &format!("---\ntitle: A\n---\n{TEXT}"));
    site.build();
    let html = article(&site, "en/activities/a/index.html");
    assert!(!html.contains([NBSP, NNBSP, '×', '′', '″', '–', '’']), "no French typography in English: {html}");
    assert!(html.contains("<p>Bilan : 89324 rapatriés, 12 % de plus"), "{html}");
}

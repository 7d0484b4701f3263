//! The editor of `serve`, over HTTP: a real server on a free port against a fixture site;
//! forms posted as a browser posts them (multipart, with the session's cookie and token), and
//! what is written on disk read back. Refusals: other sites, other hosts, missing tokens,
//! paths from forms, oversized photos, listening beyond this computer without a password.
//! Then in Chromium, as a person uses it (`tests/browser/editor.mjs`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use cnr_site::editor;
use cnr_site::messages::Tongue;
use cnr_site::model;
use cnr_site::serve::{ServeOptions, Server};

use crate::fixture::*;

const ACTIVITY: &str = "content/activites/2026-01-10-atelier.md";
const HAND: &str = "---\ntitle: \"Atelier : bilan\"\ndate: 2026-01-10\nplace: Gao\n# Les thèmes.\ntags: [HCR, Retour]\n---\n\nLe texte.\n\nSuite du texte.\n";

fn options(site: &Fixture, bind: &str) -> ServeOptions {
    ServeOptions {
        root: site.root().to_path_buf(),
        bind: bind.parse().unwrap(),
        port: 0,
        model: model::Options { drafts: false, today: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), base_url: None },
        tongue: Tongue::Fr,
    }
}

/// A fixture site with one activity written by hand, and its preview with the editor.
fn started() -> (Fixture, Server) {
    let site = with_activity();
    let server = start(&site, None);
    (site, server)
}

fn with_activity() -> Fixture {
    let site = Fixture::new();
    site.file(ACTIVITY, HAND)
        .file("content/activites/2026-01-10-atelier.en.md", "---\ntitle: Workshop\ndate: 2026-01-10\n---\nText.\n");
    site
}

fn start(site: &Fixture, password: Option<String>) -> Server {
    Server::start_with(options(site, "127.0.0.1"), |handle, address| Some(editor::extension(handle, address, password)))
        .unwrap_or_else(|e| panic!("the server did not start:\n{e}"))
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// Sends a request as written; `headers` after `Host`.
fn send(address: SocketAddr, method: &str, target: &str, host: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server may answer before reading the whole body (a refusal): the rest may not go.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Answer { status, head, body: String::from_utf8_lossy(&response[split + 4..]).into_owned() }
}

/// A browser's session: its cookie, and the address it uses.
struct Browser {
    address: SocketAddr,
    host: String,
    cookie: String,
}

impl Browser {
    fn new(server: &Server) -> Browser {
        let host = format!("127.0.0.1:{}", server.address.port());
        let answer = send(server.address, "GET", "/_edit/", &host, &[], b"");
        assert_eq!(answer.status, 200, "{}", answer.body);
        let cookie =
            answer.head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).expect("a session cookie").to_string();
        assert!(cookie.contains("httponly") && cookie.contains("samesite=strict"), "{cookie}");
        let cookie = cookie.split(';').next().unwrap().to_string();
        Browser { address: server.address, host, cookie }
    }

    fn get(&self, target: &str) -> Answer {
        send(self.address, "GET", target, &self.host, &[("Cookie", &self.cookie)], b"")
    }

    /// Posts a multipart form from the editor's own page.
    fn post(&self, target: &str, fields: &[(&str, &str)], photo: Option<(&str, &[u8])>) -> Answer {
        let origin = format!("http://{}", self.host);
        self.post_as(target, fields, photo, &[("Origin", &origin)])
    }

    fn post_as(
        &self,
        target: &str,
        fields: &[(&str, &str)],
        photo: Option<(&str, &[u8])>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let (body, boundary) = multipart(fields, photo);
        let kind = format!("multipart/form-data; boundary={boundary}");
        let mut all = vec![("Cookie", self.cookie.as_str()), ("Content-Type", kind.as_str())];
        all.extend_from_slice(headers);
        send(self.address, "POST", target, &self.host, &all, &body)
    }
}

fn multipart(fields: &[(&str, &str)], photo: Option<(&str, &[u8])>) -> (Vec<u8>, String) {
    let boundary = "----cnrtestboundary7MA4YWxkTrZu0gW".to_string();
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    let (name, bytes) = photo.unwrap_or(("", b""));
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (body, boundary)
}

/// The value of a hidden or text field of a page.
fn field(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no field {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].replace("&amp;", "&").replace("&quot;", "\"")
}

/// The fields of the edit form of `file` as it is, `changes` applied, for a save.
fn form_of(browser: &Browser, file: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = browser.get(&format!("/_edit/page?file={file}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let mut fields: Vec<(String, String)> =
        vec![("_token".into(), field(&page.body, "_token")), ("hash".into(), field(&page.body, "hash"))];
    for (name, value) in [
        ("title", "Atelier : bilan"),
        ("date", "2026-01-10"),
        ("place", "Gao"),
        ("tags", "HCR"),
        ("tags", "Retour"),
        ("text", "Le texte.\r\n\r\nSuite du texte.\r\n"),
        ("action", "save"),
    ] {
        fields.push((name.into(), value.into()));
    }
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push((name.to_string(), value.to_string()));
    }
    fields
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

const EDIT: &str = "/_edit/page?file=activites/2026-01-10-atelier.md";

#[test]
fn a_save_writes_only_what_changed_and_the_preview_shows_it() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let unchanged = form_of(&browser, "activites/2026-01-10-atelier.md", &[]);
    let answer = browser.post(EDIT, &refs(&unchanged), None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(site.read_source(ACTIVITY), HAND, "an unchanged form writes the same bytes");
    let changed = form_of(
        &browser,
        "activites/2026-01-10-atelier.md",
        &[
            ("place", "Kidal"),
            ("summary", "Deux lignes : un résumé."),
            ("text", "Le texte.\r\n\r\nUne suite nouvelle.\r\n"),
        ],
    );
    let answer = browser.post(EDIT, &refs(&changed), None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(
        answer.head.contains("location: /_edit/page?file=activites%2f2026-01-10-atelier.md&saved=1"),
        "{}",
        answer.head
    );
    assert_eq!(
        site.read_source(ACTIVITY),
        "---\ntitle: \"Atelier : bilan\"\ndate: 2026-01-10\nplace: Kidal\nsummary: \"Deux lignes : un résumé.\"\n# Les thèmes.\ntags: [HCR, Retour]\n---\n\nLe texte.\n\nUne suite nouvelle.\n"
    );
    let page = send(server.address, "GET", "/activites/atelier/", "localhost", &[], b"");
    assert!(page.body.contains("Une suite nouvelle.") && page.body.contains("Kidal"), "the preview shows it at once");
    assert!(
        page.body.contains("/_edit/page?file=activites%2F2026-01-10-atelier.md")
            && page.body.contains("Modifier cette page")
    );
    assert!(browser.get(&format!("{EDIT}&saved=1")).body.contains("Enregistré."));
}

#[test]
fn old_addresses_written_in_the_form_lead_to_the_page() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let page = browser.get(EDIT);
    assert!(page.body.contains("Anciennes adresses"), "{}", page.body);
    let with_aliases = form_of(
        &browser,
        "activites/2026-01-10-atelier.md",
        &[("aliases", "/activity_detail/42\r\n\r\n  /activites/ancien-titre/ \r\n")],
    );
    let answer = browser.post(EDIT, &refs(&with_aliases), None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let text = site.read_source(ACTIVITY);
    assert!(text.contains("aliases: [/activity_detail/42, /activites/ancien-titre/]\n"), "{text}");
    let old = send(server.address, "GET", "/activites/ancien-titre/", "localhost", &[], b"");
    assert!(old.body.contains("/activites/atelier/"), "the old address leads to the page: {}", old.body);
    // Shown again in the form, one per line, and kept by a save that changes something else
    // (the browser sends the field as it shows it).
    assert!(browser.get(EDIT).body.contains("/activity_detail/42\n/activites/ancien-titre/</textarea>"));
    let shown = "/activity_detail/42\r\n/activites/ancien-titre/";
    let again = form_of(&browser, "activites/2026-01-10-atelier.md", &[("place", "Kidal"), ("aliases", shown)]);
    assert_eq!(browser.post(EDIT, &refs(&again), None).status, 303);
    assert!(site.read_source(ACTIVITY).contains("aliases: [/activity_detail/42, /activites/ancien-titre/]\n"));
}

#[test]
fn a_wrong_date_is_shown_next_to_its_field_in_the_builds_words_and_nothing_is_written() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let wrong = form_of(&browser, "activites/2026-01-10-atelier.md", &[("date", "2026-02-30"), ("place", "Kidal")]);
    let answer = browser.post(EDIT, &refs(&wrong), None);
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("<p class=\"error\" id=\"date-error\">date : 2026-02-30 n'existe pas"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("aria-describedby=\"date-error date-hint\" aria-invalid=\"true\""));
    assert!(answer.body.contains("value=\"Kidal\""), "the form keeps what was typed");
    assert_eq!(site.read_source(ACTIVITY), HAND);
    // A text link to nowhere: the build's message, with its line in the text.
    let broken =
        form_of(&browser, "activites/2026-01-10-atelier.md", &[("text", "Voir [la page](nulle-part.md).\r\n")]);
    let answer = browser.post(EDIT, &refs(&broken), None);
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("id=\"text-error\">ligne 1 du texte : "), "{}", answer.body);
    assert_eq!(site.read_source(ACTIVITY), HAND);
}

#[test]
fn with_lang_en_the_editor_and_the_builds_messages_are_in_english() {
    let site = with_activity();
    let mut options = options(&site, "127.0.0.1");
    options.tongue = Tongue::En;
    let server = Server::start_with(options, |handle, address| Some(editor::extension(handle, address, None))).unwrap();
    let browser = Browser::new(&server);
    let list = browser.get("/_edit/");
    assert!(list.body.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{}", list.body);
    assert!(list.body.contains(">Activities</h1>") && list.body.contains(">New activity</a>"), "{}", list.body);
    let wrong = form_of(&browser, "activites/2026-01-10-atelier.md", &[("date", "2026-02-30")]);
    let answer = browser.post(EDIT, &refs(&wrong), None);
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("id=\"date-error\">date: 2026-02-30 does not exist"), "{}", answer.body);
    assert!(answer.body.contains("Nothing was saved"));
    assert_eq!(site.read_source(ACTIVITY), HAND);
}

#[test]
fn the_list_finds_activities_by_title_year_draft_and_translation() {
    let site = with_activity();
    site.activity("2025-06-03", "convoi", "Convoi de retour depuis Mbéra", &["HCR"])
        .file(
            "content/activites/2026-02-01-reunion.md",
            "---\ntitle: Réunion à Ménaka\ndate: 2026-02-01\ndraft: true\n---\nTexte.\n",
        )
        .file(
            "content/activites/2025-09-01-suivi.md",
            "---\ntitle: Suivi des familles\ndate: 2025-09-01\nupdated: 2025-10-01\n---\nTexte.\n",
        )
        .file("content/activites/2025-09-01-suivi.en.md", "---\ntitle: Follow-up\ndate: 2025-09-01\n---\nText.\n");
    let server = start(&site, None);
    let browser = Browser::new(&server);
    let titles = |query: &str| {
        let body = browser.get(&format!("/_edit/{query}")).body;
        let mut found: Vec<(usize, &str)> =
            ["Atelier : bilan", "Convoi de retour depuis Mbéra", "Réunion à Ménaka", "Suivi des familles"]
                .into_iter()
                .filter_map(|t| body.find(&format!(">{t}</a>")).map(|at| (at, t)))
                .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(""),
        ["Réunion à Ménaka", "Atelier : bilan", "Suivi des familles", "Convoi de retour depuis Mbéra"],
        "newest first"
    );
    assert_eq!(titles("?year=2025"), ["Suivi des familles", "Convoi de retour depuis Mbéra"]);
    assert_eq!(titles("?state=draft"), ["Réunion à Ménaka"]);
    assert_eq!(titles("?state=untranslated"), ["Réunion à Ménaka"]);
    assert_eq!(titles("?state=outdated"), ["Suivi des familles"]);
    assert_eq!(titles("?q=menaka+reu"), ["Réunion à Ménaka"], "words of the title, accents folded");
    assert_eq!(titles("?q=MBERA&year=2025"), ["Convoi de retour depuis Mbéra"]);
    assert!(titles("?q=kidal").is_empty());
}

#[test]
fn a_file_changed_on_disk_meanwhile_is_not_overwritten() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let mine = form_of(&browser, "activites/2026-01-10-atelier.md", &[("place", "Kidal")]);
    let theirs = HAND.replace("Le texte.", "Le texte corrigé par un collègue.");
    site.file(ACTIVITY, &theirs);
    let answer = browser.post(EDIT, &refs(&mine), None);
    assert_eq!(answer.status, 409);
    assert!(answer.body.contains("Ce fichier a changé pendant que vous le modifiiez"), "{}", answer.body);
    assert!(answer.body.contains("Le texte corrigé par un collègue."), "the version on disk is shown");
    assert!(answer.body.contains("value=\"Kidal\""), "and the person's own");
    assert_eq!(site.read_source(ACTIVITY), theirs);
    // Keeping one's own version is a choice made with the version now on disk.
    let keep = form_of(
        &browser,
        "activites/2026-01-10-atelier.md",
        &[("place", "Kidal"), ("hash", &field(&answer.body, "hash"))],
    );
    assert_eq!(browser.post(EDIT, &refs(&keep), None).status, 303);
    assert!(site.read_source(ACTIVITY).contains("place: Kidal"));
}

#[test]
fn other_sites_other_hosts_and_missing_tokens_are_refused() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let port = server.address.port();
    let form = form_of(&browser, "activites/2026-01-10-atelier.md", &[("place", "Ailleurs")]);
    let evil = browser.post_as(EDIT, &refs(&form), None, &[("Origin", "http://evil.example")]);
    assert_eq!(evil.status, 403);
    assert!(evil.body.contains("vient d'une autre page que l'éditeur"), "{}", evil.body);
    let cross = browser.post_as(EDIT, &refs(&form), None, &[("Sec-Fetch-Site", "cross-site")]);
    assert_eq!(cross.status, 403);
    let referer =
        browser.post_as(EDIT, &refs(&form), None, &[("Referer", &format!("http://127.0.0.1:{port}.evil.example/"))]);
    assert_eq!(referer.status, 403);
    // DNS rebinding: another name for this computer.
    for host in [format!("rebind.example:{port}"), format!("127.0.0.1:{}", port + 1), "127.0.0.1".to_string()] {
        let answer = send(server.address, "GET", "/_edit/", &host, &[], b"");
        assert_eq!(answer.status, 403, "{host}");
        assert!(answer.body.contains("n'est pas celle de l'éditeur"));
        let answer = send(server.address, "POST", EDIT, &host, &[("Cookie", &browser.cookie)], b"");
        assert_eq!(answer.status, 403, "{host}");
    }
    assert_eq!(send(server.address, "GET", "/_edit/", &format!("localhost:{port}"), &[], b"").status, 200);
    let no_token: Vec<(String, String)> = form.iter().filter(|(n, _)| n != "_token").cloned().collect();
    let answer = browser.post(EDIT, &refs(&no_token), None);
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("value=\"Ailleurs\""), "what was typed is shown back: {}", answer.body);
    let other_session = send(
        server.address,
        "POST",
        EDIT,
        &browser.host,
        &[("Origin", &format!("http://{}", browser.host))],
        &multipart(&refs(&form), None).0,
    );
    assert_eq!(other_session.status, 403, "a token of another session");
    assert_eq!(site.read_source(ACTIVITY), HAND, "nothing was written");
}

#[test]
fn a_form_posted_after_the_preview_restarted_is_kept_and_saves_on_the_second_try() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let mine = form_of(&browser, "activites/2026-01-10-atelier.md", &[("place", "Kidal")]);
    // A session the preview no longer knows, as after a restart of the computer.
    let forgotten = Browser { cookie: format!("{}=0123456789abcdef", editor::guard::COOKIE), ..browser };
    let answer = forgotten.post(EDIT, &refs(&mine), None);
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("value=\"Kidal\""), "what was typed is shown back: {}", answer.body);
    assert_eq!(site.read_source(ACTIVITY), HAND);
    let cookie =
        answer.head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).expect("a new session").split(';').next();
    let again = Browser { cookie: cookie.unwrap().to_string(), ..forgotten };
    let resent: Vec<(String, String)> = mine
        .iter()
        .map(|(n, v)| (n.clone(), if n == "_token" { field(&answer.body, "_token") } else { v.clone() }))
        .collect();
    let answer = again.post(EDIT, &refs(&resent), None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(site.read_source(ACTIVITY).contains("place: Kidal\n"));
}

#[test]
fn photos_are_checked_by_their_bytes_named_from_their_name_and_kept_in_the_site() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let jpeg = photo_bytes(Path::new("x.jpg"), 64, 48, None);
    let before = walk(site.root());
    let with_photo = || {
        form_of(
            &browser,
            "activites/2026-01-10-atelier.md",
            &[("photo_alt", "Les participants"), ("photo_where", "top")],
        )
    };
    // A name that tries to leave the site's folders is folded into a plain name.
    let answer = browser.post(EDIT, &refs(&with_photo()), Some(("../../../../tmp/IMG 2041.JPG", &jpeg)));
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(std::fs::read(site.root().join("content/activites/img-2041.jpg")).unwrap(), jpeg);
    let text = site.read_source(ACTIVITY);
    assert!(text.contains("image: img-2041.jpg\nimage_alt: Les participants\n"), "{text}");
    let added: Vec<_> = walk(site.root())
        .into_iter()
        .filter(|p| {
            !before.contains(p)
                && !p.starts_with(site.root().join(".cnr-site"))
                && !p.starts_with(site.root().join(".cache"))
        })
        .collect();
    assert_eq!(added, [site.root().join("content/activites/img-2041.jpg")]);
    // HEIC from a phone: refused, and said how to convert.
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".repeat(8);
    let answer = browser.post(EDIT, &refs(&with_photo()), Some(("IMG_2042.HEIC", &heic)));
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("IMG_2042.HEIC") && answer.body.contains("Convertissez-la en JPEG"),
        "{}",
        answer.body
    );
    // A photo over the limit: refused with the limit, nothing kept.
    let large = vec![0xFFu8; 21 << 20];
    let answer = browser.post(EDIT, &refs(&with_photo()), Some(("grande.jpg", &large)));
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("plus de 20 Mo"), "{}", answer.body);
    // A file that is no photo, named like one.
    let answer = browser.post(EDIT, &refs(&with_photo()), Some(("faux.jpg", b"<svg onload=alert(1)>")));
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("n'est pas une photo JPEG, PNG ou WebP"));
    let staged = walk(&site.root().join(".cnr-site/uploads"));
    assert!(staged.is_empty(), "refused photos are not kept: {staged:?}");
    assert!(site.read_source(ACTIVITY).contains("image: img-2041.jpg"));
    // A path from the form is never used as is.
    for file in ["../site.yaml", "/etc/passwd", "activites/../../site.yaml", ".trash/x.md"] {
        let answer = browser.post(&format!("/_edit/page?file={file}"), &refs(&with_photo()), None);
        assert_eq!(answer.status, 404, "{file}");
    }
    assert_eq!(browser.get("/_edit/photo?file=../site.yaml").status, 404);
}

#[test]
fn the_preview_shows_a_photo_being_added_and_one_no_page_showed() {
    let site = with_activity();
    site.photo("content/activites/carte.jpg", 900, 600);
    let server = start(&site, None);
    let browser = Browser::new(&server);
    assert_eq!(browser.get("/activites/carte-480.webp").status, 404, "no page shows it: not made");
    // A photo of the site that no page showed.
    let text = "Le texte.\r\n\r\n![La carte des retours](carte.jpg)\r\n";
    let fields = form_of(&browser, "activites/2026-01-10-atelier.md", &[("text", text), ("action", "preview")]);
    let answer = browser.post(EDIT, &refs(&fields), None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains(r#"srcset="../carte-480.webp 480w"#), "{}", answer.body);
    let made = browser.get("/activites/carte-480.webp");
    assert_eq!(made.status, 200);
    assert!(made.head.contains("content-type: image/webp"), "{}", made.head);
    // A photo being added, not saved yet.
    let jpeg = photo_bytes(Path::new("x.jpg"), 1000, 750, None);
    let changes = [("photo_alt", "Les participants"), ("photo_where", "top"), ("action", "preview")];
    let fields = form_of(&browser, "activites/2026-01-10-atelier.md", &changes);
    let answer = browser.post(EDIT, &refs(&fields), Some(("IMG 2041.JPG", &jpeg)));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains(r#"<img src="../img-2041-1000.jpg""#), "{}", answer.body);
    for variant in ["img-2041-480.webp", "img-2041-1000.jpg"] {
        assert_eq!(browser.get(&format!("/activites/{variant}")).status, 200, "{variant}");
    }
    assert!(!site.root().join("content/activites/img-2041.jpg").exists(), "a preview saves nothing");
    // A photo cut short is refused before anything is saved, naming it.
    let changes = [("photo_alt", "Les participants"), ("photo_where", "top")];
    let answer = browser.post(
        EDIT,
        &refs(&form_of(&browser, "activites/2026-01-10-atelier.md", &changes)),
        Some(("coupee.jpg", &jpeg[..jpeg.len() / 2])),
    );
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("incomplète"), "{}", answer.body);
    assert!(!site.root().join("content/activites/coupee.jpg").exists());
    assert_eq!(site.read_source(ACTIVITY), HAND);
}

#[test]
fn a_new_activity_is_the_file_a_person_would_write() {
    let (site, server) = started();
    let browser = Browser::new(&server);
    let page = browser.get("/_edit/new");
    assert!(
        page.body.contains(&format!("name=\"date\" value=\"{}\"", chrono::Local::now().date_naive())),
        "today by default"
    );
    let fields = [
        ("_token", field(&page.body, "_token")),
        ("hash", String::new()),
        ("title", "Réunion de la commission tripartite à Ménaka".into()),
        ("date", "2026-03-02".into()),
        ("place", "Ménaka".into()),
        ("summary", String::new()),
        ("tags", "HCR".into()),
        ("new_tags", "commission tripartite, Retour".into()),
        ("text", "La commission s'est réunie.\r\n".into()),
        ("action", "save".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    // Without a title: the build's message next to the title, nothing written.
    let before = walk(&site.root().join("content"));
    let untitled: Vec<(&str, &str)> = fields.iter().map(|&(n, v)| (n, if n == "title" { "" } else { v })).collect();
    let answer = browser.post("/_edit/new", &untitled, None);
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("<p class=\"error\" id=\"title-error\">la clé « title » manque"), "{}", answer.body);
    assert!(answer.body.contains("action=\"/_edit/new\""), "still the form of a new activity");
    assert_eq!(walk(&site.root().join("content")), before);
    let answer = browser.post("/_edit/new", &fields, None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let file = "content/activites/2026-03-02-reunion-de-la-commission-tripartite-a-menaka.md";
    assert_eq!(
        site.read_source(file),
        "---\ntitle: Réunion de la commission tripartite à Ménaka\ndate: 2026-03-02\nplace: Ménaka\ntags: [HCR, commission tripartite, Retour]\n---\n\nLa commission s'est réunie.\n"
    );
    let list = browser.get("/_edit/");
    assert!(list.body.contains("Réunion de la commission tripartite à Ménaka"), "listed");
    assert!(list.body.find("Ménaka").unwrap() < list.body.find("Atelier : bilan").unwrap(), "newest first");
    let page =
        send(server.address, "GET", "/activites/reunion-de-la-commission-tripartite-a-menaka/", "localhost", &[], b"");
    assert_eq!(page.status, 200);
}

#[test]
fn delete_moves_to_the_trash_and_restore_puts_back() {
    let site = with_activity();
    site.photo("content/activites/salle.jpg", 40, 30);
    let server = start(&site, None);
    let browser = Browser::new(&server);
    let with_photo =
        form_of(&browser, "activites/2026-01-10-atelier.md", &[("image", "salle.jpg"), ("image_alt", "La salle")]);
    assert_eq!(browser.post(EDIT, &refs(&with_photo), None).status, 303);
    let confirm = browser.get("/_edit/delete?file=activites/2026-01-10-atelier.md");
    assert!(
        confirm.body.contains("content/activites/2026-01-10-atelier.en.md")
            && confirm.body.contains("content/activites/salle.jpg")
    );
    let token = field(&confirm.body, "_token");
    let answer =
        browser.post("/_edit/delete", &[("_token", &token), ("file", "activites/2026-01-10-atelier.md")], None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(!site.root().join(ACTIVITY).exists() && !site.root().join("content/activites/salle.jpg").exists());
    let trash = walk(&site.root().join(".trash"));
    assert_eq!(trash.len(), 3, "{trash:?}");
    assert_eq!(send(server.address, "GET", "/activites/atelier/", "localhost", &[], b"").status, 404);
    let list = browser.get("/_edit/trash");
    let entry = field(&list.body, "entry");
    assert!(list.body.contains("Atelier : bilan"));
    // A file written meanwhile at the same place is not overwritten: restoring waits.
    site.file(ACTIVITY, "---\ntitle: Un autre atelier\ndate: 2026-01-10\n---\nAutre.\n");
    let answer = browser.post("/_edit/restore", &[("_token", &token), ("entry", &entry)], None);
    assert_eq!(answer.status, 303);
    assert!(answer.head.contains("blocked=content%2factivites%2f2026-01-10-atelier.md"), "{}", answer.head);
    let list = browser.get("/_edit/trash?blocked=content%2Factivites%2F2026-01-10-atelier.md");
    assert!(list.body.contains("<code>content/activites/2026-01-10-atelier.md</code>"), "{}", list.body);
    assert!(site.read_source(ACTIVITY).contains("Un autre atelier"));
    assert_eq!(walk(&site.root().join(".trash")).len(), 3);
    std::fs::remove_file(site.root().join(ACTIVITY)).unwrap();
    let answer = browser.post("/_edit/restore", &[("_token", &token), ("entry", &entry)], None);
    assert_eq!(answer.status, 303);
    assert!(site.read_source(ACTIVITY).contains("image: salle.jpg"));
    assert!(site.root().join("content/activites/salle.jpg").is_file());
    assert!(walk(&site.root().join(".trash")).is_empty());
    assert_eq!(send(server.address, "GET", "/activites/atelier/", "localhost", &[], b"").status, 200);
}

#[test]
fn beyond_this_computer_the_editor_needs_a_password() {
    let site = Fixture::new();
    let refused = editor::check_password(&options(&site, "0.0.0.0")).unwrap_err();
    assert_eq!(refused.0[0].problem, cnr_site::error::Problem::NoEditorPassword);
    let (code, _, stderr) = site.run(&["serve", "--bind", "0.0.0.0", "--port", "0"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("qu'avec un mot de passe") && stderr.contains("cnr-site editor-password"), "{stderr}");
    editor::guard::write_password(site.root(), "un mot de passe assez long").unwrap();
    let password = editor::check_password(&options(&site, "0.0.0.0")).unwrap();
    let server = start(&site, password);
    let host = format!("127.0.0.1:{}", server.address.port());
    let answer = send(server.address, "GET", "/_edit/", &host, &[], b"");
    assert_eq!(answer.status, 303);
    assert!(answer.head.contains("location: /_edit/login"));
    let login = send(server.address, "GET", "/_edit/login", &host, &[], b"");
    let cookie =
        login.head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();
    let browser = Browser { address: server.address, host: host.clone(), cookie };
    let token = field(&login.body, "_token");
    let wrong = browser.post("/_edit/login", &[("_token", &token), ("password", "non")], None);
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Mot de passe incorrect."));
    let right = browser.post("/_edit/login", &[("_token", &token), ("password", "un mot de passe assez long")], None);
    assert_eq!(right.status, 303, "{}", right.body);
    let cookie =
        right.head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();
    assert_ne!(cookie, browser.cookie, "a new session once let in");
    let list = send(server.address, "GET", "/_edit/", &host, &[("Cookie", &cookie)], b"");
    assert_eq!(list.status, 200);
    let login = send(server.address, "GET", "/_edit/login", &host, &[], b"");
    let cookie =
        login.head.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();
    let browser = Browser { address: server.address, host: host.clone(), cookie };
    let token = field(&login.body, "_token");
    for _ in 0..4 {
        browser.post("/_edit/login", &[("_token", &token), ("password", "non")], None);
    }
    let throttled =
        browser.post("/_edit/login", &[("_token", &token), ("password", "un mot de passe assez long")], None);
    assert_eq!(throttled.status, 429, "{}", throttled.body);
    assert!(throttled.body.contains("Trop d'essais"));
}

const FIGURES: &str = "# Chiffres clés.\n\n# Les rapatriés.\n- value: 89324\n  date: 2013/2025\n  source: CNR\n  label:\n    fr: \"rapatriés\"\n    en: \"returnees\"\n# Les réfugiés.\n- value: 335908\n  date: 2025-12-31\n  source: CNR\n  label:\n    fr: réfugiés\n    en: refugees\n";

#[test]
fn key_figures_are_saved_with_their_date_and_source_and_checked_by_the_build() {
    let site = Fixture::new();
    site.file("content/figures.yaml", FIGURES);
    let server = start(&site, None);
    let browser = Browser::new(&server);
    let page = browser.get("/_edit/figures");
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(field(&page.body, "label_en_1"), "refugees");
    let mut fields: Vec<(String, String)> =
        ["_token", "hash", "count"].iter().map(|n| (n.to_string(), field(&page.body, n))).collect();
    for (n, (value, date, fr, en)) in
        [("89324", "2013/2025", "rapatriés", "returnees"), ("335908", "2025-12-31", "réfugiés", "refugees")]
            .iter()
            .enumerate()
    {
        for (name, v) in [("value", value), ("date", date), ("source", &"CNR"), ("label_fr", fr), ("label_en", en)] {
            fields.push((format!("{name}_{n}"), v.to_string()));
        }
    }
    let with = |changes: &[(&str, &str)]| {
        let mut all = fields.clone();
        for (name, value) in changes {
            all.retain(|(n, _)| n != name);
            all.push((name.to_string(), value.to_string()));
        }
        all
    };
    // A label left empty: the build's message next to that label, nothing written.
    let answer = browser.post("/_edit/figures", &refs(&with(&[("label_en_1", "")])), None);
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("id=\"label_en_1-error\">"), "{}", answer.body);
    assert!(answer.body.contains("aria-describedby=\"label_en_1-error\" aria-invalid=\"true\""));
    assert_eq!(site.read_source("content/figures.yaml"), FIGURES);
    // A new source for the second figure, and a new figure: the first keeps its lines.
    let changed = with(&[
        ("source_1", "CNR, HCR"),
        ("value_new", "1200"),
        ("date_new", "2026-03-31"),
        ("source_new", "HCR"),
        ("label_fr_new", "familles accueillies : total"),
        ("label_en_new", "families welcomed"),
    ]);
    let answer = browser.post("/_edit/figures", &refs(&changed), None);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(
        site.read_source("content/figures.yaml"),
        FIGURES.replace("  source: CNR\n  label:\n    fr: réfugiés", "  source: CNR, HCR\n  label:\n    fr: réfugiés")
            + "- value: 1200\n  date: 2026-03-31\n  source: HCR\n  label:\n    fr: \"familles accueillies : total\"\n    en: families welcomed\n"
    );
    let home = send(server.address, "GET", "/", "localhost", &[], b"");
    assert!(home.body.contains("familles accueillies"), "the preview shows it");
    // The form is now older than the file: refused, the file shown.
    let stale = browser.post("/_edit/figures", &refs(&with(&[("source_0", "Autre")])), None);
    assert_eq!(stale.status, 409);
    assert!(!site.read_source("content/figures.yaml").contains("Autre"));
}

#[test]
fn in_chromium_a_person_publishes_with_the_editor() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser tests need their Node packages: npm ci --prefix tests/browser (.ci/run does it)"
    );
    let site = Fixture::empty();
    // Published into a folder: the story ends with « Publier le site ».
    let published = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(manifest.join("site.yaml")).unwrap();
    let settings = format!("{settings}\ndeploy:\n  target: file://{}/www\n", published.path().display());
    site.file("site.yaml", &settings);
    copy_dir(&manifest.join("content"), &site.root().join("content"));
    let photo = site.root().join("IMG_2031.jpg");
    std::fs::write(&photo, photo_bytes(&photo, 1200, 800, None)).unwrap();
    let today = chrono::Local::now().date_naive();
    let mut on_today = options(&site, "127.0.0.1");
    on_today.model.today = today;
    let server =
        Server::start_with(on_today, |handle, address| Some(editor::extension(handle, address, None))).unwrap();
    // Another editor, with a password.
    let guarded = Fixture::new();
    let password = "un mot de passe assez long";
    editor::guard::write_password(guarded.root(), password).unwrap();
    let door = start(&guarded, editor::check_password(&options(&guarded, "127.0.0.1")).unwrap());
    let plan = serde_json::json!({
        "origin": format!("http://127.0.0.1:{}", server.address.port()),
        "login": { "origin": format!("http://127.0.0.1:{}", door.address.port()), "password": password },
        "root": site.root(),
        "photo": photo,
        "shots": manifest.join("target/screenshots/editor"),
        "today": today.to_string(),
        "published": published.path().join("www"),
    });
    let plan_file = site.root().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let output = std::process::Command::new("node")
        .arg(dir.join("editor.mjs"))
        .arg(&plan_file)
        .output()
        .expect("Node.js runs the browser tests (apt-get install nodejs; .ci/run does it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "the browser found problems:\n{stdout}\n{stderr}");
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    let steps = [
        "created",
        "listed and shown",
        "translated",
        "wrong date",
        "conflict",
        "preview",
        "deleted and restored",
        "axe",
        "without JavaScript",
        "keyboard",
        "login",
        "publish",
    ];
    assert_eq!(summary["steps"], serde_json::json!(steps));
    // Nine pages at two widths, the six met on the way, the login page and its error, the
    // publish page at two widths and its result: none skipped.
    assert_eq!(summary["axe_runs"], 18 + 6 + 2 + 3, "{summary}");
    // What the story published is the site as built.
    let mut built = crate::servers::files(&site.output());
    built.remove(".cnr-site.json").expect("the build writes its manifest");
    assert_eq!(on_server(&published.path().join("www")), built);
}

// Publishing from the editor: the build of `cnr-site build`, then the deploy of
// `cnr-site deploy`, to real servers started by the tests.

/// The editor of a site whose `site.yaml` publishes to `target`, publishing with `credentials`
/// (a password comes from the form).
fn publishing(target: &str, credentials: cnr_site::deploy::Credentials) -> (Fixture, Server) {
    let site = with_activity();
    site.file("site.yaml", &format!("{SITE_YAML}deploy:\n  target: {target}\n"));
    let server = Server::start_with(options(&site, "127.0.0.1"), move |handle, address| {
        Some(editor::extension_with(handle, address, None, credentials))
    })
    .unwrap_or_else(|e| panic!("the server did not start:\n{e}"));
    (site, server)
}

/// Posts the publish form as a browser without JavaScript does, and waits for its answer.
fn publish(browser: &Browser, password: &str) -> Answer {
    let page = browser.get("/_edit/publish");
    assert_eq!(page.status, 200, "{}", page.body);
    browser.post("/_edit/publish", &[("_token", &field(&page.body, "_token")), ("password", password)], None)
}

/// What a server publishes, without the record `deploy` keeps beside the site.
fn on_server(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = crate::servers::files(folder);
    files.retain(|path, _| !path.starts_with(".cnr-site."));
    files
}

fn built(site: &Fixture) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = crate::servers::files(&site.output());
    files.remove(".cnr-site.json").expect("the build writes its manifest");
    files
}

#[test]
fn publishing_from_the_editor_builds_the_site_and_sends_it_over_sftp_with_a_key() {
    use crate::servers::Server as _;
    let sshd = crate::servers::Sshd::start();
    let (site, server) = publishing(&sshd.target("site", None), sshd.credentials());
    let browser = Browser::new(&server);
    let page = browser.get("/_edit/publish");
    assert!(page.body.contains("aria-current=\"page\">Publier le site</a>"), "{}", page.body);
    assert!(page.body.contains("<code>sftp://"), "the page names the destination: {}", page.body);
    let answer = publish(&browser, "");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("Site publié :"), "{}", answer.body);
    assert!(answer.body.contains("<a href=\"https://cnr.exemple.ml/\">https://cnr.exemple.ml/</a>"), "{}", answer.body);
    assert!(answer.body.contains("<code>activites/atelier/index.html</code>"), "{}", answer.body);
    let built = built(&site);
    assert!(built.contains_key("activites/atelier/index.html"), "{:?}", built.keys());
    assert_eq!(on_server(&sshd.folder("site")), built, "the server holds the site as built");
    let progress = browser.get("/_edit/publish/progress");
    assert_eq!(progress.body, "{\"running\":false,\"text\":\"\",\"done\":0,\"total\":0}");
    // Published again without a change: nothing to send.
    let answer = publish(&browser, "");
    assert!(answer.body.contains("Le serveur est déjà à jour"), "{}", answer.body);
}

#[test]
fn a_wrong_password_is_told_in_french_and_changes_nothing_on_the_server() {
    use crate::servers::Server as _;
    let ftpd = crate::servers::PureFtpd::start();
    let credentials = cnr_site::deploy::Credentials { password: None, ..ftpd.credentials() };
    let (site, server) = publishing(&ftpd.target("site", None), credentials);
    let browser = Browser::new(&server);
    let answer = publish(&browser, crate::servers::FTP_PASSWORD);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let before = crate::servers::files(&ftpd.folder("site"));
    assert_eq!(on_server(&ftpd.folder("site")), built(&site));

    site.file(ACTIVITY, &HAND.replace("Suite du texte.", "Une suite changée."));
    let wrong = "pas-le-bon-mot-de-passe";
    let answer = publish(&browser, wrong);
    assert_eq!(answer.status, 502, "{}", answer.body);
    assert!(answer.body.contains("<h1>La publication n'a pas abouti</h1>"), "{}", answer.body);
    assert!(answer.body.contains("le serveur refuse l'utilisateur « cnr »"), "{}", answer.body);
    assert!(answer.body.contains("Vérifiez le mot de passe donné par l'hébergeur"), "{}", answer.body);
    assert!(answer.body.contains("Le site en ligne est resté entier"), "{}", answer.body);
    assert!(answer.body.contains("name=\"password\" value=\"\""), "the form is offered again, empty");
    assert!(!answer.body.contains(wrong), "the password is never shown again");
    assert_eq!(crate::servers::files(&ftpd.folder("site")), before, "nothing changed on the server");
    for file in walk(site.root()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(wrong.len()).any(|w| w == wrong.as_bytes()), "{} holds the password", file.display());
    }

    let answer = publish(&browser, crate::servers::FTP_PASSWORD);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let page = std::fs::read_to_string(ftpd.folder("site").join("activites/atelier/index.html")).unwrap();
    assert!(page.contains("Une suite changée."), "{page}");
}

#[test]
fn a_build_error_blocks_publishing_and_names_its_file_with_a_link_to_edit_it() {
    let folder = tempfile::tempdir().unwrap();
    let target = format!("file://{}/site", folder.path().display());
    let (site, server) = publishing(&target, cnr_site::deploy::Credentials::default());
    let browser = Browser::new(&server);
    site.file(ACTIVITY, &HAND.replace("date: 2026-01-10", "date: 2026-02-30"));
    let page = browser.get("/_edit/publish");
    assert!(!page.body.contains("name=\"password\""), "a folder needs no password: {}", page.body);
    let answer = publish(&browser, "");
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("Rien n'a été publié : le site contient des erreurs."), "{}", answer.body);
    assert!(
        answer.body.contains("<a href=\"/_edit/page?file=activites%2F2026-01-10-atelier.md\"><code>"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("2026-01-10-atelier.md:3:7</code></a>"), "{}", answer.body);
    assert!(answer.body.contains("2026-02-30"), "the build's words name the wrong date: {}", answer.body);
    assert!(!folder.path().join("site").exists(), "nothing was sent");
    assert!(!site.output().exists(), "nothing was built");

    // A form without the session's token publishes nothing either.
    site.file(ACTIVITY, HAND);
    let answer = browser.post("/_edit/publish", &[("password", "")], None);
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert!(!folder.path().join("site").exists());
    let answer = publish(&browser, "");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(on_server(&folder.path().join("site")), built(&site));
}

#[test]
fn a_server_never_met_is_trusted_only_once_its_fingerprint_is_ticked() {
    use crate::servers::Server as _;
    let sshd = crate::servers::Sshd::start();
    let ssh_folder = tempfile::tempdir().unwrap();
    let credentials =
        cnr_site::deploy::Credentials { ssh_folder: Some(ssh_folder.path().to_path_buf()), ..sshd.credentials() };
    let (_site, server) = publishing(&sshd.target("site", None), credentials);
    let browser = Browser::new(&server);
    let answer = publish(&browser, "");
    assert_eq!(answer.status, 502, "{}", answer.body);
    assert!(answer.body.contains("ce serveur n'est pas encore connu"), "{}", answer.body);
    assert!(answer.body.contains("Demandez à l'hébergeur l'empreinte"), "{}", answer.body);
    let fingerprint = field(&answer.body, "trust");
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
    assert!(!sshd.folder("site").exists(), "nothing sent to a server not trusted");
    // Posted again without ticking the box: still refused.
    let token = field(&answer.body, "_token");
    let answer = browser.post("/_edit/publish", &[("_token", &token), ("password", "")], None);
    assert_eq!(answer.status, 502, "{}", answer.body);
    let answer = browser.post("/_edit/publish", &[("_token", &token), ("trust", &fingerprint)], None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(sshd.folder("site").join("index.html").exists());
    let known = std::fs::read_to_string(ssh_folder.path().join("known_hosts")).unwrap();
    assert!(known.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 ", sshd.port())), "{known}");
}

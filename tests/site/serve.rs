//! `cnr-site serve`: a server on a free port against a temporary site; files are edited and
//! what HTTP returns is checked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use chrono::NaiveDate;
use cnr_site::messages::Tongue;
use cnr_site::model;
use cnr_site::render::{self, Body};
use cnr_site::serve::{ServeOptions, Server};

use crate::fixture::*;

fn options(site: &Fixture) -> ServeOptions {
    ServeOptions {
        root: site.root().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        model: model_options(),
        tongue: Tongue::Fr,
    }
}

fn model_options() -> model::Options {
    model::Options { drafts: false, today: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), base_url: None }
}

/// (status, headers in lower case, body) of a GET sent as written.
fn get_raw(address: SocketAddr, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, response[split + 4..].to_vec())
}

fn get(address: SocketAddr, target: &str) -> (u16, String) {
    let (status, _, body) = get_raw(address, target);
    (status, String::from_utf8(body).unwrap())
}

/// Writes a file and waits until the server has rebuilt for it.
fn edit(server: &Server, site: &Fixture, path: &str, text: Option<&str>) {
    let before = server.reloads();
    let file = site.root().join(path);
    match text {
        Some(text) => {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap()
        }
        None => std::fs::remove_file(&file).unwrap(),
    }
    rebuilt(server, before, path);
}

/// Waits for the rebuild after the `before`-th; `what` names the change in the failure.
fn rebuilt(server: &Server, before: u64, what: &str) -> u64 {
    let now = server.wait_reload(before, Duration::from_secs(20));
    assert!(now > before, "no rebuild after {what}");
    now
}

fn started(site: &Fixture) -> Server {
    Server::start(options(site)).unwrap_or_else(|e| panic!("the server did not start:\n{e}"))
}

#[test]
fn pages_are_served_from_memory_with_the_reload_script() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &["HCR"]);
    let server = started(&site);
    let (status, home) = get(server.address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("new EventSource(\"/__cnr/reload\")"), "{home}");
    assert!(home.contains("Accueil de la CNR"));
    assert_eq!(get(server.address, "/activites/a/").0, 200);
    assert_eq!(get(server.address, "/activites/a/index.html").0, 200);
    let (status, head, _) = get_raw(server.address, "/activites/a");
    assert_eq!(status, 301);
    assert!(head.contains("location: /activites/a/"), "{head}");
    assert!(!site.output().exists(), "serve wrote public/");
    // A build never carries the script.
    site.build();
    assert!(!site.read("index.html").contains("EventSource"));
}

#[test]
fn an_edit_re_renders_the_page_and_the_lists_that_show_it() {
    let site = Fixture::new();
    for day in 1..=12 {
        site.activity(&format!("2025-01-{day:02}"), &format!("a{day}"), &format!("Activité {day}"), &["x"]);
    }
    let server = started(&site);
    let reloads = server.reloads();
    let path = "content/activites/2025-01-02-a2.md";
    edit(&server, &site, path, Some("---\ntitle: \"Titre changé\"\nplace: Gao\ntags: [x]\n---\nNouveau texte.\n"));
    assert!(server.reloads() > reloads, "the reload signal");
    let rebuild = server.last_rebuild().unwrap();
    assert_eq!(rebuild.changed, [site.root().join(path)]);
    let rendered = rebuild.rendered.expect("no errors");
    // The page, its neighbours, list page 2 that shows it, the tag page, the home, the 404s,
    // the feeds, and the parts of the search index holding the old and new words.
    assert!((3..=40).contains(&rendered), "{rendered} outputs rendered again");
    assert!(get(server.address, "/activites/a2/").1.contains("Nouveau texte."));
    assert!(get(server.address, "/activites/page/2/").1.contains("Titre changé"));
    assert!(get(server.address, "/themes/x/page/2/").1.contains("Titre changé"));
    assert!(
        get(server.address, "/activites/a3/").1.contains("Titre changé"),
        "the newer neighbour links to it by title"
    );
    assert!(!get(server.address, "/activites/").1.contains("Titre changé"), "page 1 does not show it");
}

#[test]
fn a_broken_file_shows_its_error_and_the_last_good_pages_stay() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]).activity("2026-01-02", "b", "B", &[]);
    let server = started(&site);
    let path = "content/activites/2026-01-01-a.md";
    edit(&server, &site, path, Some("---\ntitle: A\ndate: 2026-02-30\n---\n"));
    assert_eq!(server.last_rebuild().unwrap().rendered, None);
    let (status, page) = get(server.address, "/activites/a/");
    assert_eq!(status, 500);
    let at = site.root().join(path).display().to_string();
    assert!(page.contains(&format!("<code>{at}:3:7</code></strong> : date : 2026-02-30 n'existe pas")), "{page}");
    assert!(page.contains("vérifiez le jour et le mois") && page.contains("EventSource"), "{page}");
    let (status, other) = get(server.address, "/activites/b/");
    assert_eq!(status, 200);
    assert!(other.contains("Texte de B."), "the last good page: {other}");
    assert!(other.contains("Le site contient des erreurs"), "with the errors on top");
    edit(&server, &site, path, Some("---\ntitle: A réparée\n---\nTexte réparé.\n"));
    let (status, page) = get(server.address, "/activites/a/");
    assert_eq!(status, 200);
    assert!(page.contains("Texte réparé.") && !page.contains("Le site contient des erreurs"));
}

#[test]
fn a_broken_site_yaml_stays_shown_until_it_is_mended() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    let server = started(&site);
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    edit(&server, &site, "site.yaml", Some(&settings.replace("base_url:", "base_ulr:")));
    let shows_error = |page: &str| page.contains("site.yaml:1") && page.contains("base_ulr");
    let (status, page) = get(server.address, "/activites/a/");
    assert!(status == 200 && shows_error(&page), "{page}");
    // An activity edited meanwhile is built with the last good settings, the error still shown.
    edit(&server, &site, "content/activites/2026-01-01-a.md", Some("---\ntitle: A modifiée\n---\nTexte.\n"));
    let (_, page) = get(server.address, "/activites/a/");
    assert!(shows_error(&page), "{page}");
    edit(&server, &site, "site.yaml", Some(&settings));
    let (status, page) = get(server.address, "/activites/a/");
    assert!(status == 200 && !shows_error(&page) && page.contains("A modifiée"), "{page}");
}

#[test]
fn added_deleted_and_renamed_files() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &["t"]);
    let server = started(&site);
    edit(&server, &site, "content/activites/2026-01-03-c.md", Some("---\ntitle: Nouvelle C\n---\nC.\n"));
    assert_eq!(get(server.address, "/activites/c/").0, 200);
    assert!(get(server.address, "/activites/").1.contains("Nouvelle C"));
    edit(&server, &site, "content/activites/2026-01-01-a.md", None);
    edit(&server, &site, "content/activites/2026-01-01-a.en.md", None);
    assert_eq!(get(server.address, "/activites/a/").0, 404);
    assert!(!get(server.address, "/activites/").1.contains("href=\"a/\""), "a deleted activity leaves the list");
    assert_eq!(get(server.address, "/themes/t/").0, 404, "its tag went with it");
    let before = server.reloads();
    std::fs::rename(
        site.root().join("content/activites/2026-01-03-c.md"),
        site.root().join("content/activites/2026-01-04-d.md"),
    )
    .unwrap();
    rebuilt(&server, before, "a rename");
    server.wait_idle();
    assert_eq!(get(server.address, "/activites/d/").0, 200, "the renamed file was picked up");
    assert_eq!(get(server.address, "/activites/c/").0, 404);
}

#[test]
fn unknown_paths_get_the_sites_404_page() {
    let site = Fixture::new();
    let server = started(&site);
    let (status, page) = get(server.address, "/nulle-part/");
    assert_eq!(status, 404);
    assert!(page.contains("Page introuvable"), "{page}");
    let (status, page) = get(server.address, "/en/nowhere/");
    assert_eq!(status, 404);
    assert!(page.contains("Page not found"), "{page}");
}

#[test]
fn nothing_but_the_site_can_be_reached() {
    let site = Fixture::new();
    site.file("secret.txt", "SECRET").file("content/activites/secret.txt", "PUBLIC");
    let server = started(&site);
    assert_eq!(get(server.address, "/activites/secret.txt").1, "PUBLIC", "content files are part of the site");
    // 400: not a path at all (a NUL, a bad escape); 404: a path the site has not.
    for (target, expected) in [
        ("/../secret.txt", 404),
        ("/../../etc/passwd", 404),
        ("/%2e%2e/secret.txt", 404),
        ("/%2e%2e%2fsecret.txt", 404),
        ("/activites/..%2f..%2fsecret.txt", 404),
        ("/activites/%2e%2e/%2e%2e/secret.txt", 404),
        ("//etc/passwd", 404),
        ("/\\..\\secret.txt", 404),
        ("/..\\secret.txt", 404),
        ("/site.yaml", 404),
        ("/content/contact.md", 404),
        ("/themes/cnr/templates/base.html", 404),
        ("http://example.org/../secret.txt", 404),
        ("/%00", 400),
        ("/a%zz", 400),
        ("/C:/Windows/win.ini", 404),
    ] {
        let (status, _, body) = get_raw(server.address, target);
        assert_eq!(status, expected, "{target}");
        let body = String::from_utf8_lossy(&body);
        assert!(!body.contains("SECRET") && !body.contains("root:") && !body.contains("base_url"), "{target}");
    }
}

#[test]
fn share_cards_are_served_and_drawn_again_when_a_title_changes() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "Avant", &["x"]);
    let server = started(&site);
    let card = |path: &str| {
        let (status, head, body) = get_raw(server.address, path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains("content-type: image/png\r\n"), "{head}");
        body
    };
    let before = card("/activites/a/card.png");
    let size = image::load_from_memory(&before).unwrap();
    assert_eq!((size.width(), size.height()), (1200, 630));
    let square = card("/activites/a/card-square.png");
    let list = card("/activites/card.png");
    edit(&server, &site, "content/activites/2026-01-01-a.md", Some("---\ntitle: Après\ntags: [x]\n---\nTexte.\n"));
    assert!(server.last_rebuild().unwrap().patched, "a new title is patched in");
    assert_ne!(card("/activites/a/card.png"), before);
    assert_ne!(card("/activites/a/card-square.png"), square);
    assert_eq!(card("/activites/card.png"), list, "the list's card shows no title of its pages");
    edit(&server, &site, "content/activites/2026-01-01-a.en.md", None);
    edit(&server, &site, "content/activites/2026-01-01-a.md", None);
    assert_eq!(get_raw(server.address, "/activites/a/card.png").0, 404, "gone with its page");
    assert_eq!(get_raw(server.address, "/en/activities/a/card-square.png").0, 404);
}

#[test]
fn media_types_are_right() {
    let site = Fixture::new();
    site.file("themes/cnr/static/js/x.js", "1")
        .file("themes/cnr/static/img/a.svg", "<svg/>")
        .file("themes/cnr/static/img/b.png", "png")
        .file("themes/cnr/static/fonts/f.woff2", "woff2")
        .file("content/feed.xml", "<rss/>")
        .file("content/activites/2026-01-01-a.md", "---\ntitle: A\n---\n![Le fleuve](photo.jpg)\n")
        .photo("content/activites/photo.jpg", 500, 300);
    let server = started(&site);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/js/x.js", "text/javascript; charset=utf-8"),
        ("/img/a.svg", "image/svg+xml"),
        ("/img/b.png", "image/png"),
        ("/fonts/f.woff2", "font/woff2"),
        ("/activites/photo.jpg", "image/jpeg"),
        ("/activites/photo-480.webp", "image/webp"),
        ("/feed.xml", "application/xml"),
    ] {
        let (status, head, _) = get_raw(server.address, path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(&format!("content-type: {expected}\r\n")), "{path}: {head}");
    }
}

#[test]
fn a_photo_is_made_when_an_edit_first_shows_it() {
    let site = Fixture::new();
    let page = "content/activites/2026-01-01-a.md";
    site.file(page, "---\ntitle: A\n---\nTexte.\n")
        .photo("content/activites/photo.jpg", 1000, 600)
        .file("content/activites/abimee.jpg", "pas une photo");
    let server = started(&site);
    assert_eq!(get_raw(server.address, "/activites/photo.jpg").0, 200);
    assert_eq!(get_raw(server.address, "/activites/photo-480.webp").0, 404, "no page shows it: not made");
    edit(&server, &site, page, Some("---\ntitle: A\n---\nTexte.\n\n![Le fleuve](photo.jpg)\n"));
    assert!(server.last_rebuild().unwrap().rendered.is_some());
    let (status, head, body) = get_raw(server.address, "/activites/photo-480.webp");
    assert_eq!(status, 200, "{head}");
    assert_eq!(image::load_from_memory(&body).unwrap().width(), 480);
    assert!(get(server.address, "/activites/a/").1.contains(r#"srcset="../photo-480.webp 480w"#));
    // Shown, a photo that cannot be read is an error of the site, shown over the last good page.
    edit(&server, &site, page, Some("---\ntitle: A\n---\nTexte.\n\n![Le fleuve](abimee.jpg)\n"));
    assert!(server.last_rebuild().unwrap().rendered.is_none());
    let (status, page) = get(server.address, "/activites/a/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("content/activites/abimee.jpg"), "{page}");
    assert!(page.contains("cette image ne peut pas être lue"), "{page}");
}

#[test]
fn many_browsers_at_once_are_all_answered() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    let server = started(&site);
    let address = server.address;
    let answered = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                for i in 0..25 {
                    let path = ["/", "/activites/", "/activites/a/", "/css/site.css", "/en/"][i % 5];
                    if get_raw(address, path).0 == 200 {
                        answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
    });
    assert_eq!(answered.into_inner(), 400);
}

#[test]
fn browsers_get_a_reload_signal_after_each_rebuild() {
    let site = Fixture::new();
    let server = started(&site);
    let mut stream = TcpStream::connect(server.address).unwrap();
    write!(stream, "GET /__cnr/reload HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let mut head = String::new();
    while line.trim() != "" {
        line.clear();
        reader.read_line(&mut line).unwrap();
        head.push_str(&line);
    }
    assert!(head.to_lowercase().contains("content-type: text/event-stream"), "{head}");
    edit(&server, &site, "content/contact.md", Some("---\ntitle: Contact\n---\nAutre texte.\n"));
    let mut received = String::new();
    while !received.contains("data: reload") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        received.push_str(&line);
    }
}

#[test]
fn editors_temporary_files_do_not_rebuild() {
    let site = Fixture::new();
    let server = started(&site);
    let before = server.reloads();
    for name in [".contact.md.swp", "contact.md~", ".#contact.md", "4913"] {
        site.file(&format!("content/{name}"), "x");
    }
    // A real edit after them: had they counted, they would be among its changes or have
    // made a rebuild of their own before it.
    site.file("content/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous vite.\n");
    let after = rebuilt(&server, before, "writing contact.md");
    server.wait_idle();
    assert_eq!(server.reloads(), before + 1, "one rebuild, for contact.md");
    assert_eq!(after, before + 1);
    assert_eq!(server.last_rebuild().unwrap().changed, [site.root().join("content/contact.md")]);
}

#[test]
fn a_save_in_several_steps_serves_the_file_as_saved() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    let server = started(&site);
    let before = server.reloads();
    // As editors save: a backup, the file emptied, then written in pieces, then the backup gone.
    // (That a burst of events makes one rebuild is tested in serve::watch, without the clock.)
    let file = site.root().join("content/activites/2026-01-01-a.md");
    let backup = site.root().join("content/activites/2026-01-01-a.md~");
    std::fs::copy(&file, &backup).unwrap();
    std::fs::write(&file, "").unwrap();
    for piece in ["---\ntitle: A\n", "---\n", "Texte enregistré en trois fois.\n"] {
        std::fs::OpenOptions::new().append(true).open(&file).unwrap().write_all(piece.as_bytes()).unwrap();
    }
    std::fs::remove_file(&backup).unwrap();
    // Some rebuild sees the file whole: wait for it, one rebuild at a time.
    let mut seen = before;
    while !get(server.address, "/activites/a/").1.contains("Texte enregistré en trois fois.") {
        seen = rebuilt(&server, seen, "the save");
        server.wait_idle();
    }
    let changed = server.last_rebuild().unwrap().changed;
    assert!(changed.iter().all(|p| !p.to_string_lossy().ends_with('~')), "the backup counts for nothing: {changed:?}");
}

#[test]
fn incremental_rebuilds_serve_what_a_full_build_would() {
    let site = Fixture::new();
    for day in 1..=15 {
        site.activity(
            &format!("2025-03-{day:02}"),
            &format!("a{day}"),
            &format!("Activité {day}"),
            &["x", if day % 2 == 0 { "pair" } else { "impair" }],
        );
    }
    site.file("content/figures.yaml", "- value: 10\n  date: 2025-12-31\n  source: CNR\n  label: {fr: dix, en: ten}\n");
    let server = started(&site);
    let edits: [(&str, Option<&str>); 12] = [
        (
            "content/activites/2025-03-05-a5.md",
            Some("---\ntitle: \"Cinq, nouveau titre\"\nplace: Gao\ntags: [x, impair]\n---\nTexte modifié.\n"),
        ),
        (
            "content/activites/2025-03-05-a5.en.md",
            Some("---\ntitle: \"Five\"\nsummary: A new summary.\ntags: [x, impair]\n---\nChanged text.\n"),
        ),
        ("content/contact.md", Some("---\ntitle: Nous écrire\n---\nVoir [cinq](activites/2025-03-05-a5.md).\n")),
        (
            "content/activites/2025-03-07-a7.md",
            Some("---\ntitle: Sept\ndate: 2025-03-07\ntags: [pair]\n---\nModifié.\n"),
        ),
        ("content/activites/2025-03-02-a2.md", Some("---\ntitle: Deux\ndate: 2025-03-02\nslug: deux\n---\nDéplacé.\n")),
        (
            "content/activites/2025-03-20-nouvelle.md",
            Some("---\ntitle: Nouvelle\ntags: [x]\n---\nVoir [sept](2025-03-07-a7.md).\n"),
        ),
        ("content/activites/2025-03-03-a3.en.md", None),
        ("content/activites/2025-03-03-a3.md", None),
        ("content/activites/_index.md", Some("---\ntitle: Toutes les activités\n---\nIntroduction changée.\n")),
        (
            "themes/cnr/templates/card.html",
            Some(
                "<article class=\"card\"><h{{ level }}><a href=\"{{ item.path }}\">{{ item.title }}</a></h{{ level }}></article>\n",
            ),
        ),
        (
            "themes/cnr/i18n/fr.yaml",
            Some(
                &std::fs::read_to_string(site.root().join("themes/cnr/i18n/fr.yaml"))
                    .unwrap()
                    .replace("Retour à la liste des activités", "Revenir à la liste"),
            ),
        ),
        (
            "content/figures.yaml",
            Some("- value: 20\n  date: 2025-12-31\n  source: CNR\n  label: {fr: vingt, en: twenty}\n"),
        ),
    ];
    let mut patched = 0;
    for (path, text) in edits {
        edit(&server, &site, path, text);
        server.wait_idle();
        let rebuild = server.last_rebuild().unwrap();
        assert!(rebuild.rendered.is_some(), "{path}: {rebuild:?}");
        patched += usize::from(rebuild.patched);
        let full = cnr_site::load_site(site.root(), &model_options(), &|_, _| {}).unwrap();
        let outputs = render::render(std::sync::Arc::new(full)).unwrap();
        for output in outputs {
            let (status, _, body) = get_raw(server.address, output.path.as_str());
            assert_eq!(status, 200, "after {path}: {}", output.path);
            let expected = match output.body {
                Body::Bytes(bytes) => String::from_utf8(bytes).unwrap(),
                Body::Copy(file) | Body::Link(file) => std::fs::read_to_string(file).unwrap(),
            };
            let served = String::from_utf8(body).unwrap().replace(
                "<script>new EventSource(\"/__cnr/reload\").onmessage=function(){location.reload()};</script>",
                "",
            );
            assert_eq!(served, expected, "after editing {path}, {} differs from a full build", output.path);
        }
    }
    assert_eq!(patched, 3, "the first three edits only change what pages say")
}

#[test]
fn the_command_listens_on_127_0_0_1_and_prints_the_address() {
    let site = Fixture::new();
    let (address, (status, page)) = serve_command(site.root(), &["serve", "--port", "0"], "/");
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    assert_eq!(status, 200);
    assert!(page.contains("Accueil de la CNR"));
    assert!(!site.output().exists());
}

#[test]
fn the_command_takes_another_folder_address_and_drafts() {
    let site = Fixture::new();
    site.file("content/activites/2026-01-01-brouillon.md", "---\ntitle: Brouillon\ndraft: true\n---\nPas fini.\n");
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    let args = ["serve", "--root", root, "--bind", "127.0.0.2", "--port", "0", "--drafts"];
    let (address, (status, page)) = serve_command(elsewhere.path(), &args, "/activites/brouillon/");
    assert!(address.starts_with("127.0.0.2:"), "{address}");
    assert!(status == 200 && page.contains("Pas fini."), "{page}");
    let (_, (status, _)) = serve_command(elsewhere.path(), &args[..args.len() - 1], "/activites/brouillon/");
    assert_eq!(status, 404, "a draft is served only with --drafts");
    assert!(!site.output().exists() && std::fs::read_dir(elsewhere.path()).unwrap().next().is_none());
}

/// Runs `cnr-site` with `args` in `folder` until it serves, and gets `path` from it: the
/// address it printed, and the answer.
fn serve_command(folder: &std::path::Path, args: &[&str], path: &str) -> (String, (u16, String)) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cnr-site"))
        .args(args)
        .current_dir(folder)
        .env("LANG", "C.UTF-8")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.find(|l| l.as_ref().is_ok_and(|l| l.starts_with("Aperçu du site"))).unwrap().unwrap();
    let address = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    let answer = get(address.parse().unwrap(), path);
    child.kill().unwrap();
    child.wait().unwrap();
    (address, answer)
}

#[test]
fn an_old_address_leads_to_its_page_as_soon_as_it_is_written_and_shows_its_title() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &[]);
    let server = started(&site);
    assert_eq!(get(server.address, "/activity_detail/42/").0, 404);
    let path = "content/activites/2026-01-01-a.md";
    edit(&server, &site, path, Some("---\ntitle: A\naliases: [/activity_detail/42]\n---\nTexte.\n"));
    let (status, page) = get(server.address, "/activity_detail/42/");
    assert_eq!(status, 200);
    assert!(page.contains("content=\"0; url=../../activites/a/\"") && page.contains(">A</a>"), "{page}");
    // A new title reaches the page at the old address too.
    edit(&server, &site, path, Some("---\ntitle: Titre changé\naliases: [/activity_detail/42]\n---\nTexte.\n"));
    assert!(get(server.address, "/activity_detail/42/").1.contains(">Titre changé</a>"));
    edit(&server, &site, path, Some("---\ntitle: Titre changé\n---\nTexte.\n"));
    assert_eq!(get(server.address, "/activity_detail/42/").0, 404);
}

#[test]
fn a_content_folder_replaced_as_git_checkout_does_is_watched_again() {
    let site = Fixture::new();
    site.activity("2026-01-01", "a", "A", &["t"]);
    let server = started(&site);
    // `mv content content.old && cp -r content.old content`: the watched folder is gone, a new
    // one holds the same files.
    let before = server.reloads();
    let (content, old) = (site.root().join("content"), site.root().join("content.old"));
    std::fs::rename(&content, &old).unwrap();
    copy_dir(&old, &content);
    rebuilt(&server, before, "the replaced folder");
    server.wait_idle();
    // Edits and new files in the new folder are seen.
    edit(&server, &site, "content/activites/2026-01-01-a.md", Some("---\ntitle: A revue\ntags: [t]\n---\nRevue.\n"));
    assert!(get(server.address, "/activites/a/").1.contains("Revue."));
    edit(&server, &site, "content/activites/2026-01-02-b.md", Some("---\ntitle: Nouvelle B\n---\nB.\n"));
    assert_eq!(get(server.address, "/activites/b/").0, 200);
    // And the same for the theme.
    let (themes, old_themes) = (site.root().join("themes"), site.root().join("themes.old"));
    let before = server.reloads();
    std::fs::rename(&themes, &old_themes).unwrap();
    copy_dir(&old_themes, &themes);
    rebuilt(&server, before, "the replaced theme");
    server.wait_idle();
    let template = "themes/cnr/templates/page.html";
    let text = std::fs::read_to_string(site.root().join(template)).unwrap();
    edit(&server, &site, template, Some(&text.replace("<article", "<article data-replaced=\"oui\"")));
    assert!(get(server.address, "/activites/a/").1.contains("data-replaced=\"oui\""));
}

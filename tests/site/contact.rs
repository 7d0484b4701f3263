//! The contact form with `form_endpoint`: Chromium (`tests/browser/contact.mjs`) fills it with
//! accented words and sends it to a tiny HTTP server this test runs on a loopback port, which
//! decodes what it received as any form service does and answers as they do, sending the
//! browser on to the thank-you page named in `_next`. The site itself is served by the test too,
//! at the address it was built for; the Nu Html Checker validates the pages. (Without an endpoint, the mailto: link is read in Chromium by
//! `browser.rs`.)

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use crate::fixture::*;

/// What the endpoint was sent: its content type and its fields, decoded.
struct Received {
    content_type: String,
    fields: BTreeMap<String, String>,
}

/// A request's first line, headers (names in lower case) and body; `None` if the browser
/// opened a connection and sent nothing.
fn read_request(stream: &TcpStream) -> Option<(String, BTreeMap<String, String>, Vec<u8>)> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).ok().filter(|&n| n > 0)?;
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let Some((name, value)) = line.trim_end().split_once(':') else { break };
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
    }
    let length = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((first, headers, body))
}

fn respond(mut stream: &TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
}

/// Serves each connection of `listener` on its own thread with `answer`.
fn serve(
    listener: TcpListener,
    answer: impl Fn(&TcpStream, String, BTreeMap<String, String>, Vec<u8>) + Send + Sync + 'static,
) {
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = answer.clone();
            std::thread::spawn(move || {
                if let Some((first, headers, body)) = read_request(&stream) {
                    answer(&stream, first, headers, body);
                }
            });
        }
    });
}

/// The built site, as a static server sends it.
fn serve_site(listener: TcpListener, public: PathBuf) {
    serve(listener, move |stream, first, _, _| {
        let target = first.split(' ').nth(1).unwrap_or("/");
        let path = cnr_site::text::percent_decode(target.split('?').next().unwrap_or_default()).unwrap_or_default();
        let safe = !path.split('/').any(|segment| segment == "..");
        let file = public.join(path.trim_start_matches('/'));
        let file = if file.is_dir() { file.join("index.html") } else { file };
        match std::fs::read(&file).ok().filter(|_| safe) {
            Some(bytes) => {
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                respond(stream, "200 OK", &[("Content-Type", kind)], &bytes);
            }
            None => respond(stream, "404 Not Found", &[("Content-Type", "text/plain")], b"not found"),
        }
    });
}

/// A form service: each POST recorded, then the browser sent on to `_next`, as FormSubmit,
/// Formspree and the like do.
fn serve_endpoint(listener: TcpListener, received: Sender<Received>) {
    let received = std::sync::Mutex::new(received);
    serve(listener, move |stream, first, headers, body| {
        if !first.starts_with("POST ") {
            return respond(stream, "405 Method Not Allowed", &[], b"");
        }
        let fields: BTreeMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
        let next = fields.get("_next").cloned().unwrap_or_default();
        let content_type = headers.get("content-type").cloned().unwrap_or_default();
        received.lock().unwrap().send(Received { content_type, fields }).unwrap();
        respond(stream, "303 See Other", &[("Location", &next)], b"");
    });
}

#[test]
fn with_an_endpoint_the_form_posts_utf8_and_lands_on_the_thank_you_page() {
    let site_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://127.0.0.1:{}/", site_listener.local_addr().unwrap().port());
    let endpoint = format!("http://127.0.0.1:{}/cnr", endpoint_listener.local_addr().unwrap().port());
    let site = Fixture::new();
    let yaml = SITE_YAML.replace(
        "  email: cnrapatriement@yahoo.com\n",
        &format!("  email: cnrapatriement@yahoo.com\n  form_endpoint: {endpoint}\n"),
    );
    site.file("site.yaml", &yaml);
    if let Err(errors) = site.build_with(false, Some(&origin)) {
        panic!("the build failed:\n{errors}");
    }
    // The thank-you pages: in each language, kept out of search engines and the sitemap.
    let merci = site.read("contact/merci/index.html");
    assert!(merci.contains("<h1>Merci pour votre message</h1>") && merci.contains("content=\"noindex\""), "{merci}");
    assert!(site.read("en/contact/thanks/index.html").contains("<h1>Thank you for your message</h1>"));
    assert!(!site.read("sitemap.xml").contains("merci") && !site.read("sitemap.xml").contains("thanks"));
    assert!(site.read("contact/index.html").contains(&format!("name=\"_next\" value=\"{origin}contact/merci/\"")));
    // The form and the thank-you pages are valid HTML (the pages without a form are checked by
    // `browser.rs`).
    let checked =
        ["contact/index.html", "en/contact/index.html", "contact/merci/index.html", "en/contact/thanks/index.html"];
    let vnu = Command::new("java")
        .arg("-jar")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "gnu"])
        .args(checked.map(|rel| site.output().join(rel)))
        .output()
        .expect("Java runs the Nu Html Checker (tools/test installs it)");
    let messages = String::from_utf8_lossy(&vnu.stderr);
    assert!(vnu.status.success() && messages.trim().is_empty(), "{messages}");

    let (sender, received) = channel();
    serve_site(site_listener, site.output());
    serve_endpoint(endpoint_listener, sender);
    let message = "Bonjour,\nOù en est le dossier de ma famille, rentrée de Mbera ?\n« Merci » — déjà 3 mois 😀";
    let visitors = [
        ("fr", "contact/", "contact/merci/", "Merci pour votre message", "Aïssata Traoré", "Réintégration à Ménaka"),
        (
            "en",
            "en/contact/",
            "en/contact/thanks/",
            "Thank you for your message",
            "Ibrahim Maïga",
            "Return to Gao — ½ done",
        ),
    ];
    let plan = serde_json::json!({
        "origin": origin,
        "visitors": visitors.iter().map(|(lang, page, thanks, title, name, subject)| serde_json::json!({
            "lang": lang, "page": page, "thanks": thanks, "title": title,
            "fields": { "nom": name, "courriel": "aissata.traore@example.org", "objet": subject, "message": message },
        })).collect::<Vec<_>>(),
    });
    let plan_file = site.root().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let output = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/contact.mjs"))
        .arg(&plan_file)
        .output()
        .expect("Node.js runs the browser tests (tools/test installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["landed"], serde_json::json!(["contact/merci/", "en/contact/thanks/"]));
    assert_eq!(summary["axe_runs"], 4);

    for (lang, _, thanks, _, name, subject) in visitors {
        let got = received.recv_timeout(Duration::from_secs(5)).expect("the endpoint received the form");
        assert_eq!(got.content_type, "application/x-www-form-urlencoded");
        let field = |key: &str| got.fields.get(key).map(String::as_str);
        assert_eq!(field("nom"), Some(name));
        assert_eq!(field("objet"), Some(subject));
        // A browser sends a text area's line breaks as CR LF.
        assert_eq!(field("message"), Some(message.replace('\n', "\r\n").as_str()));
        assert_eq!(field("courriel"), Some("aissata.traore@example.org"));
        assert_eq!(field("langue"), Some(lang));
        assert_eq!(field("site_web"), Some(""), "the anti-spam field is sent empty");
        assert_eq!(field("_next"), Some(format!("{origin}{thanks}").as_str()));
    }
    assert!(received.try_recv().is_err(), "the empty form was sent");
}

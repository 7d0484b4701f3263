//! Old addresses as servers and browsers meet them, for a site published under `/cnr/`: nginx
//! with the redirect file included (`nginx -t`, then the server on a loopback port), Apache with
//! its file included in the server's configuration and copied into the site's `.htaccess`
//! (`apache2 -t`, then the server), Netlify's own matcher on `_redirects`, and Chromium
//! following the pages at old addresses at a domain's root and under a sub-path. `.ci/run`
//! installs nginx and apache2 (not started: each test starts its own) and the Node packages.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::fixture::*;
use crate::servers::{free_port, wait_for_port};

const ACTIVITY: &str = "content/activites/2026-02-06-signature.md";
const TARGET: &str = "/cnr/activites/signature/";

/// A site under `/cnr/` whose activity has old addresses of every kind.
fn built() -> Fixture {
    let site = Fixture::new();
    let aliases =
        "[/activity_detail/42, /ancien.html, /activit%C3%A9s/vieux/, \"/detail.php?id=42&l=fr\", /rapport.pdf]";
    site.notices()
        .file(ACTIVITY, &format!("---\ntitle: Signature du plan\naliases: {aliases}\n---\nTexte.\n"))
        .file("content/activites/2026-02-06-signature.en.md", "---\ntitle: Signing the plan\n---\nText.\n")
        .file("content/contact.md", "---\ntitle: Contact\naliases: /nous-ecrire/\n---\nÉcrivez-nous.\n");
    site.build_with(false, Some("https://cnr.exemple.ml/cnr/")).unwrap();
    site
}

/// What every server must answer: (request, where it leads; `None`: no redirect).
const CASES: &[(&str, Option<&str>)] = &[
    ("/cnr/activity_detail/42", Some(TARGET)),
    ("/cnr/activity_detail/42/", Some(TARGET)),
    ("/cnr/ancien.html", Some(TARGET)),
    ("/cnr/activit%C3%A9s/vieux/", Some(TARGET)),
    ("/cnr/detail.php?id=42&l=fr", Some(TARGET)),
    ("/cnr/rapport.pdf", Some(TARGET)),
    ("/cnr/nous-ecrire/", Some("/cnr/contact/")),
    ("/cnr/detail.php?id=43", None),
    ("/cnr/activity_detail/4", None),
    ("/cnr/activites/signature/", None),
    ("/cnr/contact/", None),
];

/// The status and the `Location` of a GET of `target` on a loopback port, over plain HTTP/1.0.
fn get(port: u16, target: &str) -> (u16, Option<String>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(stream, "GET {target} HTTP/1.0\r\nHost: example.org\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response);
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let location = response
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix("Location: ").or_else(|| line.strip_prefix("location: ")))
        // `http://example.org:8080/cnr/x/` or `/cnr/x/`: the path.
        .map(|url| {
            url.split_once("://").map_or(url, |(_, rest)| &rest[rest.find('/').unwrap_or(rest.len())..]).to_string()
        });
    (status, location)
}

/// Every case asked of a server, with what it answered when it was not what was expected.
fn check_cases(server: &str, port: u16) {
    let mut wrong = Vec::new();
    for (request, expected) in CASES {
        let (status, location) = get(port, request);
        let fine = match expected {
            Some(to) => status == 301 && location.as_deref() == Some(*to),
            None => !(300..400).contains(&status),
        };
        if !fine {
            wrong.push(format!("{request}: {status} {location:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{server}:\n{}", wrong.join("\n"));
}

/// A server started by a test, stopped with it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e} (.ci/run installs it)"));
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{command:?}: {said}");
    said
}

#[test]
fn nginx_answers_old_addresses_with_a_redirect() {
    let site = built();
    let dir = tempfile::tempdir().unwrap();
    let (public, port) = (site.output(), free_port());
    let config = format!(
        "daemon off;\nmaster_process off;\nerror_log {dir}/error.log;\npid {dir}/nginx.pid;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path {dir}; proxy_temp_path {dir}; fastcgi_temp_path {dir};\n    \
         uwsgi_temp_path {dir}; scgi_temp_path {dir};\n    include {public}/.redirects/nginx.conf;\n    server {{\n        \
         listen 127.0.0.1:{port};\n        if ($cnr_redirect) {{ return 301 $cnr_redirect; }}\n        \
         location /cnr/ {{ alias {public}/; }}\n    }}\n}}\n",
        dir = dir.path().display(),
        public = public.display(),
    );
    let file = dir.path().join("nginx.conf");
    std::fs::write(&file, config).unwrap();
    let nginx = |args: &[&str]| {
        let mut command = Command::new("/usr/sbin/nginx");
        command.args(args).arg("-c").arg(&file).arg("-p").arg(dir.path());
        command
    };
    let said = run(&mut nginx(&["-t"]));
    assert!(said.contains("syntax is ok") && said.contains("test is successful"), "{said}");
    let mut child = nginx(&[]).stderr(Stdio::null()).spawn().unwrap();
    wait_for_port(port, &mut child);
    let _running = Running(child);
    check_cases("nginx", port);
}

/// Apache's modules on Debian, loaded by a configuration of the test's own.
const MODULES: &str = "/usr/lib/apache2/modules";

fn apache_config(dir: &Path, public: &Path, port: u16, redirects: &str) -> PathBuf {
    let modules = ["mpm_event", "authz_core", "alias", "rewrite", "dir"]
        .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
        .concat();
    let config = format!(
        "ServerRoot {dir}\nServerName localhost\nListen 127.0.0.1:{port}\nPidFile {dir}/httpd.pid\n\
         ErrorLog {dir}/error.log\nUser nobody\nGroup nogroup\n{modules}\
         DirectoryIndex index.html\nAlias /cnr/ {public}/\n\
         <Directory {public}>\n    Require all granted\n    {redirects}\n</Directory>\n",
        dir = dir.display(),
        public = public.display(),
    );
    let file = dir.join("httpd.conf");
    std::fs::write(&file, config).unwrap();
    file
}

#[test]
fn apache_answers_old_addresses_from_its_configuration_and_from_htaccess() {
    let site = built();
    // Apache reads the site as `nobody`.
    std::fs::set_permissions(site.root(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let public = site.output();
    let included = format!("AllowOverride None\n    Include {}/.redirects/apache.conf", public.display());
    for (how, redirects) in [("Include", included.as_str()), (".htaccess", "AllowOverride FileInfo")] {
        if how == ".htaccess" {
            std::fs::copy(public.join(".redirects/apache.conf"), public.join(".htaccess")).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let file = apache_config(dir.path(), &public, port, redirects);
        let said = run(Command::new("/usr/sbin/apache2").arg("-t").arg("-f").arg(&file));
        assert!(said.contains("Syntax OK"), "{said}");
        // One process (-X), in the foreground, as `nobody`.
        let mut child = Command::new("/usr/sbin/apache2").arg("-X").arg("-f").arg(&file).spawn().unwrap();
        wait_for_port(port, &mut child);
        let _running = Running(child);
        check_cases(&format!("Apache ({how})"), port);
    }
}

fn node_script(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/netlify-redirector").is_dir(),
        "the tests need their Node packages: npm ci --prefix tests/browser (.ci/run does it)"
    );
    dir.join(name)
}

#[test]
fn netlify_reads_the_redirects_file_as_written() {
    let site = built();
    let requests: Vec<serde_json::Value> = CASES
        .iter()
        .map(|(request, _)| {
            let (path, query) = request.split_once('?').unwrap_or((request, ""));
            serde_json::json!({ "path": path, "query": query })
        })
        .collect();
    let file = site.root().join("requests.json");
    std::fs::write(&file, serde_json::Value::from(requests).to_string()).unwrap();
    let said =
        run(Command::new("node").arg(node_script("netlify.mjs")).arg(site.output().join("_redirects")).arg(&file));
    let found: Vec<serde_json::Value> = serde_json::from_str(said.trim()).unwrap();
    for ((request, expected), found) in CASES.iter().zip(&found) {
        let to = found.get("to").and_then(|to| to.as_str());
        match expected {
            Some(expected) => assert_eq!((to, found["status"].as_u64()), (Some(*expected), Some(301)), "{request}"),
            None => assert_eq!(to, None, "{request}"),
        }
    }
}

#[test]
fn in_chromium_the_page_at_an_old_address_leads_to_its_page_at_the_root_and_under_a_sub_path() {
    let site = built();
    let aliases = [
        ("activity_detail/42", "activites/signature/", "Signature du plan"),
        ("activity_detail/42/", "activites/signature/", "Signature du plan"),
        ("ancien.html", "activites/signature/", "Signature du plan"),
        ("activit%C3%A9s/vieux/", "activites/signature/", "Signature du plan"),
        ("nous-ecrire", "contact/", "Contact"),
    ];
    let plan = serde_json::json!({
        "public": site.output(),
        "prefixes": ["/", "/cnr/"],
        "aliases": aliases.iter().map(|(from, to, title)| serde_json::json!({"from": from, "to": to, "title": title})).collect::<Vec<_>>(),
    });
    let file = site.root().join("plan.json");
    std::fs::write(&file, plan.to_string()).unwrap();
    let said = run(Command::new("node").arg(node_script("aliases.mjs")).arg(&file));
    let summary: serde_json::Value = serde_json::from_str(said.lines().last().unwrap()).unwrap();
    // Each old address, at the root and under the sub-path, with JavaScript and without.
    assert_eq!(summary["followed"], aliases.len() * 2 * 2, "{said}");
}

#[test]
fn the_pages_at_old_addresses_are_valid_html() {
    let site = built();
    let vnu = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let pages =
        ["activity_detail/42/index.html", "ancien.html", "activités/vieux/index.html", "nous-ecrire/index.html"];
    let output = Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--format", "gnu"])
        .args(pages.map(|page| site.output().join(page)))
        .output()
        .expect("Java runs the Nu Html Checker (.ci/run installs it)");
    let messages = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && messages.trim().is_empty(), "{messages}");
}

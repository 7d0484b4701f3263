//! The output folder: filled only when it is the build's, written only where bytes changed,
//! never missing a page or holding half of one, whatever the moment a build is stopped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::fixture::*;

/// Every file of the site's folder, with its bytes, the output's own record and the build's
/// hidden working folder aside.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), p))
        .filter(|(rel, _)| !rel.starts_with(".cnr-site.staging") && rel != Path::new(".cnr-site.json"))
        .map(|(rel, p)| (rel, std::fs::read(p).unwrap()))
        .collect()
}

fn site() -> Fixture {
    let site = Fixture::new();
    for i in 0..40 {
        site.activity(
            &format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            &format!("a{i}"),
            &format!("Activité {i}"),
            &["x"],
        );
    }
    site
}

/// Changes the site: an activity edited, one added, one deleted.
fn edit(site: &Fixture) {
    site.file("content/activites/2025-01-01-a0.md", "---\ntitle: \"Activité 0, revue\"\ntags: [x]\n---\nRevu.\n");
    site.activity("2026-01-01", "nouvelle", "Nouvelle", &["z"]);
    std::fs::remove_file(site.root().join("content/activites/2025-02-02-a1.md")).unwrap();
    std::fs::remove_file(site.root().join("content/activites/2025-02-02-a1.en.md")).unwrap();
}

/// Starts `cnr-site build` in the site's folder with `env`, its messages on a pipe.
fn start(site: &Fixture, env: &[(&str, &str)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cnr-site"));
    command
        .args(["--lang", "en", "build"])
        .current_dir(site.root())
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().unwrap()
}

/// Reads the child's messages until one contains `text`; all it said, if it ends first or
/// says nothing of the kind within a minute.
fn wait_for(child: &mut Child, text: &str) -> Result<(), String> {
    let stderr = child.stderr.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Read to the end, even once nobody listens: a closed pipe would make the build's next
        // message fail, and the build with it.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let mut said = String::new();
    loop {
        match receive.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) if line.contains(text) => return Ok(()),
            Ok(line) => {
                said.push_str(&line);
                said.push('\n');
            }
            Err(_) => return Err(said),
        }
    }
}

#[test]
fn a_build_stopped_at_any_moment_leaves_every_page_whole_and_none_missing() {
    // What the edited site builds to, and how many files it moves into place over the old one.
    let probe = site();
    probe.build();
    edit(&probe);
    let (code, stdout, stderr) = probe.run(&["--lang", "en", "build"]);
    assert_eq!(code, 0, "{stderr}");
    let moves: usize = stdout.split(" files: ").nth(1).and_then(|r| r.split(' ').next()).unwrap().parse().unwrap();
    assert!(moves > 10, "{stdout}");
    let new = files(&probe.output());
    for stop in [0, 1, moves / 2, moves - 1, moves] {
        let site = site();
        site.build();
        let old = files(&site.output());
        edit(&site);
        let mut child = start(&site, &[("CNR_SITE_PAUSE_AFTER", &stop.to_string())]);
        if let Err(said) = wait_for(&mut child, "paused after moving") {
            panic!("the build did not reach the pause after {stop} moves:\n{said}");
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = files(&site.output());
        for (path, bytes) in &now {
            let whole = old.get(path) == Some(bytes) || new.get(path) == Some(bytes);
            assert!(whole, "stopped after {stop} moves: {} is neither the old file nor the new one", path.display());
        }
        let missing: Vec<_> =
            old.keys().chain(new.keys().filter(|_| stop == moves)).filter(|p| !now.contains_key(*p)).collect();
        assert!(missing.is_empty(), "stopped after {stop} moves, missing: {missing:?}");
        // The next build completes the work.
        let (code, _, stderr) = site.run(&["build"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(files(&site.output()), new, "after a build stopped after {stop} moves and one more build");
    }
}

#[test]
fn a_second_build_waits_for_the_first() {
    let site = site();
    site.build();
    edit(&site);
    let mut first = start(&site, &[("CNR_SITE_PAUSE_AFTER", "3")]);
    wait_for(&mut first, "paused after moving").unwrap();
    let mut second = start(&site, &[]);
    wait_for(&mut second, "Another build is writing").unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(second.wait().unwrap().success());
    let expected = site.root().join("expected");
    let (code, _, stderr) = site.run(&["build", "--output", expected.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files(&site.output()), files(&expected));
}

#[test]
fn folders_that_are_not_the_builds_are_refused_and_left_untouched() {
    let site = site();
    site.file("docs/notes.txt", "mes notes").file("notes.txt", "à garder").file("docs-git/.git/HEAD", "ref");
    let before: BTreeMap<PathBuf, Vec<u8>> = files(site.root());
    for (output, expected) in [
        ("content", "the output folder is inside content/, among the site's sources"),
        ("content/activites", "the output folder is inside content/"),
        ("themes", "the output folder is inside themes/"),
        (".", "the output folder is the site's own"),
        ("..", "the output folder holds the site itself"),
        ("docs", "this folder is not an output of cnr-site: it holds notes.txt, which would be lost"),
        ("docs", "if it is the output of an older version of cnr-site, delete it once"),
        ("docs-git", "this folder is not an output of cnr-site: it holds .git"),
        ("notes.txt", "the output is a file, not a folder"),
    ] {
        let (code, _, stderr) = site.run(&["--lang", "en", "build", "--output", output]);
        assert_eq!(code, 1, "--output {output}: {stderr}");
        assert!(stderr.contains(expected), "--output {output}: {stderr}");
        assert!(stderr.contains("help: choose a folder that does not exist or is empty"), "{stderr}");
    }
    let root = site.root().to_str().unwrap().to_string();
    let (code, _, stderr) = site.run(&["--lang", "en", "build", "--output", &root]);
    assert!(code == 1 && stderr.contains("the output folder is the site's own"), "{stderr}");
    assert_eq!(files(site.root()), before, "nothing was touched");
}

#[test]
fn a_symbolic_link_to_a_web_folder_is_filled_where_it_points() {
    let site = site();
    let web = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(web.path(), site.output()).unwrap();
    site.build();
    edit(&site);
    site.build();
    assert!(std::fs::symlink_metadata(site.output()).unwrap().file_type().is_symlink(), "still a link");
    assert!(web.path().join("activites/nouvelle/index.html").is_file());
    assert!(!web.path().join("activites/a1").exists(), "a page gone is gone where the link points");
}

#[test]
fn files_of_static_are_published_as_they_are_and_foreign_ones_kept_and_named() {
    let site = site();
    site.file("static/CNAME", "cnr.example.org\n").file("static/.well-known/security.txt", "Contact: x\n");
    site.build();
    assert_eq!(site.read("CNAME"), "cnr.example.org\n");
    assert_eq!(site.read(".well-known/security.txt"), "Contact: x\n");
    std::fs::write(site.output().join("google123.html"), "verification").unwrap();
    let (code, _, stderr) = site.run(&["--lang", "en", "build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(site.read("google123.html"), "verification", "never removed");
    assert!(stderr.contains("google123.html was written by no build of the site: it is kept"), "{stderr}");
    assert!(stderr.contains("put it in the site's static/ folder (static/google123.html)"), "{stderr}");
}

#[test]
fn an_unchanged_file_keeps_its_date() {
    let site = site();
    site.build();
    let date = |rel: &str| std::fs::metadata(site.output().join(rel)).unwrap().modified().unwrap();
    let (page, style) = (date("contact/index.html"), date("css/site.css"));
    edit(&site);
    site.build();
    assert_eq!(date("contact/index.html"), page);
    assert_eq!(date("css/site.css"), style);
}

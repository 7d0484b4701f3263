//! `cnr-site deploy` against real servers started by the tests (OpenSSH's sshd, pure-ftpd
//! with TLS, a folder), through a proxy that cuts the connection half-way: what is sent, in
//! which order, what the server holds after, and what people read when something is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use cnr_site::deploy::{self, Event, Options, Summary, Ui};
use cnr_site::manifest::Manifest;

use crate::fixture::*;
use crate::servers::*;

/// No one to ask; counts the pauses after dropped connections.
#[derive(Default)]
struct Unattended {
    retries: AtomicU32,
}

impl Ui for Unattended {
    fn password(&self, _user: &str, _host: &str) -> Option<String> {
        None
    }

    fn trust(&self, _host: &str, _fingerprint: &str) -> bool {
        false
    }

    fn event(&self, event: Event<'_>) {
        if let Event::Retry { .. } = event {
            self.retries.fetch_add(1, Ordering::SeqCst);
        }
    }
}

const EDITED: &str = "2026-03-02-distribution-de-kits";

/// A site with activities, a photo, and so files of every stage.
fn site() -> Fixture {
    let site = Fixture::new();
    site.activity("2026-02-06", "signature-plan-2026", "Signature du plan de travail 2026", &["HCR"])
        .activity("2026-03-02", "distribution-de-kits", "Distribution de kits", &["réintégration"])
        .activity("2026-04-15", "retour-de-niamey", "Retour de Niamey", &["HCR", "rapatriement"])
        .photo("content/activites/photo-kits.jpg", 640, 480);
    site.build();
    site
}

fn options(site: &Fixture, server: &dyn Server, target: String) -> Options {
    Options {
        root: site.root().to_path_buf(),
        output: site.output(),
        target: Some(target),
        dry_run: false,
        verify: false,
        credentials: server.credentials(),
    }
}

fn deploy_to(site: &Fixture, server: &dyn Server, folder: &str) -> Summary {
    let options = options(site, server, server.target(folder, None));
    deploy::deploy(&options, &Unattended::default()).unwrap_or_else(|errors| panic!("the deploy failed:\n{errors}"))
}

fn manifest(site: &Fixture) -> Manifest {
    Manifest::read(&site.output()).unwrap().expect("the build writes a manifest")
}

/// The site as built, without its manifest.
fn built(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let mut built = files(&site.output());
    built.remove(".cnr-site.json").expect("the build writes a manifest");
    built
}

/// What the server publishes: its files without the record kept beside the site.
fn published(server: &dyn Server, folder: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = files(&server.folder(folder));
    files.remove(".cnr-site.json").expect("the server keeps a manifest");
    files.remove(".cnr-site.log").expect("the server keeps a journal");
    files
}

fn sent(summary: &Summary) -> BTreeSet<String> {
    summary.sent.iter().map(|(path, _)| path.to_string()).collect()
}

/// The files whose bytes differ between two builds, or that only the second has.
fn changed(before: &Manifest, after: &Manifest) -> BTreeSet<String> {
    let differs = |(path, entry): &(_, &cnr_site::manifest::Entry)| before.files.get(*path) != Some(*entry);
    after.files.iter().filter(differs).map(|(path, _)| path.to_string()).collect()
}

/// Files before pages, pages before lists.
fn assert_in_stage_order(summary: &Summary, local: &Manifest) {
    let stages: Vec<_> = summary.sent.iter().map(|(path, _)| local.files[path].stage).collect();
    assert!(stages.is_sorted(), "{:?}", summary.sent.iter().zip(stages).collect::<Vec<_>>());
}

fn publishes_everything_then_only_what_an_edit_changed(server: &dyn Server) {
    let site = site();
    let first = manifest(&site);
    let summary = deploy_to(&site, server, "site");
    assert_eq!(sent(&summary), first.files.keys().map(|p| p.to_string()).collect());
    assert_in_stage_order(&summary, &first);
    assert_eq!(published(server, "site"), built(&site));

    // One activity's text changes: its pages, and the lists and index that quote it.
    let file = format!("content/activites/{EDITED}.md");
    let text = std::fs::read_to_string(site.root().join(&file)).unwrap();
    site.file(&file, &text.replace("Texte de", "Texte corrigé de"));
    site.build();
    let second = manifest(&site);
    let expected = changed(&first, &second);
    assert!(expected.contains("activites/distribution-de-kits/index.html"), "{expected:?}");
    assert!(!expected.contains("activites/retour-de-niamey/index.html"), "{expected:?}");
    let summary = deploy_to(&site, server, "site");
    assert_eq!(sent(&summary), expected);
    assert!(summary.removed.is_empty());
    assert_in_stage_order(&summary, &second);
    assert_eq!(published(server, "site"), built(&site));
    // The record on the server grows by a few lines, not by the whole manifest.
    assert!(summary.record_sent < 2_000, "{} bytes of record sent", summary.record_sent);
    assert!(summary.record_received < 2_000, "{} bytes of record received", summary.record_received);

    assert!(deploy_to(&site, server, "site").sent.is_empty(), "nothing changed, nothing is sent");

    // An activity removed: its pages go, after everything else, with their folders.
    std::fs::remove_file(site.root().join(&file)).unwrap();
    std::fs::remove_file(site.root().join(file.replace(".md", ".en.md"))).unwrap();
    site.build();
    let summary = deploy_to(&site, server, "site");
    let removed: BTreeSet<String> = summary.removed.iter().map(|p| p.to_string()).collect();
    assert!(removed.contains("activites/distribution-de-kits/index.html"), "{removed:?}");
    assert!(!server.folder("site/activites/distribution-de-kits").exists());
    assert_eq!(published(server, "site"), built(&site));
}

#[test]
fn sftp_sends_everything_then_only_what_an_edit_changed() {
    publishes_everything_then_only_what_an_edit_changed(&Sshd::start());
}

#[test]
fn ftps_sends_everything_then_only_what_an_edit_changed() {
    publishes_everything_then_only_what_an_edit_changed(&PureFtpd::start());
}

/// The bytes a whole first deploy sends to the server, to cut one half-way.
fn bytes_of_a_deploy(site: &Fixture, server: &dyn Server) -> u64 {
    let counting = Proxy::start(server.port(), None, After::Pass);
    let options = options(site, server, server.target("measured", Some(counting.port)));
    deploy::deploy(&options, &Unattended::default()).unwrap();
    counting.sent()
}

fn a_dropped_connection_is_taken_up_again(server: &dyn Server) {
    let site = site();
    let half = bytes_of_a_deploy(&site, server) / 2;
    let proxy = Proxy::start(server.port(), Some(half), After::Pass);
    let ui = Unattended::default();
    let summary = deploy::deploy(&options(&site, server, server.target("site", Some(proxy.port))), &ui).unwrap();
    assert_eq!((summary.reconnections, ui.retries.load(Ordering::SeqCst)), (1, 1));
    assert_eq!(published(server, "site"), built(&site));
    assert!(files(&server.folder("site")).keys().all(|path| !path.ends_with(".cnr-tmp")));
    // Nothing sent twice but the part of the file in flight that never arrived.
    let local = manifest(&site);
    let (total, largest) = (local.size(), local.files.values().map(|e| e.size).max().unwrap());
    assert!(summary.bytes <= total + largest, "{} bytes sent for {total}", summary.bytes);
}

#[test]
fn sftp_goes_on_after_a_dropped_connection() {
    a_dropped_connection_is_taken_up_again(&Sshd::start());
}

#[test]
fn ftps_goes_on_after_a_dropped_connection() {
    a_dropped_connection_is_taken_up_again(&PureFtpd::start());
}

fn a_deploy_stopped_half_way_is_completed_by_the_next(server: &dyn Server) {
    let site = site();
    let half = bytes_of_a_deploy(&site, server) / 2;
    // The link goes down half-way and stays down; the deploy is stopped while it waits.
    let proxy = Proxy::start(server.port(), Some(half), After::Refuse);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnr-site"))
        .args(["deploy", "--target", &server.target("site", Some(proxy.port))])
        .current_dir(site.root())
        .envs(server.env())
        .env_remove("SSH_AUTH_SOCK")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    proxy.wait_for_cut();
    child.kill().unwrap();
    child.wait().unwrap();

    // Every file on the server is the built one, whole; the others are not there yet.
    let built = built(&site);
    let mut whole = BTreeSet::new();
    for (path, bytes) in files(&server.folder("site")) {
        if path.ends_with(".cnr-tmp") || path.starts_with(".cnr-site.") {
            continue;
        }
        assert!(built.get(&path) == Some(&bytes), "{path} is not the built file, whole");
        whole.insert(path);
    }
    assert!(!whole.is_empty() && whole.len() < built.len(), "stopped half-way: {} of {}", whole.len(), built.len());

    let summary = deploy_to(&site, server, "site");
    let again: Vec<_> = sent(&summary).intersection(&whole).cloned().collect();
    assert!(again.is_empty(), "sent again: {again:?}");
    assert_eq!(published(server, "site"), built);
    assert!(files(&server.folder("site")).keys().all(|path| !path.ends_with(".cnr-tmp")));
}

#[test]
fn sftp_deploy_stopped_half_way_is_completed_without_sending_anything_twice() {
    a_deploy_stopped_half_way_is_completed_by_the_next(&Sshd::start());
}

#[test]
fn ftps_deploy_stopped_half_way_is_completed_without_sending_anything_twice() {
    a_deploy_stopped_half_way_is_completed_by_the_next(&PureFtpd::start());
}

/// A site whose `site.yaml` publishes into a folder (a USB stick, a mounted share).
fn site_publishing_to(folder: &std::path::Path) -> Fixture {
    let site = site();
    site.file("site.yaml", &format!("{SITE_YAML}deploy:\n  target: file://{}\n", folder.display()));
    site.build();
    site
}

#[test]
fn dry_run_lists_what_would_be_sent_with_sizes_and_sends_nothing() {
    let usb = tempfile::tempdir().unwrap();
    let target = usb.path().join("site");
    let site = site_publishing_to(&target);
    let (code, out, err) = site.run(&["deploy", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let local = manifest(&site);
    assert!(out.starts_with(&format!("À envoyer : {} fichiers (", local.files.len())), "{out}");
    for (path, entry) in &local.files {
        let size = cnr_site::messages::size(entry.size, cnr_site::messages::Tongue::Fr);
        assert!(out.contains(&format!("\n  + {path}  {size}\n")), "{path} is not listed:\n{out}");
    }
    assert!(out.ends_with("Rien n'a été envoyé ni supprimé (--dry-run).\n"), "{out}");
    assert!(!target.exists(), "a dry run writes nothing");

    let (code, out, err) = site.run(&["deploy"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("Site publié : {} fichiers envoyés (", local.files.len())), "{out}");
    let mut there = files(&target);
    there.remove(".cnr-site.json");
    there.remove(".cnr-site.log");
    assert_eq!(there, built(&site));
    let (_, out, _) = site.run(&["deploy", "--lang", "en"]);
    assert_eq!(out, "The server is up to date already: nothing to send.\n");
}

#[test]
fn verify_finds_files_changed_on_the_server_by_hand_and_leaves_others_alone() {
    let usb = tempfile::tempdir().unwrap();
    let target = usb.path().join("site");
    let site = site_publishing_to(&target);
    assert_eq!(site.run(&["deploy"]).0, 0);
    std::fs::write(target.join("index.html"), "changed by hand").unwrap();
    std::fs::write(target.join("rapport-2025.pdf"), "uploaded by hand").unwrap();
    let (_, out, _) = site.run(&["deploy"]);
    assert_eq!(out, "Le serveur est déjà à jour : rien à envoyer.\n", "the record is trusted");
    let (code, out, err) = site.run(&["deploy", "--verify"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Site publié : 1 fichier envoyé ("), "{out}");
    assert!(out.contains("1 fichier sur le serveur ne vient pas de cnr-site : laissé tel quel."), "{out}");
    assert_eq!(std::fs::read(target.join("index.html")).unwrap(), built(&site)["index.html"]);
    assert!(target.join("rapport-2025.pdf").exists());

    // Without its record, the server is listed, and what it holds is sent again.
    std::fs::remove_file(target.join(".cnr-site.json")).unwrap();
    std::fs::remove_file(target.join(".cnr-site.log")).unwrap();
    std::fs::write(target.join("css.cnr-tmp"), "left by a deploy killed long ago").unwrap();
    let (code, _, err) = site.run(&["deploy"]);
    assert_eq!(code, 0, "{err}");
    assert!(!target.join("css.cnr-tmp").exists());
    assert!(target.join(".cnr-site.json").exists() && target.join(".cnr-site.log").exists());
    let (_, out, _) = site.run(&["deploy"]);
    assert_eq!(out, "Le serveur est déjà à jour : rien à envoyer.\n");
}

#[test]
fn mistakes_are_told_with_what_to_do() {
    let site = Fixture::new();
    let (code, _, err) = site.run(&["deploy", "--target", "file:///tmp/nowhere"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("public: erreur : ce dossier n'a pas été construit par cnr-site build\n"), "{err}");
    assert!(err.contains("aide : construisez d'abord le site : cnr-site build, puis cnr-site deploy"), "{err}");
    site.build();
    let (code, _, err) = site.run(&["deploy"]);
    assert_eq!(code, 1);
    assert!(err.contains("site.yaml: erreur : aucune destination de publication\n"), "{err}");
    let (code, _, err) = site.run(&["deploy", "--target", "sftp://cnr:secret@example.org/www"]);
    assert_eq!(code, 1);
    assert!(err.contains("--target: erreur : l'adresse de publication ne doit pas contenir de mot de passe"), "{err}");
    assert!(!err.contains("secret@"), "the password is not repeated: {err}");
    site.file("site.yaml", &format!("{SITE_YAML}deploy: {{ target: \"ftps://cnr:secret@example.org/www\" }}\n"));
    let (code, _, err) = site.run(&["deploy"]);
    assert_eq!(code, 1);
    let line = SITE_YAML.lines().count() + 1;
    assert!(
        err.contains(&format!(
            "site.yaml:{line}: erreur : l'adresse de publication ne doit pas contenir de mot de passe"
        )),
        "{err}"
    );
}

#[test]
fn login_and_network_failures_are_clear_and_exit_1() {
    let site = site();
    let sshd = Sshd::start();
    let target = sshd.target("site", None);
    let env = |overrides: &[(&str, String)]| {
        let mut env = sshd.env();
        env.extend(overrides.iter().map(|(k, v)| (k.to_string(), v.clone())));
        env
    };
    let run = |env: Vec<(String, String)>, target: &str| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        site.run_with_env(&["deploy", "--target", target], &env)
    };
    let (code, _, err) = run(env(&[("CNR_DEPLOY_KEY", sshd.stranger().display().to_string())]), &target);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{target}: erreur : le serveur refuse l'utilisateur")), "{err}");
    assert!(err.contains("aide : vérifiez le nom d'utilisateur, puis la clé SSH"), "{err}");

    let stranger_home = tempfile::tempdir().unwrap();
    let (code, _, err) = run(env(&[("HOME", stranger_home.path().display().to_string())]), &target);
    assert_eq!(code, 1);
    assert!(err.contains("erreur : ce serveur n'est pas encore connu ; l'empreinte de sa clé est SHA256:"), "{err}");
    let fingerprint = Command::new("ssh-keygen").arg("-lf").arg(sshd.home().join(".ssh/known_hosts")).output().unwrap();
    let fingerprint = String::from_utf8(fingerprint.stdout).unwrap();
    assert!(err.contains(fingerprint.split_whitespace().nth(1).unwrap()), "{err}\n{fingerprint}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (code, _, err) = run(sshd.env(), &format!("sftp://cnr@127.0.0.1:{closed}/www"));
    assert_eq!(code, 1);
    assert!(err.contains("erreur : le serveur ne répond pas : 127.0.0.1:"), "{err}");
    assert!(!sshd.folder("site").exists(), "nothing was sent");

    let ftpd = PureFtpd::start();
    let mut env = ftpd.env();
    env[0].1 = "not the password".into();
    let (code, _, err) = run(env, &ftpd.target("site", None));
    assert_eq!(code, 1);
    assert!(err.contains("erreur : le serveur refuse l'utilisateur « cnr »"), "{err}");
    // Plain FTP works, with a warning.
    let (code, _, err) = run(ftpd.env(), &ftpd.target("site", None).replace("ftps://", "ftp://"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("attention : avec ftp://, le mot de passe et les fichiers passent en clair"), "{err}");
    assert_eq!(published(&ftpd, "site"), built(&site));
}

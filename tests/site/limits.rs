//! Bad input never hangs the generator or eats the machine: what it costs grows with the input
//! in proportion (each case at 1× and 4× its size, compared in CPU time and peak memory, which
//! a quadratic algorithm cannot meet whatever the machine's speed), and every bad input found
//! so far is in [`BAD_INPUTS`], each with the message it must give.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::fixture::*;

/// What running the generator once cost.
struct Cost {
    code: i32,
    stderr: String,
    cpu: Duration,
    /// The peak of its resident memory, in kibibytes.
    peak_kib: i64,
}

/// Starts the program of its arguments and tells, on its output, the program's exit code, CPU
/// time (seconds) and peak memory (KiB), from `wait4`. A process this test binary starts would
/// count this binary's own peak memory as its own (the kernel keeps it across `exec`), and this
/// binary runs every test at once: the small Python process starts the generator instead.
const MEASURE: &str = "
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
";

/// Runs `cnr-site args` in the site's folder and measures its own CPU time and peak memory
/// (for this run only, whatever other tests run at the same time).
fn measured(site: &Fixture, args: &[&str]) -> Cost {
    let output = Command::new("python3")
        .args(["-c", MEASURE, env!("CARGO_BIN_EXE_cnr-site")])
        .args(args)
        .current_dir(site.root())
        .env("LANG", "C.UTF-8")
        // One thread: no time spent waiting for work counts as work, however busy the machine.
        .env("RAYON_NUM_THREADS", "1")
        .stdin(Stdio::null())
        .output()
        .expect("python3, which the tests need");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    let [code, cpu, peak_kib] = fields[..] else { panic!("measuring {args:?}: {stdout}{stderr}") };
    Cost {
        code: code.parse().unwrap(),
        stderr,
        cpu: Duration::from_secs_f64(cpu.parse().unwrap()),
        peak_kib: peak_kib.parse().unwrap(),
    }
}

/// The file of the one activity of the sites below.
const ACTIVITY: &str = "content/activites/2026-01-05-a.md";

/// A site whose one activity's text is `body`.
fn site_with(body: &str) -> Fixture {
    site_of(&format!("---\ntitle: A\n---\n{body}"))
}

/// A site whose one activity's file is `file`.
fn site_of(file: &str) -> Fixture {
    let site = Fixture::new();
    site.file(ACTIVITY, file);
    site
}

/// Checks the site made of `body(n)` and of `body(4 n)`: the second may cost at most `bound`
/// times the first (4 for a linear algorithm, plus the fixed cost of a run; 16 for a quadratic
/// one), in CPU time and in memory. Returns the larger run's cost.
fn grows_in_proportion(what: &str, n: usize, body: impl Fn(usize) -> String) -> Cost {
    let page = |n| format!("---\ntitle: A\n---\n{}", body(n));
    file_grows_in_proportion(what, n, page)
}

/// [`grows_in_proportion`], for the activity's whole file.
fn file_grows_in_proportion(what: &str, n: usize, file: impl Fn(usize) -> String) -> Cost {
    let bound = 8.0;
    let small = measured(&site_of(&file(n)), &["check"]);
    let large = measured(&site_of(&file(4 * n)), &["check"]);
    assert!(!large.stderr.contains("panicked"), "{what}: {}", large.stderr);
    let cpu = large.cpu.as_secs_f64() / small.cpu.as_secs_f64().max(0.001);
    let memory = large.peak_kib as f64 / small.peak_kib as f64;
    eprintln!(
        "{what}: 4× the input costs {cpu:.1}× the CPU time ({:?}), {memory:.1}× the memory ({} MiB)",
        large.cpu,
        large.peak_kib / 1024
    );
    assert!(cpu < bound, "{what}: 4× the input costs {cpu:.1}× the CPU time ({:?} then {:?})", small.cpu, large.cpu);
    assert!(memory < bound, "{what}: 4× the input costs {memory:.1}× the memory");
    large
}

#[test]
fn identical_headings_cost_in_proportion_to_their_number() {
    let large = grows_in_proportion("## h", 2000, |n| "## h\n\n".repeat(n));
    assert_eq!(large.code, 0, "{}", large.stderr);
}

#[test]
fn broken_links_cost_in_proportion_to_their_number_and_are_all_counted() {
    let body = |n| (0..n).map(|i| format!("[x](nulle-part-{i}.md)\n\n")).collect();
    let large = grows_in_proportion("broken links", 2000, body);
    assert_eq!(large.code, 1);
    // The first fifty problems of the file are told, with their line (one is the missing
    // translation); the others counted.
    assert_eq!(large.stderr.matches("ne mène à aucune page").count(), 49);
    assert!(large.stderr.contains("2026-01-05-a.md: et 7951 autres problèmes dans ce fichier"), "{}", large.stderr);
    assert!(large.stderr.ends_with("8000 erreurs, 4 avertissements\n"), "{}", large.stderr);
    // All of them, when asked.
    let (_, _, stderr) = site_with(&body(8000)).run(&["check", "--verbose"]);
    assert_eq!(stderr.matches("ne mène à aucune page").count(), 8000, "each one told");
}

#[test]
fn links_on_one_line_cost_in_proportion_to_their_number() {
    let large = grows_in_proportion("links on one line", 20_000, |n| "[a](b) ".repeat(n));
    assert!(large.stderr.ends_with("80000 erreurs, 4 avertissements\n"), "{}", large.stderr);
    // Quoted around each, not whole.
    assert!(large.stderr.contains(" 4 | …"), "{}", large.stderr);
}

#[test]
fn brackets_in_the_front_matter_cost_in_proportion_to_their_number() {
    let large =
        file_grows_in_proportion("front matter [", 10_000, |n| format!("---\ntitle: A\nx: {}\n---\n", "[".repeat(n)));
    assert!(
        large.stderr.contains(":3:132: erreur : plus de 128 listes ou groupes de clés ouverts"),
        "{}",
        large.stderr
    );
}

#[test]
fn html_nested_deep_costs_in_proportion_to_its_depth() {
    let large = grows_in_proportion("<div>", 10_000, |n| "<div>".repeat(n));
    assert_eq!(large.code, 1);
    assert!(large.stderr.contains(":4:2561: erreur : ce bloc de HTML ouvre plus de 512 éléments"), "{}", large.stderr);
}

#[test]
fn a_large_page_of_brackets_keeps_memory_near_its_size() {
    let large = grows_in_proportion("[", 480_000, |n| "[".repeat(n));
    assert_eq!(large.code, 0, "{}", large.stderr);
    // 1.9 MB of text: the whole run, theme and all, stays within a few hundred megabytes.
    assert!(large.peak_kib < 300 * 1024, "peak {} MiB", large.peak_kib / 1024);
}

/// What it is, the files written, and the words the build must say.
type BadInput = (&'static str, &'static [(&'static str, &'static str)], &'static str);

/// Every bad input found so far: the files written over a fresh site, and what `build` must
/// say (it fails, in French, naming the file) — within a minute, without panicking.
const BAD_INPUTS: &[BadInput] = &[
    ("empty activity", &[("content/activites/2026-01-05-a.md", "")], "content/activites/2026-01-05-a.md:1: erreur"),
    (
        "javascript: link",
        &[("content/activites/2026-01-05-a.md", "---\ntitle: A\n---\n[x](javascript:alert(7))\n")],
        "content/activites/2026-01-05-a.md:4:1: erreur",
    ),
    (
        "date of year 0",
        &[("content/activites/2026-01-05-a.md", "---\ntitle: A\ndate: 0000-01-01\n---\nTexte.\n")],
        "content/activites/2026-01-05-a.md:3:7: erreur",
    ),
    ("feed over the feed", &[("content/rss.xml", "<rss/>")], "content/rss.xml: erreur"),
    (
        "slug of a year",
        &[("content/activites/2026-01-05-a.md", "---\ntitle: A\nslug: \"2026\"\n---\nTexte.\n")],
        "content/activites/2026-01-05-a.md: erreur",
    ),
    ("site.yaml a list", &[("site.yaml", "- a\n- b\n")], "site.yaml:1"),
    ("figures as keys", &[("content/figures.yaml", "fr:\n  - value: 1\n")], "content/figures.yaml:1:1: erreur"),
    (
        "photo claiming 65000 pixels",
        &[("content/activites/2026-01-05-a.md", "---\ntitle: A\n---\n![Vue](geante.jpg)\n")],
        "geante.jpg: erreur : cette photo fait 65000 × 65000 pixels",
    ),
    (
        "binary page",
        &[("content/activites/2026-01-05-a.md", "---\ntitle: \u{0}\u{1}\n---\n\u{0}")],
        "content/activites/2026-01-05-a.md",
    ),
];

/// Bad inputs too large to write out, each the one activity of a site: what it is, the text
/// before, a piece repeated, how many times, the text after, and the words the build must say.
const REPEATED: &[(&str, &str, &str, usize, &str, &str)] = &[
    (
        "50,000 tags on one page",
        "---\ntitle: A\ntags: [",
        "Thème, ",
        50_000,
        "Fin]\n---\nTexte.\n",
        "content/activites/2026-01-05-a.md:3:7: erreur : 50001 thèmes pour une seule page",
    ),
    (
        "a million brackets in the front matter",
        "---\ntitle: A\nx: ",
        "[",
        1_000_000,
        "\n---\nTexte.\n",
        "content/activites/2026-01-05-a.md:3:132: erreur : plus de 128 listes ou groupes de clés",
    ),
    (
        "HTML 380,000 elements deep",
        "---\ntitle: A\n---\n",
        "<div>",
        380_000,
        "",
        "content/activites/2026-01-05-a.md:4:2561: erreur : ce bloc de HTML ouvre plus de 512 éléments",
    ),
    (
        "270,000 broken links on one line",
        "---\ntitle: A\n---\n",
        "[a](b) ",
        270_000,
        "",
        "content/activites/2026-01-05-a.md: et 269950 autres problèmes dans ce fichier",
    ),
];

#[test]
fn every_bad_input_found_so_far_is_told_without_a_panic_or_a_hang() {
    let repeated = REPEATED.iter().map(|&(what, head, piece, times, tail, expected)| {
        (what, vec![(ACTIVITY, format!("{head}{}{tail}", piece.repeat(times)))], expected)
    });
    let written = BAD_INPUTS.iter().map(|&(what, files, expected)| {
        (what, files.iter().map(|&(path, text)| (path, text.to_string())).collect(), expected)
    });
    for (what, files, expected) in written.chain(repeated) {
        let site = Fixture::new();
        for (path, text) in &files {
            site.file(path, text);
        }
        if what.starts_with("photo claiming") {
            let mut jpeg = photo_bytes(std::path::Path::new("x.jpg"), 64, 48, None);
            let frame = jpeg.windows(2).position(|pair| pair == [0xFF, 0xC0]).unwrap();
            jpeg[frame + 5..frame + 9].copy_from_slice(&[0xFD, 0xE8, 0xFD, 0xE8]);
            std::fs::write(site.root().join("content/activites/geante.jpg"), jpeg).unwrap();
        }
        let cost = measured(&site, &["build"]);
        assert_eq!(cost.code, 1, "{what}: {}", cost.stderr);
        assert!(cost.stderr.contains(expected), "{what}: expected {expected:?} in\n{}", cost.stderr);
        assert!(!cost.stderr.contains("panicked"), "{what}: {}", cost.stderr);
        assert!(cost.peak_kib < 500 * 1024, "{what}: peak {} MiB", cost.peak_kib / 1024);
    }
}

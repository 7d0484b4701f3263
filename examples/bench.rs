//! The benchmark harness: a corpus of activities in French and English written by this program
//! (the same for the same size, every time), built a few times with the project's theme; prints
//! the median time of each stage, and of the Markdown alone. Needs neither Python nor Hugo.
//!
//!     cargo run --release --example bench -- [ACTIVITIES] [ROUNDS] [FOLDER]
//!
//! ACTIVITIES (default 1000) French activities, each with its English translation; ROUNDS
//! (default 5); FOLDER (default target/bench/harness-ACTIVITIES) holds the site and `public/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cnr_site::markdown::{self, Destination, Links};
use cnr_site::messages::Tongue;
use cnr_site::{BuildOptions, Stages, error::Problem, load, model};

fn main() {
    let mut args = std::env::args().skip(1);
    let activities: usize = args.next().map_or(1000, |n| n.parse().expect("ACTIVITIES is a number"));
    let rounds: usize = args.next().map_or(5, |n| n.parse().expect("ROUNDS is a number"));
    let root = args.next().map_or_else(|| PathBuf::from(format!("target/bench/harness-{activities}")), PathBuf::from);
    write_corpus(&root, activities);
    println!("{} activities in two languages in {}", activities, root.display());

    let options = BuildOptions {
        root: root.clone(),
        output: root.join("public"),
        model: model::Options {
            drafts: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            base_url: None,
        },
        strict: false,
    };
    let mut runs: Vec<(Duration, Stages)> = Vec::new();
    let mut markdown = Vec::new();
    // Each round writes a fresh folder, as a first build does; the last one is moved aside and
    // deleted at the end, not between rounds: a file system slows down after many deletions.
    let aside = root.join("previous");
    // Left by a run that was stopped.
    let _ = std::fs::remove_dir_all(&aside);
    std::fs::create_dir_all(&aside).unwrap_or_else(|e| panic!("{}: {e}", aside.display()));
    for round in 1..=rounds {
        if options.output.exists() {
            std::fs::rename(&options.output, aside.join(round.to_string()))
                .unwrap_or_else(|e| panic!("{}: {e}", aside.display()));
        }
        let report = cnr_site::build(&options, &|_, _| {}, &|| {}).unwrap_or_else(|e| panic!("{e}"));
        println!("round {round}: {}\n         {}", report.line(Tongue::En), report.stages);
        runs.push((report.elapsed, report.stages));
        markdown.push(markdown_alone(&root));
    }
    for folder in [&aside, &options.output] {
        std::fs::remove_dir_all(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2].as_millis()
    };
    let stage = |f: fn(&Stages) -> Duration| median(runs.iter().map(|(_, s)| f(s)).collect());
    println!(
        "median of {rounds}: total {} ms; load {} ms, photos {} ms, model {} ms (Markdown alone, on one core: {} ms), \
         prepare {} ms, render and write {} ms (threads: render {} ms, write {} ms), commit {} ms",
        median(runs.iter().map(|(total, _)| *total).collect()),
        stage(|s| s.load),
        stage(|s| s.photos),
        stage(|s| s.model),
        median(markdown),
        stage(|s| s.prepare),
        stage(|s| s.outputs),
        stage(|s| s.render_threads),
        stage(|s| s.write_threads),
        stage(|s| s.commit),
    );
}

/// Every text of the site through the Markdown renderer, links left as they are.
fn markdown_alone(root: &Path) -> Duration {
    struct Unchanged;
    impl Links for Unchanged {
        fn link(&self, dest: &str) -> Result<String, Problem> {
            Ok(dest.to_string())
        }
        fn image(&self, dest: &str) -> Result<Destination, Problem> {
            Ok(Destination::Url(dest.to_string()))
        }
    }
    let sources = load::load(root).unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    for doc in &sources.documents {
        std::hint::black_box(markdown::render(&doc.body, &Unchanged, &cnr_site::video::Words::default()));
    }
    start.elapsed()
}

/// A small generator of the same numbers for the same seed (xorshift).
struct Numbers(u64);

impl Numbers {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: [&str; 10] =
    ["Bamako", "Gao", "Tombouctou", "Mopti", "Kidal", "Ménaka", "Ségou", "Kayes", "Sikasso", "Koulikoro"];
const TAGS: [(&str, &str); 8] = [
    ("HCR", "UNHCR"),
    ("Réintégration", "Reintegration"),
    ("Retour volontaire", "Voluntary return"),
    ("Santé", "Health"),
    ("Éducation", "Education"),
    ("Partenariat", "Partnership"),
    ("Formation", "Training"),
    ("Commission tripartite", "Tripartite commission"),
];
const FR_SUBJECTS: [&str; 6] = [
    "La délégation de la CNR",
    "L'équipe régionale",
    "Le Haut-Commissariat pour les réfugiés",
    "Les autorités locales",
    "Le comité de suivi",
    "Les partenaires techniques",
];
const FR_ACTIONS: [&str; 6] = [
    "a rencontré les familles rapatriées",
    "a distribué des kits de réintégration",
    "a présenté le plan de travail",
    "a visité les sites de retour",
    "a tenu une réunion d'information",
    "a recensé les besoins en eau potable",
];
const EN_SUBJECTS: [&str; 6] = [
    "The CNR delegation",
    "The regional team",
    "UNHCR",
    "The local authorities",
    "The monitoring committee",
    "Technical partners",
];
const EN_ACTIONS: [&str; 6] = [
    "met returnee families",
    "handed out reintegration kits",
    "presented the work plan",
    "visited return sites",
    "held an information meeting",
    "listed drinking water needs",
];

/// The site: `site.yaml`, the home, the activity list, the contact page, and `activities`
/// activities in French and English, with the project's theme. Files already there and
/// unchanged are left alone, so that a second run does not rewrite them.
fn write_corpus(root: &Path, activities: usize) {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_folder(&project.join("themes"), &root.join("themes"));
    let site = std::fs::read_to_string(project.join("site.yaml")).unwrap();
    put(root, "site.yaml", &site);
    put(root, "content/_index.md", "---\ntitle: Accueil\n---\nLa Coordination Nationale du Rapatriement.\n");
    put(root, "content/_index.en.md", "---\ntitle: Home\n---\nThe National Repatriation Coordination.\n");
    put(root, "content/presentation.md", "---\ntitle: Présentation\n---\nLa CNR.\n");
    put(root, "content/presentation.en.md", "---\ntitle: About\nslug: about\n---\nThe CNR.\n");
    put(root, "content/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n");
    put(root, "content/contact.en.md", "---\ntitle: Contact\n---\nWrite to us.\n");
    put(root, "content/activites/_index.md", "---\ntitle: Liste des activités\n---\nToutes les activités.\n");
    put(
        root,
        "content/activites/_index.en.md",
        "---\ntitle: List of activities\nslug: activities\n---\nAll of them.\n",
    );
    let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15);
    for n in 0..activities {
        let year = 2013 + n * 14 / activities.max(1);
        let date = format!("{year}-{:02}-{:02}", 1 + numbers.below(12), 1 + numbers.below(28));
        let place = numbers.pick(&PLACES);
        let (first, second) = (TAGS[numbers.below(TAGS.len())], TAGS[numbers.below(TAGS.len())]);
        let people = 100 + numbers.below(90_000);
        let sentences: Vec<(usize, usize)> =
            (0..4 + numbers.below(8)).map(|_| (numbers.below(6), numbers.below(6))).collect();
        for (suffix, english) in [("", false), (".en", true)] {
            let (subjects, actions) = if english { (EN_SUBJECTS, EN_ACTIONS) } else { (FR_SUBJECTS, FR_ACTIONS) };
            let tag = |t: (&'static str, &'static str)| if english { t.1 } else { t.0 };
            let title = if english {
                format!("Activity {n} in {place}: {} families", people)
            } else {
                format!("Activité nº {n} à {place} : {} familles", people)
            };
            let mut text = String::new();
            for (i, &(subject, action)) in sentences.iter().enumerate() {
                if i == 2 {
                    text.push_str(if english {
                        "\n## What was decided\n\n"
                    } else {
                        "\n## Ce qui a été décidé\n\n"
                    });
                }
                let who = if english { "people" } else { "personnes" };
                let _ = write!(text, "{} {} ({people} {who}, {place}). ", subjects[subject], actions[action]);
                if i % 3 == 2 {
                    text.push_str("\n\n");
                }
            }
            let file = format!(
                "---\ntitle: \"{title}\"\ndate: {date}\nplace: {place}\ntags: [\"{}\", \"{}\"]\n---\n\n{text}\n\n- {}\n- {}\n",
                tag(first),
                tag(second),
                subjects[sentences[0].0],
                actions[sentences[0].1],
            );
            put(root, &format!("content/activites/{date}-activite-{n}{suffix}.md"), &file);
        }
    }
}

/// Writes `bytes` at `rel` unless the file already holds them.
fn put(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if std::fs::read(&path).is_ok_and(|old| old == bytes.as_ref()) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            put(to, &entry.file_name().to_string_lossy(), std::fs::read(entry.path()).unwrap());
        }
    }
}

//! The `cnr-site` command: `build` the site, `check` it, `serve` a preview, `deploy` it, or
//! start a `new` activity.
//! Messages are in the site's default language, or in English with `--lang en` or an
//! English locale.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use cnr_site::messages::{self, Tongue};
use cnr_site::url::BaseUrl;
use cnr_site::{BuildOptions, deploy, fsio, model};

#[derive(Parser)]
#[command(name = "cnr-site", version, about = "Builds the website of the Coordination Nationale du Rapatriement")]
struct Cli {
    /// Language of messages: fr or en [default: the site's language, or English for an English locale].
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder that any static web server can publish.
    Build {
        /// The site's folder, holding site.yaml, content/ and themes/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish at this address instead of site.yaml's base_url.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<BaseUrl>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors: write nothing if there is one.
        #[arg(long)]
        strict: bool,
        /// List every warning, even of a kind that has many; tell how long each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Preview the site and edit it in the browser (at /_edit/): build it in memory, serve it,
    /// rebuild and reload the browser on each change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other machines can reach the preview only if it is not
        /// 127.0.0.1, and the editor then needs a password (cnr-site editor-password).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the site without writing anything: errors, broken links, translations, typography.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The last build, whose addresses must keep working [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// List every warning, even of a kind that has many.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Publish the built site on its server, sending only what changed: `deploy: { target: ... }`
    /// in site.yaml (sftp://user@host/folder, ftps://..., ftp://..., file:///folder).
    Deploy {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish there instead of site.yaml's target.
        #[arg(long)]
        target: Option<String>,
        /// List what would be sent and removed, with sizes, and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Check every file on the server, after files were changed there by hand (slow: it
        /// lists every folder).
        #[arg(long)]
        verify: bool,
    },
    /// Set the password of the editor, needed when serve listens beyond this computer (--bind).
    EditorPassword {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new page: `cnr-site new activite "Titre de l'activité"`.
    New {
        /// The section: activite, ...
        kind: String,
        /// The title; the file name is made from it.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The date of the page [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
    },
}

fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text).ok_or_else(|| format!("{text:?} is not an address like https://example.org/"))
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a date like 2026-02-06"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { root, .. }
        | Command::Serve { root, .. }
        | Command::Check { root, .. }
        | Command::Deploy { root, .. }
        | Command::New { root, .. }
        | Command::EditorPassword { root } => root.clone(),
    };
    let tongue = tongue(cli.lang.as_deref(), &root);
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Build { root, output, base_url, drafts, strict, verbose } => {
            let output = output.unwrap_or_else(|| default_output(&root));
            let model = model::Options { drafts, today, base_url };
            let options = BuildOptions { root, output: output.clone(), model, strict };
            let waiting = || eprintln!("{}", messages::waiting_for_build(&output, tongue));
            match cnr_site::build(&options, &progress_bar(tongue), &waiting) {
                Ok(report) => {
                    let shown = messages::Shown { strict: false, verbose };
                    eprint!("{}", messages::report(&report.warnings(&output), tongue, shown, source));
                    println!("{}", report.line(tongue));
                    if verbose {
                        println!("{}", report.stages);
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprint!("{}", messages::report(&errors.0, tongue, messages::Shown { strict, verbose }, source));
                    eprintln!("{}", messages::build_failed(errors.0.len(), &output, tongue));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port, bind, drafts } => {
            let model = model::Options { drafts, today, base_url: None };
            match cnr_site::editor::serve(cnr_site::serve::ServeOptions { root, bind, port, model, tongue }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(errors) => {
                    eprint!("{}", messages::report(&errors.0, tongue, messages::Shown::default(), source));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, output, strict, drafts, verbose } => {
            let output = output.unwrap_or_else(|| default_output(&root));
            let found = cnr_site::check::check(&root, &output, &model::Options { drafts, today, base_url: None });
            let warnings = found.iter().filter(|e| e.problem.is_warning()).count();
            let errors = found.len() - warnings;
            eprint!("{}", messages::report(&found, tongue, messages::Shown { strict, verbose }, source));
            let (errors, warnings) = if strict { (errors + warnings, 0) } else { (errors, warnings) };
            eprintln!("{}", messages::summary(errors, warnings, tongue));
            if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Deploy { root, output, target, dry_run, verify } => {
            let output = output.unwrap_or_else(|| default_output(&root));
            let options =
                deploy::Options { root, output, target, dry_run, verify, credentials: deploy::Credentials::from_env() };
            deploy(&options, tongue)
        }
        Command::EditorPassword { root } => editor_password(&root, tongue),
        Command::New { kind, title, root, date } => {
            match cnr_site::new::new_page(&root, &kind, &title, date.unwrap_or(today), tongue) {
                Ok(files) => {
                    for file in &files {
                        println!("{}", file.display());
                    }
                    println!("{}", messages::new_written(tongue));
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprint!("{}", messages::report(&errors.0, tongue, messages::Shown::default(), source));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Asks for the editor's password twice, and writes its hash.
fn editor_password(root: &Path, tongue: Tongue) -> ExitCode {
    let ask = |step| rpassword::prompt_password(messages::password_prompt(step, tongue)).unwrap_or_default();
    let password = ask(0);
    if password.chars().count() < 10 {
        eprintln!("{}", messages::password_prompt(3, tongue));
        return ExitCode::FAILURE;
    }
    if ask(1) != password {
        eprintln!("{}", messages::password_prompt(2, tongue));
        return ExitCode::FAILURE;
    }
    match cnr_site::editor::guard::write_password(root, &password) {
        Ok(file) => {
            println!("{} {}", messages::password_prompt(4, tongue), file.display());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{}", messages::report(&errors.0, tongue, messages::Shown::default(), source));
            ExitCode::FAILURE
        }
    }
}

/// `public` in the site's folder.
fn default_output(root: &Path) -> PathBuf {
    if root == Path::new(".") { PathBuf::from("public") } else { root.join("public") }
}

fn deploy(options: &deploy::Options, tongue: Tongue) -> ExitCode {
    let terminal = deploy::terminal::Terminal::new(tongue);
    let result = deploy::deploy(options, &terminal);
    terminal.finish();
    match result {
        Ok(summary) if summary.dry_run => {
            println!("{}", messages::deploy_dry_run(&summary.sent, &summary.removed, tongue));
            ExitCode::SUCCESS
        }
        Ok(summary) => {
            let (files, removed) = (summary.sent.len(), summary.removed.len());
            println!("{}", messages::deployed(files, summary.bytes, removed, summary.elapsed, tongue));
            for note in messages::deploy_notes(summary.reconnections, summary.foreign, tongue) {
                println!("{note}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{}", messages::report(&errors.0, tongue, messages::Shown::default(), source));
            ExitCode::FAILURE
        }
    }
}

/// Shows the photos being made once it takes more than a second: redrawn in place in a
/// terminal, a single line at the end in a log.
fn progress_bar(tongue: Tongue) -> impl Fn(usize, usize) + Sync {
    let start = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    // The most photos shown done: threads finish out of order.
    let shown = Mutex::new(0);
    move |done, total| {
        let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
        if done <= *shown || start.elapsed() < Duration::from_secs(1) || (!terminal && done < total) {
            return;
        }
        *shown = done;
        let end = if done == total { "\n" } else { "" };
        eprint!("{}{}{end}", if terminal { "\r" } else { "" }, messages::progress(done, total, tongue));
    }
}

/// The text of a file, to quote the line of an error.
fn source(path: &Path) -> Option<String> {
    fsio::read_text(path, path).ok()
}

/// `--lang`, an English locale, or the site's `default_language`.
fn tongue(flag: Option<&str>, root: &Path) -> Tongue {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|l| !l.is_empty()));
    let settings = source(&root.join("site.yaml")).unwrap_or_default();
    let site = settings
        .lines()
        .find_map(|l| l.strip_prefix("default_language:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string());
    Tongue::choose(flag, locale.as_deref(), site.as_deref())
}

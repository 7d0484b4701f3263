//! « Publier le site »: the editor builds the site into `public/` with the build of
//! `cnr-site build` (its output-folder safety included), then sends it to the target of
//! `site.yaml` with the deploy of `cnr-site deploy` (only what changed, in an order that never
//! shows a broken page, resumable). The build's errors stop it before anything is sent, each
//! with its file and line and a link to edit it.
//!
//! The password typed in the form goes to the deploy in memory, for this publication only: it
//! is never written, logged or shown again. With SFTP, a key or the SSH agent needs none. A
//! server never met is trusted only once the person ticked that its fingerprint is the host's.
//!
//! One publication at a time. Its progress is kept here and read by the page's script
//! (`/_edit/publish/progress`); without JavaScript the form's POST answers when it is done.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::build::{BuildOptions, build};
use crate::deploy::{self, Credentials, Event, Summary, Ui};
use crate::error::{Error, Location, Problem};
use crate::load::{CONTENT, FIGURES};
use crate::messages::{self, Tongue};
use crate::model;
use crate::target::Protocol;
use crate::text::escape;

use super::guard::Session;
use super::views::{self, Field, ROOT, Section};
use super::words::Words;
use super::{Checked, Editor, Posted, Visit, blocking, html};

/// Where the site is built before it is sent, in the site's folder, as `cnr-site build` does.
pub const OUTPUT: &str = "public";

/// How many of the files sent the result names; the others are counted.
const SHOWN_FILES: usize = 50;

/// What the editor publishes with, and the publication under way.
pub struct Publisher {
    /// From the environment, as `cnr-site deploy` reads them; the form adds a password.
    credentials: Credentials,
    running: Mutex<Option<Progress>>,
}

/// Where a publication is.
#[derive(Debug, Clone, Default)]
struct Progress {
    /// What is being done, in words, when no file is being sent.
    step: String,
    sending: bool,
    /// Files begun, of how many; bytes sent, of how many.
    file: usize,
    files: usize,
    bytes: u64,
    total: u64,
    current: String,
}

/// What the page's script reads.
#[derive(Debug, serde::Serialize)]
pub struct Shown {
    running: bool,
    text: String,
    done: u64,
    total: u64,
}

impl Publisher {
    pub fn new(credentials: Credentials) -> Publisher {
        Publisher { credentials, running: Mutex::new(None) }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Progress>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks a publication as begun; `None` if one is under way already.
    fn begin(&self, step: &str) -> Option<Running<'_>> {
        let mut running = self.lock();
        if running.is_some() {
            return None;
        }
        *running = Some(Progress { step: step.to_string(), ..Progress::default() });
        Some(Running(self))
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        if let Some(progress) = self.lock().as_mut() {
            change(progress);
        }
    }
}

/// A publication under way: ended when dropped, whatever happened.
struct Running<'a>(&'a Publisher);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.0.lock() = None;
    }
}

/// The person in front of the editor, as the deploy sees them: told of progress, trusting only
/// the fingerprint they ticked.
struct Watch<'a> {
    editor: &'a Editor,
    trusted: &'a str,
}

impl Ui for Watch<'_> {
    /// The form's password is in the credentials already: there is no one else to ask.
    fn password(&self, _user: &str, _host: &str) -> Option<String> {
        None
    }

    fn trust(&self, _host: &str, fingerprint: &str) -> bool {
        !self.trusted.is_empty() && self.trusted == fingerprint
    }

    fn event(&self, event: Event<'_>) {
        let (words, tongue) = (self.editor.words(), self.editor.handle.tongue());
        self.editor.publisher.update(|progress| progress.tell(event, words, tongue));
    }
}

impl Progress {
    /// Takes in what the deploy tells.
    fn tell(&mut self, event: Event<'_>, words: &Words, tongue: Tongue) {
        let mut step = |text: String| {
            self.sending = false;
            self.step = text;
        };
        match event {
            Event::Insecure => {}
            Event::Reading => step(messages::deploy_reading(false, tongue).into()),
            Event::Surveyed { folders } => step(format!("{} ({folders})", messages::deploy_reading(true, tongue))),
            Event::Planned(plan) => {
                step(messages::deploy_plan(plan.send.len(), plan.bytes(), plan.remove.len(), tongue));
                (self.files, self.total) = (plan.send.len(), plan.bytes());
            }
            Event::Sending { path, skipped } => {
                if self.current != path.as_str() {
                    self.file += 1;
                    self.current = path.to_string();
                }
                self.bytes += skipped;
                self.sending = true;
            }
            Event::Sent(bytes) => self.bytes += bytes,
            Event::Removing(_) => step(words.step_removing.into()),
            Event::Retry { attempt, of, delay, reason } => {
                step(messages::deploy_retry(attempt, of, delay, reason, tongue))
            }
        }
    }

    /// Where the publication is, in words.
    fn text(&self, words: &Words, tongue: Tongue) -> String {
        if !self.sending {
            return self.step.clone();
        }
        let (bytes, total) = (messages::size(self.bytes, tongue), messages::size(self.total, tongue));
        words.sending(self.file, self.files, &bytes, &total)
    }
}

/// How a publication ended.
enum Outcome {
    /// The build found errors: nothing was sent.
    Blocked(Vec<Error>),
    /// The deploy stopped; the build's warnings.
    Failed(Vec<Error>, Vec<Error>),
    Done(Summary, Vec<Error>),
    /// Another publication is under way.
    Busy,
}

/// Builds, then deploys with `password` if one was typed.
fn run(editor: &Editor, password: String, trusted: &str) -> Outcome {
    let publisher = &editor.publisher;
    let Some(_running) = publisher.begin(editor.words().step_build) else { return Outcome::Busy };
    let root = editor.root().to_path_buf();
    let output = root.join(OUTPUT);
    let model = model::Options { drafts: false, today: editor.handle.model_options().today, base_url: None };
    let options = BuildOptions { root: root.clone(), output: output.clone(), model, strict: false };
    let tongue = editor.handle.tongue();
    let photos = |done, total| publisher.update(|p| p.step = messages::progress(done, total, tongue));
    let waiting = || publisher.update(|p| p.step = messages::waiting_for_build(&output, tongue));
    let warnings = match build(&options, &photos, &waiting) {
        Ok(report) => report.warnings(&output),
        Err(errors) => return Outcome::Blocked(errors.0),
    };
    let mut credentials = publisher.credentials.clone();
    if !password.is_empty() {
        credentials.password = Some(password);
    }
    let options = deploy::Options { root, output, target: None, dry_run: false, verify: false, credentials };
    match deploy::deploy(&options, &Watch { editor, trusted }) {
        Ok(summary) => Outcome::Done(summary, warnings),
        Err(errors) => Outcome::Failed(errors.0, warnings),
    }
}

/// The page with the form, and the site's errors as the preview last found them.
pub async fn page(Visit { editor, session, .. }: Visit) -> Response {
    blocking(move || {
        let errors: Vec<Error> = editor.handle.errors().into_iter().filter(|e| !e.problem.is_warning()).collect();
        let w = editor.words();
        let mut notices = String::new();
        if !errors.is_empty() {
            notices =
                views::notice("error", &format!("<p>{}</p>{}", escape(w.publish_errors_now), list(&editor, &errors)));
        }
        if let Some(progress) = editor.publisher.lock().as_ref() {
            notices.push_str(&views::notice("ok", &escape(&text(&editor, progress))));
        }
        html(StatusCode::OK, publish_page(&editor, &session, w.publish, &notices, None))
    })
    .await
}

/// Publishes, and answers when it is done.
pub async fn publish(Checked(Posted { editor, session, form, .. }): Checked) -> Response {
    let (password, trusted) = (form.get("password").to_string(), form.get("trust").to_string());
    drop(form);
    blocking(move || {
        let outcome = run(&editor, password, &trusted);
        outcome_page(&editor, &session, outcome)
    })
    .await
}

/// Where the publication under way is, for the page's script.
pub async fn progress(State(editor): State<Arc<Editor>>) -> Response {
    let shown = match editor.publisher.lock().as_ref() {
        Some(p) => Shown { running: true, text: text(&editor, p), done: p.bytes, total: p.total },
        None => Shown { running: false, text: String::new(), done: 0, total: 0 },
    };
    let json = serde_json::to_string(&shown).unwrap_or_default();
    let mut response = ([(axum::http::header::CONTENT_TYPE, "application/json")], json).into_response();
    super::secure(response.headers_mut());
    response
}

/// Progress in words.
fn text(editor: &Editor, progress: &Progress) -> String {
    progress.text(editor.words(), editor.handle.tongue())
}

fn outcome_page(editor: &Editor, session: &Session, outcome: Outcome) -> Response {
    let w = editor.words();
    let tongue = editor.handle.tongue();
    match outcome {
        Outcome::Busy => {
            let notice = views::notice("error", &escape(w.publish_busy));
            html(StatusCode::CONFLICT, publish_page(editor, session, w.publish, &notice, None))
        }
        Outcome::Blocked(errors) => {
            let notice =
                views::notice("error", &format!("<p>{}</p>{}", escape(w.publish_blocked), list(editor, &errors)));
            html(StatusCode::UNPROCESSABLE_ENTITY, publish_page(editor, session, w.publish, &notice, None))
        }
        Outcome::Failed(errors, warnings) => {
            let unknown = errors.iter().find_map(|e| match &e.problem {
                Problem::UnknownHostKey(fingerprint) => Some(fingerprint.as_str()),
                _ => None,
            });
            let body = format!("{}<p>{}</p>", list(editor, &errors), escape(w.publish_whole));
            let notices = views::notice("error", &body) + &warned(editor, &warnings);
            html(StatusCode::BAD_GATEWAY, publish_page(editor, session, w.publish_failed, &notices, unknown))
        }
        Outcome::Done(summary, warnings) => {
            let line =
                messages::deployed(summary.sent.len(), summary.bytes, summary.removed.len(), summary.elapsed, tongue);
            let notes: String = messages::deploy_notes(summary.reconnections, summary.foreign, tongue)
                .iter()
                .map(|note| format!("<p>{}</p>", escape(note)))
                .collect();
            let address = editor.config().base_url.to_string();
            let open = format!("<p>{} <a href=\"{a}\">{a}</a></p>", escape(w.published_open), a = escape(&address));
            let main = views::notice("ok", &format!("<p>{}</p>{open}{notes}", escape(&line)))
                + &warned(editor, &warnings)
                + &sent_files(editor, &summary);
            html(StatusCode::OK, editor.page(Section::Publish, session, w.published_title, &main))
        }
    }
}

/// The build's warnings, if any.
fn warned(editor: &Editor, warnings: &[Error]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let w = editor.words();
    format!("<div class=\"notice warning\"><p>{}</p>{}</div>", escape(w.publish_warnings), list(editor, warnings))
}

/// The files sent, the first ones by name.
fn sent_files(editor: &Editor, summary: &Summary) -> String {
    if summary.sent.is_empty() {
        return String::new();
    }
    let tongue = editor.handle.tongue();
    let w = editor.words();
    let mut items: String = summary
        .sent
        .iter()
        .take(SHOWN_FILES)
        .map(|(path, size)| {
            format!("<li><code>{}</code> ({})</li>", escape(path.as_str()), messages::size(*size, tongue))
        })
        .collect();
    if summary.sent.len() > SHOWN_FILES {
        items.push_str(&format!("<li>{}</li>", escape(&w.more_files(summary.sent.len() - SHOWN_FILES))));
    }
    format!(
        "<details class=\"help\"><summary>{} ({})</summary><ul>{items}</ul></details>",
        escape(w.published_files),
        summary.sent.len()
    )
}

/// Problems with their file and line, each a link to edit its file when the editor can.
fn list(editor: &Editor, errors: &[Error]) -> String {
    let content = editor.handle.sources(|s| s.shown_root.join(CONTENT));
    let items: String = errors
        .iter()
        .map(|error| {
            let place = format!("<code>{}</code>", escape(&error.location.to_string()));
            let place = match edit_link(&content, &error.location) {
                Some(link) => format!("<a href=\"{}\">{place}</a>", escape(&link)),
                None => place,
            };
            format!("<li>{place} : {}</li>", describe(editor, error))
        })
        .collect();
    format!("<ul>{items}</ul>")
}

/// The editor's page for the file of a problem, if it has one.
fn edit_link(content: &Path, location: &Location) -> Option<String> {
    let rel = location.file.strip_prefix(content).ok()?;
    if rel == Path::new(FIGURES) {
        return Some(format!("{ROOT}figures"));
    }
    rel.extension().is_some_and(|e| e == "md").then(|| super::edit_url(rel))
}

/// A problem in the build's words; what to do in the editor's, where the build's advice is
/// for a terminal.
fn describe(editor: &Editor, error: &Error) -> String {
    let w = editor.words();
    let advice = match error.problem {
        Problem::LoginRefused { .. } => w.publish_wrong_password,
        Problem::NoPassword => w.publish_need_password,
        Problem::UnknownHostKey(_) => w.publish_trust_text,
        _ => return views::problem(error, editor.handle.tongue()),
    };
    let (message, _) = messages::describe(&error.problem, editor.handle.tongue());
    format!("{} <span class=\"hint\">{}</span>", escape(&message), escape(advice))
}

/// The page of the form, `notices` above it; `trust` is a server's fingerprint to accept.
fn publish_page(editor: &Editor, session: &Session, title: &str, notices: &str, trust: Option<&str>) -> String {
    let w = editor.words();
    let config = editor.config();
    let destination = match &config.deploy {
        Some(deploy) => {
            format!("<p>{} : <code>{}</code></p>", escape(w.publish_target), escape(&deploy.target.to_string()))
        }
        None => views::notice("error", &list(editor, &[Error::at(Location::file(&config.file), Problem::NoTarget)])),
    };
    let protocol = config.deploy.as_ref().map(|d| d.target.protocol);
    let insecure = if protocol == Some(Protocol::Ftp) {
        views::notice("error", &escape(messages::deploy_insecure(editor.handle.tongue())))
    } else {
        String::new()
    };
    let password = if protocol == Some(Protocol::File) {
        String::new()
    } else {
        let field =
            Field { name: "password", label: w.server_password, hint: Some(w.server_password_hint), error: None };
        field.input("", " type=\"password\" autocomplete=\"off\"")
    };
    let trust = trust.map_or(String::new(), |fingerprint| {
        format!(
            "<p><code>{}</code></p>{}",
            escape(fingerprint),
            views::checkbox("trust", fingerprint, w.publish_trust_box, false, None)
        )
    });
    let main = format!(
        "{notices}<p>{intro}</p>{destination}{insecure}<form method=\"post\" action=\"{ROOT}publish\" id=\"publish\">{token}{password}{trust}\
<div class=\"actions\"><button>{button}</button></div>\
<div id=\"publish-progress\" hidden><progress aria-label=\"{label}\"></progress><p role=\"status\" aria-live=\"polite\"></p></div></form>",
        intro = escape(w.publish_intro),
        token = views::token(&session.token),
        button = escape(w.publish),
        label = escape(w.publish_progress_label),
    );
    editor.page(Section::Publish, session, title, &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_link_to_the_editor_page_of_their_file() {
        let content = Path::new("site/content");
        let at = |file: &str| Location::line(Path::new(file), 3);
        assert_eq!(
            edit_link(content, &at("site/content/activites/a b.md")).as_deref(),
            Some("/_edit/page?file=activites%2Fa+b.md")
        );
        assert_eq!(edit_link(content, &at("site/content/figures.yaml")).as_deref(), Some("/_edit/figures"));
        assert_eq!(edit_link(content, &at("site/site.yaml")), None, "the editor does not edit site.yaml");
        assert_eq!(edit_link(content, &at("site/content/activites/photo.jpg")), None);
    }

    #[test]
    fn one_publication_at_a_time_and_its_end_frees_the_next() {
        let publisher = Publisher::new(Credentials::default());
        let first = publisher.begin("1").expect("nothing runs");
        assert!(publisher.begin("2").is_none(), "a second waits for the first");
        drop(first);
        assert!(publisher.begin("3").is_some(), "the first's end frees the next");
    }

    #[test]
    fn progress_counts_files_begun_and_bytes_sent_even_after_a_dropped_connection() {
        use crate::manifest::{Stage, entry_of_bytes};
        use crate::url::OutputFile;
        let (words, tongue) = (super::super::words::words(Tongue::Fr), Tongue::Fr);
        let file = |name: &str| (OutputFile::parse(name).unwrap(), entry_of_bytes(&vec![0; 64 * 1024], Stage::Page));
        let plan = deploy::plan::Plan {
            send: vec![file("a.html"), file("b.html")],
            remove: vec![],
            folders: vec![],
            empty: vec![],
        };
        let mut progress = Progress::default();
        progress.tell(Event::Planned(&plan), words, tongue);
        assert!(progress.text(words, tongue).starts_with("À envoyer : 2 fichiers"), "{progress:?}");
        let (a, b) = (&plan.send[0].0, &plan.send[1].0);
        progress.tell(Event::Sending { path: a, skipped: 0 }, words, tongue);
        progress.tell(Event::Sent(64 * 1024), words, tongue);
        // The connection dropped while b was sent: half of it was there already.
        progress.tell(Event::Sending { path: b, skipped: 0 }, words, tongue);
        progress.tell(Event::Sending { path: b, skipped: 32 * 1024 }, words, tongue);
        assert_eq!(progress.text(words, tongue), "Envoi : fichier 2 sur 2, 96,0 Ko sur 128 Ko");
        progress.tell(Event::Sent(32 * 1024), words, tongue);
        assert_eq!(progress.text(words, tongue), "Envoi : fichier 2 sur 2, 128 Ko sur 128 Ko");
    }
}

//! The editor in the browser: `cnr-site serve` offers, at `/_edit/`, forms to write the
//! activities, the pages and the key figures, add photos, and delete (to a trash, restorable).
//! Forms are the front of the content contract, not a second source of truth: every save
//! writes the Markdown file a person would write ([`header`]), after the build's own checks,
//! atomically, and never over a version the person did not see ([`files`]).
//!
//! [`guard`] decides who gets in, [`forms`] reads what forms post, [`views`] and [`words`]
//! make the pages; [`documents`] edits pages and activities, [`list`] lists them, [`trash`]
//! deletes and restores, [`figures`] edits the key figures, [`publish`] builds the site and
//! sends it to its server. The editor is mounted on the
//! preview's router ([`crate::serve::Extension`]): the preview does not know it.

mod documents;
mod figures;
mod files;
mod form;
mod forms;
pub mod guard;
mod header;
mod list;
mod publish;
mod trash;
mod values;
mod views;
mod words;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::{self, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::config::Config;
use crate::deploy::Credentials;
use crate::error::{Error, Errors, Location, Problem};
use crate::fsio::SourceFile;
use crate::load::CONTENT;
use crate::serve::{Extension, Handle, ServeOptions};
use guard::{Guard, Refusal, Session};
use views::{Frame, ROOT, Section};
use words::Words;

/// Where deleted files go, in the site's folder: hidden, so not content.
pub const TRASH: &str = ".trash";
/// Where photos wait between a form and its save.
const STAGING: &str = ".cnr-site/uploads";

/// Runs the preview with the editor until the process is stopped. Listening beyond this
/// computer needs a password.
pub fn serve(options: ServeOptions) -> Result<(), Errors> {
    let password = check_password(&options)?;
    crate::serve::serve_with(options, |handle, address| Some(extension(handle, address, password)))
}

/// The password's hash, required when the preview listens beyond this computer.
pub fn check_password(options: &ServeOptions) -> Result<Option<String>, Errors> {
    let password = guard::read_password(&options.root)?;
    if password.is_none() && !options.bind.is_loopback() {
        let file = options.root.join(guard::PASSWORD_FILE);
        return Err(Error::at(Location::file(&file), Problem::NoEditorPassword).into());
    }
    Ok(password)
}

/// The editor's routes on a preview listening at `address`; it publishes with the
/// credentials of the environment, as `cnr-site deploy` does.
pub fn extension(handle: Handle, address: SocketAddr, password: Option<String>) -> Extension {
    extension_with(handle, address, password, Credentials::from_env())
}

/// The editor's routes, publishing with `credentials` (a password typed in the form is added).
pub fn extension_with(
    handle: Handle,
    address: SocketAddr,
    password: Option<String>,
    credentials: Credentials,
) -> Extension {
    let root = handle.root().to_path_buf();
    let editor = Arc::new(Editor {
        guard: Guard::new(address, password),
        publisher: publish::Publisher::new(credentials),
        staging: root.join(STAGING),
        trash: root.join(TRASH),
        handle,
    });
    forms::clean_staging(&editor.staging);
    Extension { router: routes(editor), edit_url }
}

/// The editor's page for a content file.
fn edit_url(rel: &Path) -> String {
    views::link("page", &[("file", &rel.to_string_lossy())])
}

fn routes(editor: Arc<Editor>) -> Router {
    Router::new()
        .route(ROOT, get(list::list))
        .route("/_edit", get(|| async { redirect(ROOT) }))
        .route("/_edit/editor.css", get(|| async { asset("text/css; charset=utf-8", views::STYLESHEET) }))
        .route("/_edit/editor.js", get(|| async { asset("text/javascript; charset=utf-8", views::SCRIPT) }))
        .route("/_edit/page", get(documents::edit).post(documents::save))
        .route("/_edit/new", get(documents::new_activity).post(documents::save_new))
        .route("/_edit/pages", get(list::pages))
        .route("/_edit/photo", get(documents::photo))
        .route("/_edit/delete", get(trash::confirm).post(trash::delete))
        .route("/_edit/trash", get(trash::list))
        .route("/_edit/restore", axum::routing::post(trash::restore))
        .route("/_edit/figures", get(figures::edit).post(figures::save))
        .route("/_edit/publish", get(publish::page).post(publish::publish))
        .route("/_edit/publish/progress", get(publish::progress))
        .route("/_edit/login", get(log_in_page).post(log_in))
        .route("/_edit/logout", axum::routing::post(log_out))
        .route("/_edit/{*rest}", axum::routing::any(not_found))
        .layer(middleware::from_fn_with_state(editor.clone(), door))
        .layer(DefaultBodyLimit::max(forms::MOST_BODY))
        .with_state(editor)
}

/// The editor: the preview it edits, its door, its folders.
pub struct Editor {
    handle: Handle,
    guard: Guard,
    staging: PathBuf,
    trash: PathBuf,
    publisher: publish::Publisher,
}

impl Editor {
    fn words(&self) -> &'static Words {
        words::words(self.handle.tongue())
    }

    fn root(&self) -> &Path {
        self.handle.root()
    }

    fn content(&self) -> PathBuf {
        self.root().join(CONTENT)
    }

    fn config(&self) -> Config {
        self.handle.sources(|s| s.config.clone())
    }

    /// A content file as the build names it.
    fn source_file(&self, rel: &Path) -> SourceFile {
        let shown = self.handle.sources(|s| s.shown_root.join(CONTENT).join(rel));
        SourceFile { path: self.content().join(rel), rel: rel.to_path_buf(), shown }
    }

    fn frame<'a>(&'a self, section: Section, session: &'a Session, site_title: &'a str) -> Frame<'a> {
        Frame { words: self.words(), site_title, section, login: self.guard.needs_login(), token: &session.token }
    }

    /// The site's title in the editor's language.
    fn site_title(&self) -> String {
        let lang = self.words().lang;
        self.handle.sources(|s| {
            let config = &s.config;
            let language = config.languages.iter().find(|l| l.code.as_str() == lang).unwrap_or(&config.languages[0]);
            language.title.clone()
        })
    }

    /// A whole page of the editor.
    fn page(&self, section: Section, session: &Session, title: &str, main: &str) -> String {
        let site = self.site_title();
        views::page(&self.frame(section, session, &site), title, main)
    }
}

/// A page of HTML, never cached, never framed by another site.
fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    secure(headers);
    response
}

fn secure(headers: &mut HeaderMap) {
    headers.insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("X-Content-Type-Options", HeaderValue::from_static("nosniff"));
    headers.insert("X-Frame-Options", HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(http::header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(http::header::CONTENT_TYPE, content_type), (http::header::CACHE_CONTROL, "no-cache")], text).into_response()
}

/// A redirection after a post: the browser asks for `location` with GET.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(http::header::LOCATION, value);
    }
    secure(response.headers_mut());
    response
}

/// Runs blocking work (files, the build's stages) off the server's threads.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// What every handler of the editor starts from: the editor, the session [`door`] let in, the
/// query of the address as a form, and the address asking.
struct Visit {
    editor: Arc<Editor>,
    session: Session,
    query: forms::Form,
    peer: std::net::IpAddr,
}

impl FromRequestParts<Arc<Editor>> for Visit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut http::request::Parts, editor: &Arc<Editor>) -> Result<Visit, Response> {
        // Every route is behind the door, which puts the session in.
        let session = parts.extensions.get::<Session>().cloned();
        let session = session.ok_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                .map(|(n, v)| (n.into_owned(), v.into_owned()))
                .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|p| p.0.ip());
        Ok(Visit {
            editor: editor.clone(),
            session,
            query: forms::Form::of(&pairs),
            peer: peer.unwrap_or(std::net::IpAddr::from([127, 0, 0, 1])),
        })
    }
}

/// A form posted to the editor, read whole (its photo staged), whatever its token: the forms
/// that keep what was typed tell a wrong token among their problems.
struct Posted {
    editor: Arc<Editor>,
    session: Session,
    query: forms::Form,
    form: forms::Form,
}

impl FromRequest<Arc<Editor>> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, editor: &Arc<Editor>) -> Result<Posted, Response> {
        let (mut parts, body) = request.into_parts();
        let Visit { editor, session, query, .. } = Visit::from_request_parts(&mut parts, editor).await?;
        let form = forms::read(Request::from_parts(parts, body), &session.token, &editor.staging).await;
        Ok(Posted { editor, session, query, form })
    }
}

/// A form posted with the session's token; any other is refused before anything is done.
struct Checked(Posted);

impl FromRequest<Arc<Editor>> for Checked {
    type Rejection = Response;

    async fn from_request(request: Request, editor: &Arc<Editor>) -> Result<Checked, Response> {
        let posted = Posted::from_request(request, editor).await?;
        if posted.form.token_ok { Ok(Checked(posted)) } else { Err(refusal(&posted.editor, Refusal::Token)) }
    }
}

/// A page that says why a request was refused.
fn refusal(editor: &Editor, why: Refusal) -> Response {
    let w = editor.words();
    let text = match why {
        Refusal::Host => w.refused_host,
        Refusal::Origin => w.refused_origin,
        Refusal::Token | Refusal::Login => w.refused_token,
    };
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">{}<title>{}</title></head><body><main id=\"main\"><h1>{}</h1><p>{}</p></main></body></html>\n",
        w.lang,
        views::HEAD,
        w.refused,
        w.refused,
        crate::text::escape(text)
    );
    html(StatusCode::FORBIDDEN, body)
}

fn not_found_page(editor: &Editor, session: &Session) -> Response {
    let w = editor.words();
    let main = format!("<p>{}</p><p><a href=\"{ROOT}\">{}</a></p>", w.not_found, w.activities);
    html(StatusCode::NOT_FOUND, editor.page(Section::None, session, w.not_found, &main))
}

async fn not_found(Visit { editor, session, .. }: Visit) -> Response {
    not_found_page(&editor, &session)
}

/// The session cookie's value in a request.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_string()).flatten().collect::<Vec<_>>())
        .find(|c| c.name() == guard::COOKIE)
        .map(|c| c.value().to_string())
}

fn set_cookie(response: &mut Response, session: &Session) {
    let cookie = cookie::Cookie::build((guard::COOKIE, session.id.clone()))
        .path("/_edit")
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .build();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(http::header::SET_COOKIE, value);
    }
}

/// The editor's door: the address, the origin, the session; see [`guard`].
async fn door(State(editor): State<Arc<Editor>>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let text = |name: http::header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(http::header::HOST).unwrap_or_default().to_string();
    if !editor.guard.is_own_host(&host) {
        return refusal(&editor, Refusal::Host);
    }
    let changes = request.method() != Method::GET && request.method() != Method::HEAD;
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if changes && !Guard::is_own_origin(&host, text(http::header::ORIGIN), text(http::header::REFERER), fetch_site) {
        return refusal(&editor, Refusal::Origin);
    }
    let path = request.uri().path();
    let open = path == "/_edit/login" || path == "/_edit/editor.css" || path == "/_edit/editor.js";
    let (session, fresh) = match editor.guard.session(session_cookie(headers).as_deref()) {
        Some(session) => (session, false),
        None => (editor.guard.open(false), true),
    };
    if !session.let_in && !open {
        if fresh {
            editor.guard.close(&session.id);
        }
        return if changes { refusal(&editor, Refusal::Login) } else { redirect("/_edit/login") };
    }
    request.extensions_mut().insert(session.clone());
    let mut response = next.run(request).await;
    if fresh {
        set_cookie(&mut response, &session);
    }
    response
}

async fn log_in_page(Visit { editor, session, .. }: Visit) -> Response {
    if !editor.guard.needs_login() || session.let_in {
        return redirect(ROOT);
    }
    html(StatusCode::OK, log_in_form(&editor, &session, None))
}

fn log_in_form(editor: &Editor, session: &Session, error: Option<&str>) -> String {
    let w = editor.words();
    let field = views::Field { name: "password", label: w.password, hint: None, error: error.map(crate::text::escape) };
    let main = format!(
        "<form method=\"post\" action=\"{ROOT}login\">{}{}<div class=\"actions\"><button>{}</button></div></form>",
        views::token(&session.token),
        field.input("", " type=\"password\" autocomplete=\"current-password\" required"),
        w.log_in
    );
    editor.page(Section::None, session, w.log_in_title, &main)
}

async fn log_in(from: Visit, Checked(Posted { editor, session, form, .. }): Checked) -> Response {
    let from = from.peer;
    let password = form.get("password").to_string();
    blocking(move || {
        let wait = editor.guard.wait_for(from);
        if !wait.is_zero() {
            let message = editor.words().try_again_in(wait.as_secs() + 1);
            return html(StatusCode::TOO_MANY_REQUESTS, log_in_form(&editor, &session, Some(&message)));
        }
        match editor.guard.log_in(from, &password) {
            Some(new) => {
                editor.guard.close(&session.id);
                let mut response = redirect(ROOT);
                set_cookie(&mut response, &new);
                response
            }
            None => html(StatusCode::UNAUTHORIZED, log_in_form(&editor, &session, Some(editor.words().wrong_password))),
        }
    })
    .await
}

async fn log_out(Checked(Posted { editor, session, .. }): Checked) -> Response {
    editor.guard.close(&session.id);
    redirect("/_edit/login")
}

//! The preview's HTTP side, on hyper and axum: GET and HEAD of the site's outputs, the event
//! stream that tells browsers to reload, on a tokio runtime of its own. Requests are read
//! with a time limit, so that slow clients hold nothing but their own connection.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::preview::{Answer, Preview};
use crate::text::percent_decode;

/// Where the browser listens for the reload signal; outside any path a site can have.
pub const EVENTS: &str = "/__cnr/reload";

/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The routes of the preview.
pub fn router(preview: Arc<Preview>) -> Router {
    Router::new().route(EVENTS, axum::routing::get(events)).fallback(site).with_state(preview)
}

/// Serves `router` on `listener` until the process ends, on a runtime of its own thread.
pub fn spawn(listener: std::net::TcpListener, router: Router) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
            loop {
                let Ok((stream, peer)) = listener.accept().await else { continue };
                // Each request knows who sent it (the editor throttles logins by address).
                let service = TowerToHyperService::new(tower::ServiceExt::map_request(
                    router.clone(),
                    move |mut request: Request<hyper::body::Incoming>| {
                        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                        request
                    },
                ));
                tokio::spawn(async move {
                    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                    builder.http1().timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT);
                    // A connection that fails concerns its client only.
                    let _ = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).await;
                });
            }
        });
    });
    Ok(())
}

/// Any path of the site.
async fn site(State(preview): State<Arc<Preview>>, request: axum::extract::Request) -> Response {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return (StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response();
    }
    let Some(path) = percent_decode(request.uri().path()) else {
        return (StatusCode::BAD_REQUEST, "Bad Request").into_response();
    };
    let query = request.uri().query().unwrap_or_default().to_string();
    // Reading a photo from disk may take a moment: not on the runtime's threads.
    let answer = tokio::task::spawn_blocking(move || preview.respond(&path, &query)).await;
    match answer {
        Ok(answer) => response(answer, head),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn response(answer: Answer, head: bool) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let length = answer.body.len();
    let body = if head { Body::empty() } else { Body::from(answer.body) };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, answer.content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff");
    if head {
        response = response.header(header::CONTENT_LENGTH, length);
    }
    if let Some(location) = answer.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response = response.header(header::LOCATION, location);
    }
    response.body(body).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Server-sent events: one `reload` message after each rebuild; a comment every 15 seconds
/// otherwise, which tells browsers that left apart from those still there.
async fn events(State(preview): State<Arc<Preview>>) -> impl IntoResponse {
    // A first comment tells a client that it is subscribed: no rebuild after it is missed.
    let connected = tokio_stream::once(Event::default().comment("connected"));
    let reloads = connected
        .chain(
            WatchStream::from_changes(preview.reloads.subscribe())
                .map(|n| Event::default().data(format!("reload {n}"))),
        )
        .map(Ok::<_, Infallible>);
    let keep_alive = KeepAlive::new().interval(Duration::from_secs(15)).text("ping");
    ([(header::CACHE_CONTROL, "no-store")], Sse::new(reloads).keep_alive(keep_alive))
}

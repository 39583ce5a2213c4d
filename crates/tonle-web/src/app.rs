//! The router: every route, and the layers every request passes through.

use std::time::Duration;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::error::{ErrorPage, WebError};
use crate::page::Page;
use crate::state::AppState;
use crate::viewer::Viewer;
use crate::{
    account, assets, audit_log, auth, cases, health, home, language, organisations, people, places,
    projects, resets, security, shelters, sign_in_code, two_factor, users,
};

/// Forms here are small; uploads get their own, larger limit where they exist.
const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// The one route that takes more: a photo or document (see `people::UPLOAD_BODY_LIMIT`).
const UPLOAD_ROUTE: &str = "/people/{id}/attachments";

/// Each route's body limit, set per route (a limit on the whole router could not be raised
/// for one route). axum's own limit for multipart bodies (2 MB) is set to the same.
fn limited(path: &str, handler: MethodRouter<AppState>) -> MethodRouter<AppState> {
    let limit = if path == UPLOAD_ROUTE {
        people::UPLOAD_BODY_LIMIT
    } else {
        BODY_LIMIT_BYTES
    };
    handler
        .layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(limit))
        .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(limit))
}

/// Every route the app serves, in one list: the router is built from it, and the authorisation
/// matrix test (tests/matrix.rs) must have a line for each one.
fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home::home)),
        ("/healthz", get(health::healthz)),
        ("/assets/{*name}", get(assets::asset)),
        ("/sign-in", get(auth::form).post(auth::submit)),
        (
            "/sign-in/code",
            get(sign_in_code::form).post(sign_in_code::submit),
        ),
        ("/sign-out", post(auth::sign_out)),
        ("/reset", get(resets::form).post(resets::submit)),
        ("/account/two-factor", get(two_factor::index)),
        ("/account/two-factor/confirm", post(two_factor::confirm)),
        ("/account/two-factor/disable", post(two_factor::disable)),
        ("/users/{id}/reset-link", post(resets::create)),
        (
            "/organisations/{id}/two-factor",
            post(organisations::require_two_factor),
        ),
        ("/language", post(language::switch)),
        ("/account", get(account::index)),
        ("/audit", get(audit_log::index)),
        ("/account/password", post(account::change_password)),
        (
            "/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        ),
        ("/places", get(places::index)),
        ("/places/children", get(places::children)),
        ("/places/search", get(places::search)),
        (
            "/organisations",
            get(organisations::index).post(organisations::create),
        ),
        ("/projects", get(projects::index).post(projects::create)),
        ("/users", get(users::index).post(users::create)),
        ("/users/{id}/disable", post(users::disable)),
        ("/users/{id}/enable", post(users::enable)),
        ("/people", get(people::index).post(people::create)),
        ("/people/new", get(people::new)),
        ("/people/search", post(people::search)),
        ("/people/{id}", get(people::show).post(people::update)),
        ("/people/{id}/edit", get(people::edit)),
        (
            "/people/{id}/erase",
            get(people::confirm_erase).post(people::erase),
        ),
        ("/people/{id}/assign", post(people::assign)),
        ("/people/{id}/cases", post(cases::open)),
        ("/cases", get(cases::index)),
        ("/cases/{id}", get(cases::show)),
        ("/cases/{id}/step", post(cases::step)),
        ("/cases/{id}/assign", post(cases::assign)),
        (
            "/cases/{id}/identification",
            post(cases::save_identification),
        ),
        ("/people/{id}/consents", post(people::record_consent)),
        (
            "/people/{id}/consents/{consent}/withdraw",
            post(people::withdraw_consent),
        ),
        (UPLOAD_ROUTE, post(people::upload_attachment)),
        (
            "/people/{id}/attachments/{attachment}",
            get(people::download_attachment),
        ),
        (
            "/people/{id}/attachments/{attachment}/delete",
            post(people::delete_attachment),
        ),
        ("/shelters", get(shelters::index).post(shelters::create)),
        ("/shelters/{id}", get(shelters::show)),
        ("/shelters/{id}/admit", post(shelters::admit)),
        ("/stays/{id}/discharge", post(shelters::discharge)),
        ("/stays/{id}/transfer", post(shelters::transfer)),
    ]
}

/// The paths of every route, for the tests that must cover them all.
pub fn route_paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for (path, handler) in routes() {
        router = router.route(path, limited(path, handler));
    }
    router
        .fallback(|| async { WebError::NotFound })
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            WebError::Internal("a handler panicked".into()).into_response()
        }))
        .layer(from_fn(security::same_origin))
        .layer(from_fn_with_state(state.clone(), render_errors))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// The log line of a request: method and path only. Query strings can hold what people searched
/// for (names, places), which must not end up in logs.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: Page,
    message_key: &'static str,
    request_id: Option<String>,
}

/// Errors that axum or tower answer themselves (wrong method, malformed form, body too large,
/// time-out) come as bare text; they get the same page as ours.
fn framework_error(response: &Response) -> Option<ErrorPage> {
    let status = response.status();
    // Our own pages (HTML) and answers to scripts and monitors (JSON) are left as they are.
    let ours = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || ours {
        return None;
    }
    let message_key = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        s if s.is_client_error() => "error-bad-request",
        _ => "error-internal",
    };
    Some(ErrorPage {
        status,
        message_key,
        request_id: None,
    })
}

/// Turns an `ErrorPage` marker into a page in the visitor's language, with the site's chrome.
async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri = request.uri().clone();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let error = match response.extensions().get::<ErrorPage>() {
        Some(error) => error.clone(),
        None => match framework_error(&response) {
            Some(error) => error,
            None => return response,
        },
    };
    let mut probe = Request::new(());
    *probe.uri_mut() = uri;
    *probe.headers_mut() = headers;
    let (mut parts, ()) = probe.into_parts();
    let viewer = Viewer::from_request_parts(&mut parts, &state).await.ok();
    let title_key = match error.status {
        StatusCode::NOT_FOUND => "error-title-not-found",
        StatusCode::FORBIDDEN => "error-title-forbidden",
        s if s.is_client_error() => "error-title-bad-request",
        _ => "error-title-internal",
    };
    let page = match &viewer {
        Some(Viewer {
            member: Some(member),
            ..
        }) => Page::member(member, title_key, ""),
        Some(viewer) => Page::public(viewer, title_key),
        None => Page::public(
            &Viewer {
                language: Default::default(),
                member: None,
                path: "/".into(),
            },
            title_key,
        ),
    };
    let body = ErrorTemplate {
        page,
        message_key: error.message_key,
        request_id: error.request_id,
    }
    .render()
    .unwrap_or_else(|_| "Error".into());
    (error.status, axum::response::Html(body)).into_response()
}

/// After the shutdown signal, open connections get this long to finish; a client that never
/// completes its request must not keep the server from stopping.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves the app on `listener` (plain TCP, or [`crate::tls::TlsListener`]) until `shutdown`
/// completes and open requests finish (at most [`SHUTDOWN_GRACE`] later).
pub async fn serve<L>(
    listener: L,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: axum::serve::Listener<Addr = std::net::SocketAddr>,
{
    use axum::serve::ListenerExt;
    // axum gives `ConnectInfo<SocketAddr>` (the peer, for the audit log and throttling) to any
    // listener wrapped by `tap_io`; the tap itself does nothing.
    let listener = listener.tap_io(|_| {});
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    let signal = stopping.clone();
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        signal.notify_one();
    });
    tokio::select! {
        result = server => result,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("connections still open {} s after the stop signal; stopping anyway", SHUTDOWN_GRACE.as_secs());
            Ok(())
        }
    }
}

//! Headers and checks every response and request gets.

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::state::AppState;

/// No inline script or style, nothing from elsewhere, never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    // Pages hold personal data: not kept by the browser or a proxy (Back after sign-out on a
    // shared office computer shows nothing). Static assets set their own caching.
    if !h.contains_key("cache-control") {
        h.insert("cache-control", HeaderValue::from_static("no-store"));
    }
    // Only when users reach Tonle over HTTPS: HSTS on plain HTTP would lock them out.
    if state.settings.secure_cookies {
        h.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Refuses state-changing requests sent from another site (the first line of CSRF defence;
/// forms of signed-in users also carry a token).
pub async fn same_origin(request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD && cross_site(&request) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return WebError::BadCsrf.into_response();
    }
    next.run(request).await
}

fn cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(ORIGIN), headers.get(HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            origin == "null" || origin_host != host
        }
        (Some(_), None) => true,
        // No Origin and no Sec-Fetch-Site: not a browser that would carry a victim's cookie
        // across sites; the form token still applies.
        (None, _) => false,
    }
}

//! Headers and checks every response and request gets.

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::Cookie;

use crate::error::WebError;
use crate::state::{AppState, WebSettings};

/// No inline script or style, nothing from elsewhere, never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let secure = secure_request(request.headers(), &state.settings);
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
    if secure {
        h.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000"),
        );
        mark_cookies_secure(h);
    }
    response
}

/// Whether this request reached Tonle over HTTPS: TLS here or `secure_cookies` say so for every
/// request; behind a proxy we were told to trust, its `X-Forwarded-Proto` says so per request.
/// Without `behind_proxy` the header is ignored: anyone can send it.
pub fn secure_request(headers: &HeaderMap, settings: &WebSettings) -> bool {
    settings.secure_cookies
        || (settings.behind_proxy
            // The proxy's own value is the last, across every line (see `last_forwarded`).
            && crate::client::last_forwarded(headers, "x-forwarded-proto")
                .is_some_and(|proto| proto.eq_ignore_ascii_case("https")))
}

/// Adds `Secure` to every cookie set in this response (handlers build cookies from the
/// settings alone; this covers HTTPS known only per request).
fn mark_cookies_secure(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| {
            let parsed = value.to_str().ok().and_then(|v| Cookie::parse(v).ok());
            match parsed {
                Some(mut cookie) if cookie.secure() != Some(true) => {
                    cookie.set_secure(true);
                    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| value.clone())
                }
                _ => value.clone(),
            }
        })
        .collect();
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_store::sessions::SessionLimits;

    fn settings(secure_cookies: bool, behind_proxy: bool) -> WebSettings {
        WebSettings {
            secure_cookies,
            behind_proxy,
            session: SessionLimits {
                idle: chrono::Duration::minutes(30),
                absolute: chrono::Duration::hours(12),
            },
            version: "test",
        }
    }

    fn forwarded(proto: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-proto",
            HeaderValue::from_str(proto).unwrap_or(HeaderValue::from_static("")),
        );
        h
    }

    #[test]
    fn forwarded_https_counts_only_behind_a_proxy() {
        assert!(secure_request(&forwarded("https"), &settings(false, true)));
        assert!(secure_request(
            &forwarded("http, HTTPS"),
            &settings(false, true)
        ));
        assert!(!secure_request(
            &forwarded("https, http"),
            &settings(false, true)
        ));
        assert!(!secure_request(
            &forwarded("https"),
            &settings(false, false)
        ));
        assert!(!secure_request(&HeaderMap::new(), &settings(false, true)));
        assert!(secure_request(&HeaderMap::new(), &settings(true, false)));
    }

    #[test]
    fn every_cookie_becomes_secure() {
        let mut h = HeaderMap::new();
        h.append(
            SET_COOKIE,
            HeaderValue::from_static("a=1; Path=/; HttpOnly; SameSite=Lax"),
        );
        h.append(SET_COOKIE, HeaderValue::from_static("b=2; Path=/; Secure"));
        mark_cookies_secure(&mut h);
        let all: Vec<&str> = h
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|c| c.contains("Secure")), "{all:?}");
        assert!(
            all[0].starts_with("a=1") && all[0].contains("HttpOnly"),
            "{all:?}"
        );
    }
}

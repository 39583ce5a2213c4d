//! Where a request comes from, for the audit log and sign-in throttling: the socket's peer, or,
//! behind a reverse proxy we were told to trust, the address it forwards.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

/// The client's address as text (`unknown` when the server was started without peer info,
/// as in some tests).
pub fn client_address(parts: &Parts, behind_proxy: bool) -> String {
    if behind_proxy
        && let Some(forwarded) = last_forwarded(&parts.headers, "x-forwarded-for")
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return forwarded;
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The last value of a header a proxy appends to, across every line of it: the one the proxy
/// itself added. (A client can send its own lines first; some proxies add a line of their own
/// rather than extend the client's.)
pub fn last_forwarded(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    // A header that fails to read as text ends the search: a proxy's own value is plain text.
    let line = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    line.rsplit(',')
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(forwarded: Option<&str>, peer: Option<&str>) -> Parts {
        let mut builder = Request::builder().uri("/");
        if let Some(f) = forwarded {
            builder = builder.header("x-forwarded-for", f);
        }
        let (mut parts, ()) = builder.body(()).unwrap_or_default().into_parts();
        if let Some(peer) = peer.and_then(|p| p.parse::<SocketAddr>().ok()) {
            parts.extensions.insert(ConnectInfo(peer));
        }
        parts
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_proxy() {
        let p = parts(Some("203.0.113.9, 10.0.0.7"), Some("127.0.0.1:5000"));
        assert_eq!(client_address(&p, false), "127.0.0.1");
        assert_eq!(client_address(&p, true), "10.0.0.7");
        // A client's own line comes first; the proxy's line after it is the one believed.
        let mut two = parts(Some("203.0.113.77"), Some("127.0.0.1:5000"));
        two.headers.append(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("198.51.100.1"),
        );
        assert_eq!(client_address(&two, true), "198.51.100.1");
        let junk = parts(Some("not an address"), Some("127.0.0.1:5000"));
        assert_eq!(client_address(&junk, true), "127.0.0.1");
        assert_eq!(client_address(&parts(None, None), false), "unknown");
    }
}

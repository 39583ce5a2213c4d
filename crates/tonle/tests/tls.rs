//! Built-in HTTPS: `tonle serve` with a self-signed certificate, reached by a rustls client.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::ServerName;
use support::{BIN, assert_clean_failure, free_port, tonle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto::ring};

/// A certificate for `localhost` and its key, written as PEM files in `dir`.
fn certificate(dir: &Path) -> (rcgen::Certificate, String, String) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    (made.cert, path(&cert), path(&key))
}

/// `tonle serve` in the background; killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET /healthz` over TLS, trusting only `cert`: the whole response as text.
async fn get_health(port: u16, cert: &rcgen::Certificate) -> String {
    let mut roots = RootCertStore::empty();
    roots.add(cert.der().clone()).unwrap();
    let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap();
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = Vec::new();
    // A TLS close without close_notify is fine here: the response is complete.
    let _ = tls.read_to_end(&mut response).await;
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn serves_https_with_hsts_and_refuses_plain_http_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    assert!(tonle(&["migrate", "--data-dir", d], &[]).status.success());
    let (cert, cert_path, key_path) = certificate(dir.path());
    let port = free_port();
    let mut server = Server(
        Command::new(BIN)
            .args(["serve", "--data-dir", d])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env_remove("TONLE_DATABASE_URL")
            .env("TONLE_TLS_CERT", &cert_path)
            .env("TONLE_TLS_KEY", &key_path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut out = std::io::BufReader::new(server.0.stdout.take().unwrap());
    let mut printed = String::new();
    while !printed.contains("listening") {
        assert!(out.read_line(&mut printed).unwrap() > 0, "{printed}");
    }
    assert!(
        printed.contains(&format!("https://127.0.0.1:{port}/")),
        "{printed}"
    );

    // A client that connects and never starts its handshake does not hold up the next one.
    let _silent = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let response = get_health(port, &cert).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("strict-transport-security: max-age=31536000"),
        "{response}"
    );

    // Plain HTTP to the TLS port gets no page, only a closed connection.
    let mut plain = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    plain
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), plain.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the plain-HTTP connection was left open");
    assert!(!String::from_utf8_lossy(&answer).contains("HTTP/1.1"));

    // And the server goes on serving.
    let response = get_health(port, &cert).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

#[test]
fn unusable_certificates_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let d = data.to_str().unwrap();
    let (_, cert, key) = certificate(dir.path());
    let serve = |cert: &str, key: &str| {
        tonle(
            &["serve", "--data-dir", d, "--listen", "127.0.0.1:0"],
            &[("TONLE_TLS_CERT", cert), ("TONLE_TLS_KEY", key)],
        )
    };

    let o = serve("/nonexistent/cert.pem", &key);
    assert_clean_failure(
        &o,
        "The TLS certificate file /nonexistent/cert.pem cannot be read",
    );
    let o = serve(&cert, "/nonexistent/key.pem");
    assert_clean_failure(&o, "The TLS key file /nonexistent/key.pem cannot be read");
    // The files swapped: neither holds what it should.
    let o = serve(&key, &cert);
    assert_clean_failure(&o, "holds no valid PEM certificate");
    let o = serve(&cert, &cert);
    assert_clean_failure(&o, "holds no valid PEM private key");
    // A key of another certificate.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let (_, _, other_key) = certificate(&other);
    let o = serve(&cert, &other_key);
    assert_clean_failure(&o, "cannot be used together");
    let o = tonle(
        &["serve", "--data-dir", d],
        &[("TONLE_TLS_CERT", cert.as_str())],
    );
    assert_clean_failure(&o, "needs both a certificate and its key");
}

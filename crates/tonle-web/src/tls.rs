//! Built-in HTTPS: a certificate and key from PEM files, and a listener that hands axum only
//! connections whose TLS handshake has finished.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_rustls::Accept;
pub use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::server::TlsStream;

/// A client gets this long to finish its handshake; a slow or silent one is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the certificate or key cannot be used, as one sentence that says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsSetupError(String);

/// Reads the certificate chain and private key (PEM) and checks that they belong together.
pub fn acceptor(cert_path: &Path, key_path: &Path) -> Result<TlsAcceptor, TlsSetupError> {
    let read = |path: &Path, what: &str, setting: &str| {
        std::fs::read(path).map_err(|e| {
            TlsSetupError(format!(
                "The TLS {what} file {} cannot be read ({e}); check {setting}.",
                path.display()
            ))
        })
    };
    let cert_pem = read(cert_path, "certificate", "tls_cert or TONLE_TLS_CERT")?;
    let key_pem = read(key_path, "key", "tls_key or TONLE_TLS_KEY")?;
    let certs = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .ok()
        .filter(|certs| !certs.is_empty())
        .ok_or_else(|| {
            TlsSetupError(format!(
                "The TLS certificate file {} holds no valid PEM certificate; give the certificate chain in PEM form (-----BEGIN CERTIFICATE-----), the server's certificate first.",
                cert_path.display()
            ))
        })?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| {
        TlsSetupError(format!(
            "The TLS key file {} holds no valid PEM private key; give the certificate's private key, unencrypted, in PEM form (-----BEGIN PRIVATE KEY-----).",
            key_path.display()
        ))
    })?;
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| {
            TlsSetupError(format!(
                "The TLS certificate {} and key {} cannot be used together ({e}); check that the key is the certificate's own.",
                cert_path.display(),
                key_path.display()
            ))
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Accepts TCP connections and does their handshakes side by side, so a client that stalls its
/// handshake does not hold up anyone else.
pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    handshakes: JoinSet<Handshake>,
}

/// A finished (or failed, or timed-out) handshake and the peer's address.
type Handshake = (
    Result<io::Result<TlsStream<TcpStream>>, tokio::time::error::Elapsed>,
    SocketAddr,
);

impl TlsListener {
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> Self {
        Self {
            tcp,
            acceptor,
            handshakes: JoinSet::new(),
        }
    }
}

async fn handshake(accept: Accept<TcpStream>, peer: SocketAddr) -> Handshake {
    (tokio::time::timeout(HANDSHAKE_TIMEOUT, accept).await, peer)
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    // Both branches are cancel-safe: axum drops this future at shutdown.
    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            tokio::select! {
                accepted = self.tcp.accept() => match accepted {
                    Ok((stream, peer)) => {
                        let accept = self.acceptor.accept(stream);
                        self.handshakes.spawn(handshake(accept, peer));
                    }
                    Err(e) => accept_failed(e).await,
                },
                Some(done) = self.handshakes.join_next(), if !self.handshakes.is_empty() => match done {
                    Ok((Ok(Ok(stream)), peer)) => return (stream, peer),
                    // Plain HTTP to this port, a scanner, a client that gave up: only its
                    // connection ends.
                    Ok((Ok(Err(e)), peer)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                    Ok((Err(_), peer)) => tracing::debug!(%peer, "TLS handshake timed out"),
                    Err(e) => tracing::warn!(error = %e, "TLS handshake task failed"),
                },
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// As axum does for plain TCP: a reset connection is nothing; anything else (out of file
/// descriptors) is logged and waited out.
async fn accept_failed(e: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use chrono::Utc;
use tokio::net::TcpListener;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_web::tls::{TlsAcceptor, TlsListener};
use tonle_web::{AppState, WebSettings};

use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, Failure};

pub async fn run(mut settings: Settings, listen: Option<String>) -> CliResult {
    if let Some(text) = listen {
        settings.listen = crate::config::parse_listen(&text).ok_or_else(|| {
            Failure(format!(
                "--listen \"{text}\" is not an address and port; write it like 127.0.0.1:8080 or localhost:8080."
            ))
        })?;
    }
    require_data_dir(&settings)?;
    let tls = tls_acceptor(&settings)?;
    // The port first: if it is taken, nothing else (migrations included) has happened yet.
    let listener = bind(settings.listen, "--listen or TONLE_LISTEN").await?;
    let store = open_store(&settings).await?;
    if store.all_users().await?.is_empty() {
        println!(
            "No user can sign in yet. Create an organisation and its first administrator:\n  tonle org add \"NAME\" --network\n  tonle user add USERNAME --org \"NAME\" --role network-admin --name \"FULL NAME\""
        );
    }
    let shutdown = shutdown_signal()?;
    println!("Tonle is listening on {}", url(&settings, &listener));
    serve(store, &settings, listener, tls, shutdown).await
}

/// The certificate and key for built-in HTTPS, read and checked before anything else happens.
pub fn tls_acceptor(settings: &Settings) -> CliResult<Option<TlsAcceptor>> {
    settings
        .tls
        .as_ref()
        .map(|files| tonle_web::tls::acceptor(&files.cert, &files.key))
        .transpose()
        .map_err(|e| Failure(e.to_string()))
}

/// Where users open Tonle: https:// when it serves TLS itself.
pub fn url(settings: &Settings, listener: &TcpListener) -> String {
    let scheme = if settings.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let addr = listener.local_addr().unwrap_or(settings.listen);
    format!("{scheme}://{addr}/")
}

/// Binds the port, explaining the usual reasons it fails.
pub async fn bind(addr: SocketAddr, how_to_change: &str) -> CliResult<TcpListener> {
    TcpListener::bind(addr).await.map_err(|e| {
        Failure(match e.kind() {
            ErrorKind::AddrInUse => format!(
                "Port {} on {} is already in use by another program. Stop that program or choose another port with {how_to_change}.",
                addr.port(),
                addr.ip()
            ),
            ErrorKind::PermissionDenied => format!(
                "Not allowed to listen on port {}; ports below 1024 need special rights. Choose a port above 1024 with {how_to_change}.",
                addr.port()
            ),
            ErrorKind::AddrNotAvailable => format!(
                "The address {} does not belong to this machine. Use 127.0.0.1 or 0.0.0.0 with {how_to_change}.",
                addr.ip()
            ),
            _ => format!("Cannot listen on {addr}: {e}."),
        })
    })
}

/// Runs the web app until Ctrl-C or SIGTERM, then closes the database cleanly.
pub async fn serve(
    store: Store,
    settings: &Settings,
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> CliResult {
    let limits = SessionLimits {
        idle: chrono::Duration::minutes(i64::from(settings.session_idle_minutes)),
        absolute: chrono::Duration::hours(i64::from(settings.session_absolute_hours)),
    };
    let state = AppState::new(
        store.clone(),
        WebSettings {
            secure_cookies: settings.secure_cookies || tls.is_some(),
            behind_proxy: settings.behind_proxy,
            session: limits,
            version: env!("CARGO_PKG_VERSION"),
        },
    );
    let purger = tokio::spawn(purge_sessions(store.clone(), limits));
    let result = match tls {
        Some(tls) => tonle_web::serve(TlsListener::new(listener, tls), state, shutdown).await,
        None => tonle_web::serve(listener, state, shutdown).await,
    };
    purger.abort();
    store.close().await?;
    result.map_err(|e| Failure(format!("The web server stopped: {e}.")))
}

/// Every 10 minutes: expired sessions, and sign-in counters and pending sign-ins that no longer
/// matter (left alone, they would grow with every name and address ever tried).
async fn purge_sessions(store: Store, limits: SessionLimits) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = store.purge_sessions(Utc::now(), limits).await {
            tracing::warn!(error = %e, "could not purge expired sessions");
        }
        if let Err(e) = store.purge_sign_in_state(Utc::now()).await {
            tracing::warn!(error = %e, "could not purge sign-in counters");
        }
    }
}

/// Ctrl-C or SIGTERM, listened for from the moment this is called: a stop request that comes
/// right after "listening" is printed must still shut down cleanly, not kill the process.
pub fn shutdown_signal() -> CliResult<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind| {
            signal(kind).map_err(|e| Failure(format!("Cannot listen for stop signals ({e}).")))
        };
        let mut interrupt = listen(SignalKind::interrupt())?;
        let mut terminate = listen(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            tracing::info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
        })
    }
}

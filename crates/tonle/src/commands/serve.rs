use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use chrono::Utc;
use tokio::net::TcpListener;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_web::{AppState, WebSettings};

use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, Failure};

pub async fn run(mut settings: Settings, listen: Option<String>) -> CliResult {
    if let Some(text) = listen {
        settings.listen = text.trim().parse().map_err(|_| {
            Failure(format!(
                "--listen \"{text}\" is not an address and port; write it like 127.0.0.1:8080."
            ))
        })?;
    }
    require_data_dir(&settings)?;
    let store = open_store(&settings).await?;
    if store.all_users().await?.is_empty() {
        println!(
            "No user can sign in yet. Create an organisation and its first administrator:\n  tonle org add \"NAME\" --network\n  tonle user add USERNAME --org \"NAME\" --role network-admin --name \"FULL NAME\""
        );
    }
    let listener = bind(settings.listen, "--listen or TONLE_LISTEN").await?;
    println!(
        "Tonle is listening on http://{}/",
        listener.local_addr().unwrap_or(settings.listen)
    );
    serve(store, &settings, listener).await
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
pub async fn serve(store: Store, settings: &Settings, listener: TcpListener) -> CliResult {
    let limits = SessionLimits {
        idle: chrono::Duration::minutes(i64::from(settings.session_idle_minutes)),
        absolute: chrono::Duration::hours(i64::from(settings.session_absolute_hours)),
    };
    let state = AppState::new(
        store.clone(),
        WebSettings {
            secure_cookies: settings.secure_cookies,
            session: limits,
            version: env!("CARGO_PKG_VERSION"),
        },
    );
    let purger = tokio::spawn(purge_sessions(store.clone(), limits));
    let result = tonle_web::serve(listener, state, shutdown_signal()).await;
    purger.abort();
    store.close().await?;
    result.map_err(|e| Failure(format!("The web server stopped: {e}.")))
}

async fn purge_sessions(store: Store, limits: SessionLimits) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = store.purge_sessions(Utc::now(), limits).await {
            tracing::warn!(error = %e, "could not purge expired sessions");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

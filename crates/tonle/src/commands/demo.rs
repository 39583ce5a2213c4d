use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use tonle_store::{DatabaseTarget, Store};

use crate::commands::serve::{bind, serve, shutdown_signal, tls_acceptor, url};
use crate::commands::{connect_failure, create_private_dir, load_places, load_settings};
use crate::demo;
use crate::failure::{CliResult, Failure};

/// Creates (or reuses) a demo database, fills it with a fictional network, prints the accounts
/// and serves it. Without --data-dir the data lives in a temporary directory removed at exit.
pub struct DemoOptions {
    pub port: u16,
    pub seed_only: bool,
    pub database: Option<String>,
}

pub async fn run(
    data_dir: Option<PathBuf>,
    config: Option<PathBuf>,
    log_format: Option<String>,
    options: DemoOptions,
) -> CliResult {
    let port = options.port;
    let temporary = match &data_dir {
        Some(_) => None,
        None => Some(tempfile::Builder::new().prefix("tonle-demo-").tempdir().map_err(|e| {
            Failure(format!("Cannot create a temporary directory for the demo ({e}); pass --data-dir DIR."))
        })?),
    };
    let dir = match (&data_dir, &temporary) {
        (Some(d), _) => d.clone(),
        (None, Some(t)) => t.path().to_owned(),
        (None, None) => unreachable_dir(),
    };
    create_private_dir(&dir)?;
    let mut settings = load_settings(&dir, config.as_deref(), log_format.as_deref())?;
    // The demo runs on its own embedded database, whatever TONLE_DATABASE_URL says, unless
    // --database names one.
    settings.database = match &options.database {
        Some(url) => {
            DatabaseTarget::from_url(url).map_err(|e| Failure(format!("--database: {e}")))?
        }
        None => DatabaseTarget::sqlite_in(&dir),
    };
    settings.listen = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    crate::logging::init(settings.log_format, "warn");

    let tls = tls_acceptor(&settings)?;
    let listener = match options.seed_only {
        true => None,
        false => Some(bind(settings.listen, "--port").await?),
    };
    let shutdown = shutdown_signal()?;
    let store = Store::connect(&settings.database, settings.db_max_connections)
        .await
        .map_err(|e| connect_failure(&settings, e))?;
    store.migrate().await?;
    load_places(&store).await?;
    let keys = crate::commands::keys::keys_for_server(&settings, &store).await?;
    let store = store.with_keys(keys);
    let accounts = demo::seed_if_empty(&store).await?;
    let Some(listener) = listener else {
        println!(
            "Demo data is in {} ({} demo accounts).",
            settings.database.redacted(),
            accounts.len()
        );
        store.close().await?;
        return Ok(());
    };

    let url = url(&settings, &listener);
    println!(
        "Tonle demo (fictional organisations and people), data in {}",
        dir.display()
    );
    for a in &accounts {
        println!(
            "account: {} password: {} role: {} organisation: {}",
            a.username,
            a.password,
            a.role.code(),
            a.organisation
        );
    }
    if accounts.is_empty() {
        println!(
            "Open {url}. This data directory already held other organisations, so no demo data was added and there are no demo accounts. Press Ctrl-C to stop."
        );
    } else {
        println!("Open {url} and sign in with one of the accounts above. Press Ctrl-C to stop.");
    }
    println!("listening: {url}");
    serve(store, &settings, listener, tls, shutdown).await
}

/// `dir` is always set above; this keeps the match exhaustive without a panic.
fn unreachable_dir() -> PathBuf {
    PathBuf::from(crate::commands::DEFAULT_DATA_DIR)
}

//! One module per command; this one loads settings and dispatches.

mod audit;
mod bench;
mod check;
mod demo;
mod generate;
pub mod keys;
mod migrate;
mod org;
mod serve;
mod user;

use std::path::{Path, PathBuf};

use tonle_store::{DatabaseTarget, Store};

use crate::cli::{Cli, Command};
use crate::config::{LogFormat, Settings};
use crate::failure::{CliResult, Failure, fail};
use crate::progress;

pub const DEFAULT_DATA_DIR: &str = "tonle-data";

pub fn run(cli: Cli) -> CliResult {
    if let Command::Version = cli.command {
        println!("tonle {}", env!("CARGO_PKG_VERSION"));
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("Cannot start the async runtime: {e}.")))?;
    runtime.block_on(dispatch(cli))
}

async fn dispatch(cli: Cli) -> CliResult {
    // The demo makes its own data directory; everything else uses the configured one.
    if let Command::Demo {
        port,
        seed_only,
        database,
    } = cli.command
    {
        let options = demo::DemoOptions {
            port,
            seed_only,
            database,
        };
        return demo::run(cli.data_dir, cli.config, cli.log_format, options).await;
    }
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let settings = load_settings(&data_dir, cli.config.as_deref(), cli.log_format.as_deref())?;
    let quiet = !matches!(cli.command, Command::Serve { .. });
    crate::logging::init(
        settings.log_format,
        if quiet { "warn" } else { &settings.log_level },
    );
    match cli.command {
        Command::Serve { listen } => serve::run(settings, listen).await,
        Command::Migrate => migrate::run(settings).await,
        Command::Org(cmd) => org::run(settings, cmd).await,
        Command::User(cmd) => user::run(settings, cmd).await,
        Command::Keys(cmd) => keys::run(settings, cmd).await,
        Command::Audit(cmd) => audit::run(settings, cmd).await,
        Command::Check => check::run(settings).await,
        Command::Generate {
            people,
            seed,
            batch,
            database,
        } => {
            let options = crate::generate::Options {
                people,
                seed,
                batch,
            };
            generate::run(settings, options, database).await
        }
        Command::Bench {
            requests,
            users,
            seconds,
            password,
            database,
        } => {
            let options = crate::bench::Options {
                requests,
                users,
                seconds,
                password,
            };
            bench::run(settings, options, database).await
        }
        Command::Demo { .. } | Command::Version => Ok(()),
    }
}

pub fn load_settings(
    data_dir: &Path,
    config: Option<&Path>,
    log_format: Option<&str>,
) -> CliResult<Settings> {
    let mut settings = Settings::load(data_dir, config, &|name| std::env::var(name).ok())?;
    match log_format {
        None => {}
        Some("json") => settings.log_format = LogFormat::Json,
        Some("text") => settings.log_format = LogFormat::Text,
        Some(other) => {
            return fail(format!(
                "The log format \"{other}\" is not known; use --log-format text or json."
            ));
        }
    }
    Ok(settings)
}

/// The data directory must exist when it holds the database, so a typo does not silently start
/// an empty one.
pub fn require_data_dir(settings: &Settings) -> CliResult {
    let uses_it = matches!(settings.database, DatabaseTarget::SqliteFile(_));
    if uses_it && !settings.data_dir.is_dir() {
        return fail(format!(
            "The data directory {} does not exist. Create it with `tonle migrate --data-dir {}`, or point --data-dir / TONLE_DATA_DIR at the right one.",
            settings.data_dir.display(),
            settings.data_dir.display()
        ));
    }
    Ok(())
}

/// Creates the data directory (and parents) readable by this account only.
pub fn create_private_dir(dir: &Path) -> CliResult {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| {
        Failure(format!(
            "Cannot create the data directory {} ({e}). Choose a writable place with --data-dir.",
            dir.display()
        ))
    })
}

/// Opens the database, applies migrations and loads the gazetteer on first use.
pub async fn open_store(settings: &Settings) -> CliResult<Store> {
    let store = Store::connect(&settings.database, settings.db_max_connections)
        .await
        .map_err(|e| connect_failure(settings, e))?;
    store.migrate().await?;
    load_places(&store).await?;
    // Every command may seal or audit: it gets the keys (a first run makes the key file).
    let keys = keys::keys_for_server(settings, &store).await?;
    Ok(store.with_keys(keys))
}

pub async fn load_places(store: &Store) -> CliResult<usize> {
    let bar = progress::bar("Loading gazetteer");
    let loaded = store
        .load_places_if_empty(&mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await?;
    bar.finish_and_clear();
    Ok(loaded)
}

pub fn connect_failure(settings: &Settings, err: tonle_store::StoreError) -> Failure {
    let reason = match err {
        tonle_store::StoreError::Connect(reason) => reason,
        other => other.to_string(),
    };
    let hint = match settings.database {
        DatabaseTarget::Postgres(_) => {
            "Check that PostgreSQL is running and that TONLE_DATABASE_URL (or database_url in the settings file) is right."
        }
        DatabaseTarget::SqliteFile(_) => "Check that the data directory exists and is writable.",
    };
    Failure(format!(
        "Cannot open the database at {}: {reason}. {hint}",
        settings.database.redacted()
    ))
}

use tonle_store::{DatabaseTarget, Store};

use crate::commands::{connect_failure, load_places};
use crate::config::Settings;
use crate::failure::{CliResult, Failure};

/// Applies pending migrations and loads the gazetteer; creates the data directory if needed.
pub async fn run(settings: Settings) -> CliResult {
    if matches!(settings.database, DatabaseTarget::SqliteFile(_)) {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            Failure(format!(
                "Cannot create the data directory {} ({e}). Choose a writable place with --data-dir.",
                settings.data_dir.display()
            ))
        })?;
    }
    let store = Store::connect(&settings.database, settings.db_max_connections)
        .await
        .map_err(|e| connect_failure(&settings, e))?;
    let applied = store.migrate().await?;
    let places = load_places(&store).await?;
    println!(
        "Database {}: {applied} migration(s) applied, {places} place(s) loaded; schema is up to date.",
        settings.database.redacted()
    );
    store.close().await?;
    Ok(())
}

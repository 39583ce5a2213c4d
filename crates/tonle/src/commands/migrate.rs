use tonle_store::{DatabaseTarget, Store};

use crate::commands::{connect_failure, create_private_dir, load_places};
use crate::config::Settings;
use crate::failure::CliResult;

/// Applies pending migrations and loads the gazetteer; creates the data directory if needed.
pub async fn run(settings: Settings) -> CliResult {
    if matches!(settings.database, DatabaseTarget::SqliteFile(_)) {
        create_private_dir(&settings.data_dir)?;
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

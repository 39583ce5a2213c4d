//! `tonle generate --people N --seed S [--database URL]`.

use tonle_store::DatabaseTarget;

use crate::commands::{create_private_dir, open_store};
use crate::config::Settings;
use crate::failure::{CliResult, Failure};
use crate::generate::{self, Options, organisations};
use crate::progress;

pub async fn run(mut settings: Settings, options: Options, database: Option<String>) -> CliResult {
    if let Some(url) = database {
        settings.database =
            DatabaseTarget::from_url(&url).map_err(|e| Failure(format!("--database: {e}")))?;
    }
    // The key file lives in the data directory whichever database is used.
    create_private_dir(&settings.data_dir)?;
    let store = open_store(&settings).await?;
    let bar = progress::bar("Generating people");
    let result = generate::run(&store, options, &bar).await;
    bar.finish_and_clear();
    store.close().await?;
    let summary = result?;
    println!(
        "Generated {} people ({} search tokens) with seed {} in {:.1} s ({:.0} people/s) into {}.",
        summary.people,
        summary.tokens,
        options.seed,
        summary.seconds,
        summary.people as f64 / summary.seconds.max(0.001),
        settings.database.redacted()
    );
    println!(
        "Every generated account (net1.admin, g1.manager, g1.worker1, …) has the password {}.",
        organisations::PASSWORD
    );
    Ok(())
}

//! The demo's fictional network. Every name here is invented; none is a real organisation,
//! survivor or official. Later capabilities add their records in their own module here.

mod cases;
mod organisations;
pub mod people;
mod shelters;

use tonle_domain::roles::Role;
use tonle_store::Store;

use crate::failure::CliResult;
use crate::progress;

/// The password of every demo account (printed by `tonle demo`).
pub const DEMO_PASSWORD: &str = "tonle-demo-2026";

pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub organisation: String,
}

/// Fills an empty database with the demo network; on a database that already has organisations,
/// adds nothing. Either way returns the demo accounts that exist.
pub async fn seed_if_empty(store: &Store) -> CliResult<Vec<DemoAccount>> {
    if store.all_organisations().await?.is_empty() {
        let bar = progress::bar("Creating demo data");
        organisations::seed(store, &bar).await?;
        bar.set_length(bar.length().unwrap_or(0) + people::COUNT as u64);
        people::seed(store, &bar).await?;
        shelters::seed(store).await?;
        cases::seed(store).await?;
        bar.finish_and_clear();
    }
    organisations::accounts(store).await
}

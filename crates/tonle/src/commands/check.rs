use tonle_store::Store;

use crate::commands::{connect_failure, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, fail};

/// Checks settings and database health; exits non-zero if anything needs fixing.
pub async fn run(settings: Settings) -> CliResult {
    println!(
        "settings file: {}",
        settings
            .config_file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none; defaults and environment)".into())
    );
    println!("data directory: {}", settings.data_dir.display());
    println!("database: {}", settings.database.redacted());
    println!("listen: {}", settings.listen);
    println!("settings (environment variable, settings-file key, default):");
    for doc in crate::config::SETTINGS {
        let set = if std::env::var_os(doc.env).is_some() {
            " [set in the environment]"
        } else {
            ""
        };
        println!(
            "  {} / {} / {}: {}{set}",
            doc.env, doc.key, doc.default, doc.meaning
        );
    }
    require_data_dir(&settings)?;
    if settings.data_dir.is_dir() {
        let probe = settings.data_dir.join(".tonle-write-check");
        std::fs::write(&probe, b"ok")
            .and_then(|()| std::fs::remove_file(&probe))
            .map_err(|e| {
                crate::failure::Failure(format!(
                    "The data directory {} is not writable ({e}); give the user running Tonle write access to it.",
                    settings.data_dir.display()
                ))
            })?;
        println!("data directory writable: yes");
    }
    let store = Store::connect(&settings.database, settings.db_max_connections)
        .await
        .map_err(|e| connect_failure(&settings, e))?;
    store.ping().await?;
    println!("database reachable: yes ({})", store.backend());
    let pending = store.pending_migrations().await?;
    if !pending.is_empty() {
        return fail(format!(
            "The database needs {} migration(s) ({}). Run `tonle migrate` (the server also applies them when it starts).",
            pending.len(),
            pending.join(", ")
        ));
    }
    println!("migrations: up to date");
    let places = store.place_counts().await?;
    println!(
        "gazetteer: {} provinces, {} districts, {} communes, {} villages",
        places.provinces, places.districts, places.communes, places.villages
    );
    if places.villages == 0 {
        return fail("The gazetteer is not loaded. Run `tonle migrate` to load it.");
    }
    let orgs = store.all_organisations().await?.len();
    let users = store.all_users().await?.len();
    println!("organisations: {orgs}, users: {users}");
    match crate::commands::keys::configured_keys(&settings)? {
        Some(keys) => {
            let ring = keys.ring();
            let needed = store.master_keys_in_use().await?;
            if let Some((id, n)) = needed.iter().find(|(id, _)| ring.master(*id).is_err()) {
                return fail(format!(
                    "Master key {id} is missing from the key file, yet {n} people's data keys need it. Restore the key file from your safe copy."
                ));
            }
            println!(
                "keys: active master key {} of {:?}",
                ring.active_id(),
                ring.master_ids()
            );
        }
        None if store.depends_on_keys().await? => {
            return fail(format!(
                "The key file {} is missing, and this database holds data sealed with it. Restore it from your safe copy (or set TONLE_KEY_FILE / TONLE_KEYS).",
                settings.key_file.display()
            ));
        }
        None => println!(
            "keys: none yet ({} is made at the first start)",
            settings.key_file.display()
        ),
    }
    println!("all checks passed");
    store.close().await?;
    Ok(())
}

//! `tonle keys`: create the key file, rotate the master key, prune old ones, show the state.
//! Also how every command finds its keys.

use std::sync::Arc;

use chrono::Utc;
use tonle_protect::keys::{KeyError, KeyFileLock, KeyRing, Keys};
use tonle_store::Store;

use crate::cli::KeysCommand;
use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, Failure, fail};
use crate::progress;

impl From<KeyError> for Failure {
    fn from(e: KeyError) -> Self {
        Failure(format!("{e}."))
    }
}

/// The keys the settings point at, if there are any (the environment wins over the file).
pub fn configured_keys(settings: &Settings) -> CliResult<Option<Arc<Keys>>> {
    if let Some(text) = &settings.keys_text {
        let ring = KeyRing::parse(text, "TONLE_KEYS")?;
        return Ok(Some(Arc::new(Keys::fixed(ring))));
    }
    if settings.key_file.exists() {
        warn_if_readable_by_others(settings);
        return Ok(Some(Arc::new(Keys::from_file(&settings.key_file)?)));
    }
    Ok(None)
}

/// The keys for a server: the configured ones, or, for a database that holds nothing sealed
/// yet, a new key file. A database with sealed data and no keys is refused: new keys would
/// leave its people unreadable.
pub async fn keys_for_server(settings: &Settings, store: &Store) -> CliResult<Arc<Keys>> {
    if let Some(keys) = configured_keys(settings)? {
        return Ok(keys);
    }
    if store.depends_on_keys().await? {
        return fail(format!(
            "The key file {} is missing, and this database holds data sealed with it. Restore the key file from your safe copy (or set TONLE_KEY_FILE / TONLE_KEYS to where it is); without it the people's details cannot be read.",
            settings.key_file.display()
        ));
    }
    KeyRing::generate(Utc::now()).create_file(&settings.key_file)?;
    println!(
        "Created the key file {}. Keep a copy somewhere safe, away from the database and its backups: without it, people's details cannot be read.",
        settings.key_file.display()
    );
    Ok(Arc::new(Keys::from_file(&settings.key_file)?))
}

fn warn_if_readable_by_others(settings: &Settings) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(&settings.key_file)
            && meta.permissions().mode() & 0o077 != 0
        {
            eprintln!(
                "warning: the key file {} can be read by other accounts on this machine; run chmod 600 on it.",
                settings.key_file.display()
            );
        }
    }
}

pub async fn run(settings: Settings, command: KeysCommand) -> CliResult {
    match command {
        KeysCommand::Init => init(&settings),
        KeysCommand::Rotate => rotate(&settings).await,
        KeysCommand::Prune => prune(&settings).await,
        KeysCommand::Status => status(&settings).await,
    }
}

fn init(settings: &Settings) -> CliResult {
    if settings.keys_text.is_some() {
        return fail(
            "TONLE_KEYS already gives the keys; unset it to create a key file with `tonle keys init`.",
        );
    }
    if let Some(parent) = settings
        .key_file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        crate::commands::create_private_dir(parent)?;
    }
    KeyRing::generate(Utc::now()).create_file(&settings.key_file)?;
    println!(
        "Created the key file {}. Keep a copy somewhere safe, away from the database and its backups.",
        settings.key_file.display()
    );
    Ok(())
}

/// The key file, for commands that change it (not possible with TONLE_KEYS).
fn writable_key_file(settings: &Settings, what: &str) -> CliResult<Arc<Keys>> {
    if settings.keys_text.is_some() {
        return fail(format!(
            "`tonle keys {what}` changes the key file, but TONLE_KEYS gives the keys. Run it with TONLE_KEY_FILE pointing at a copy of the key file, then put the new file's content in TONLE_KEYS."
        ));
    }
    Ok(Arc::new(Keys::from_file(&settings.key_file)?))
}

async fn keyed_store(settings: &Settings, keys: Arc<Keys>) -> CliResult<Store> {
    require_data_dir(settings)?;
    Ok(open_store(settings).await?.with_keys(keys))
}

/// The keys for a command that only reads them: never made here.
pub fn existing_keys(settings: &Settings) -> CliResult<Arc<Keys>> {
    configured_keys(settings)?.ok_or_else(|| {
        Failure(format!(
            "There is no key file at {}; point TONLE_KEY_FILE at it, or create one with `tonle keys init`.",
            settings.key_file.display()
        ))
    })
}

async fn rotate(settings: &Settings) -> CliResult {
    let _lock = KeyFileLock::acquire(&settings.key_file)?;
    let keys = writable_key_file(settings, "rotate")?;
    let store = keyed_store(settings, keys.clone()).await?;
    let rotated = keys.ring().rotated(Utc::now());
    rotated.replace_file(&settings.key_file)?;
    println!(
        "Master key {} is now active (a running server picks it up by itself).",
        rotated.active_id()
    );
    let bar = progress::bar("Re-wrapping people's keys");
    let done = store
        .rewrap_person_keys(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_and_clear();
    let totp = store.reseal_totp_secrets().await?;
    println!(
        "Re-wrapped {done} people's data keys and {totp} two-factor secrets under master key {}.",
        rotated.active_id()
    );
    println!(
        "The old master keys stay in the key file; once every server has run a while with the new one, `tonle keys prune` removes those no longer used."
    );
    println!(
        "The key file changed: replace your safe copy of {} with the new one now.",
        settings.key_file.display()
    );
    store.close().await?;
    Ok(())
}

async fn prune(settings: &Settings) -> CliResult {
    let _lock = KeyFileLock::acquire(&settings.key_file)?;
    let keys = writable_key_file(settings, "prune")?;
    let store = keyed_store(settings, keys.clone()).await?;
    // Anything a server wrapped under an old key meanwhile is moved first.
    store.rewrap_person_keys(|_, _| {}).await?;
    store.reseal_totp_secrets().await?;
    let mut used: Vec<(u32, u64)> = store.master_keys_in_use().await?;
    used.extend(store.totp_master_keys().await?);
    let used: Vec<u32> = used.into_iter().map(|(id, _)| id).collect();
    let ring = keys.ring();
    let pruned = ring.pruned(&used);
    let removed: Vec<u32> = ring
        .master_ids()
        .into_iter()
        .filter(|id| !pruned.master_ids().contains(id))
        .collect();
    if removed.is_empty() {
        println!("No master key can be removed.");
    } else {
        pruned.replace_file(&settings.key_file)?;
        println!("Removed master keys {removed:?} from the key file; no data needs them.");
        println!(
            "Replace your safe copy of {} with the new one now.",
            settings.key_file.display()
        );
    }
    store.close().await?;
    Ok(())
}

async fn status(settings: &Settings) -> CliResult {
    let keys = existing_keys(settings)?;
    let store = keyed_store(settings, keys.clone()).await?;
    let ring = keys.ring();
    match &settings.keys_text {
        Some(_) => println!("keys: from TONLE_KEYS"),
        None => println!("key file: {}", settings.key_file.display()),
    }
    println!("active master key: {}", ring.active_id());
    let people = store.master_keys_in_use().await?;
    let totp = store.totp_master_keys().await?;
    let count =
        |list: &[(u32, u64)], id: u32| list.iter().find(|(m, _)| *m == id).map_or(0, |(_, n)| *n);
    let mut ids = ring.master_ids();
    ids.extend(people.iter().chain(&totp).map(|(id, _)| *id));
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let missing = if ring.master(id).is_err() {
            " (MISSING from the key file: that data cannot be read)"
        } else {
            ""
        };
        println!(
            "master key {id}: wraps {} people's data keys and {} two-factor secrets{missing}",
            count(&people, id),
            count(&totp, id)
        );
    }
    store.close().await?;
    Ok(())
}

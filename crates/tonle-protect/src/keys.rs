//! The key ring: master keys that wrap every person's data key, the key of the blind indexes and
//! the key of the audit chain. It lives in a key file (or an environment variable), never in the
//! database, so a copy of the database or of its backups reveals nothing without it.
//!
//! Master keys rotate: `rotate` adds a new active key and the store re-wraps data keys under it;
//! old keys stay in the ring until no data key needs them. The index and audit keys do not
//! rotate (changing them means recomputing every index and the whole chain).

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// 256 secret bits, wiped from memory when dropped and never printed.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret([u8; 32]);

impl Secret {
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Self(bytes))
    }

    fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the key file {path} does not exist; create it with `tonle keys init`")]
    Missing { path: PathBuf },
    #[error("the key file {path} could not be read or written: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("the key file {where_} is not a valid Tonle key file: {reason}")]
    Invalid { where_: String, reason: String },
    #[error("the key file {path} already exists; `tonle keys rotate` adds a new master key")]
    Exists { path: PathBuf },
    #[error(
        "master key {0} is not in the key ring; the key file that encrypted this data is needed"
    )]
    UnknownMaster(u32),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: u32,
    active: u32,
    index: String,
    audit: String,
    master: Vec<MasterEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MasterEntry {
    id: u32,
    key: String,
    created: DateTime<Utc>,
}

const HEADER: &str = "# Tonle key file. Without it the people's data in the database cannot be read:\n\
# keep a copy somewhere safe, away from the database and its backups. Never share it.\n";

/// Every key Tonle uses.
#[derive(Clone)]
pub struct KeyRing {
    masters: BTreeMap<u32, (Secret, DateTime<Utc>)>,
    active: u32,
    index: Secret,
    audit: Secret,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("masters", &self.master_ids())
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    pub fn generate(now: DateTime<Utc>) -> Self {
        Self {
            masters: BTreeMap::from([(1, (Secret::random(), now))]),
            active: 1,
            index: Secret::random(),
            audit: Secret::random(),
        }
    }

    /// Reads a key file's text; `where_` names it in errors.
    pub fn parse(text: &str, where_: &str) -> Result<Self, KeyError> {
        let invalid = |reason: String| KeyError::Invalid {
            where_: where_.to_owned(),
            reason,
        };
        let file: KeyFile = toml::from_str(text).map_err(|e| invalid(e.message().to_owned()))?;
        if file.format != 1 {
            return Err(invalid(format!("unknown format {}", file.format)));
        }
        let secret = |name: &str, hex: &str| {
            Secret::from_hex(hex).ok_or_else(|| invalid(format!("{name} is not 64 hex digits")))
        };
        let mut masters = BTreeMap::new();
        for entry in &file.master {
            let key = secret(&format!("master key {}", entry.id), &entry.key)?;
            if masters.insert(entry.id, (key, entry.created)).is_some() {
                return Err(invalid(format!("master key {} appears twice", entry.id)));
            }
        }
        if !masters.contains_key(&file.active) {
            return Err(invalid(format!(
                "the active master key {} is missing",
                file.active
            )));
        }
        Ok(Self {
            masters,
            active: file.active,
            index: secret("index", &file.index)?,
            audit: secret("audit", &file.audit)?,
        })
    }

    pub fn to_text(&self) -> String {
        let file = KeyFile {
            format: 1,
            active: self.active,
            index: self.index.to_hex(),
            audit: self.audit.to_hex(),
            master: self
                .masters
                .iter()
                .map(|(id, (key, created))| MasterEntry {
                    id: *id,
                    key: key.to_hex(),
                    created: *created,
                })
                .collect(),
        };
        let body = toml::to_string(&file).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// The ring with a new master key that becomes the active one.
    pub fn rotated(&self, now: DateTime<Utc>) -> Self {
        let mut next = self.clone();
        let id = self.masters.keys().max().copied().unwrap_or(0) + 1;
        next.masters.insert(id, (Secret::random(), now));
        next.active = id;
        next
    }

    /// The ring without the master keys no data depends on any more (the active one stays).
    pub fn pruned(&self, still_used: &[u32]) -> Self {
        let mut next = self.clone();
        next.masters
            .retain(|id, _| *id == self.active || still_used.contains(id));
        next
    }

    pub fn active_id(&self) -> u32 {
        self.active
    }

    pub fn master_ids(&self) -> Vec<u32> {
        self.masters.keys().copied().collect()
    }

    pub fn master(&self, id: u32) -> Result<&Secret, KeyError> {
        self.masters
            .get(&id)
            .map(|(key, _)| key)
            .ok_or(KeyError::UnknownMaster(id))
    }

    pub fn active_master(&self) -> Result<(u32, &Secret), KeyError> {
        Ok((self.active, self.master(self.active)?))
    }

    pub fn index_key(&self) -> &Secret {
        &self.index
    }

    pub fn audit_key(&self) -> &Secret {
        &self.audit
    }

    pub fn load(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => KeyError::Missing {
                path: path.to_owned(),
            },
            _ => io_error(path, &e),
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Writes a new key file, refusing to overwrite one (that would lose every person's data).
    pub fn create_file(&self, path: &Path) -> Result<(), KeyError> {
        if path.exists() {
            return Err(KeyError::Exists {
                path: path.to_owned(),
            });
        }
        write_private(path, &self.to_text(), true)
    }

    /// Replaces the key file atomically: a fresh sibling (owner-only, and owned by whoever owns
    /// the file now, so a server running as another account can still read it), flushed, renamed
    /// over it, and the directory flushed so the new name survives a power cut. Call it while
    /// holding [`KeyFileLock`].
    pub fn replace_file(&self, path: &Path) -> Result<(), KeyError> {
        let temp = path.with_extension("keys.new");
        // Under the lock nobody else writes it: a leftover is from an interrupted run.
        if temp.exists() {
            std::fs::remove_file(&temp).map_err(|e| io_error(&temp, &e))?;
        }
        write_private(&temp, &self.to_text(), true)?;
        #[cfg(unix)]
        if let Ok(meta) = std::fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            std::os::unix::fs::chown(&temp, Some(meta.uid()), Some(meta.gid()))
                .map_err(|e| io_error(&temp, &e))?;
        }
        std::fs::rename(&temp, path).map_err(|e| io_error(path, &e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| io_error(dir, &e))?;
        }
        Ok(())
    }
}

/// An exclusive lock on a key file for as long as it lives, so two `tonle keys` commands never
/// rewrite it at once (one could drop a master key the other had just used).
pub struct KeyFileLock {
    _file: std::fs::File,
}

impl KeyFileLock {
    pub fn acquire(key_file: &Path) -> Result<Self, KeyError> {
        let path = key_file.with_extension("keys.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(&path, &e))?;
        file.lock().map_err(|e| io_error(&path, &e))?;
        Ok(Self { _file: file })
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> KeyError {
    KeyError::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// Writes a file only its owner can read, flushed to disk before returning.
fn write_private(path: &Path, text: &str, new: bool) -> Result<(), KeyError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| io_error(path, &e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(path, &e))
}

/// Where the running program gets its keys: a file it re-reads when it changes (so
/// `tonle keys rotate` takes effect without a restart), or a fixed text from the environment.
#[derive(Debug)]
pub struct Keys {
    path: Option<PathBuf>,
    state: RwLock<(Arc<KeyRing>, Option<SystemTime>)>,
}

impl Keys {
    pub fn from_file(path: &Path) -> Result<Self, KeyError> {
        let modified = modified(path);
        let ring = KeyRing::load(path)?;
        Ok(Self {
            path: Some(path.to_owned()),
            state: RwLock::new((Arc::new(ring), modified)),
        })
    }

    /// Keys that never change while running (from the environment, or for tests).
    pub fn fixed(ring: KeyRing) -> Self {
        Self {
            path: None,
            state: RwLock::new((Arc::new(ring), None)),
        }
    }

    /// The current ring, re-read first if the key file changed since it was loaded.
    pub fn ring(&self) -> Arc<KeyRing> {
        if let Some(path) = &self.path {
            let now = modified(path);
            let stale = self.state.read().map(|s| s.1 != now).unwrap_or(false);
            if stale {
                match KeyRing::load(path) {
                    Ok(ring) => {
                        if let Ok(mut state) = self.state.write() {
                            *state = (Arc::new(ring), now);
                        }
                    }
                    // A half-written or damaged file: keep the keys we have.
                    Err(e) => tracing_warn(&e),
                }
            }
        }
        match self.state.read() {
            Ok(state) => state.0.clone(),
            Err(poisoned) => poisoned.into_inner().0.clone(),
        }
    }
}

fn tracing_warn(e: &KeyError) {
    eprintln!("warning: keeping the loaded keys: {e}");
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_survives_its_file_and_rotation_keeps_old_keys() {
        let now = Utc::now();
        let ring = KeyRing::generate(now);
        let again = KeyRing::parse(&ring.to_text(), "test").unwrap();
        assert_eq!(again.index_key(), ring.index_key());
        assert_eq!(again.master(1).unwrap(), ring.master(1).unwrap());
        let rotated = ring.rotated(now);
        assert_eq!(rotated.active_id(), 2);
        assert_eq!(rotated.master_ids(), vec![1, 2]);
        assert_eq!(rotated.index_key(), ring.index_key());
        assert_ne!(
            rotated.active_master().unwrap().1,
            ring.active_master().unwrap().1
        );
        assert_eq!(rotated.pruned(&[]).master_ids(), vec![2]);
        assert!(matches!(
            rotated.pruned(&[]).master(1),
            Err(KeyError::UnknownMaster(1))
        ));
    }

    #[test]
    fn damaged_files_are_refused() {
        let text = KeyRing::generate(Utc::now()).to_text();
        assert!(KeyRing::parse(&text.replace("active = 1", "active = 7"), "t").is_err());
        assert!(KeyRing::parse("format = 1", "t").is_err());
        let short = text.replacen("index = \"", "index = \"0", 1);
        assert!(KeyRing::parse(&short, "t").is_err());
        assert!(!format!("{:?}", KeyRing::generate(Utc::now())).contains("index"));
    }

    #[test]
    fn files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tonle.keys");
        let ring = KeyRing::generate(Utc::now());
        ring.create_file(&path).unwrap();
        assert!(matches!(
            ring.create_file(&path),
            Err(KeyError::Exists { .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let keys = Keys::from_file(&path).unwrap();
        assert_eq!(keys.ring().active_id(), 1);
        std::thread::sleep(std::time::Duration::from_millis(20));
        ring.rotated(Utc::now()).replace_file(&path).unwrap();
        assert_eq!(keys.ring().active_id(), 2, "a changed file is re-read");
    }
}

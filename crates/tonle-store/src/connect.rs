//! Opening the database: which backend, its URL, the SQLite settings we insist on, migrations.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database};
use sea_orm_migration::MigratorTrait;

use crate::migrations::Migrator;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the data lives: a SQLite file, or a PostgreSQL URL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    SqliteFile(PathBuf),
    Postgres(String),
}

impl DatabaseTarget {
    /// Reads `TONLE_DATABASE_URL`-style text: `postgres://…`, `postgresql://…` or `sqlite://PATH`.
    pub fn from_url(url: &str) -> Result<DatabaseTarget, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url::Url::parse(url).map_err(|e| {
                StoreError::Connect(format!("the database URL is not a valid URL ({e})"))
            })?;
            Ok(DatabaseTarget::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() {
                return Err(StoreError::Connect("the SQLite URL names no file".into()));
            }
            Ok(DatabaseTarget::SqliteFile(PathBuf::from(path)))
        } else {
            Err(StoreError::Connect(
                "the database URL must start with postgres://, postgresql:// or sqlite://".into(),
            ))
        }
    }

    pub fn sqlite_in(data_dir: &Path) -> DatabaseTarget {
        DatabaseTarget::SqliteFile(data_dir.join("tonle.sqlite3"))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseTarget::SqliteFile(_) => Backend::Sqlite,
            DatabaseTarget::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseTarget::SqliteFile(path) => format!("sqlite://{}", path.display()),
            DatabaseTarget::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "postgres://(invalid URL)".into(),
            },
        }
    }
}

impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Store {
    /// Connects (creating a SQLite file if needed) without touching the schema.
    pub async fn connect(
        target: &DatabaseTarget,
        max_connections: u32,
    ) -> Result<Store, StoreError> {
        let url = match target {
            DatabaseTarget::SqliteFile(path) => format!("sqlite://{}?mode=rwc", path.display()),
            DatabaseTarget::Postgres(url) => {
                probe_postgres(url).await?;
                url.clone()
            }
        };
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(max_connections.max(1))
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Deleted content is overwritten, not just unlinked: an erased person's
                    // sealed details and key must not linger in free pages.
                    .pragma("secure_delete", "ON")
            });
        let db = Database::connect(options)
            .await
            .map_err(|e| StoreError::Connect(describe_connect_error(&e.to_string())))?;
        if let DatabaseTarget::SqliteFile(path) = target {
            owner_only(path)?;
        }
        Ok(Store {
            db,
            backend: target.backend(),
            keys: None,
        })
    }

    /// Connects and applies every pending migration.
    pub async fn open(target: &DatabaseTarget, max_connections: u32) -> Result<Store, StoreError> {
        let store = Store::connect(target, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations; returns how many ran.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        let pending = Migrator::get_pending_migrations(&self.db).await?.len();
        Migrator::up(&self.db, None).await?;
        Ok(pending)
    }

    /// Names of migrations not yet applied (for `tonle check`).
    pub async fn pending_migrations(&self) -> Result<Vec<String>, StoreError> {
        Ok(Migrator::get_pending_migrations(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect())
    }

    /// A round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await.map_err(StoreError::from)
    }
}

/// The database file holds password hashes and, later, survivors' records: readable by the
/// account that runs Tonle only. SQLite gives its -wal and -shm files the same permissions.
fn owner_only(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            StoreError::Connect(format!(
                "cannot restrict access to {} ({e})",
                path.display()
            ))
        })?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The pool retries a refused connection until its timeout and then only says "timed out";
/// one plain TCP attempt first gives the person the real reason at once.
async fn probe_postgres(url: &str) -> Result<(), StoreError> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Ok(());
    };
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Ok(()); // a Unix socket: nothing to probe over TCP
    };
    let port = parsed.port().unwrap_or(5432);
    let attempt = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::net::TcpStream::connect((host, port)),
    );
    match attempt.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Err(
            StoreError::Connect("nothing is listening at that address (connection refused)".into()),
        ),
        Ok(Err(e)) => Err(StoreError::Connect(format!(
            "the server cannot be reached ({e})"
        ))),
        Err(_) => Err(StoreError::Connect(
            "the server did not answer within 5 seconds".into(),
        )),
    }
}

/// Turns a driver's error text into the part a person can act on.
fn describe_connect_error(raw: &str) -> String {
    let lower = raw.to_lowercase();
    if lower.contains("connection refused") {
        "nothing is listening at that address (connection refused)".into()
    } else if lower.contains("password authentication failed") {
        "the user name or password is wrong".into()
    } else if lower.contains("does not exist") {
        "the database or role does not exist".into()
    } else if lower.contains("unable to open database file") {
        "the SQLite file cannot be created or opened (check the directory exists and is writable)"
            .into()
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "the server did not answer in time".into()
    } else {
        raw.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_a_backend_and_hide_passwords() {
        let pg = DatabaseTarget::from_url("postgres://app:s3cret@db.example:5432/tonle");
        let pg = pg.unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(pg.backend(), Backend::Postgres);
        assert!(!pg.redacted().contains("s3cret"));
        assert!(!format!("{pg:?}").contains("s3cret"));
        let lite = DatabaseTarget::from_url("sqlite:///tmp/x.db?mode=rwc");
        assert_eq!(
            lite.ok(),
            Some(DatabaseTarget::SqliteFile(PathBuf::from("/tmp/x.db")))
        );
        assert!(DatabaseTarget::from_url("mysql://x").is_err());
        assert!(DatabaseTarget::from_url("sqlite://").is_err());
    }
}

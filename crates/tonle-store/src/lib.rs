//! Tonle's storage: one store API over embedded SQLite and PostgreSQL.
//!
//! Every query is written once with SeaORM / sea-query and runs on both backends; the migration
//! history is shared. Functions that change several rows run in one transaction.

pub mod attachments;
pub mod audit;
pub mod cases;
mod connect;
pub mod consent;
pub mod entities;
mod error;
pub mod hashing;
mod migrations;
pub mod organisations;
pub mod password_resets;
pub mod people;
pub mod places;
pub mod projects;
pub mod sessions;
pub mod shelters;
pub mod sign_in;
pub mod summary;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod two_factor;
pub mod users;

pub use connect::{Backend, DatabaseTarget};
pub use error::StoreError;

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tonle_protect::keys::{KeyRing, Keys};

/// A handle on the database; cheap to clone (a connection pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    keys: Option<Arc<Keys>>,
}

impl Store {
    /// The store with the keys that seal people's data and chain the audit log.
    pub fn with_keys(mut self, keys: Arc<Keys>) -> Self {
        self.keys = Some(keys);
        self
    }

    /// The current key ring; an error when the store was opened without keys.
    pub fn keys(&self) -> Result<Arc<KeyRing>, StoreError> {
        self.keys
            .as_ref()
            .map(|k| k.ring())
            .ok_or(StoreError::NoKeys)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Closes the pool, waiting for connections to finish (SQLite then checkpoints its WAL).
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await.map_err(StoreError::from)
    }
}

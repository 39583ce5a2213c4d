//! Tonle's storage: one store API over embedded SQLite and PostgreSQL.
//!
//! Every query is written once with SeaORM / sea-query and runs on both backends; the migration
//! history is shared. Functions that change several rows run in one transaction.

mod connect;
pub mod entities;
mod error;
mod migrations;
pub mod organisations;
pub mod password_resets;
pub mod places;
pub mod projects;
pub mod sessions;
pub mod sign_in;
pub mod summary;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod two_factor;
pub mod users;

pub use connect::{Backend, DatabaseTarget};
pub use error::StoreError;

use sea_orm::DatabaseConnection;

/// A handle on the database; cheap to clone (a connection pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
}

impl Store {
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

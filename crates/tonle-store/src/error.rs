use sea_orm::{DbErr, SqlErr};
use tonle_domain::Invalid;

/// What can go wrong in the store. `Conflict` and `Invalid` are the user's to fix; `Database`
/// is ours (the web layer logs it and shows a generic message with a request id).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// A unique value is taken; the key names a translated message.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("not found")]
    NotFound,
    /// The acting user's roles do not allow this.
    #[error("not allowed")]
    Forbidden,
    #[error("database error: {0}")]
    Database(DbErr),
    /// A rule of the work refuses the action; the key names a translated message.
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("this command needs the key file (see `tonle keys init`)")]
    NoKeys,
    #[error("sealed data could not be opened: {0}")]
    Crypto(#[from] tonle_protect::crypto::CryptoError),
    /// Too many password checks are already waiting for their turn (a 503: try again soon).
    #[error("too many password checks at once")]
    Busy,
    #[error("password hashing failed")]
    Hash(#[from] tonle_protect::password::HashError),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        StoreError::Database(err)
    }
}

impl StoreError {
    /// Maps a unique-constraint violation to `Conflict(key)`, anything else to `Database`.
    pub(crate) fn unique(key: &'static str) -> impl Fn(DbErr) -> StoreError {
        move |err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(key),
            _ => StoreError::Database(err),
        }
    }
}

use sea_orm::entity::prelude::*;

/// Failed sign-in attempts under one key: a digest of a typed user name or of a client address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_digest: String,
    pub failures: i32,
    pub last_failure_at: DateTimeUtc,
    /// No attempt under this key is looked at before this time.
    pub next_allowed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

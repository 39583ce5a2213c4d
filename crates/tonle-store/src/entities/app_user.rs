use sea_orm::entity::prelude::*;

/// `user` is a reserved word in PostgreSQL, hence `app_user`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub display_name_km: Option<String>,
    pub password_hash: String,
    /// `en` or `km`; None until the user picks one (the browser's preference applies).
    pub language: Option<String>,
    pub disabled: bool,
    pub created_at: DateTimeUtc,
    pub last_sign_in_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub name_km: Option<String>,
    /// The network this organisation belongs to, if any.
    pub parent_id: Option<i64>,
    pub is_network: bool,
    /// Where the organisation is based (a gazetteer code).
    pub place_code: Option<String>,
    pub created_at: DateTimeUtc,
    /// Members must sign in with a second factor (and enrol before doing anything else).
    pub require_two_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A human being known to an organisation. Identifying fields live sealed in `identity`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub sex: String,
    pub birth_year: Option<i32>,
    pub birth_year_estimated: bool,
    pub nationality: Option<String>,
    pub origin_place_code: Option<String>,
    pub current_place_code: Option<String>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub identity: Option<Vec<u8>>,
    pub assigned_to: Option<i64>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

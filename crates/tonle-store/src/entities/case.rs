use sea_orm::entity::prelude::*;

/// An organisation's case for one person. `open_key` is the person's id while the case is open.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub person_id: i64,
    pub status: String,
    pub open_key: Option<i64>,
    pub intake_date: Date,
    pub worker_id: Option<i64>,
    pub closure_reason: Option<String>,
    pub closure_requested_by: Option<i64>,
    pub closure_requested_at: Option<DateTimeUtc>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

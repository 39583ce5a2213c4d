use sea_orm::entity::prelude::*;

/// A person's consent to one purpose, until withdrawn.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consent")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub person_id: i64,
    pub purpose: String,
    pub recipient_org_id: Option<i64>,
    pub given_on: Date,
    pub recorded_by: i64,
    pub recorded_at: DateTimeUtc,
    pub withdrawn_on: Option<Date>,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

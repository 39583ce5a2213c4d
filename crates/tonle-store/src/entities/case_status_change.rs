use sea_orm::entity::prelude::*;

/// One step of a case's workflow: opened, moved, closure requested, approved, reopened.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_status_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub step: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub changed_by: i64,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

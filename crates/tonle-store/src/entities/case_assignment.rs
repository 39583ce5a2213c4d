use sea_orm::entity::prelude::*;

/// Who a case was assigned to, from whom, by whom and when (reassignments kept).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub from_worker_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub assigned_by: i64,
    pub assigned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

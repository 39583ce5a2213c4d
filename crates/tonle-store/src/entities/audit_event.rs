use sea_orm::entity::prelude::*;

/// One entry of the append-only audit log. `hash` chains it to the entry before.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub org_id: Option<i64>,
    pub fields: String,
    pub client: String,
    #[sea_orm(column_type = "Binary(32)")]
    pub hash: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

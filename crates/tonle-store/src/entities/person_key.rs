use sea_orm::entity::prelude::*;

/// A person's data key, sealed under master key `master_id`. Deleting the row shreds the person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i64,
    pub master_id: i32,
    #[sea_orm(column_type = "Blob")]
    pub wrapped: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

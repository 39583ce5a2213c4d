use sea_orm::entity::prelude::*;

/// A unit of Cambodia's gazetteer, keyed by its code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "place")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub parent_code: Option<String>,
    pub level: String,
    pub name_km: String,
    pub name_latin: String,
    pub unit_type: String,
    /// Lower-case Latin name and Khmer name, for search that behaves alike on both backends.
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

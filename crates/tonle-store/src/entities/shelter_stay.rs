use sea_orm::entity::prelude::*;

/// One stay of a person in a shelter: admitted on a day, discharged on a later one (or still there).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shelter_stay")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_id: i64,
    pub shelter_id: i64,
    pub person_id: i64,
    pub admitted_on: Date,
    pub planned_until: Date,
    pub discharged_on: Option<Date>,
    pub destination: Option<String>,
    pub admitted_by: i64,
    pub admitted_at: DateTimeUtc,
    pub discharged_by: Option<i64>,
    pub discharged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

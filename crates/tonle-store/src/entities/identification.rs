use sea_orm::entity::prelude::*;

/// A case's identification: HTCDS codes in the clear, the journey sealed with the person's key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    pub org_id: i64,
    pub identified_by: Option<String>,
    pub trafficking_status: Option<String>,
    pub recruitment_method: Option<String>,
    pub recruiter_relation: Option<String>,
    pub exploitation: Option<String>,
    pub labour_industry: Option<String>,
    pub sex_exploitation: Option<String>,
    pub means_of_control: String,
    pub vulnerabilities: String,
    pub origin_country: Option<String>,
    pub transit_country: Option<String>,
    pub destination_country: Option<String>,
    #[sea_orm(column_type = "Blob")]
    pub journey: Vec<u8>,
    pub updated_by: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

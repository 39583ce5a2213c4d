//! Shelters and stays. A facility's place is kept no finer than a commune; its street address
//! is not stored at all (a safe house must not be found from a copy of the database).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::helpers::{fk, index, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("shelter"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(string_len("name", 120))
                .col(string_len("kind", 20))
                .col(integer("capacity"))
                .col(integer("planned_days"))
                .col(string_len("place_code", 6))
                .col(big_integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("shelter", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("shelter", "place_code", "place", "code"))
                .foreign_key(&mut fk("shelter", "created_by", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_shelter_org",
            "shelter",
            &["org_id", "name"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("shelter_stay"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(big_integer("shelter_id"))
                .col(big_integer("person_id"))
                .col(date("admitted_on"))
                .col(date("planned_until"))
                .col(date_null("discharged_on"))
                .col(string_len_null("destination", 20))
                .col(big_integer("admitted_by"))
                .col(timestamp_with_time_zone("admitted_at"))
                .col(big_integer_null("discharged_by"))
                .col(timestamp_with_time_zone_null("discharged_at"))
                .foreign_key(&mut fk("shelter_stay", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("shelter_stay", "shelter_id", "shelter", "id"))
                .foreign_key(&mut fk("shelter_stay", "person_id", "person", "id"))
                .foreign_key(&mut fk("shelter_stay", "admitted_by", "app_user", "id"))
                .foreign_key(&mut fk("shelter_stay", "discharged_by", "app_user", "id"))
                .take(),
        )
        .await?;
        // Occupancy over a date range reads a facility's stays by admission day.
        m.create_index(index(
            "ix_shelter_stay_shelter",
            "shelter_stay",
            &["shelter_id", "admitted_on"],
            false,
        ))
        .await?;
        m.create_index(index(
            "ix_shelter_stay_person",
            "shelter_stay",
            &["person_id", "admitted_on"],
            false,
        ))
        .await?;
        Ok(())
    }
}

//! Cases, their assignment and status history, and identification. At most one open case per
//! person and organisation: `open_key` holds the person's id while the case is open (NULL once
//! closed) under a unique index, which both backends enforce (NULLs never collide).

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
                .table(t("case"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(big_integer("person_id"))
                // The HTCDS value: Active, Follow up, Closed, Closed Referred.
                .col(string_len("status", 20))
                .col(big_integer_null("open_key"))
                .col(date("intake_date"))
                .col(big_integer_null("worker_id"))
                .col(string_len_null("closure_reason", 20))
                .col(big_integer_null("closure_requested_by"))
                .col(timestamp_with_time_zone_null("closure_requested_at"))
                .col(big_integer_null("closed_by"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(big_integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("case", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("case", "person_id", "person", "id"))
                .foreign_key(&mut fk("case", "worker_id", "app_user", "id"))
                .foreign_key(&mut fk("case", "created_by", "app_user", "id"))
                .take(),
        )
        .await?;
        // The case list pages by id within these filters.
        for (name, cols, unique) in [
            ("ux_case_open", &["org_id", "open_key"][..], true),
            ("ix_case_org", &["org_id", "id"][..], false),
            ("ix_case_org_status", &["org_id", "status", "id"][..], false),
            (
                "ix_case_org_worker",
                &["org_id", "worker_id", "id"][..],
                false,
            ),
            (
                "ix_case_org_intake",
                &["org_id", "intake_date", "id"][..],
                false,
            ),
            ("ix_case_person", &["person_id", "id"][..], false),
        ] {
            m.create_index(index(name, "case", cols, unique)).await?;
        }
        m.create_index(index(
            "ix_person_org_origin",
            "person",
            &["org_id", "origin_place_code", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("case_assignment"))
                .col(big_pk_auto("id"))
                .col(big_integer("case_id"))
                .col(big_integer_null("from_worker_id"))
                .col(big_integer_null("worker_id"))
                .col(big_integer("assigned_by"))
                .col(timestamp_with_time_zone("assigned_at"))
                .foreign_key(&mut fk("case_assignment", "case_id", "case", "id"))
                .foreign_key(&mut fk("case_assignment", "worker_id", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_case_assignment_case",
            "case_assignment",
            &["case_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("case_status_change"))
                .col(big_pk_auto("id"))
                .col(big_integer("case_id"))
                .col(string_len("step", 20))
                .col(string_len_null("from_status", 20))
                .col(string_len("to_status", 20))
                .col(string_len_null("reason", 20))
                .col(big_integer("changed_by"))
                .col(timestamp_with_time_zone("changed_at"))
                .foreign_key(&mut fk("case_status_change", "case_id", "case", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_case_status_change_case",
            "case_status_change",
            &["case_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("identification"))
                .col(big_integer("case_id").primary_key())
                .col(big_integer("org_id"))
                // HTCDS codes in the clear: they feed statistics.
                .col(string_len_null("identified_by", 60))
                .col(string_len_null("trafficking_status", 60))
                .col(string_len_null("recruitment_method", 60))
                .col(string_len_null("recruiter_relation", 60))
                .col(string_len_null("exploitation", 60))
                .col(string_len_null("labour_industry", 160))
                .col(string_len_null("sex_exploitation", 60))
                // Several codes, separated by '|'.
                .col(string_len("means_of_control", 1000))
                .col(string_len("vulnerabilities", 1000))
                .col(string_len_null("origin_country", 2))
                .col(string_len_null("transit_country", 2))
                .col(string_len_null("destination_country", 2))
                // Dates, places and the narrative: sealed with the person's data key.
                .col(blob("journey"))
                .col(big_integer("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("identification", "case_id", "case", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_identification_exploitation",
            "identification",
            &["org_id", "exploitation", "case_id"],
            false,
        ))
        .await?;
        Ok(())
    }
}

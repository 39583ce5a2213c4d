//! People (identifying fields sealed, blind-index tokens beside them), their data keys, consent,
//! and the hash-chained audit log.

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
                .table(t("person"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(string_len("sex", 10))
                .col(integer_null("birth_year"))
                .col(boolean("birth_year_estimated"))
                .col(string_len_null("nationality", 2))
                .col(string_len_null("origin_place_code", 8))
                .col(string_len_null("current_place_code", 8))
                // Names, aliases, date of birth, phone, address: one sealed JSON document.
                .col(blob_null("identity"))
                .col(big_integer_null("assigned_to"))
                .col(big_integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("erased_at"))
                .foreign_key(&mut fk("person", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("person", "origin_place_code", "place", "code"))
                .foreign_key(&mut fk("person", "current_place_code", "place", "code"))
                .foreign_key(&mut fk("person", "assigned_to", "app_user", "id"))
                .foreign_key(&mut fk("person", "created_by", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(index("ix_person_org", "person", &["org_id", "id"], false))
            .await?;
        m.create_index(index(
            "ix_person_assigned",
            "person",
            &["assigned_to"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("person_key"))
                .col(big_integer("person_id").primary_key())
                .col(integer("master_id"))
                .col(blob("wrapped"))
                .foreign_key(&mut fk("person_key", "person_id", "person", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_person_key_master",
            "person_key",
            &["master_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("person_token"))
                .col(big_integer("person_id"))
                .col(big_integer("org_id"))
                .col(binary_len("token", 16))
                .primary_key(Index::create().col(t("person_id")).col(t("token")))
                .foreign_key(&mut fk("person_token", "person_id", "person", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_person_token_lookup",
            "person_token",
            &["org_id", "token", "person_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("consent"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(big_integer("person_id"))
                .col(string_len("purpose", 20))
                .col(big_integer_null("recipient_org_id"))
                .col(date("given_on"))
                .col(big_integer("recorded_by"))
                .col(timestamp_with_time_zone("recorded_at"))
                .col(date_null("withdrawn_on"))
                .col(big_integer_null("withdrawn_by"))
                .col(timestamp_with_time_zone_null("withdrawn_at"))
                .foreign_key(&mut fk("consent", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("consent", "person_id", "person", "id"))
                .foreign_key(&mut fk("consent", "recipient_org_id", "organisation", "id"))
                .foreign_key(&mut fk("consent", "recorded_by", "app_user", "id"))
                .foreign_key(&mut fk("consent", "withdrawn_by", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(index("ix_consent_person", "consent", &["person_id"], false))
            .await?;

        // No foreign keys: the audit log outlives what it mentions, and is only ever appended to.
        m.create_table(
            Table::create()
                .table(t("audit_event"))
                .col(big_integer("seq").primary_key())
                .col(string_len("at", 32))
                .col(big_integer_null("actor_id"))
                .col(string_len("action", 40))
                .col(string_len_null("record_type", 20))
                .col(big_integer_null("record_id"))
                .col(big_integer_null("org_id"))
                .col(string_len("fields", 400))
                .col(string_len("client", 64))
                .col(binary_len("hash", 32))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_audit_record",
            "audit_event",
            &["record_type", "record_id", "seq"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("audit_head"))
                .col(integer("id").primary_key())
                .col(big_integer("seq"))
                .col(binary_len("hash", 32))
                .take(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(t("audit_head"))
                .columns([t("id"), t("seq"), t("hash")])
                .values_panic([1.into(), 0i64.into(), vec![0u8; 32].into()])
                .take(),
        )
        .await?;
        Ok(())
    }
}

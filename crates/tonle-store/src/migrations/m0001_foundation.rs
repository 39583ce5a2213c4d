//! Organisations, projects, users and their roles, sessions, and the gazetteer's table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn t(name: &'static str) -> Alias {
    Alias::new(name)
}

fn fk(
    from: &'static str,
    column: &'static str,
    to: &'static str,
    to_column: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(t(from), t(column))
        .to(t(to), t(to_column))
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("place"))
                .col(string_len("code", 8).primary_key())
                .col(string_len_null("parent_code", 8))
                .col(string_len("level", 10))
                .col(string("name_km"))
                .col(string("name_latin"))
                .col(string("unit_type"))
                .col(string("search_text"))
                .foreign_key(&mut fk("place", "parent_code", "place", "code"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_place_parent")
                .table(t("place"))
                .col(t("parent_code"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("organisation"))
                .col(big_pk_auto("id"))
                .col(string_len("name", 200))
                .col(string_len_null("name_km", 200))
                .col(big_integer_null("parent_id"))
                .col(boolean("is_network"))
                .col(string_len_null("place_code", 8))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("organisation", "parent_id", "organisation", "id"))
                .foreign_key(&mut fk("organisation", "place_code", "place", "code"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_organisation_name")
                .table(t("organisation"))
                .col(t("name"))
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("project"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(string_len("name", 200))
                .col(string_len("donor", 200))
                .col(date("start_date"))
                .col(date("end_date"))
                .col(big_integer("budget_minor"))
                .col(string_len("currency", 3))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("project", "org_id", "organisation", "id"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_project_org")
                .table(t("project"))
                .col(t("org_id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("app_user"))
                .col(big_pk_auto("id"))
                .col(string_len_uniq("username", 64))
                .col(string_len("display_name", 120))
                .col(string_len_null("display_name_km", 120))
                .col(string("password_hash"))
                .col(string_len_null("language", 5))
                .col(boolean("disabled"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_sign_in_at"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("membership"))
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(big_integer("org_id"))
                .col(string_len("role", 32))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("membership", "user_id", "app_user", "id"))
                .foreign_key(&mut fk("membership", "org_id", "organisation", "id"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_membership_user_org")
                .table(t("membership"))
                .col(t("user_id"))
                .col(t("org_id"))
                .unique()
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_membership_org")
                .table(t("membership"))
                .col(t("org_id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("session"))
                .col(string_len("token_digest", 64).primary_key())
                .col(big_integer("user_id"))
                .col(string_len("csrf_token", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .foreign_key(&mut fk("session", "user_id", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_session_user")
                .table(t("session"))
                .col(t("user_id"))
                .take(),
        )
        .await?;
        Ok(())
    }
}

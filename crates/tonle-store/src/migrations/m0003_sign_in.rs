//! Sign-in hardening: throttling of failed attempts, TOTP two-factor with recovery codes, the
//! pending state between the password and the code, one-time password-reset links, and an
//! organisation's demand for two-factor sign-in.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn t(name: &'static str) -> Alias {
    Alias::new(name)
}

/// A foreign key to a user that goes with the user.
fn to_user(from: &'static str, column: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(t(from), t(column))
        .to(t("app_user"), t("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Keyed by a digest of the typed user name (or of the client address), so an unknown
        // name is throttled exactly like a known one and no typed name is kept in clear.
        m.create_table(
            Table::create()
                .table(t("sign_in_throttle"))
                .col(string_len("key_digest", 64).primary_key())
                .col(integer("failures"))
                .col(timestamp_with_time_zone("last_failure_at"))
                .col(timestamp_with_time_zone_null("next_allowed_at"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("two_factor"))
                .col(big_integer("user_id").primary_key())
                // Sealed by `two_factor::seal_totp_secret`, never the bare secret.
                .col(blob("totp_secret"))
                .col(timestamp_with_time_zone_null("enabled_at"))
                // The last 30-second step whose code was accepted: a code works once.
                .col(big_integer_null("last_step"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut to_user("two_factor", "user_id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("recovery_code"))
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_len("code_digest", 64))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut to_user("recovery_code", "user_id"))
                .take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_recovery_code_user")
                .table(t("recovery_code"))
                .col(t("user_id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("sign_in_pending"))
                .col(string_len("token_digest", 64).primary_key())
                .col(big_integer("user_id"))
                .col(string_len("account_key", 64))
                .col(string_len("next", 2048))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut to_user("sign_in_pending", "user_id"))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("password_reset"))
                .col(string_len("token_digest", 64).primary_key())
                .col(big_integer("user_id"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut to_user("password_reset", "user_id"))
                .take(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(t("organisation"))
                .add_column(boolean("require_two_factor").default(false))
                .take(),
        )
        .await?;
        Ok(())
    }
}

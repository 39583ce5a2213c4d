//! Files attached to a person's record: photos and documents, name and content sealed with the
//! person's data key (so erasing her key makes them unreadable, and erasing her deletes them).

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
                .table(t("attachment"))
                .col(big_pk_auto("id"))
                .col(big_integer("org_id"))
                .col(big_integer("person_id"))
                .col(string_len("kind", 10))
                .col(big_integer("size"))
                // One of the media types Tonle sniffs for (JPEG, PNG, PDF), never the browser's.
                .col(string_len("content_type", 40))
                .col(blob("name"))
                .col(blob("content"))
                .col(big_integer("uploaded_by"))
                .col(timestamp_with_time_zone("uploaded_at"))
                .foreign_key(&mut fk("attachment", "org_id", "organisation", "id"))
                .foreign_key(&mut fk("attachment", "person_id", "person", "id"))
                .foreign_key(&mut fk("attachment", "uploaded_by", "app_user", "id"))
                .take(),
        )
        .await?;
        m.create_index(index(
            "ix_attachment_person",
            "attachment",
            &["person_id", "id"],
            false,
        ))
        .await?;
        Ok(())
    }
}

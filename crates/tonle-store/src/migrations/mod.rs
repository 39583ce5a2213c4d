//! One forward-only migration history for both backends. A migration, once released, never
//! changes: a fix is a new migration.

use sea_orm_migration::prelude::*;

mod helpers;
mod m0001_foundation;
mod m0002_protection;
mod m0003_sign_in;
mod m0004_attachments;
mod m0005_cases;
mod m0006_shelters;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_protection::Migration),
            Box::new(m0003_sign_in::Migration),
            Box::new(m0004_attachments::Migration),
            Box::new(m0005_cases::Migration),
            Box::new(m0006_shelters::Migration),
        ]
    }
}

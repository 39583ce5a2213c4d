//! SeaORM entities: one per table, the same on SQLite and PostgreSQL.

pub mod app_user;
pub mod membership;
pub mod organisation;
pub mod place;
pub mod project;
pub mod session;

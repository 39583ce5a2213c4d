//! SeaORM entities: one per table, the same on SQLite and PostgreSQL.

pub mod app_user;
pub mod attachment;
pub mod audit_event;
pub mod audit_head;
pub mod case;
pub mod case_assignment;
pub mod case_status_change;
pub mod consent;
pub mod identification;
pub mod membership;
pub mod organisation;
pub mod password_reset;
pub mod person;
pub mod person_key;
pub mod person_token;
pub mod place;
pub mod project;
pub mod recovery_code;
pub mod session;
pub mod shelter;
pub mod shelter_stay;
pub mod sign_in_pending;
pub mod sign_in_throttle;
pub mod two_factor;

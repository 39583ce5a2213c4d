//! Tonle's domain: the types and rules of counter-trafficking work, with no I/O.
//!
//! Every type here validates on construction, so the other crates can trust a value once they hold it.

pub mod access;
pub mod accounts;
pub mod attachments;
pub mod cases;
pub mod consent;
pub mod identification;
pub mod ids;
pub mod khmer;
pub mod language;
pub mod money;
pub mod organisations;
pub mod passwords;
pub mod people;
pub mod places;
pub mod projects;
pub mod roles;
pub mod shelters;
pub mod sign_in;
pub mod text;
pub mod time;
pub mod validation;

pub use validation::Invalid;

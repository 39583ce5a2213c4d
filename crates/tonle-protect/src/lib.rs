//! Protection of data: what keeps a leaked database or a curious colleague from learning too much.
//!
//! For now: password hashing and random secrets. Field encryption, blind indexes and the audit
//! chain arrive with the security work, in this crate.

pub mod password;
pub mod secrets;

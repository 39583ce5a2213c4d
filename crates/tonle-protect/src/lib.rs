//! Protection of data: what keeps a leaked database or a curious colleague from learning too much.
//!
//! Password hashing and random secrets; the key ring kept outside the database; field encryption
//! with a data key per person; keyed blind indexes for search; the keyed hash chain of the audit log.

pub mod audit;
pub mod blind;
pub mod crypto;
pub mod keys;
pub mod password;
pub mod secrets;
pub mod totp;

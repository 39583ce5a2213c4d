//! Password hashing with argon2id, tuned to about 60 ms per hash on a 2-core server
//! (46 MiB, 2 passes, 1 lane; measured figures in SECURITY.md).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Memory in KiB, passes and lanes of new hashes.
pub const M_COST_KIB: u32 = 47_104;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

/// Cheap parameters for test suites that create and sign in many users (about 1 ms a hash).
const TEST_M_COST_KIB: u32 = 1024;
const TEST_T_COST: u32 = 1;

static TEST_COST: AtomicBool = AtomicBool::new(false);

/// Makes new hashes in this process cheap. For tests only: a production binary never calls it.
/// Existing hashes still verify with the parameters they carry.
pub fn use_test_cost() {
    TEST_COST.store(true, Ordering::Relaxed);
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn hasher() -> Result<Argon2<'static>, HashError> {
    let (m, t) = if TEST_COST.load(Ordering::Relaxed) {
        (TEST_M_COST_KIB, TEST_T_COST)
    } else {
        (M_COST_KIB, T_COST)
    };
    let params = Params::new(m, t, P_COST, None).map_err(|e| HashError(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (`$argon2id$v=19$…`) that carries its own salt and parameters.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// True when `password` matches `stored`, whatever parameters `stored` was made with.
/// A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        // The parameters come from the PHC string, not from `Argon2::default()`.
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Whether a stored hash was made with other parameters than new hashes get (an older, cheaper
/// setting): after a successful sign-in it is worth replacing.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let Ok(current) = hasher() else {
        return false;
    };
    let wanted = current.params();
    match Params::try_from(&parsed) {
        Ok(p) => {
            parsed.algorithm.as_str() != "argon2id"
                || p.m_cost() != wanted.m_cost()
                || p.t_cost() != wanted.t_cost()
                || p.p_cost() != wanted.p_cost()
        }
        Err(_) => true,
    }
}

/// Spends the same time as [`verify`] for an account that does not exist, so the answer's
/// timing does not tell whether a user name is known.
pub fn verify_nobody(password: &str) {
    let _ = verify(password, dummy_hash());
}

/// Makes the hash [`verify_nobody`] checks against. Call it at start-up: made on first use,
/// the first unknown name would cost two hashes and stand out by its time.
pub fn prepare() {
    let _ = dummy_hash();
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash(&crate::secrets::token()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("correct horse battery").unwrap_or_default();
        let b = hash("correct horse battery").unwrap_or_default();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterY", &a));
        assert!(!verify("anything", "not a hash"));
        verify_nobody("anything");
        assert!(a.contains("m=47104,t=2,p=1"), "{a}");
        assert!(!needs_rehash(&a));
    }

    #[test]
    fn hashes_made_with_older_parameters_still_verify() {
        // argon2 0.5's defaults, used before the tuning.
        let old = Argon2::default()
            .hash_password(b"an older password", &SaltString::generate(&mut OsRng))
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(old.contains("m=19456,t=2,p=1"), "{old}");
        assert!(verify("an older password", &old));
        assert!(needs_rehash(&old));
        assert!(needs_rehash("garbage"));
    }
}

//! Time-based one-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, as every
//! authenticator app expects) and one-time recovery codes.

use rand::RngCore;
use totp_rs::{Algorithm, Builder, Secret, Totp};

pub const STEP_SECONDS: u64 = 30;
const DIGITS: u8 = 6;
/// A code from the step before or after also counts: phones' clocks drift.
const SKEW: u16 = 1;
/// 160-bit secrets, the size RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;

#[derive(Debug, thiserror::Error)]
#[error("TOTP: {0}")]
pub struct TotpError(String);

/// A fresh random secret.
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

fn totp(secret: &[u8], digits: u8, account: &str) -> Result<Totp, TotpError> {
    let mut builder = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(SKEW)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec());
    if !account.is_empty() {
        builder = builder
            .with_issuer(Some("Tonle"))
            .with_account_name(account);
    }
    builder.build().map_err(|e| TotpError(format!("{e:?}")))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &[u8], account: &str) -> Result<String, TotpError> {
    totp(secret, DIGITS, account)?
        .to_url()
        .map_err(|e| TotpError(format!("{e:?}")))
}

/// The secret in base32, for typing into an app by hand, in groups of four.
pub fn secret_for_typing(secret: &[u8]) -> String {
    let text = Secret::from(secret.to_vec()).to_base32();
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The step of `code` if it is right at `unix_time` (one step of skew either way). Spaces
/// people type are ignored. The caller must still refuse a step used before.
pub fn verify(secret: &[u8], code: &str, unix_time: u64) -> Option<i64> {
    verify_digits(secret, code, unix_time, DIGITS)
}

fn verify_digits(secret: &[u8], code: &str, unix_time: u64, digits: u8) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != usize::from(digits) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = totp(secret, digits, "").ok()?.check(&code, unix_time)?;
    i64::try_from(step).ok()
}

/// The code an app shows at `unix_time` (for tests and diagnostics).
pub fn code_at(secret: &[u8], unix_time: u64) -> Option<String> {
    totp(secret, DIGITS, "")
        .ok()
        .map(|t| t.generate(unix_time).to_string())
}

/// Ten one-time recovery codes like `k7mq2-x9tfw` (50 random bits each, no look-alike letters).
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| char::from(ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 appendix B, SHA-1 column (8 digits).
    #[test]
    fn rfc_6238_test_vectors() {
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let generated = totp(RFC_SECRET, 8, "").map(|t| t.generate(time).to_string());
            assert_eq!(generated.ok().as_deref(), Some(code), "at {time}");
            assert_eq!(
                verify_digits(RFC_SECRET, code, time, 8),
                i64::try_from(time / 30).ok()
            );
        }
    }

    #[test]
    fn one_step_of_skew_either_way_and_no_more() {
        let at = 1_111_111_109;
        let code = "07081804";
        let step = i64::try_from(at / 30).unwrap_or_default();
        assert_eq!(verify_digits(RFC_SECRET, code, at + 30, 8), Some(step));
        assert_eq!(verify_digits(RFC_SECRET, code, at - 30, 8), Some(step));
        assert_eq!(verify_digits(RFC_SECRET, code, at + 60, 8), None);
        assert_eq!(verify_digits(RFC_SECRET, "0708 1804", at, 8), Some(step));
        assert_eq!(verify_digits(RFC_SECRET, "07081805", at, 8), None);
        assert_eq!(verify_digits(RFC_SECRET, "abc", at, 8), None);
    }

    #[test]
    fn six_digit_codes_and_urls() {
        let secret = new_secret();
        assert_eq!(secret.len(), 20);
        let code = totp(&secret, 6, "")
            .map(|t| t.generate(1_800_000_000).to_string())
            .unwrap_or_default();
        assert_eq!(code.len(), 6);
        assert!(verify(&secret, &code, 1_800_000_000).is_some());
        let url = otpauth_url(&secret, "sokha").unwrap_or_default();
        assert!(url.starts_with("otpauth://totp/Tonle:sokha?"), "{url}");
        assert!(url.contains("issuer=Tonle"));
        assert_eq!(secret_for_typing(&secret).replace(' ', "").len(), 32);
    }

    #[test]
    fn recovery_codes_are_distinct() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 11 && &c[5..6] == "-"));
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
    }
}

//! User accounts: user names, display names, and the password rule.

use crate::Invalid;
use crate::validation::{optional_text, required_text};

pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 256;

/// A sign-in name: 3–64 lower-case ASCII letters, digits, `.`, `_` or `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Username, Invalid> {
        let name = text.trim().to_ascii_lowercase();
        let ok_len = (3..=64).contains(&name.len());
        let ok_start = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let ok_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if ok_len && ok_start && ok_chars {
            Ok(Username(name))
        } else {
            Err(Invalid::new("username", "error-username"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough, not a common one, not the user's name, not one character
/// repeated.
pub struct NewPassword(String);

impl NewPassword {
    /// For a user whose name is not known yet; prefer [`NewPassword::parse_for`].
    pub fn parse(text: &str) -> Result<NewPassword, Invalid> {
        Self::check(text, None)
    }

    /// A new password of the user called `username`, which it may not contain.
    pub fn parse_for(text: &str, username: &str) -> Result<NewPassword, Invalid> {
        Self::check(text, Some(username))
    }

    fn check(text: &str, username: Option<&str>) -> Result<NewPassword, Invalid> {
        let chars = text.chars().count();
        if chars < MIN_PASSWORD_CHARS || text.trim().chars().count() < MIN_PASSWORD_CHARS {
            return Err(Invalid::new("password", "error-password-short"));
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(Invalid::new("password", "error-too-long"));
        }
        if let Some(key) = crate::passwords::weakness(text, username) {
            return Err(Invalid::new("password", key));
        }
        Ok(NewPassword(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// A person's name as shown to colleagues, in Latin script and optionally in Khmer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName {
    pub latin: String,
    pub khmer: Option<String>,
}

impl DisplayName {
    pub fn parse(latin: &str, khmer: &str) -> Result<DisplayName, Invalid> {
        Ok(DisplayName {
            latin: required_text("display_name", latin, 120)?,
            khmer: optional_text("display_name_km", khmer, 120)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            Username::parse(" Sokha.Chan ").map(|u| u.0),
            Ok("sokha.chan".to_string())
        );
        for bad in ["ab", "1abc", "so kha", "sokha@x", "", "សុខា"] {
            assert!(Username::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("long enough").is_ok());
        assert!(NewPassword::parse("          ").is_err(), "spaces only");
        // Khmer passwords count characters, not bytes.
        assert!(NewPassword::parse("សុខសប្បាយ").is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-secret")),
            "Ok(NewPassword(…))"
        );
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        let key = |r: Result<NewPassword, Invalid>| r.err().map(|e| e.key);
        assert_eq!(
            key(NewPassword::parse("Password123")),
            Some("error-password-common")
        );
        assert_eq!(
            key(NewPassword::parse_for("sokha.chan-2026", "sokha.chan")),
            Some("error-password-has-username")
        );
        assert_eq!(
            key(NewPassword::parse("xxxxxxxxxxxx")),
            Some("error-password-repeated")
        );
        assert!(NewPassword::parse_for("tonle-demo-2026", "sokha.chan").is_ok());
    }
}

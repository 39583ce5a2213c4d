//! Passwords nobody should choose: the common ones (a shipped list, see `data/passwords/`),
//! those built on the user's own name, and one character repeated.

use std::collections::HashSet;
use std::sync::OnceLock;

const COMMON: &str = include_str!("../../../data/passwords/common-passwords.txt");
const LOCAL: &str = include_str!("../../../data/passwords/local-words.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .chain(LOCAL.lines())
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect()
    })
}

/// Why a password is too guessable, as a message key; `None` when it is not.
pub fn weakness(password: &str, username: Option<&str>) -> Option<&'static str> {
    let lower = password.trim().to_lowercase();
    let mut chars = lower.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Some("error-password-repeated");
    }
    if let Some(name) = username.map(|n| n.trim().to_lowercase())
        && !name.is_empty()
        && lower.contains(&name)
    {
        return Some("error-password-has-username");
    }
    // "sunshine2024!" is as weak as "sunshine": guessers try common words with such endings.
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let list = common();
    if list.contains(lower.as_str()) || (!base.is_empty() && list.contains(base)) {
        return Some("error-password-common");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_loaded() {
        assert!(common().len() > 29_000);
        assert!(common().contains("password"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for weak in [
            "1234567890",
            "qwertyuiop",
            "QwertyUiop",
            "Password123",
            "iloveyou2024!",
            "sunshine!!!!",
            "Cambodia2026",
            "baseball12345",
        ] {
            assert_eq!(
                weakness(weak, None),
                Some("error-password-common"),
                "{weak}"
            );
        }
    }

    #[test]
    fn own_name_and_repeats_are_refused() {
        assert_eq!(
            weakness("my-sokha.chan-pass", Some("sokha.chan")),
            Some("error-password-has-username")
        );
        assert_eq!(
            weakness("SOKHA.CHAN-and-more", Some("sokha.chan")),
            Some("error-password-has-username")
        );
        assert_eq!(
            weakness("aaaaaaaaaaaa", None),
            Some("error-password-repeated")
        );
        assert_eq!(
            weakness("ខខខខខខខខខខ", None),
            Some("error-password-repeated")
        );
    }

    #[test]
    fn ordinary_passwords_pass() {
        for ok in [
            "tonle-demo-2026",
            "a-long-test-password",
            "river bank at dawn",
            "សុខសប្បាយទេបង",
        ] {
            assert_eq!(weakness(ok, Some("sokha")), None, "{ok}");
        }
    }
}

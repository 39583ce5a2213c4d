//! Keyed blind indexes: what lets us find a person by name or phone without the name or phone
//! being in the database. A token is an HMAC of a normalised value under the index key, scoped to
//! one organisation so equal names in two organisations do not give equal tokens.
//!
//! Names are indexed by the prefixes of each word (2 to 10 characters, after Khmer normalisation
//! and Latin case and accent folding), so "srey" finds "Sreymom" and "ស្រី" finds "ស្រីមុំ".
//! Matches are candidates: the caller decrypts them and checks, since tokens are truncated.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tonle_domain::text::search_key;

use crate::keys::Secret;

pub type Token = [u8; 16];

pub const MIN_PREFIX: usize = 2;
pub const MAX_PREFIX: usize = 10;

/// The token of one value of one kind (`name`, `phone`…) in one organisation.
pub fn token(key: &Secret, scope: i64, kind: &str, value: &str) -> Token {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key.bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return [0; 16],
    };
    mac.update(b"tonle/blind/1\0");
    mac.update(&scope.to_be_bytes());
    mac.update(kind.as_bytes());
    mac.update(b"\0");
    mac.update(value.as_bytes());
    let full = mac.finalize().into_bytes();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// A keyed digest of a sign-in throttle key (`user:NAME`, `address:IP`), in hex: without the
/// index key, a copy of the database cannot be searched for a name or an address.
pub fn throttle_digest(key: &Secret, value: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key.bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(b"tonle/throttle/1\0");
    mac.update(value.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The words of a name as they are indexed and searched.
pub fn name_words(name: &str) -> Vec<String> {
    search_key(name)
        .split_whitespace()
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The prefix a search word is looked up by (long words are cut to [`MAX_PREFIX`]); `None` when
/// the word is too short to search by.
pub fn search_prefix(word: &str) -> Option<String> {
    let n = word.chars().count();
    (n >= MIN_PREFIX).then(|| word.chars().take(MAX_PREFIX).collect())
}

/// Every token a set of names is indexed under, without repeats.
pub fn name_tokens<'a>(
    key: &Secret,
    scope: i64,
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<Token> {
    let mut tokens = Vec::new();
    for name in names {
        for word in name_words(name) {
            let chars: Vec<char> = word.chars().collect();
            for len in MIN_PREFIX..=chars.len().min(MAX_PREFIX) {
                let prefix: String = chars[..len].iter().collect();
                tokens.push(token(key, scope, "name", &prefix));
            }
        }
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// The tokens a name search needs, one per searchable word: a person matches when they have all.
pub fn name_query_tokens(key: &Secret, scope: i64, query: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = name_words(query)
        .iter()
        .filter_map(|w| search_prefix(w))
        .map(|p| token(key, scope, "name", &p))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// A phone number reduced to its digits in the national form (`+855 12…` and `012…` agree).
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("855") {
        Some(rest) if phone.trim_start().starts_with('+') || digits.len() > 10 => {
            format!("0{rest}")
        }
        _ => digits,
    }
}

pub fn phone_token(key: &Secret, scope: i64, phone: &str) -> Option<Token> {
    let digits = phone_digits(phone);
    (digits.len() >= 6).then(|| token(key, scope, "phone", &digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_every_word_are_indexed_and_searches_find_them() {
        let key = Secret::random();
        let tokens = name_tokens(&key, 1, ["Sok Sreymom", "សុខ ស្រីមុំ"]);
        for query in ["sre", "SREYMOM", "so", "sok srey", "ស្រី", "សុខ"] {
            let wanted = name_query_tokens(&key, 1, query);
            assert!(!wanted.is_empty(), "{query}");
            assert!(wanted.iter().all(|t| tokens.contains(t)), "{query}");
        }
        assert!(
            name_query_tokens(&key, 1, "dara")
                .iter()
                .all(|t| !tokens.contains(t))
        );
        assert!(name_query_tokens(&key, 1, "s").is_empty());
    }

    #[test]
    fn tokens_depend_on_key_and_organisation() {
        let key = Secret::random();
        assert_eq!(token(&key, 1, "name", "sok"), token(&key, 1, "name", "sok"));
        assert_ne!(token(&key, 1, "name", "sok"), token(&key, 2, "name", "sok"));
        assert_ne!(
            token(&key, 1, "name", "sok"),
            token(&key, 1, "phone", "sok")
        );
        assert_ne!(
            token(&key, 1, "name", "sok"),
            token(&Secret::random(), 1, "name", "sok")
        );
    }

    #[test]
    fn throttle_digests_depend_on_the_key() {
        let key = Secret::random();
        let d = throttle_digest(&key, "user:sokha");
        assert_eq!(d.len(), 64);
        assert_eq!(d, throttle_digest(&key, "user:sokha"));
        assert_ne!(d, throttle_digest(&key, "user:dara"));
        assert_ne!(d, throttle_digest(&Secret::random(), "user:sokha"));
    }

    #[test]
    fn phone_numbers_agree_in_any_form() {
        assert_eq!(phone_digits("+855 12 345 678"), "012345678");
        assert_eq!(phone_digits("012-345-678"), "012345678");
        assert_eq!(phone_digits("855 12 345 678"), "012345678");
        let key = Secret::random();
        assert_eq!(
            phone_token(&key, 1, "+855 12 345 678"),
            phone_token(&key, 1, "012 345 678")
        );
        assert_eq!(phone_token(&key, 1, "12"), None);
    }
}

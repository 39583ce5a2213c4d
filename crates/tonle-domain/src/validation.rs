//! The one error a domain constructor returns: which field is wrong and a translation key saying why.

use std::fmt;

/// A value the user gave that the domain refuses. `key` names a message in the Fluent files
/// (`locales/*/main.ftl`), so the web layer and the CLI say the same thing in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub key: &'static str,
}

impl Invalid {
    pub const fn new(field: &'static str, key: &'static str) -> Self {
        Self { field, key }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.key)
    }
}

impl std::error::Error for Invalid {}

/// Trims and checks a required, bounded piece of text.
pub fn required_text(
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<String, Invalid> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new(field, "error-required"));
    }
    if trimmed.chars().count() > max_chars {
        return Err(Invalid::new(field, "error-too-long"));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(Invalid::new(field, "error-control-characters"));
    }
    Ok(trimmed.to_owned())
}

/// Like [`required_text`], but an empty value means "none".
pub fn optional_text(
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> Result<Option<String>, Invalid> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        required_text(field, value, max_chars).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_trims_and_bounds() {
        assert_eq!(required_text("name", "  Sok  ", 10).as_deref(), Ok("Sok"));
        assert_eq!(
            required_text("name", "   ", 10),
            Err(Invalid::new("name", "error-required"))
        );
        assert_eq!(
            required_text("name", "abcdefghijk", 10),
            Err(Invalid::new("name", "error-too-long"))
        );
        assert_eq!(
            required_text("name", "a\u{0}b", 10),
            Err(Invalid::new("name", "error-control-characters"))
        );
        // Khmer counts by characters, not bytes.
        assert!(required_text("name", "សុខ សុភា", 8).is_ok());
    }

    #[test]
    fn optional_text_treats_blank_as_none() {
        assert_eq!(optional_text("alias", " ", 5), Ok(None));
        assert_eq!(optional_text("alias", "Dara", 5), Ok(Some("Dara".into())));
    }
}

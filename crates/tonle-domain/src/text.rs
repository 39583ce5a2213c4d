//! Keys for searching text typed in either script.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::khmer;

/// What a search compares: the Khmer match key, then Latin letters lower-cased and without
/// accents (so "kratie" finds "Kratié").
pub fn search_key(text: &str) -> String {
    khmer::match_key(text)
        .nfd()
        .filter(|c| !is_combining_mark(*c) || is_khmer(*c))
        .flat_map(char::to_lowercase)
        .nfc()
        .collect()
}

fn is_khmer(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17FF}' | '\u{19E0}'..='\u{19FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_and_keeps_khmer_marks() {
        assert_eq!(search_key("Kratié"), "kratie");
        assert_eq!(search_key("TAKÉO"), "takeo");
        // Khmer vowels and signs are combining marks too; they must survive.
        assert_eq!(search_key("ក្រចេះ"), khmer::match_key("ក្រចេះ"));
        assert_eq!(search_key("សែ្រ"), search_key("ស្រែ"));
    }
}

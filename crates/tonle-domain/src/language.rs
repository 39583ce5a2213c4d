//! The languages of the user interface and how a browser's preference picks one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Km,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Km];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Km => "km",
        }
    }

    /// The language's own name, as shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Km => "ខ្មែរ",
        }
    }

    /// A count as this language writes it in a sentence: Khmer digits in Khmer.
    pub fn number(self, n: u64) -> String {
        let text = n.to_string();
        match self {
            Language::En => text,
            Language::Km => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x17E0 + d).unwrap_or(c),
                    None => c,
                })
                .collect(),
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "km" => Some(Language::Km),
            _ => None,
        }
    }

    /// Picks the language a browser prefers from an `Accept-Language` header
    /// (`km-KH,km;q=0.9,en;q=0.8`), falling back to English.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(f32, usize, Language)> = None;
        for (position, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let Some(language) = Language::from_code(tag) else {
                continue;
            };
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            // NaN and zero both mean "not acceptable".
            if quality.is_nan() || quality <= 0.0 {
                continue;
            }
            // Highest quality wins; among equals, the first listed.
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, language));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_writes_counts_in_khmer_digits() {
        assert_eq!(Language::Km.number(120), "១២០");
        assert_eq!(Language::Km.number(0), "០");
        assert_eq!(Language::En.number(15), "15");
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Language::from_accept_language("km-KH,km;q=0.9,en;q=0.8"),
            Language::Km
        );
        assert_eq!(
            Language::from_accept_language("en-US,en;q=0.9,km;q=0.5"),
            Language::En
        );
        assert_eq!(Language::from_accept_language("fr,km;q=0.4"), Language::Km);
        assert_eq!(
            Language::from_accept_language("en;q=0.3,km;q=0.7"),
            Language::Km
        );
        assert_eq!(Language::from_accept_language("km;q=0"), Language::En);
        assert_eq!(Language::from_accept_language(""), Language::En);
        assert_eq!(
            Language::from_accept_language("garbage;;;q=x"),
            Language::En
        );
    }

    #[test]
    fn codes_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
        assert_eq!(Language::from_code("KM_kh"), Some(Language::Km));
        assert_eq!(Language::from_code("th"), None);
    }
}

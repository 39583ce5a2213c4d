//! Consent: what a person agreed to, for which purpose, until they withdraw it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// Receiving services from the organisation that records the consent.
    Services,
    /// Sharing the record with one named organisation by referral.
    Referral,
    /// Being counted in statistics that leave the organisation.
    Statistics,
    /// Being photographed, and the photographs kept.
    Photographs,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [
        Purpose::Services,
        Purpose::Referral,
        Purpose::Statistics,
        Purpose::Photographs,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Purpose::Services => "services",
            Purpose::Referral => "referral",
            Purpose::Statistics => "statistics",
            Purpose::Photographs => "photographs",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Purpose::Services => "consent-purpose-services",
            Purpose::Referral => "consent-purpose-referral",
            Purpose::Statistics => "consent-purpose-statistics",
            Purpose::Photographs => "consent-purpose-photographs",
        }
    }

    /// Referral consent names the organisation the record may go to; the others name none.
    pub fn needs_recipient(self) -> bool {
        self == Purpose::Referral
    }
}

/// Whether a consent given on `given_on` and perhaps withdrawn on `withdrawn_on` holds on `day`.
pub fn in_force(given_on: NaiveDate, withdrawn_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    given_on <= day && withdrawn_on.is_none_or(|w| day < w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_holds_from_the_day_given_until_the_day_withdrawn() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert!(!in_force(d("2026-05-02"), None, d("2026-05-01")));
        assert!(in_force(d("2026-05-02"), None, d("2026-05-02")));
        assert!(in_force(
            d("2026-05-02"),
            Some(d("2026-06-01")),
            d("2026-05-31")
        ));
        assert!(!in_force(
            d("2026-05-02"),
            Some(d("2026-06-01")),
            d("2026-06-01")
        ));
        for p in Purpose::ALL {
            assert_eq!(Purpose::from_code(p.code()), Some(p));
        }
    }
}

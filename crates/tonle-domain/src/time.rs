//! The calendar day where the work happens. Cambodia keeps UTC+7 all year (no daylight saving),
//! so "today" for a consent, a date of birth or a visit is the date at UTC+7, not in UTC: between
//! midnight and 07:00 in Phnom Penh the two differ.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

pub const CAMBODIA_UTC_OFFSET_HOURS: i32 = 7;

fn cambodia() -> FixedOffset {
    // 7 h is well inside the ±24 h FixedOffset accepts; the fallback is never taken.
    FixedOffset::east_opt(CAMBODIA_UTC_OFFSET_HOURS * 3600).unwrap_or_else(|| Utc.fix())
}

/// The date in Cambodia at the instant `at`.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&cambodia()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_turns_at_midnight_in_phnom_penh() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc));
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            at("2026-11-23T16:59:59Z").ok().map(local_date),
            d("2026-11-23")
        );
        assert_eq!(
            at("2026-11-23T17:00:00Z").ok().map(local_date),
            d("2026-11-24")
        );
        assert_eq!(
            at("2026-11-23T03:00:00Z").ok().map(local_date),
            d("2026-11-23")
        );
    }
}

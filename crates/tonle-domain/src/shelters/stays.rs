//! The date rules of stays.
//!
//! A stay occupies a bed from its admission day (counted) up to its discharge day (not
//! counted): occupancy counts the nights spent. So a transfer, a discharge from one facility
//! and an admission to another on the same day, counts the person once that day, at the new
//! facility; and a stay that begins and ends on the same day counts on no day.

use chrono::{Days, NaiveDate};

/// The days of one stay: `from` inclusive, `until` (the discharge day) exclusive; open while
/// the person is still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    pub fn open(from: NaiveDate) -> Span {
        Span { from, until: None }
    }

    /// Whether the person takes a bed on `day`.
    pub fn occupies(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day < until)
    }

    /// Whether two stays of one person would put her in two beds at once.
    pub fn overlaps(&self, other: &Span) -> bool {
        other.until.is_none_or(|until| self.from < until)
            && self.until.is_none_or(|until| other.from < until)
    }
}

/// The day a stay of `days` days beginning on `admitted` is planned to end.
pub fn planned_until(admitted: NaiveDate, days: u32) -> NaiveDate {
    admitted
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether an admission on `on` is allowed, given the person's other stays.
pub fn check_admission(
    on: NaiveDate,
    today: NaiveDate,
    others: &[Span],
) -> Result<(), &'static str> {
    if on > today {
        return Err("error-date-future");
    }
    if others.iter().any(|s| s.overlaps(&Span::open(on))) {
        return Err("error-stay-overlap");
    }
    Ok(())
}

/// Whether the stay `stay` may end on `on`.
pub fn check_discharge(stay: &Span, on: NaiveDate, today: NaiveDate) -> Result<(), &'static str> {
    if stay.until.is_some() {
        return Err("error-stay-discharged");
    }
    if on < stay.from {
        return Err("error-discharge-before-admission");
    }
    if on > today {
        return Err("error-date-future");
    }
    Ok(())
}

/// Whether `stay` may end on `on` with the person admitted elsewhere the same day. `others`
/// are her other stays (not this one).
pub fn check_transfer(
    stay: &Span,
    on: NaiveDate,
    today: NaiveDate,
    same_facility: bool,
    others: &[Span],
) -> Result<(), &'static str> {
    if same_facility {
        return Err("error-transfer-same");
    }
    check_discharge(stay, on, today)?;
    check_admission(on, today, others)
}

/// Whether a stay has run past the day it was planned to end: still there after it, or
/// discharged after it.
pub fn overstayed(stay: &Span, planned_until: NaiveDate, today: NaiveDate) -> bool {
    stay.until.unwrap_or(today) > planned_until
}

/// How many beds are taken on each day from `first` to `last` (inclusive), in one pass over the
/// stays: each adds one where it begins and takes one away where it ends.
pub fn occupancy(stays: &[Span], first: NaiveDate, last: NaiveDate) -> Vec<u32> {
    if last < first {
        return Vec::new();
    }
    let days = (last - first).num_days() as usize + 1;
    let mut change = vec![0i64; days + 1];
    let index = |d: NaiveDate| (d - first).num_days().clamp(0, days as i64) as usize;
    for stay in stays {
        let start = index(stay.from.max(first));
        let end = stay.until.map_or(days, index);
        if stay.from <= last && start < end {
            change[start] += 1;
            change[end] -= 1;
        }
    }
    let mut taken = 0i64;
    change[..days]
        .iter()
        .map(|c| {
            taken += c;
            taken.max(0) as u32
        })
        .collect()
}

/// The positions of the days on which more beds were taken than there are.
pub fn over_capacity(counts: &[u32], capacity: u32) -> Vec<usize> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > capacity)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(u64::from(day))
    }

    #[test]
    fn the_admission_day_counts_and_the_discharge_day_does_not() {
        let stay = Span {
            from: d(3),
            until: Some(d(5)),
        };
        assert_eq!(occupancy(&[stay], d(2), d(6)), vec![0, 1, 1, 0, 0]);
        assert_eq!(
            occupancy(&[Span::open(d(4))], d(2), d(6)),
            vec![0, 0, 1, 1, 1]
        );
        let same_day = Span {
            from: d(3),
            until: Some(d(3)),
        };
        assert_eq!(occupancy(&[same_day], d(2), d(4)), vec![0, 0, 0]);
    }

    #[test]
    fn discharge_before_admission_and_in_the_future_are_refused() {
        let stay = Span::open(d(10));
        assert_eq!(
            check_discharge(&stay, d(9), d(20)),
            Err("error-discharge-before-admission")
        );
        assert_eq!(
            check_discharge(&stay, d(21), d(20)),
            Err("error-date-future")
        );
        assert_eq!(check_discharge(&stay, d(10), d(20)), Ok(()));
        let ended = Span {
            from: d(10),
            until: Some(d(12)),
        };
        assert_eq!(
            check_discharge(&ended, d(13), d(20)),
            Err("error-stay-discharged")
        );
    }

    #[test]
    fn overlapping_stays_are_refused_but_a_readmission_on_the_discharge_day_is_not() {
        let past = Span {
            from: d(1),
            until: Some(d(5)),
        };
        assert_eq!(check_admission(d(5), d(9), &[past]), Ok(()));
        assert_eq!(
            check_admission(d(4), d(9), &[past]),
            Err("error-stay-overlap")
        );
        assert_eq!(
            check_admission(d(0), d(9), &[past]),
            Err("error-stay-overlap")
        );
        assert_eq!(
            check_admission(d(6), d(9), &[Span::open(d(2))]),
            Err("error-stay-overlap")
        );
        assert_eq!(check_admission(d(10), d(9), &[]), Err("error-date-future"));
    }

    #[test]
    fn transfers_go_elsewhere_and_overstays_are_flagged() {
        let stay = Span::open(d(1));
        assert_eq!(
            check_transfer(&stay, d(3), d(9), true, &[]),
            Err("error-transfer-same")
        );
        assert_eq!(check_transfer(&stay, d(3), d(9), false, &[]), Ok(()));
        assert_eq!(planned_until(d(1), 30), d(31));
        assert!(!overstayed(&stay, d(31), d(31)));
        assert!(overstayed(&stay, d(31), d(32)));
        let ended = Span {
            from: d(1),
            until: Some(d(20)),
        };
        assert!(!overstayed(&ended, d(31), d(90)));
        assert_eq!(over_capacity(&[1, 3, 2, 4], 2), vec![1, 3]);
    }

    fn span() -> impl Strategy<Value = Span> {
        (0u32..60, proptest::option::of(0u32..30)).prop_map(|(from, len)| Span {
            from: d(from),
            until: len.map(|l| d(from + l)),
        })
    }

    proptest! {
        #[test]
        fn occupancy_matches_counting_day_by_day(
            stays in proptest::collection::vec(span(), 0..20),
            first in 0u32..70,
            len in 0u32..40,
        ) {
            let counts = occupancy(&stays, d(first), d(first + len));
            prop_assert_eq!(counts.len(), len as usize + 1);
            for (i, n) in counts.iter().enumerate() {
                let day = d(first + i as u32);
                let expected = stays.iter().filter(|s| s.occupies(day)).count() as u32;
                prop_assert_eq!(*n, expected, "day {}", day);
            }
        }

        #[test]
        fn overlap_is_symmetric_and_means_a_shared_day_or_a_swallowed_one(a in span(), b in span()) {
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            let shared = (0..100).any(|i| a.occupies(d(i)) && b.occupies(d(i)));
            if shared {
                prop_assert!(a.overlaps(&b));
            }
        }

        #[test]
        fn admitted_stays_never_put_a_person_in_two_beds(
            tries in proptest::collection::vec((0u32..60, proptest::option::of(0u32..20)), 1..15),
        ) {
            let mut kept: Vec<Span> = Vec::new();
            for (from, len) in tries {
                let candidate = Span { from: d(from), until: len.map(|l| d(from + l)) };
                let fits = check_admission(candidate.from, d(100), &kept).is_ok()
                    && kept.iter().all(|k| !k.overlaps(&candidate));
                if fits {
                    kept.push(candidate);
                }
            }
            let counts = occupancy(&kept, d(0), d(90));
            prop_assert!(counts.iter().all(|n| *n <= 1));
        }

        #[test]
        fn a_transfer_moves_the_person_without_a_gap_or_a_double_count(
            from in 0u32..50, after in 0u32..20, first in 0u32..40, len in 0u32..40,
        ) {
            let on = d(from + after);
            let stay = Span::open(d(from));
            prop_assert_eq!(check_transfer(&stay, on, d(100), false, &[]), Ok(()));
            let old = Span { from: d(from), until: Some(on) };
            let new = Span::open(on);
            let (a, b) = (occupancy(&[old], d(first), d(first + len)), occupancy(&[new], d(first), d(first + len)));
            let before = occupancy(&[stay], d(first), d(first + len));
            for i in 0..a.len() {
                prop_assert_eq!(a[i] + b[i], before[i]);
            }
        }
    }
}

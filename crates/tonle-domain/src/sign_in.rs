//! How failed sign-in attempts slow down further ones: a few free tries, then a delay that
//! doubles with each failure up to a cap. Time is a parameter, so the arithmetic is testable.

use chrono::{DateTime, Duration, Utc};

/// Failed attempts counted under one key (a typed user name, or a client address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    pub failures: u32,
    pub last_failure_at: DateTime<Utc>,
    /// No attempt is looked at before this time.
    pub next_allowed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before the first delay.
    pub free_failures: u32,
    pub first_delay: Duration,
    /// The longest delay (a temporary lock).
    pub max_delay: Duration,
    /// A failure this long after the previous one starts the count again.
    pub forget_after: Duration,
}

/// Per typed user name: after 5 failures, 30 s, then 1, 2, 4, 8 and at most 15 minutes.
pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    first_delay: Duration::seconds(30),
    max_delay: Duration::minutes(15),
    forget_after: Duration::hours(1),
};

/// Per client address: an office behind one address has many people who mistype, so the
/// threshold is higher; it stops one machine from trying password after password on many names.
pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free_failures: 30,
    first_delay: Duration::seconds(30),
    max_delay: Duration::minutes(15),
    forget_after: Duration::hours(1),
};

impl ThrottlePolicy {
    /// The count after one more failure at `now`, and when the next attempt may come.
    pub fn after_failure(&self, before: Option<&Attempts>, now: DateTime<Utc>) -> Attempts {
        let failures = match before {
            Some(b) if now - b.last_failure_at <= self.forget_after => b.failures.saturating_add(1),
            _ => 1,
        };
        let next_allowed_at = (failures >= self.free_failures).then(|| {
            let doublings = (failures - self.free_failures).min(20);
            let delay = self.first_delay * 2_i32.pow(doublings);
            now + delay.min(self.max_delay)
        });
        Attempts {
            failures,
            last_failure_at: now,
            next_allowed_at,
        }
    }
}

/// How long an attempt at `now` must still wait, if at all.
pub fn wait(attempts: Option<&Attempts>, now: DateTime<Utc>) -> Option<Duration> {
    let until = attempts?.next_allowed_at?;
    (until > now).then(|| until - now)
}

/// A wait as whole minutes for people, rounded up and never zero.
pub fn minutes(wait: Duration) -> i64 {
    ((wait.num_seconds() + 59) / 60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn five_free_failures_then_doubling_delays_up_to_a_lock() {
        let mut state: Option<Attempts> = None;
        let mut delays = Vec::new();
        let mut now = at(0);
        for _ in 0..12 {
            let next = ACCOUNT.after_failure(state.as_ref(), now);
            delays.push(wait(Some(&next), now).map(|d| d.num_seconds()));
            // The next attempt comes as soon as it is allowed.
            now = next.next_allowed_at.unwrap_or(now + Duration::seconds(1));
            state = Some(next);
        }
        assert_eq!(
            delays,
            [
                None,
                None,
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900),
                Some(900),
                Some(900)
            ]
        );
    }

    #[test]
    fn waits_end_and_old_failures_are_forgotten() {
        let mut s = None;
        for i in 0..5 {
            s = Some(ACCOUNT.after_failure(s.as_ref(), at(i)));
        }
        assert_eq!(wait(s.as_ref(), at(4)), Some(Duration::seconds(30)));
        assert_eq!(wait(s.as_ref(), at(33)), Some(Duration::seconds(1)));
        assert_eq!(wait(s.as_ref(), at(34)), None);
        let later = ACCOUNT.after_failure(s.as_ref(), at(4 + 3601));
        assert_eq!(later.failures, 1);
        assert_eq!(later.next_allowed_at, None);
    }

    #[test]
    fn addresses_get_more_free_failures() {
        let mut s = None;
        for i in 0..29 {
            s = Some(ADDRESS.after_failure(s.as_ref(), at(i)));
        }
        assert_eq!(wait(s.as_ref(), at(29)), None);
        let s = ADDRESS.after_failure(s.as_ref(), at(29));
        assert_eq!(wait(Some(&s), at(29)), Some(Duration::seconds(30)));
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes(Duration::seconds(1)), 1);
        assert_eq!(minutes(Duration::seconds(60)), 1);
        assert_eq!(minutes(Duration::seconds(61)), 2);
        assert_eq!(minutes(Duration::minutes(15)), 15);
    }
}

//! Generated people: one person per index, drawn from a random stream of their own (the seed's
//! ChaCha stream number = the index), so a person is the same whatever the batch size or the
//! thread that made them. Dates are relative to a fixed day, not today, so a seed gives the
//! same data on any day.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tonle_domain::consent::Purpose;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_store::people::{NewConsent, NewPerson};

use super::names::names;
use super::organisations::Member;
use super::places::{Gazetteer, PHNOM_PENH};
use crate::failure::{CliResult, Failure};

/// The day generated histories end on.
pub fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// Registrations spread over eight years before the reference day, in id order.
const HISTORY_DAYS: i64 = 8 * 365;

const MOBILE_PREFIXES: &[&str] = &[
    "010", "011", "012", "015", "016", "017", "069", "070", "077", "078", "081", "085", "086",
    "088", "089", "092", "093", "096", "097", "098", "099",
];

/// The random stream of person `index` under `seed`.
pub fn stream(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

fn registered(index: u64, total: u64) -> DateTime<Utc> {
    let start = reference_day() - Duration::days(HISTORY_DAYS);
    let seconds = (HISTORY_DAYS * 86_400) as u128 * index as u128 / total.max(1) as u128;
    let at = start.and_hms_opt(8, 0, 0).unwrap_or_default() + Duration::seconds(seconds as i64);
    Utc.from_utc_datetime(&at)
}

fn phone<R: Rng>(rng: &mut R) -> String {
    let prefix = MOBILE_PREFIXES[rng.random_range(0..MOBILE_PREFIXES.len())];
    let (a, b) = (rng.random_range(100..1000), rng.random_range(100..1000));
    match rng.random_range(0..10) {
        0..=5 => format!("{prefix} {a} {b}"),
        6..=7 => format!("{prefix}{a}{b}"),
        _ => format!("+855 {} {a} {b}", &prefix[1..]),
    }
}

/// Person `index` of `total`, registered by one of `members`.
pub fn person(
    seed: u64,
    index: u64,
    total: u64,
    members: &[Member],
    places: &Gazetteer,
) -> CliResult<NewPerson> {
    let mut rng = stream(seed, index);
    let member = &members[rng.random_range(0..members.len().max(1)) % members.len().max(1)];
    let at = registered(index, total);
    let day = at.date_naive();
    let sex = match rng.random_range(0..100) {
        0..=61 => "female",
        62..=97 => "male",
        _ => "unknown",
    };
    let n = names(&mut rng, sex != "male");
    let aliases = n.aliases.join(",");
    let age: i64 = if rng.random_bool(0.7) {
        rng.random_range(14..=30)
    } else {
        rng.random_range(10..=50)
    };
    let (mut dob, mut estimated) = (String::new(), String::new());
    match rng.random_range(0..10) {
        0..=5 => {
            let born = day - Duration::days(age * 365 + rng.random_range(0..365));
            dob = born.format("%Y-%m-%d").to_string();
        }
        6..=8 => {
            let years = i64::from(reference_day().year() - day.year()) + age;
            estimated = years.to_string();
        }
        _ => {}
    }
    let phone = if rng.random_bool(0.6) {
        phone(&mut rng)
    } else {
        String::new()
    };
    let address = if rng.random_bool(0.4) {
        format!(
            "Village {}, house {}",
            rng.random_range(1..12),
            rng.random_range(1..300)
        )
    } else {
        String::new()
    };
    let nationality = match rng.random_range(0..100) {
        0..=93 => "KH",
        94..=96 => "VN",
        97 => "TH",
        _ => "",
    };
    let origin = places.origin(&mut rng).clone();
    let current = match rng.random_range(0..10) {
        0..=3 => origin.clone(),
        4..=6 => places
            .in_province(&mut rng, &member.province)
            .unwrap_or(&origin)
            .clone(),
        _ => places
            .in_province(&mut rng, PHNOM_PENH)
            .unwrap_or(&origin)
            .clone(),
    };
    let input = PersonInput {
        family_name_km: n.family_km,
        given_name_km: n.given_km,
        family_name_latin: &n.family_latin,
        given_name_latin: n.given_latin,
        aliases: &aliases,
        sex,
        date_of_birth: &dob,
        estimated_age: &estimated,
        phone: &phone,
        address: &address,
        nationality,
        origin_place: origin.as_str(),
        current_place: current.as_str(),
    };
    let details = PersonDetails::parse(&input, reference_day()).map_err(|e| {
        Failure(format!(
            "Generated person {index} is invalid ({e:?}); this is a bug in the generator."
        ))
    })?;
    let assigned_to = if rng.random_bool(0.8) && !member.workers.is_empty() {
        Some(member.workers[rng.random_range(0..member.workers.len())])
    } else {
        None
    };
    Ok(NewPerson {
        org: member.id,
        details,
        assigned_to,
        created_by: member.manager,
        created_at: at,
        consents: consents(&mut rng, day, member, members),
    })
}

fn consents<R: Rng>(rng: &mut R, day: NaiveDate, own: &Member, all: &[Member]) -> Vec<NewConsent> {
    let mut out = Vec::new();
    let mut give = |purpose, recipient| {
        out.push(NewConsent {
            purpose,
            recipient,
            given_on: day,
        })
    };
    if rng.random_bool(0.95) {
        give(Purpose::Services, None);
    }
    if rng.random_bool(0.7) {
        give(Purpose::Statistics, None);
    }
    if rng.random_bool(0.2) {
        give(Purpose::Photographs, None);
    }
    if rng.random_bool(0.1) {
        let other = &all[rng.random_range(0..all.len())];
        if other.id != own.id {
            give(Purpose::Referral, Some(other.id));
        }
    }
    out
}

//! The person form's fields, as any client may send them.
#![no_main]
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use tonle_domain::people::{PersonDetails, PersonInput};

fuzz_target!(|f: [&str; 13]| {
    let input = PersonInput {
        family_name_km: f[0],
        given_name_km: f[1],
        family_name_latin: f[2],
        given_name_latin: f[3],
        aliases: f[4],
        sex: f[5],
        date_of_birth: f[6],
        estimated_age: f[7],
        phone: f[8],
        address: f[9],
        nationality: f[10],
        origin_place: f[11],
        current_place: f[12],
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    if let Ok(person) = PersonDetails::parse(&input, today) {
        assert!(!person.identity.names().is_empty());
        assert!(person.birth_year.is_none_or(|y| (1906..=2026).contains(&y)));
        // What is sealed must come back the same.
        let json = serde_json::to_vec(&person.identity).unwrap_or_default();
        let back: tonle_domain::people::Identity = serde_json::from_slice(&json).unwrap_or_default();
        assert_eq!(back, person.identity);
    }
});

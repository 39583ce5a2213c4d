use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn keys(input: &IdentificationInput<'_>) -> Vec<(&'static str, &'static str)> {
    match Identification::parse(input, today()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| (e.field, e.key)).collect(),
    }
}

#[test]
fn a_full_identification_parses_to_codes_and_a_journey() {
    let input = IdentificationInput {
        identified_by: "NGO outreach",
        identified_on: "2026-10-02",
        trafficking_status: "Actual victim of trafficking",
        recruitment_method: "Through friends or social events",
        recruiter_relation: "Broker or agent",
        exploitation: "Forced labour",
        labour_industry: "Agriculture, forestry and fishing",
        means_of_control: vec!["Withholds documents", "Debt bondage", "Debt bondage"],
        vulnerabilities: vec!["Poverty"],
        origin_country: "KH",
        origin_place: "020105",
        destination_country: "TH",
        departed_on: "2026-03-01",
        exploited_from: "2026-03-10",
        exploited_until: "2026-09-20",
        narrative: "  Promised work on a farm.\r\nPassport taken.  ",
        ..Default::default()
    };
    let found = Identification::parse(&input, today()).unwrap_or_else(|e| unreachable!("{e:?}"));
    // Several means of control come back once each, in the standard's order.
    assert_eq!(
        found.means_of_control,
        ["Debt bondage", "Withholds documents"]
    );
    assert_eq!(found.destination_country.as_deref(), Some("TH"));
    assert_eq!(
        found.journey.narrative,
        "Promised work on a farm.\nPassport taken."
    );
    assert_eq!(
        found.journey.origin_place.as_ref().map(PlaceCode::as_str),
        Some("020105")
    );
}

#[test]
fn everything_is_optional() {
    assert_eq!(keys(&IdentificationInput::default()), []);
}

#[test]
fn unknown_codes_and_mismatched_sectors_are_refused() {
    let input = IdentificationInput {
        exploitation: "Sexual exploitation",
        labour_industry: "Construction",
        means_of_control: vec!["Magic"],
        origin_country: "XX",
        ..Default::default()
    };
    assert_eq!(
        keys(&input),
        [
            ("labour_industry", "error-identification-sector"),
            ("origin_country", "error-choose"),
            ("means_of_control", "error-choose"),
        ]
    );
}

#[test]
fn places_are_cambodian_communes_at_most_and_dates_in_order_and_past() {
    let input = IdentificationInput {
        origin_country: "KH",
        origin_place: "02010501",
        destination_country: "TH",
        destination_place: "0201",
        exploited_from: "2026-05-01",
        exploited_until: "2026-04-01",
        identified_on: "2026-12-01",
        ..Default::default()
    };
    assert_eq!(
        keys(&input),
        [
            ("identified_on", "error-date-future"),
            ("origin_place", "error-place-too-fine"),
            ("destination_place", "error-place-not-cambodia"),
            ("exploited_until", "error-date-order"),
        ]
    );
}

#[test]
fn the_narrative_is_bounded_and_keeps_line_breaks_only() {
    let long = "ក".repeat(NARRATIVE_MAX + 1);
    let input = IdentificationInput {
        narrative: &long,
        ..Default::default()
    };
    assert_eq!(keys(&input), [("narrative", "error-too-long")]);
    let input = IdentificationInput {
        narrative: "a\u{0}b",
        ..Default::default()
    };
    assert_eq!(keys(&input), [("narrative", "error-control-characters")]);
}

//! Shelters: the facilities an organisation runs (short-term shelters, transit centres, long-term
//! residences, safe houses) and the stays of the people it houses there. Where a facility is
//! is kept no finer than a commune: a safe house's street address is never stored.

mod stays;

pub use stays::{
    Span, check_admission, check_discharge, check_transfer, occupancy, over_capacity, overstayed,
    planned_until,
};

use crate::Invalid;
use crate::places::{PlaceCode, PlaceLevel};
use crate::validation::required_text;

/// A facility's name is short; its place says where, not its name.
pub const NAME_MAX: usize = 120;
/// More beds than any shelter in the network has; a typo beyond it is refused.
pub const CAPACITY_MAX: u32 = 2_000;
/// Ten years: anything longer is a typo.
pub const PLANNED_DAYS_MAX: u32 = 3_650;

macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $key:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name stored in the database and sent by forms.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code.trim())
            }

            /// The Fluent key of its name.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
        }
    };
}

code_list!(
    /// What kind of place a facility is.
    FacilityKind {
        ShortTerm => "short-term", "shelter-kind-short-term";
        Transit => "transit", "shelter-kind-transit";
        LongTerm => "long-term", "shelter-kind-long-term";
        SafeHouse => "safe-house", "shelter-kind-safe-house";
    }
);

code_list!(
    /// Where a person went when the stay ended.
    Destination {
        Family => "family", "shelter-destination-family";
        Community => "community", "shelter-destination-community";
        Independent => "independent", "shelter-destination-independent";
        Transfer => "transfer", "shelter-destination-transfer";
        Referral => "referral", "shelter-destination-referral";
        LeftWithoutNotice => "left", "shelter-destination-left";
        Other => "other", "shelter-destination-other";
    }
);

/// A facility as the form gives it, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFacility {
    pub name: String,
    pub kind: FacilityKind,
    /// Beds.
    pub capacity: u32,
    /// How long a stay is meant to last, in days; a stay beyond it is flagged.
    pub planned_days: u32,
    /// No finer than a commune.
    pub place: PlaceCode,
}

/// The facility form as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FacilityInput<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub capacity: &'a str,
    pub planned_days: &'a str,
    pub place: &'a str,
}

fn whole_number(field: &'static str, text: &str, max: u32) -> Result<u32, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::new(field, "error-required"));
    }
    match text.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(Invalid::new(field, "error-shelter-number")),
    }
}

impl NewFacility {
    /// Every problem with the form at once, so the page can mark each field.
    pub fn parse(input: &FacilityInput<'_>) -> Result<NewFacility, Vec<Invalid>> {
        let mut errors = Vec::new();
        let name = required_text("name", input.name, NAME_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        let kind = FacilityKind::from_code(input.kind);
        if kind.is_none() {
            errors.push(Invalid::new("kind", "error-choose"));
        }
        let capacity = whole_number("capacity", input.capacity, CAPACITY_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        let planned_days = whole_number("planned_days", input.planned_days, PLANNED_DAYS_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        let place = match PlaceCode::parse(input.place) {
            Ok(code) if code.level() == PlaceLevel::Village => {
                errors.push(Invalid::new("place", "error-place-too-fine"));
                None
            }
            Ok(code) => Some(code),
            Err(_) if input.place.trim().is_empty() => {
                errors.push(Invalid::new("place", "error-required"));
                None
            }
            Err(_) => {
                errors.push(Invalid::new("place", "error-place"));
                None
            }
        };
        match (name, kind, capacity, planned_days, place) {
            (Some(name), Some(kind), Some(capacity), Some(planned_days), Some(place))
                if errors.is_empty() =>
            {
                Ok(NewFacility {
                    name,
                    kind,
                    capacity,
                    planned_days,
                    place,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FacilityInput<'static> {
        FacilityInput {
            name: "Chanpha Short-Term Shelter",
            kind: "short-term",
            capacity: "12",
            planned_days: "90",
            place: "020101",
        }
    }

    #[test]
    fn a_facility_is_parsed_with_every_field() {
        let f = NewFacility::parse(&input()).unwrap();
        assert_eq!(f.kind, FacilityKind::ShortTerm);
        assert_eq!((f.capacity, f.planned_days), (12, 90));
        assert_eq!(f.place.as_str(), "020101");
    }

    #[test]
    fn a_village_or_a_zero_is_refused_field_by_field() {
        let errors = NewFacility::parse(&FacilityInput {
            name: " ",
            kind: "palace",
            capacity: "0",
            planned_days: "ten",
            place: "02010101",
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert_eq!(
            fields,
            vec![
                ("name", "error-required"),
                ("kind", "error-choose"),
                ("capacity", "error-shelter-number"),
                ("planned_days", "error-shelter-number"),
                ("place", "error-place-too-fine"),
            ]
        );
    }

    #[test]
    fn codes_round_trip() {
        for kind in FacilityKind::ALL {
            assert_eq!(FacilityKind::from_code(kind.code()), Some(*kind));
        }
        for d in Destination::ALL {
            assert_eq!(Destination::from_code(d.code()), Some(*d));
        }
        assert_eq!(Destination::from_code("nowhere"), None);
    }
}

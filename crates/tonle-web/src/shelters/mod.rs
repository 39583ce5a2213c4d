//! Shelters: the facilities of the user's organisation with today's occupancy and warnings,
//! each facility's residents, admissions, transfers and discharges, and occupancy over the
//! last 30 days. The store decides who reaches what; here we choose what to show.

mod facility;
mod list;
mod record;
mod stays;

use chrono::{NaiveDate, Utc};
use tonle_domain::ids::{ShelterId, StayId};
use tonle_domain::language::Language;
use tonle_store::people::Person;

use crate::error::WebError;

pub use facility::show;
pub use list::{create, index};
pub use record::{PersonStayRow, person_stays};
pub use stays::{admit, discharge, transfer};

fn shelter_id(text: &str) -> Result<ShelterId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

fn stay_id(text: &str) -> Result<StayId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// Today in Cambodia.
fn today() -> NaiveDate {
    tonle_domain::time::local_date(Utc::now())
}

/// A person's name for a list, the page's script first ("ស្រីមុំ · Sok Sreymom").
fn person_name(lang: Language, person: &Person) -> String {
    let Some(identity) = &person.identity else {
        return String::new();
    };
    let (km, latin) = (identity.khmer_name(), identity.latin_name());
    let (first, second) = match lang {
        Language::Km => (km, latin),
        Language::En => (latin, km),
    };
    match (first.is_empty(), second.is_empty()) {
        (false, false) => format!("{first} · {second}"),
        (false, true) => first,
        _ => second,
    }
}

/// An organisation's name as the member's memberships spell it, in the page's language.
fn org_name(member: &crate::viewer::Member, org: tonle_domain::ids::OrgId) -> String {
    member
        .memberships
        .iter()
        .find(|m| m.org_id == org)
        .map(|m| match (member.language, &m.org_name_km) {
            (Language::Km, Some(km)) => km.clone(),
            _ => m.org_name.clone(),
        })
        .unwrap_or_default()
}

//! The person form as typed, and its translation to the domain's checked details.

use chrono::Datelike;
use serde::Deserialize;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::places::PlaceCode;
use tonle_store::people::Person;

use super::today;
use crate::page::FieldErrors;
use crate::places::PlaceQuery;

/// The person form as submitted. Places come as two pickers (`origin_…`, `current_…`) that
/// stop at the commune: a village is too precise to keep in the clear.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub csrf: String,
    pub org: String,
    pub family_name_km: String,
    pub given_name_km: String,
    pub family_name_latin: String,
    pub given_name_latin: String,
    pub aliases: String,
    pub sex: String,
    pub date_of_birth: String,
    pub estimated_age: String,
    pub phone: String,
    pub address: String,
    pub nationality: String,
    pub origin_province: String,
    pub origin_district: String,
    pub origin_commune: String,
    pub current_province: String,
    pub current_district: String,
    pub current_commune: String,
    /// Set by the "next level" button (without script): show the form again, save nothing.
    pub refine: String,
}

fn chosen(province: &str, district: &str, commune: &str) -> Option<PlaceCode> {
    PlaceQuery {
        province: province.to_owned(),
        district: district.to_owned(),
        commune: commune.to_owned(),
        ..PlaceQuery::default()
    }
    .chosen()
}

/// The codes of a place and the levels above it: (province, district, commune).
fn levels(code: &Option<PlaceCode>) -> [String; 3] {
    let mut out = [String::new(), String::new(), String::new()];
    if let Some(code) = code {
        for (slot, c) in out.iter_mut().zip(code.lineage()) {
            *slot = c.as_str().to_owned();
        }
    }
    out
}

impl PersonForm {
    pub fn origin(&self) -> Option<PlaceCode> {
        chosen(
            &self.origin_province,
            &self.origin_district,
            &self.origin_commune,
        )
    }

    pub fn current(&self) -> Option<PlaceCode> {
        chosen(
            &self.current_province,
            &self.current_district,
            &self.current_commune,
        )
    }

    /// The form filled with a person's details, for editing.
    pub fn from_person(person: &Person) -> Self {
        let identity = person.identity.clone().unwrap_or_default();
        let estimated_age = match person.birth_year {
            Some(year) if person.birth_year_estimated => (today().year() - year).to_string(),
            _ => String::new(),
        };
        let [origin_province, origin_district, origin_commune] = levels(&person.origin);
        let [current_province, current_district, current_commune] = levels(&person.current);
        PersonForm {
            org: person.org.to_string(),
            aliases: identity.aliases.join("\n"),
            sex: person.sex.code().to_owned(),
            date_of_birth: identity
                .date_of_birth
                .map(|d| d.to_string())
                .unwrap_or_default(),
            estimated_age,
            phone: identity.phone.unwrap_or_default(),
            address: identity.address.unwrap_or_default(),
            nationality: person.nationality.clone().unwrap_or_default(),
            family_name_km: identity.family_name_km,
            given_name_km: identity.given_name_km,
            family_name_latin: identity.family_name_latin,
            given_name_latin: identity.given_name_latin,
            origin_province,
            origin_district,
            origin_commune,
            current_province,
            current_district,
            current_commune,
            ..PersonForm::default()
        }
    }

    pub fn parse(&self) -> Result<PersonDetails, FieldErrors> {
        let origin = self.origin().map(String::from).unwrap_or_default();
        let current = self.current().map(String::from).unwrap_or_default();
        let input = PersonInput {
            family_name_km: &self.family_name_km,
            given_name_km: &self.given_name_km,
            family_name_latin: &self.family_name_latin,
            given_name_latin: &self.given_name_latin,
            aliases: &self.aliases,
            sex: &self.sex,
            date_of_birth: &self.date_of_birth,
            estimated_age: &self.estimated_age,
            phone: &self.phone,
            address: &self.address,
            nationality: &self.nationality,
            origin_place: &origin,
            current_place: &current,
        };
        PersonDetails::parse(&input, today()).map_err(|e| FieldErrors::from_invalid(&e))
    }
}

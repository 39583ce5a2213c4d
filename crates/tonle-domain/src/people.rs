//! A person known to an organisation: who they are (identifying, sealed before storage) and the
//! few plain facts statistics need (sex, year of birth, places at commune level or above).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::khmer;
use crate::places::{PlaceCode, PlaceLevel};
use crate::projects::parse_date;
use crate::validation::optional_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    pub const ALL: [Sex; 4] = [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
            Sex::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Sex> {
        Sex::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Sex::Female => "sex-female",
            Sex::Male => "sex-male",
            Sex::Other => "sex-other",
            Sex::Unknown => "sex-unknown",
        }
    }
}

/// What identifies a person. Never stored in the clear: the store seals it with the person's key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    pub family_name_km: String,
    pub given_name_km: String,
    pub family_name_latin: String,
    pub given_name_latin: String,
    pub aliases: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<String>,
    /// Address below commune level (village, street, house).
    pub address: Option<String>,
}

impl Identity {
    /// Every name the person is known by, for search.
    pub fn names(&self) -> Vec<&str> {
        let mut names = vec![
            self.family_name_km.as_str(),
            self.given_name_km.as_str(),
            self.family_name_latin.as_str(),
            self.given_name_latin.as_str(),
        ];
        names.extend(self.aliases.iter().map(String::as_str));
        names.retain(|n| !n.is_empty());
        names
    }

    /// "Family Given" in Khmer script if known, else in Latin script.
    pub fn khmer_name(&self) -> String {
        join(&self.family_name_km, &self.given_name_km)
    }

    pub fn latin_name(&self) -> String {
        join(&self.family_name_latin, &self.given_name_latin)
    }
}

fn join(family: &str, given: &str) -> String {
    [family, given]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person's details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub identity: Identity,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub birth_year_estimated: bool,
    pub nationality: Option<String>,
    pub origin: Option<PlaceCode>,
    pub current: Option<PlaceCode>,
}

/// A person form as typed.
#[derive(Debug, Clone, Default)]
pub struct PersonInput<'a> {
    pub family_name_km: &'a str,
    pub given_name_km: &'a str,
    pub family_name_latin: &'a str,
    pub given_name_latin: &'a str,
    /// One alias per line (or separated by commas).
    pub aliases: &'a str,
    pub sex: &'a str,
    pub date_of_birth: &'a str,
    /// Age in years when the date of birth is unknown (an estimate).
    pub estimated_age: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub nationality: &'a str,
    pub origin_place: &'a str,
    pub current_place: &'a str,
}

const NAME_MAX: usize = 80;

fn name(field: &'static str, text: &str, errors: &mut Vec<Invalid>) -> String {
    match optional_text(field, text, NAME_MAX) {
        Ok(value) => value.map(|v| khmer::normalise(&v)).unwrap_or_default(),
        Err(e) => {
            errors.push(e);
            String::new()
        }
    }
}

/// A place kept in the clear must be no finer than a commune: villages identify too much.
fn coarse_place(field: &'static str, text: &str) -> Result<Option<PlaceCode>, Invalid> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let code = PlaceCode::parse(text).map_err(|_| Invalid::new(field, "error-place"))?;
    if code.level() == PlaceLevel::Village {
        return Err(Invalid::new(field, "error-place-too-fine"));
    }
    Ok(Some(code))
}

fn phone(text: &str) -> Result<Option<String>, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(6..=20).contains(&digits) {
        return Err(Invalid::new("phone", "error-phone"));
    }
    Ok(Some(text.to_owned()))
}

impl PersonDetails {
    /// Checks every field and returns all problems at once; `today` bounds dates and ages.
    pub fn parse(input: &PersonInput<'_>, today: NaiveDate) -> Result<Self, Vec<Invalid>> {
        let mut errors = Vec::new();
        let mut identity = Identity {
            family_name_km: name("family_name_km", input.family_name_km, &mut errors),
            given_name_km: name("given_name_km", input.given_name_km, &mut errors),
            family_name_latin: name("family_name_latin", input.family_name_latin, &mut errors),
            given_name_latin: name("given_name_latin", input.given_name_latin, &mut errors),
            ..Identity::default()
        };
        if errors.is_empty() && identity.names().is_empty() {
            errors.push(Invalid::new("given_name_km", "error-person-name"));
        }
        for alias in input.aliases.split(['\n', ',']) {
            match optional_text("aliases", alias, NAME_MAX) {
                Ok(Some(alias)) => identity.aliases.push(khmer::normalise(&alias)),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if identity.aliases.len() > 10 {
            errors.push(Invalid::new("aliases", "error-too-many"));
        }
        let sex = Sex::from_code(input.sex).unwrap_or_else(|| {
            errors.push(Invalid::new("sex", "error-choose"));
            Sex::Unknown
        });
        let (mut birth_year, mut estimated) = (None, false);
        if !input.date_of_birth.trim().is_empty() && !input.estimated_age.trim().is_empty() {
            errors.push(Invalid::new("estimated_age", "error-age-and-date"));
        }
        if !input.date_of_birth.trim().is_empty() {
            match parse_date("date_of_birth", input.date_of_birth) {
                Ok(date) if date > today || today.year() - date.year() > 120 => {
                    errors.push(Invalid::new("date_of_birth", "error-date-of-birth"));
                }
                Ok(date) => {
                    identity.date_of_birth = Some(date);
                    birth_year = Some(date.year());
                }
                Err(e) => errors.push(e),
            }
        } else if !input.estimated_age.trim().is_empty() {
            match input.estimated_age.trim().parse::<i32>() {
                Ok(age) if (0..=120).contains(&age) => {
                    birth_year = Some(today.year() - age);
                    estimated = true;
                }
                _ => errors.push(Invalid::new("estimated_age", "error-age")),
            }
        }
        identity.phone = phone(input.phone).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        identity.address = optional_text("address", input.address, 300).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let nationality = input.nationality.trim().to_ascii_uppercase();
        let nationality = if nationality.is_empty() {
            None
        } else if nationality.len() == 2 && nationality.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(nationality)
        } else {
            errors.push(Invalid::new("nationality", "error-country"));
            None
        };
        let origin = coarse_place("origin_place", input.origin_place).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let current = coarse_place("current_place", input.current_place).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            identity,
            sex,
            birth_year,
            birth_year_estimated: estimated,
            nationality,
            origin,
            current,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn input() -> PersonInput<'static> {
        PersonInput {
            family_name_km: "សុខ",
            given_name_km: "ស្រីមុំ",
            family_name_latin: "Sok",
            given_name_latin: "Sreymom",
            aliases: "Mom\n, Srey ",
            sex: "female",
            date_of_birth: "2004-03-14",
            phone: "+855 12 345 678",
            nationality: "kh",
            origin_place: "0204",
            ..PersonInput::default()
        }
    }

    #[test]
    fn a_full_form_parses() {
        let p = PersonDetails::parse(&input(), today()).unwrap();
        assert_eq!(p.identity.aliases, vec!["Mom", "Srey"]);
        assert_eq!(p.birth_year, Some(2004));
        assert!(!p.birth_year_estimated);
        assert_eq!(p.nationality.as_deref(), Some("KH"));
        assert_eq!(p.identity.khmer_name(), "សុខ ស្រីមុំ");
        assert_eq!(p.identity.names().len(), 6);
    }

    #[test]
    fn an_estimated_age_gives_an_estimated_year() {
        let form = PersonInput {
            date_of_birth: "",
            estimated_age: "17",
            ..input()
        };
        let p = PersonDetails::parse(&form, today()).unwrap();
        assert_eq!(p.birth_year, Some(2009));
        assert!(p.birth_year_estimated);
    }

    #[test]
    fn a_date_of_birth_and_an_estimated_age_do_not_go_together() {
        let form = PersonInput {
            estimated_age: "17",
            ..input()
        };
        let errors = PersonDetails::parse(&form, today()).unwrap_err();
        assert_eq!(
            errors,
            vec![Invalid::new("estimated_age", "error-age-and-date")]
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let form = PersonInput {
            family_name_km: "",
            given_name_km: "",
            family_name_latin: "",
            given_name_latin: "",
            aliases: "",
            sex: "x",
            date_of_birth: "2030-01-01",
            phone: "call me",
            nationality: "Cambodia",
            origin_place: "02040101",
            ..PersonInput::default()
        };
        let errors = PersonDetails::parse(&form, today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "given_name_km",
                "sex",
                "date_of_birth",
                "phone",
                "nationality",
                "origin_place"
            ]
        );
        assert!(errors.iter().any(|e| e.key == "error-place-too-fine"));
    }
}

//! Identification and screening: how the person was recruited, moved and exploited, who
//! identified her and what they concluded, in HTCDS codes. The codes stay in the clear (they
//! feed statistics); the dates, places and the story (the `Journey`) are sealed by the store.

pub mod codes;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::places::{PlaceCode, PlaceLevel};
use crate::projects::parse_date;
pub use codes::{CodeList, Entry};

/// The coded answers, one code (or several) from each HTCDS list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identification {
    pub identified_by: Option<String>,
    pub trafficking_status: Option<String>,
    pub recruitment_method: Option<String>,
    pub recruiter_relation: Option<String>,
    pub exploitation: Option<String>,
    pub labour_industry: Option<String>,
    pub sex_exploitation: Option<String>,
    pub means_of_control: Vec<String>,
    pub vulnerabilities: Vec<String>,
    pub origin_country: Option<String>,
    pub transit_country: Option<String>,
    pub destination_country: Option<String>,
    pub journey: Journey,
}

/// What would identify her or retell her story: sealed with her data key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journey {
    pub identified_on: Option<NaiveDate>,
    pub departed_on: Option<NaiveDate>,
    pub exploited_from: Option<NaiveDate>,
    pub exploited_until: Option<NaiveDate>,
    pub origin_place: Option<PlaceCode>,
    pub transit_place: Option<PlaceCode>,
    pub destination_place: Option<PlaceCode>,
    pub narrative: String,
}

/// The identification form as typed.
#[derive(Debug, Clone, Default)]
pub struct IdentificationInput<'a> {
    pub identified_by: &'a str,
    pub identified_on: &'a str,
    pub trafficking_status: &'a str,
    pub recruitment_method: &'a str,
    pub recruiter_relation: &'a str,
    pub exploitation: &'a str,
    pub labour_industry: &'a str,
    pub sex_exploitation: &'a str,
    pub means_of_control: Vec<&'a str>,
    pub vulnerabilities: Vec<&'a str>,
    pub origin_country: &'a str,
    pub origin_place: &'a str,
    pub transit_country: &'a str,
    pub transit_place: &'a str,
    pub destination_country: &'a str,
    pub destination_place: &'a str,
    pub departed_on: &'a str,
    pub exploited_from: &'a str,
    pub exploited_until: &'a str,
    pub narrative: &'a str,
}

pub const NARRATIVE_MAX: usize = 4000;
/// Exploitation types whose sector is a forced-labour industry.
const LABOUR: [&str; 2] = ["Forced labour", "Child labour"];
const SEXUAL: &str = "Sexual exploitation";

struct Check {
    errors: Vec<Invalid>,
}

impl Check {
    fn code(&mut self, field: &'static str, list: CodeList, text: &str) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match list.find(text) {
            Some(entry) => Some(entry.code.clone()),
            None => {
                self.errors.push(Invalid::new(field, "error-choose"));
                None
            }
        }
    }

    fn codes(&mut self, field: &'static str, list: CodeList, texts: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = texts
            .iter()
            .filter_map(|t| self.code(field, list, t))
            .collect();
        out.sort_by_key(|c| list.entries().iter().position(|e| &e.code == c));
        out.dedup();
        out
    }

    fn date(&mut self, field: &'static str, text: &str, today: NaiveDate) -> Option<NaiveDate> {
        if text.trim().is_empty() {
            return None;
        }
        match parse_date(field, text) {
            Ok(d) if d > today => {
                self.errors.push(Invalid::new(field, "error-date-future"));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// A place in Cambodia, commune level at most (a village identifies too much).
    fn place(
        &mut self,
        field: &'static str,
        text: &str,
        country: Option<&str>,
    ) -> Option<PlaceCode> {
        if text.trim().is_empty() {
            return None;
        }
        let Ok(code) = PlaceCode::parse(text) else {
            self.errors.push(Invalid::new(field, "error-place"));
            return None;
        };
        if code.level() == PlaceLevel::Village {
            self.errors
                .push(Invalid::new(field, "error-place-too-fine"));
            return None;
        }
        if country != Some("KH") {
            self.errors
                .push(Invalid::new(field, "error-place-not-cambodia"));
            return None;
        }
        Some(code)
    }
}

fn narrative(text: &str) -> Result<String, Invalid> {
    let text = text.trim();
    if text.chars().count() > NARRATIVE_MAX {
        return Err(Invalid::new("narrative", "error-too-long"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::new("narrative", "error-control-characters"));
    }
    Ok(text.replace("\r\n", "\n"))
}

impl Identification {
    /// Checks every answer and returns all problems at once; `today` is Cambodia's date.
    pub fn parse(input: &IdentificationInput<'_>, today: NaiveDate) -> Result<Self, Vec<Invalid>> {
        let mut c = Check { errors: Vec::new() };
        let exploitation = c.code("exploitation", CodeList::Exploitation, input.exploitation);
        let labour_industry = c.code(
            "labour_industry",
            CodeList::LabourIndustry,
            input.labour_industry,
        );
        let sex_exploitation = c.code(
            "sex_exploitation",
            CodeList::SexExploitation,
            input.sex_exploitation,
        );
        let kind = exploitation.as_deref();
        if labour_industry.is_some() && !kind.is_some_and(|k| LABOUR.contains(&k)) {
            c.errors.push(Invalid::new(
                "labour_industry",
                "error-identification-sector",
            ));
        }
        if sex_exploitation.is_some() && kind != Some(SEXUAL) {
            c.errors.push(Invalid::new(
                "sex_exploitation",
                "error-identification-sector",
            ));
        }
        let origin_country = c.code("origin_country", CodeList::Country, input.origin_country);
        let transit_country = c.code("transit_country", CodeList::Country, input.transit_country);
        let destination_country = c.code(
            "destination_country",
            CodeList::Country,
            input.destination_country,
        );
        let journey = Journey {
            identified_on: c.date("identified_on", input.identified_on, today),
            departed_on: c.date("departed_on", input.departed_on, today),
            exploited_from: c.date("exploited_from", input.exploited_from, today),
            exploited_until: c.date("exploited_until", input.exploited_until, today),
            origin_place: c.place(
                "origin_place",
                input.origin_place,
                origin_country.as_deref(),
            ),
            transit_place: c.place(
                "transit_place",
                input.transit_place,
                transit_country.as_deref(),
            ),
            destination_place: c.place(
                "destination_place",
                input.destination_place,
                destination_country.as_deref(),
            ),
            narrative: narrative(input.narrative).unwrap_or_else(|e| {
                c.errors.push(e);
                String::new()
            }),
        };
        if let (Some(from), Some(until)) = (journey.exploited_from, journey.exploited_until)
            && until < from
        {
            c.errors
                .push(Invalid::new("exploited_until", "error-date-order"));
        }
        if let (Some(left), Some(from)) = (journey.departed_on, journey.exploited_from)
            && from < left
        {
            c.errors
                .push(Invalid::new("exploited_from", "error-date-order"));
        }
        let found = Identification {
            identified_by: c.code("identified_by", CodeList::IdentifiedBy, input.identified_by),
            trafficking_status: c.code(
                "trafficking_status",
                CodeList::TraffickingStatus,
                input.trafficking_status,
            ),
            recruitment_method: c.code(
                "recruitment_method",
                CodeList::RecruitmentMethod,
                input.recruitment_method,
            ),
            recruiter_relation: c.code(
                "recruiter_relation",
                CodeList::RecruiterRelation,
                input.recruiter_relation,
            ),
            exploitation,
            labour_industry,
            sex_exploitation,
            means_of_control: c.codes(
                "means_of_control",
                CodeList::MeansOfControl,
                &input.means_of_control,
            ),
            vulnerabilities: c.codes(
                "vulnerabilities",
                CodeList::Vulnerability,
                &input.vulnerabilities,
            ),
            origin_country,
            transit_country,
            destination_country,
            journey,
        };
        if c.errors.is_empty() {
            Ok(found)
        } else {
            Err(c.errors)
        }
    }
}

#[cfg(test)]
mod tests;

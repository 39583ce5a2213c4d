//! The identification form: HTCDS selects with labels in the reader's language, several means
//! of control as checkboxes, Cambodian places by picker, the story in a text area.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tonle_domain::identification::{CodeList, Identification, IdentificationInput};
use tonle_domain::language::Language;
use tonle_domain::places::PlaceCode;

use super::{Choice, case_id, choices};
use crate::error::WebError;
use crate::page::FieldErrors;
use crate::places::{PlacePicker, PlaceQuery};
use crate::state::AppState;
use crate::viewer::Member;

/// The form as typed (or as stored).
#[derive(Debug, Clone, Default)]
pub struct IdentificationForm {
    pub identified_by: String,
    pub identified_on: String,
    pub trafficking_status: String,
    pub recruitment_method: String,
    pub recruiter_relation: String,
    pub exploitation: String,
    pub labour_industry: String,
    pub sex_exploitation: String,
    pub means_of_control: Vec<String>,
    pub vulnerabilities: Vec<String>,
    pub origin_country: String,
    pub origin_place: String,
    pub transit_country: String,
    pub destination_country: String,
    pub destination_place: String,
    pub departed_on: String,
    pub exploited_from: String,
    pub exploited_until: String,
    pub narrative: String,
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn date(value: Option<chrono::NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

fn place(value: &Option<PlaceCode>) -> String {
    value
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default()
}

/// The deepest level chosen in a picker's selects.
fn picked(pairs: &[(String, String)], prefix: &str) -> String {
    let get = |level: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.strip_prefix(prefix) == Some(level))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    PlaceQuery {
        province: get("province"),
        district: get("district"),
        commune: get("commune"),
        ..PlaceQuery::default()
    }
    .chosen()
    .map(|c| c.as_str().to_owned())
    .unwrap_or_default()
}

impl IdentificationForm {
    pub fn from_stored(found: &Identification) -> Self {
        let j = &found.journey;
        IdentificationForm {
            identified_by: text(&found.identified_by),
            identified_on: date(j.identified_on),
            trafficking_status: text(&found.trafficking_status),
            recruitment_method: text(&found.recruitment_method),
            recruiter_relation: text(&found.recruiter_relation),
            exploitation: text(&found.exploitation),
            labour_industry: text(&found.labour_industry),
            sex_exploitation: text(&found.sex_exploitation),
            means_of_control: found.means_of_control.clone(),
            vulnerabilities: found.vulnerabilities.clone(),
            origin_country: text(&found.origin_country),
            origin_place: place(&j.origin_place),
            transit_country: text(&found.transit_country),
            destination_country: text(&found.destination_country),
            destination_place: place(&j.destination_place),
            departed_on: date(j.departed_on),
            exploited_from: date(j.exploited_from),
            exploited_until: date(j.exploited_until),
            narrative: j.narrative.clone(),
        }
    }

    /// From the posted pairs (checkboxes repeat their name); returns the form token too.
    pub fn from_pairs(pairs: &[(String, String)]) -> (Self, String) {
        let mut form = IdentificationForm::default();
        let mut csrf = String::new();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "csrf" => &mut csrf,
                "identified_by" => &mut form.identified_by,
                "identified_on" => &mut form.identified_on,
                "trafficking_status" => &mut form.trafficking_status,
                "recruitment_method" => &mut form.recruitment_method,
                "recruiter_relation" => &mut form.recruiter_relation,
                "exploitation" => &mut form.exploitation,
                "labour_industry" => &mut form.labour_industry,
                "sex_exploitation" => &mut form.sex_exploitation,
                "origin_country" => &mut form.origin_country,
                "transit_country" => &mut form.transit_country,
                "destination_country" => &mut form.destination_country,
                "departed_on" => &mut form.departed_on,
                "exploited_from" => &mut form.exploited_from,
                "exploited_until" => &mut form.exploited_until,
                "narrative" => &mut form.narrative,
                "means_of_control" => {
                    form.means_of_control.push(value.clone());
                    continue;
                }
                "vulnerabilities" => {
                    form.vulnerabilities.push(value.clone());
                    continue;
                }
                _ => continue,
            };
            *slot = value.clone();
        }
        form.origin_place = picked(pairs, "origin_");
        form.destination_place = picked(pairs, "destination_");
        (form, csrf)
    }

    pub fn input(&self) -> IdentificationInput<'_> {
        IdentificationInput {
            identified_by: &self.identified_by,
            identified_on: &self.identified_on,
            trafficking_status: &self.trafficking_status,
            recruitment_method: &self.recruitment_method,
            recruiter_relation: &self.recruiter_relation,
            exploitation: &self.exploitation,
            labour_industry: &self.labour_industry,
            sex_exploitation: &self.sex_exploitation,
            means_of_control: self.means_of_control.iter().map(String::as_str).collect(),
            vulnerabilities: self.vulnerabilities.iter().map(String::as_str).collect(),
            origin_country: &self.origin_country,
            origin_place: &self.origin_place,
            transit_country: &self.transit_country,
            transit_place: "",
            destination_country: &self.destination_country,
            destination_place: &self.destination_place,
            departed_on: &self.departed_on,
            exploited_from: &self.exploited_from,
            exploited_until: &self.exploited_until,
            narrative: &self.narrative,
        }
    }
}

/// One select of the form.
pub struct SelectField {
    pub name: &'static str,
    pub label_key: &'static str,
    pub choices: Vec<Choice>,
    pub error: Option<&'static str>,
}

/// What the template needs to draw the form.
pub struct IdentificationView {
    pub form: IdentificationForm,
    pub selects: Vec<SelectField>,
    pub countries: Vec<SelectField>,
    pub means_of_control: Vec<Choice>,
    pub vulnerabilities: Vec<Choice>,
    pub origin: PlacePicker,
    pub destination: PlacePicker,
    pub errors: FieldErrors,
}

impl IdentificationView {
    pub async fn build(
        state: &AppState,
        lang: Language,
        form: IdentificationForm,
        errors: FieldErrors,
    ) -> Result<Self, WebError> {
        let select = |name, label_key, list, value: &str| SelectField {
            name,
            label_key,
            choices: choices(list, lang, &[value]),
            error: errors.get(name),
        };
        let f = &form;
        let selects = vec![
            select(
                "identified_by",
                "identification-identified-by",
                CodeList::IdentifiedBy,
                &f.identified_by,
            ),
            select(
                "trafficking_status",
                "identification-status",
                CodeList::TraffickingStatus,
                &f.trafficking_status,
            ),
            select(
                "recruitment_method",
                "identification-recruitment",
                CodeList::RecruitmentMethod,
                &f.recruitment_method,
            ),
            select(
                "recruiter_relation",
                "identification-recruiter",
                CodeList::RecruiterRelation,
                &f.recruiter_relation,
            ),
            select(
                "exploitation",
                "identification-exploitation",
                CodeList::Exploitation,
                &f.exploitation,
            ),
            select(
                "labour_industry",
                "identification-labour-industry",
                CodeList::LabourIndustry,
                &f.labour_industry,
            ),
            select(
                "sex_exploitation",
                "identification-sex-exploitation",
                CodeList::SexExploitation,
                &f.sex_exploitation,
            ),
        ];
        let countries = vec![
            select(
                "origin_country",
                "identification-origin-country",
                CodeList::Country,
                &f.origin_country,
            ),
            select(
                "transit_country",
                "identification-transit-country",
                CodeList::Country,
                &f.transit_country,
            ),
            select(
                "destination_country",
                "identification-destination-country",
                CodeList::Country,
                &f.destination_country,
            ),
        ];
        let means: Vec<&str> = f.means_of_control.iter().map(String::as_str).collect();
        let vulnerable: Vec<&str> = f.vulnerabilities.iter().map(String::as_str).collect();
        let picker = |code: String, prefix, legend| async move {
            let lineage = match PlaceCode::parse(&code) {
                Ok(code) => state.store.place_lineage(&code).await?,
                Err(_) => Vec::new(),
            };
            PlacePicker::build_named(state, lang, &lineage, prefix, legend, 3).await
        };
        let origin = picker(
            f.origin_place.clone(),
            "origin_",
            "identification-origin-place",
        )
        .await?;
        let destination = picker(
            f.destination_place.clone(),
            "destination_",
            "identification-destination-place",
        )
        .await?;
        Ok(IdentificationView {
            means_of_control: choices(CodeList::MeansOfControl, lang, &means),
            vulnerabilities: choices(CodeList::Vulnerability, lang, &vulnerable),
            selects,
            countries,
            origin,
            destination,
            form,
            errors,
        })
    }

    pub fn error(&self, field: &str) -> Option<&'static str> {
        self.errors.get(field)
    }
}

/// `POST /cases/{id}/identification`.
pub async fn save_identification(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = case_id(&id)?;
    let (form, csrf) = IdentificationForm::from_pairs(&pairs);
    member.check_csrf(&csrf)?;
    let (actor, scope) = (member.actor(), member.scope());
    let today = tonle_domain::time::local_date(Utc::now());
    match Identification::parse(&form.input(), today) {
        Ok(found) => {
            state
                .store
                .save_identification(&actor, &scope, id, &found, Utc::now())
                .await?;
            Ok(
                Redirect::to(&format!("/cases/{id}?done=identified#identification"))
                    .into_response(),
            )
        }
        Err(errors) => {
            let errors = FieldErrors::from_invalid(&errors);
            super::show::case_page(
                &state,
                &member,
                id,
                super::show::Refusal::Identification(Box::new(form), errors),
            )
            .await
        }
    }
}

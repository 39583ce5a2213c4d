//! `GET /shelters/{id}`: one facility, its residents (each name an audited view), the forms to
//! admit, transfer and discharge, and beds taken on each of the last 30 days.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Days;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_domain::ids::ShelterId;
use tonle_domain::shelters::{Destination, over_capacity};

use super::{person_name, shelter_id, today};
use crate::error::WebError;
use crate::page::{FieldErrors, Page, render_form};
use crate::places::path_text;
use crate::state::AppState;
use crate::viewer::Member;

/// Days of occupancy the page shows, today included.
const DAYS_SHOWN: u64 = 30;
/// People offered in the admission form (the most recently registered).
const CANDIDATES: u64 = 200;

pub struct ResidentRow {
    stay: i64,
    person: i64,
    name: String,
    admitted_on: String,
    planned_until: String,
    nights: i64,
    overstayed: bool,
}

pub struct DayRow {
    date: String,
    taken: u32,
    over: bool,
}

/// The admission form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AdmitForm {
    pub csrf: String,
    pub person: String,
    pub admitted_on: String,
}

/// A discharge or transfer form as typed, and which stay it was for.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StayForm {
    pub csrf: String,
    pub on: String,
    pub destination: String,
    pub to: String,
}

/// What a refused form brings back to the page.
#[derive(Default)]
pub struct Refused {
    pub admit: Option<AdmitForm>,
    /// (stay id, "discharge" or "transfer", the form).
    pub stay: Option<(i64, &'static str, StayForm)>,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "shelters/facility.html")]
struct FacilityPage {
    page: Page,
    id: i64,
    name: String,
    kind: &'static str,
    place: String,
    capacity: u32,
    planned_days: u32,
    notice: Option<&'static str>,
    residents: Vec<ResidentRow>,
    overstaying: usize,
    over_today: bool,
    days_over: usize,
    can_manage: bool,
    candidates: Vec<(String, String)>,
    admit: AdmitForm,
    stay_form: Option<(i64, &'static str, StayForm)>,
    destinations: Vec<(&'static str, &'static str)>,
    targets: Vec<(String, String)>,
    days: Vec<DayRow>,
    errors: FieldErrors,
    today: String,
}

impl FacilityPage {
    fn typed(&self, stay: &i64, action: &str) -> Option<&StayForm> {
        match &self.stay_form {
            Some((s, a, form)) if s == stay && *a == action => Some(form),
            _ => None,
        }
    }

    /// What was typed in `field` of the refused form of `stay` and `action`, else its default.
    fn value(&self, stay: &i64, action: &str, field: &str) -> String {
        match (self.typed(stay, action), field) {
            (Some(form), "on") => form.on.clone(),
            (Some(form), "destination") => form.destination.clone(),
            (Some(form), "to") => form.to.clone(),
            (None, "on") => self.today.clone(),
            _ => String::new(),
        }
    }

    /// The error of `field` on the refused form of `stay` and `action`.
    fn error(&self, stay: &i64, action: &str, field: &str) -> Option<&'static str> {
        self.typed(stay, action)
            .and_then(|_| self.errors.get(field))
    }

    /// Whether a form of this stay was refused (its forms are then shown open).
    fn refused_here(&self, stay: &i64) -> bool {
        matches!(&self.stay_form, Some((s, _, _)) if s == stay)
    }
}

/// Builds the facility page; `refused` carries a refused form back with what was typed.
pub(super) async fn facility_page(
    state: &AppState,
    member: &Member,
    id: ShelterId,
    notice: Option<&'static str>,
    refused: Refused,
) -> Result<Response, WebError> {
    let scope = member.scope();
    let actor = member.actor();
    let facility = state.store.shelter(&scope, id).await?;
    let page = Page::member(member, "shelter-title", "/shelters");
    let lang = page.lang;
    let today = today();
    let first = today
        .checked_sub_days(Days::new(DAYS_SHOWN - 1))
        .unwrap_or(today);
    let counts = state
        .store
        .shelter_occupancy(&scope, id, first, today)
        .await?;
    let residents = state.store.residents(&actor, &scope, id, today).await?;
    let can_manage = scope.allows(facility.org, Action::ManageStays);
    let candidates = if can_manage {
        let living_here: Vec<_> = residents.iter().map(|r| r.person.id).collect();
        state
            .store
            .recent_people(&actor, &scope, CANDIDATES)
            .await?
            .into_iter()
            .filter(|p| p.org == facility.org && !living_here.contains(&p.id))
            .map(|p| (p.id.to_string(), person_name(lang, &p)))
            .collect()
    } else {
        Vec::new()
    };
    let targets = state
        .store
        .shelters(&scope)
        .await?
        .into_iter()
        .filter(|s| s.org == facility.org && s.id != facility.id)
        .map(|s| (s.id.to_string(), s.name))
        .collect();
    let place = match &facility.place {
        Some(code) => path_text(lang, &state.store.place_lineage(code).await?),
        None => String::new(),
    };
    let over = over_capacity(&counts, facility.capacity);
    let days = counts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, taken)| DayRow {
            date: first
                .checked_add_days(Days::new(i as u64))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            taken: *taken,
            over: over.contains(&i),
        })
        .collect();
    let rows: Vec<ResidentRow> = residents
        .iter()
        .map(|r| ResidentRow {
            stay: r.stay.id.0,
            person: r.person.id.0,
            name: person_name(lang, &r.person),
            admitted_on: r.stay.admitted_on.to_string(),
            planned_until: r.stay.planned_until.to_string(),
            nights: (today - r.stay.admitted_on).num_days(),
            overstayed: r.stay.overstayed(today),
        })
        .collect();
    let template = FacilityPage {
        id: id.0,
        kind: facility.kind.label_key(),
        place,
        capacity: facility.capacity,
        planned_days: facility.planned_days,
        notice,
        overstaying: rows.iter().filter(|r| r.overstayed).count(),
        over_today: rows.len() > facility.capacity as usize,
        days_over: over.len(),
        residents: rows,
        can_manage,
        candidates,
        admit: refused.admit.unwrap_or_else(|| AdmitForm {
            admitted_on: today.to_string(),
            ..AdmitForm::default()
        }),
        stay_form: refused.stay,
        destinations: Destination::ALL
            .iter()
            .filter(|d| **d != Destination::Transfer)
            .map(|d| (d.code(), d.label_key()))
            .collect(),
        targets,
        days,
        errors: refused.errors,
        today: today.to_string(),
        name: facility.name,
        page,
    };
    let refused = !template.errors.is_empty();
    render_form(&template, refused)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /shelters/{id}`.
pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let id = shelter_id(&id)?;
    let notice = match query.done.as_str() {
        "admitted" => Some("shelter-admitted"),
        "discharged" => Some("shelter-discharged"),
        "transferred" => Some("shelter-transferred"),
        _ => None,
    };
    facility_page(&state, &member, id, notice, Refused::default()).await
}

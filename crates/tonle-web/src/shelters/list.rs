//! `GET /shelters`: the organisation's facilities with today's occupancy and warnings, and the
//! form that adds one (`POST /shelters`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_domain::ids::OrgId;
use tonle_domain::shelters::{FacilityInput, FacilityKind, NewFacility};
use tonle_store::StoreError;

use super::today;
use crate::error::WebError;
use crate::forms::{AddedQuery, FormField};
use crate::page::{FieldErrors, Page, render_form};
use crate::places::{PlacePicker, PlaceQuery, path_text};
use crate::state::AppState;
use crate::viewer::Member;

pub struct Row {
    id: i64,
    name: String,
    kind: &'static str,
    place: String,
    residents: u32,
    capacity: u32,
    over_capacity: bool,
    overstaying: u32,
}

/// The add-facility form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FacilityForm {
    csrf: String,
    org: String,
    name: String,
    kind: String,
    capacity: String,
    planned_days: String,
    province: String,
    district: String,
    commune: String,
}

impl FacilityForm {
    fn place(&self) -> Option<tonle_domain::places::PlaceCode> {
        PlaceQuery {
            province: self.province.clone(),
            district: self.district.clone(),
            commune: self.commune.clone(),
            ..PlaceQuery::default()
        }
        .chosen()
    }
}

#[derive(Template)]
#[template(path = "shelters/index.html")]
struct SheltersPage {
    page: Page,
    rows: Vec<Row>,
    notice: Option<&'static str>,
    /// Organisations where the user may add a facility (id, name); empty hides the form.
    orgs: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    fields: Vec<FormField>,
    picker: PlacePicker,
    form: FacilityForm,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    member: &Member,
    form: FacilityForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let scope = member.scope();
    if scope.orgs_for(Action::ViewShelters).is_empty() {
        return Err(WebError::Forbidden);
    }
    let page = Page::member(member, "shelters-title", "/shelters");
    let lang = page.lang;
    let shelters = state.store.shelters(&scope).await?;
    let figures = state.store.shelters_today(&scope, today()).await?;
    let codes: Vec<String> = shelters
        .iter()
        .filter_map(|s| s.place.as_ref().map(|p| p.as_str().to_owned()))
        .collect();
    let lineages = state.store.place_lineages(&codes).await?;
    let rows = shelters
        .into_iter()
        .map(|s| {
            let today = figures.get(&s.id).copied().unwrap_or_default();
            Row {
                id: s.id.0,
                kind: s.kind.label_key(),
                place: s
                    .place
                    .as_ref()
                    .and_then(|p| lineages.get(p.as_str()))
                    .map(|l| path_text(lang, l))
                    .unwrap_or_default(),
                residents: today.residents,
                capacity: s.capacity,
                over_capacity: today.residents > s.capacity,
                overstaying: today.overstaying,
                name: s.name,
            }
        })
        .collect();
    let orgs = scope
        .orgs_for(Action::ManageShelters)
        .into_iter()
        .map(|o| (o.to_string(), super::org_name(member, o)))
        .collect();
    let lineage = match form.place() {
        Some(code) => state.store.place_lineage(&code).await?,
        None => Vec::new(),
    };
    let picker = PlacePicker::build_named(state, lang, &lineage, "", "shelter-place", 3).await?;
    let fields = vec![
        FormField::new("name", "shelter-name", "text", &form.name).with_errors(&errors),
        FormField::new("capacity", "shelter-capacity", "text", &form.capacity)
            .inputmode("numeric")
            .with_errors(&errors),
        FormField::new(
            "planned_days",
            "shelter-planned-days",
            "text",
            &form.planned_days,
        )
        .inputmode("numeric")
        .with_errors(&errors),
    ];
    let refused = !errors.is_empty();
    render_form(
        &SheltersPage {
            page,
            rows,
            notice,
            orgs,
            kinds: FacilityKind::ALL
                .iter()
                .map(|k| (k.code(), k.label_key()))
                .collect(),
            fields,
            picker,
            form,
            errors,
        },
        refused,
    )
}

/// `GET /shelters`.
pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<AddedQuery>,
) -> Result<Response, WebError> {
    let notice = query.added.then_some("shelters-added");
    let form = FacilityForm {
        kind: FacilityKind::ShortTerm.code().to_owned(),
        ..FacilityForm::default()
    };
    page(&state, &member, form, FieldErrors::default(), notice).await
}

/// `POST /shelters`: adds a facility.
pub async fn create(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<FacilityForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let scope = member.scope();
    let org: OrgId = form.org.parse().map_err(|_| WebError::Forbidden)?;
    if !scope.allows(org, Action::ManageShelters) {
        return Err(WebError::Forbidden);
    }
    let place = form.place().map(|p| p.to_string()).unwrap_or_default();
    let input = FacilityInput {
        name: &form.name,
        kind: &form.kind,
        capacity: &form.capacity,
        planned_days: &form.planned_days,
        place: &place,
    };
    let errors = match NewFacility::parse(&input) {
        Ok(new) => {
            let result = state
                .store
                .create_shelter(&member.actor(), &scope, org, &new, Utc::now())
                .await;
            match result {
                Ok(_) => return Ok(Redirect::to("/shelters?added=true").into_response()),
                Err(StoreError::Refused(key)) => FieldErrors::one("place", key),
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => FieldErrors::from_invalid(&errors),
    };
    page(&state, &member, form, errors, None).await
}

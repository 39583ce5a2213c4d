//! Admission (`POST /shelters/{id}/admit`), discharge (`POST /stays/{id}/discharge`) and
//! transfer (`POST /stays/{id}/transfer`). A refused form comes back (422) with what was typed
//! and why.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tonle_domain::ids::{PersonId, ShelterId};
use tonle_domain::projects::parse_date;
use tonle_domain::shelters::Destination;
use tonle_store::StoreError;

use super::facility::{AdmitForm, Refused, StayForm, facility_page};
use super::{shelter_id, stay_id};
use crate::error::WebError;
use crate::page::FieldErrors;
use crate::state::AppState;
use crate::viewer::Member;

/// Which field a refusal of the store belongs to.
fn field_of(key: &'static str) -> &'static str {
    match key {
        "error-transfer-target" | "error-transfer-same" => "to",
        "error-discharge-transfer" => "destination",
        "error-person-erased" => "person",
        _ => "on",
    }
}

/// `POST /shelters/{id}/admit`.
pub async fn admit(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<AdmitForm>,
) -> Result<Response, WebError> {
    let id = shelter_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let (actor, scope) = (member.actor(), member.scope());
    // Out of reach answers 404 before anything about the form is said.
    state.store.shelter(&scope, id).await?;
    let mut errors = FieldErrors::default();
    let person: Option<PersonId> = form.person.parse().ok();
    if person.is_none() {
        errors.0.push(("person", "error-choose"));
    }
    let on = parse_date("admitted_on", &form.admitted_on)
        .map_err(|e| errors.0.push((e.field, e.key)))
        .ok();
    if let (Some(person), Some(on)) = (person, on) {
        match state
            .store
            .admit(&actor, &scope, id, person, on, Utc::now())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/shelters/{id}?done=admitted")).into_response());
            }
            Err(StoreError::Refused(key)) => {
                let field = if field_of(key) == "person" {
                    "person"
                } else {
                    "admitted_on"
                };
                errors.0.push((field, key));
            }
            Err(StoreError::NotFound) => errors.0.push(("person", "error-choose")),
            Err(e) => return Err(e.into()),
        }
    }
    let refused = Refused {
        admit: Some(form),
        stay: None,
        errors,
    };
    facility_page(&state, &member, id, None, refused).await
}

/// Re-renders the stay's facility with the refused form.
async fn refused_stay(
    state: &AppState,
    member: &Member,
    facility: ShelterId,
    stay: i64,
    action: &'static str,
    form: StayForm,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let refused = Refused {
        admit: None,
        stay: Some((stay, action, form)),
        errors,
    };
    facility_page(state, member, facility, None, refused).await
}

/// `POST /stays/{id}/discharge`.
pub async fn discharge(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<StayForm>,
) -> Result<Response, WebError> {
    let id = stay_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let (actor, scope) = (member.actor(), member.scope());
    let stay = state.store.stay(&scope, id).await?;
    let mut errors = FieldErrors::default();
    let destination = Destination::from_code(&form.destination);
    if destination.is_none() {
        errors.0.push(("destination", "error-choose"));
    }
    let on = parse_date("on", &form.on)
        .map_err(|e| errors.0.push((e.field, e.key)))
        .ok();
    if let (Some(destination), Some(on)) = (destination, on) {
        match state
            .store
            .discharge(&actor, &scope, id, on, destination, Utc::now())
            .await
        {
            Ok(()) => {
                let to = format!("/shelters/{}?done=discharged", stay.shelter);
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Refused(key)) => errors.0.push((field_of(key), key)),
            Err(e) => return Err(e.into()),
        }
    }
    refused_stay(
        &state,
        &member,
        stay.shelter,
        id.0,
        "discharge",
        form,
        errors,
    )
    .await
}

/// `POST /stays/{id}/transfer`: discharge here and admission there, the same day, as one.
pub async fn transfer(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<StayForm>,
) -> Result<Response, WebError> {
    let id = stay_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let (actor, scope) = (member.actor(), member.scope());
    let stay = state.store.stay(&scope, id).await?;
    let mut errors = FieldErrors::default();
    let to: Option<ShelterId> = form.to.parse().ok();
    if to.is_none() {
        errors.0.push(("to", "error-choose"));
    }
    let on = parse_date("on", &form.on)
        .map_err(|e| errors.0.push((e.field, e.key)))
        .ok();
    if let (Some(to), Some(on)) = (to, on) {
        match state
            .store
            .transfer(&actor, &scope, id, to, on, Utc::now())
            .await
        {
            Ok(_) => {
                let to = format!("/shelters/{to}?done=transferred");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Refused(key)) => errors.0.push((field_of(key), key)),
            Err(e) => return Err(e.into()),
        }
    }
    refused_stay(
        &state,
        &member,
        stay.shelter,
        id.0,
        "transfer",
        form,
        errors,
    )
    .await
}

//! Recording and withdrawing a person's consent, from their record.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::consent::Purpose;
use tonle_domain::ids::{ConsentId, OrgId};
use tonle_domain::projects::parse_date;
use tonle_store::StoreError;

use super::record::record_page;
use super::{person_id, today};
use crate::error::WebError;
use crate::forms::CsrfForm;
use crate::page::FieldErrors;
use crate::state::AppState;
use crate::viewer::Member;

/// The add-consent form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub csrf: String,
    pub purpose: String,
    pub recipient: String,
    pub given_on: String,
}

impl ConsentForm {
    /// An empty form, dated today.
    pub fn fresh() -> Self {
        ConsentForm {
            given_on: today().to_string(),
            ..ConsentForm::default()
        }
    }
}

/// Which field a refusal of the store belongs to.
fn field_of(key: &'static str) -> &'static str {
    match key {
        "error-consent-recipient" => "recipient",
        "error-date-future" => "given_on",
        _ => "purpose",
    }
}

/// `POST /people/{id}/consents`.
pub async fn record_consent(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<ConsentForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let (actor, scope) = (member.actor(), member.scope());
    let mut errors = FieldErrors::default();
    let purpose = Purpose::from_code(&form.purpose);
    if purpose.is_none() {
        errors.0.push(("purpose", "error-choose"));
    }
    let recipient = match purpose {
        Some(p) if p.needs_recipient() => match form.recipient.parse::<OrgId>() {
            Ok(org) => Some(org),
            Err(_) => {
                errors.0.push(("recipient", "error-consent-recipient"));
                None
            }
        },
        _ => None,
    };
    let given_on = parse_date("given_on", &form.given_on)
        .map_err(|e| errors.0.push((e.field, e.key)))
        .ok();
    if let (Some(purpose), Some(given_on), true) = (purpose, given_on, errors.is_empty()) {
        let result = state
            .store
            .record_consent(&actor, &scope, id, purpose, recipient, given_on, Utc::now())
            .await;
        match result {
            Ok(_) => return Ok(Redirect::to(&format!("/people/{id}?done=consent")).into_response()),
            Err(StoreError::Refused("error-person-erased")) => {
                return Err(WebError::Refused("error-person-erased"));
            }
            Err(StoreError::Refused(key)) => errors.0.push((field_of(key), key)),
            Err(e) => return Err(e.into()),
        }
    }
    let person = state.store.view_person(&actor, &scope, id).await?;
    record_page(&state, &member, person, None, form, errors).await
}

/// `POST /people/{id}/consents/{consent}/withdraw`: the consent ends today.
pub async fn withdraw_consent(
    State(state): State<AppState>,
    member: Member,
    Path((id, consent)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let consent: ConsentId = consent.parse().map_err(|_| WebError::NotFound)?;
    member.check_csrf(&form.csrf)?;
    state
        .store
        .withdraw_consent(
            &member.actor(),
            &member.scope(),
            id,
            consent,
            today(),
            Utc::now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/people/{id}?done=withdrawn")).into_response())
}

//! Erasing a person: a confirmation first, because it cannot be undone.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_domain::ids::PersonId;

use super::person_id;
use crate::error::WebError;
use crate::page::{Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EraseForm {
    csrf: String,
    /// The "I understand this cannot be undone" box.
    understood: String,
}

#[derive(Template)]
#[template(path = "people/erase.html")]
struct ErasePage {
    page: Page,
    id: i64,
    name_km: String,
    name_latin: String,
    refused: bool,
}

async fn confirmation(
    state: &AppState,
    member: &Member,
    id: PersonId,
    refused: bool,
) -> Result<Response, WebError> {
    let person = state
        .store
        .view_person(&member.actor(), &member.scope(), id)
        .await?;
    if !member.scope().allows(person.org, Action::ErasePeople) {
        return Err(WebError::Forbidden);
    }
    let Some(identity) = person.identity else {
        // Already erased: the record says so.
        return Ok(Redirect::to(&format!("/people/{id}")).into_response());
    };
    let page = ErasePage {
        page: Page::member(member, "person-erase-title", "/people"),
        id: id.0,
        name_km: identity.khmer_name(),
        name_latin: identity.latin_name(),
        refused,
    };
    render_form(&page, refused)
}

/// `GET /people/{id}/erase`.
pub async fn confirm_erase(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    confirmation(&state, &member, id, false).await
}

/// `POST /people/{id}/erase`.
pub async fn erase(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    member.check_csrf(&form.csrf)?;
    if form.understood != "yes" {
        return confirmation(&state, &member, id, true).await;
    }
    state
        .store
        .erase_person(&member.actor(), &member.scope(), id, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/people/{id}?done=erased")).into_response())
}

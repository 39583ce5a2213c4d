//! A case manager gives a person to a case worker of the organisation (or to nobody).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::ids::UserId;

use super::person_id;
use crate::error::WebError;
use crate::state::AppState;
use crate::viewer::Member;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    csrf: String,
    /// A user id, or empty for nobody.
    worker: String,
}

/// `POST /people/{id}/assign`.
pub async fn assign(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let worker = match form.worker.trim() {
        "" => None,
        text => Some(
            text.parse::<UserId>()
                .map_err(|_| WebError::Refused("error-assign-outside"))?,
        ),
    };
    state
        .store
        .assign_person(&member.actor(), &member.scope(), id, worker, Utc::now())
        .await?;
    Ok(Redirect::to(&format!("/people/{id}?done=assigned")).into_response())
}

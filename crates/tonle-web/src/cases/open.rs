//! A person's cases on her record, and opening one: `POST /people/{id}/cases`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_domain::cases::parse_intake_date;
use tonle_domain::ids::PersonId;
use tonle_store::StoreError;
use tonle_store::people::Person;

use crate::error::WebError;
use crate::page::{Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

/// One of her cases, as the record lists it.
pub struct CaseLine {
    pub id: i64,
    pub status_key: &'static str,
    pub intake_date: String,
}

/// The cases card of a person's record.
#[derive(Default)]
pub struct OnRecord {
    pub cases: Vec<CaseLine>,
    /// Offered when the user may open one and none is open.
    pub can_open: bool,
    pub today: String,
}

/// Her cases this user reaches, and whether a new one may be opened.
pub async fn on_record(
    state: &AppState,
    member: &Member,
    person: &Person,
) -> Result<OnRecord, WebError> {
    let scope = member.scope();
    if person.identity.is_none() {
        return Ok(OnRecord::default());
    }
    let cases = state.store.cases_of_person(&scope, person.id).await?;
    let open = cases.iter().any(|c| c.state.status.is_open());
    Ok(OnRecord {
        can_open: !open && scope.allows(person.org, Action::EditPeople),
        cases: cases
            .iter()
            .map(|c| CaseLine {
                id: c.id.0,
                status_key: c.state.status.label_key(),
                intake_date: c.intake_date.to_string(),
            })
            .collect(),
        today: tonle_domain::time::local_date(Utc::now()).to_string(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenForm {
    csrf: String,
    intake_date: String,
}

#[derive(Template)]
#[template(path = "cases/open.html")]
struct OpenPage {
    page: Page,
    person_id: i64,
    intake_date: String,
    error: &'static str,
}

/// `POST /people/{id}/cases`: opens a case; a refusal shows the form again with the reason.
pub async fn open(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<OpenForm>,
) -> Result<Response, WebError> {
    let person: PersonId = id.parse().map_err(|_| WebError::NotFound)?;
    member.check_csrf(&form.csrf)?;
    let now = Utc::now();
    let (actor, scope) = (member.actor(), member.scope());
    let error = match parse_intake_date(&form.intake_date, tonle_domain::time::local_date(now)) {
        Err(e) => e.key,
        Ok(date) => match state
            .store
            .open_case(&actor, &scope, person, date, None, now)
            .await
        {
            Ok(case) => {
                return Ok(Redirect::to(&format!("/cases/{case}?done=opened")).into_response());
            }
            Err(StoreError::Refused(key)) => key,
            Err(e) => return Err(e.into()),
        },
    };
    // Out of scope stays a 404 with nothing shown.
    state.store.find_person(&scope, person).await?;
    let template = OpenPage {
        page: Page::member(&member, "case-open-title", "/cases"),
        person_id: person.0,
        intake_date: form.intake_date,
        error,
    };
    render_form(&template, true)
}

//! Password reset by one-time link: an admin who may manage a user makes the link and hands it
//! over; the user opens it, sets a new password, and every session of theirs ends.
//!
//! The token travels in the query string (`/reset?token=…`), which the access log never records.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::HOST;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::Invalid;
use tonle_domain::accounts::NewPassword;
use tonle_domain::ids::UserId;
use tonle_store::audit::{Actor, Event};

use crate::auth::{check_pre_session, pre_session};
use crate::error::WebError;
use crate::forms::{CsrfForm, FormField};
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::users::{administered, may_manage};
use crate::viewer::{Member, Viewer};

/// The path of a reset link; the CLI prints the same.
pub fn link_path(token: &str) -> String {
    format!("/reset?token={token}")
}

#[derive(Template)]
#[template(path = "users/reset_link.html")]
struct LinkPage {
    page: Page,
    username: String,
    link: String,
}

/// Makes a link for a user the admin may manage, and shows it once.
pub async fn create(
    State(state): State<AppState>,
    member: Member,
    parts: Parts,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let target = UserId(id);
    let orgs = administered(&state, &member).await?;
    let theirs = state.store.memberships(target).await?;
    if !theirs.iter().any(|m| orgs.iter().any(|o| o.id == m.org_id)) {
        return Err(WebError::NotFound);
    }
    if !may_manage(&member, &orgs, target, &theirs) {
        return Err(WebError::Forbidden);
    }
    let Some(user) = state.store.user(target).await? else {
        return Err(WebError::NotFound);
    };
    let token = state
        .store
        .create_password_reset(target, Some(member.user.id), Utc::now())
        .await?;
    let event = Event::new("user.reset-link").about("user", target.0);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(user = id, by = member.user.id.0, "password reset link made");
    let scheme = if crate::security::secure_request(&parts.headers, &state.settings) {
        "https"
    } else {
        "http"
    };
    let host = parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    render_form(
        &LinkPage {
            page: Page::member(&member, "reset-link-title", "/users"),
            username: user.username,
            link: format!("{scheme}://{host}{}", link_path(&token)),
        },
        false,
    )
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    page: Page,
    token: String,
    username: String,
    fields: Vec<FormField>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

fn reset_page(
    viewer: &Viewer,
    csrf: String,
    token: String,
    username: String,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let mut page = Page::public(viewer, "reset-title");
    page.csrf = csrf;
    let fields = vec![
        FormField::new("new", "account-new-password", "password", "")
            .inputmode("new-password")
            .with_errors(errors),
        FormField::new("confirm", "account-confirm-password", "password", "")
            .inputmode("new-password")
            .with_errors(errors),
    ];
    render_form(
        &ResetPage {
            page,
            token,
            username,
            fields,
        },
        !errors.is_empty(),
    )
}

/// A link that was used, has expired or never existed: one answer for all three.
fn dead_link() -> WebError {
    WebError::Gone("reset-link-dead")
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let Some(user) = state
        .store
        .password_reset_user(&query.token, Utc::now())
        .await?
    else {
        return Err(dead_link());
    };
    let (jar, csrf) = pre_session(jar, state.settings.secure_cookies);
    let page = reset_page(
        &viewer,
        csrf,
        query.token,
        user.username,
        &FieldErrors::default(),
    )?;
    Ok((jar, page).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    csrf: String,
    token: String,
    new: String,
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    parts: Parts,
    Form(form): Form<ResetForm>,
) -> Result<Response, WebError> {
    check_pre_session(&jar, &form.csrf)?;
    let now = Utc::now();
    let Some(user) = state.store.password_reset_user(&form.token, now).await? else {
        return Err(dead_link());
    };
    let new = NewPassword::parse_for(&form.new, &user.username);
    let error = match &new {
        Err(e) => Some(Invalid::new("new", e.key)),
        Ok(_) if form.new != form.confirm => {
            Some(Invalid::new("confirm", "account-confirm-differs"))
        }
        Ok(_) => None,
    };
    let (Ok(new), None) = (new, error.clone()) else {
        let errors = FieldErrors::from_invalid(&error.into_iter().collect::<Vec<_>>());
        return reset_page(&viewer, form.csrf, form.token, user.username, &errors);
    };
    if !state
        .store
        .use_password_reset(&form.token, &new, now)
        .await?
    {
        return Err(dead_link());
    }
    let client = crate::client::client_address(&parts, state.settings.behind_proxy);
    let event = Event::new("user.password-reset").about("user", user.id.0);
    state
        .store
        .audit(&Actor::user(user.id, client), &event)
        .await?;
    tracing::info!(user = user.id.0, "password set through a reset link");
    let mut response = Redirect::to("/sign-in?reset=true").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    Ok(response)
}

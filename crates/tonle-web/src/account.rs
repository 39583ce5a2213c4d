//! The signed-in user's own account: their roles, changing their password, signing out of
//! every browser.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use serde::Deserialize;
use tonle_domain::Invalid;
use tonle_domain::accounts::NewPassword;
use tonle_store::audit::Event;

use crate::auth;
use crate::error::WebError;
use crate::forms::{CsrfForm, FormField, cookie};
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::viewer::{Member, SESSION_COOKIE};

#[derive(Template)]
#[template(path = "account/index.html")]
struct AccountPage {
    page: Page,
    username: String,
    name: String,
    roles: Vec<String>,
    /// The password fields; `inputmode` carries the autocomplete hint here.
    fields: Vec<FormField>,
    notice: Option<&'static str>,
}

fn page(
    member: &Member,
    errors: &FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let page = Page::member(member, "account-title", "/account");
    let roles = member
        .memberships
        .iter()
        .map(|m| {
            format!(
                "{} · {}",
                page.t(m.role.label_key()),
                page.local_name(&m.org_name, &m.org_name_km)
            )
        })
        .collect();
    // Password fields are never sent back filled in.
    let fields = vec![
        FormField::new("current", "account-current-password", "password", "")
            .inputmode("current-password")
            .with_errors(errors),
        FormField::new("new", "account-new-password", "password", "")
            .inputmode("new-password")
            .with_errors(errors),
        FormField::new("confirm", "account-confirm-password", "password", "")
            .inputmode("new-password")
            .with_errors(errors),
    ];
    render_form(
        &AccountPage {
            name: page
                .local_name(&member.user.display_name, &member.user.display_name_km)
                .to_owned(),
            page,
            username: member.user.username.clone(),
            roles,
            fields,
            notice,
        },
        !errors.is_empty(),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangedQuery {
    changed: bool,
    two_factor_off: bool,
}

pub async fn index(
    member: Member,
    Query(query): Query<ChangedQuery>,
) -> Result<Response, WebError> {
    page(
        &member,
        &FieldErrors::default(),
        if query.two_factor_off {
            Some("account-two-factor-off")
        } else {
            query.changed.then_some("account-password-changed")
        },
    )
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    member: Member,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let mut errors = Vec::new();
    if !auth::check_own_password(&state, &member, &form.current).await? {
        errors.push(Invalid::new("current", "account-current-wrong"));
    }
    let new = NewPassword::parse_for(&form.new, &member.user.username)
        .map_err(|e| Invalid::new("new", e.key));
    match &new {
        Err(e) => errors.push(e.clone()),
        Ok(_) if form.new != form.confirm => {
            errors.push(Invalid::new("confirm", "account-confirm-differs"))
        }
        Ok(_) if form.new == form.current => {
            errors.push(Invalid::new("new", "account-password-same"))
        }
        Ok(_) => {}
    }
    let new = match new {
        Ok(new) if errors.is_empty() => new,
        _ => return page(&member, &FieldErrors::from_invalid(&errors), None),
    };
    // Every session ends, this one too; this browser gets a fresh one.
    state.store.set_password(member.user.id, &new).await?;
    let event = Event::new("user.password-change").about("user", member.user.id.0);
    state.store.audit(&member.actor(), &event).await?;
    let session = state
        .store
        .create_session(member.user.id, Utc::now())
        .await?;
    tracing::info!(user = member.user.id.0, "password changed by its owner");
    let jar = jar.add(cookie(
        SESSION_COOKIE,
        session.token,
        state.settings.secure_cookies,
    ));
    Ok((jar, Redirect::to("/account?changed=true")).into_response())
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    member: Member,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let ended = state.store.end_sessions_of(member.user.id).await?;
    let event = Event::new("user.sign-out-everywhere").about("user", member.user.id.0);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(
        user = member.user.id.0,
        sessions = ended,
        "signed out everywhere"
    );
    Ok(auth::signed_out(jar))
}

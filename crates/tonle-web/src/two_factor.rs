//! Turning two-factor sign-in on (scan a QR code, confirm with a code, keep the recovery codes)
//! and off (with the password), from the user's own account.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tonle_protect::totp;
use tonle_store::audit::Event;

use crate::error::WebError;
use crate::page::{Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

/// What a member who must enrol may still reach: enrolment itself, signing out, the language.
pub fn allowed_before_enrolment(path: &str) -> bool {
    path.starts_with("/account/two-factor") || path == "/sign-out" || path == "/language"
}

#[derive(Template)]
#[template(path = "account/two_factor.html")]
struct TwoFactorPage {
    page: Page,
    /// On, with this many recovery codes left.
    enabled: Option<u64>,
    /// While enrolling: the QR code and the secret to type by hand.
    qr: Option<String>,
    secret: String,
    /// Shown once, right after enrolment.
    recovery_codes: Vec<String>,
    /// The organisation requires it and it is not on yet.
    required: bool,
    error: Option<&'static str>,
}

async fn page(
    state: &AppState,
    member: &Member,
    recovery_codes: Vec<String>,
    error: Option<&'static str>,
) -> Result<Response, WebError> {
    let mut current = state.store.two_factor(member.user.id).await?;
    if current.is_none() {
        // A secret for enrolment; it does nothing until a code from it is confirmed.
        state
            .store
            .begin_two_factor(member.user.id, &totp::new_secret(), Utc::now())
            .await?;
        current = state.store.two_factor(member.user.id).await?;
    }
    let Some(current) = current else {
        return Err(WebError::Internal("two-factor secret missing".into()));
    };
    let (qr, secret) = if current.enabled {
        (None, String::new())
    } else {
        let url = totp::otpauth_url(&current.secret, &member.user.username)
            .map_err(|e| WebError::Internal(e.to_string()))?;
        (
            crate::qr::data_url(&url),
            totp::secret_for_typing(&current.secret),
        )
    };
    let required = !current.enabled && state.store.must_enrol_two_factor(member.user.id).await?;
    render_form(
        &TwoFactorPage {
            page: Page::member(member, "two-factor-title", "/account"),
            enabled: current.enabled.then_some(current.recovery_codes_left),
            qr,
            secret,
            recovery_codes,
            required,
            error,
        },
        error.is_some(),
    )
}

pub async fn index(State(state): State<AppState>, member: Member) -> Result<Response, WebError> {
    page(&state, &member, Vec::new(), None).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    csrf: String,
    code: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let now = Utc::now();
    let Some(current) = state.store.two_factor(member.user.id).await? else {
        return Ok(Redirect::to("/account/two-factor").into_response());
    };
    if current.enabled {
        return Ok(Redirect::to("/account/two-factor").into_response());
    }
    let unix = u64::try_from(now.timestamp()).unwrap_or(0);
    let Some(step) = totp::verify(&current.secret, &form.code, unix) else {
        return page(&state, &member, Vec::new(), Some("two-factor-code-wrong")).await;
    };
    let codes = totp::recovery_codes();
    state
        .store
        .enable_two_factor(member.user.id, step, &codes, now)
        .await?;
    let event = Event::new("user.two-factor-on").about("user", member.user.id.0);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(user = member.user.id.0, "two-factor sign-in turned on");
    page(&state, &member, codes, None).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct DisableForm {
    csrf: String,
    password: String,
}

pub async fn disable(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<DisableForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    if !crate::auth::check_own_password(&state, &member, &form.password).await? {
        return page(&state, &member, Vec::new(), Some("account-current-wrong")).await;
    }
    state.store.disable_two_factor(member.user.id).await?;
    let event = Event::new("user.two-factor-off").about("user", member.user.id.0);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(user = member.user.id.0, "two-factor sign-in turned off");
    Ok(Redirect::to("/account?two_factor_off=true").into_response())
}

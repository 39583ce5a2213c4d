//! The second sign-in step for users with two-factor sign-in: a code from their app, or one of
//! their recovery codes. Wrong codes count toward the same throttling as wrong passwords.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use chrono::Utc;
use serde::Deserialize;
use tonle_protect::totp;
use tonle_store::audit::{Actor, Event};
use tonle_store::sign_in::{Attempt, PendingSignIn};

use crate::auth::{audit_locks, check_pre_session, complete, pre_session, throttled_message};
use crate::client::client_address;
use crate::error::WebError;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Viewer;

/// Holds the pending sign-in's token between the two steps.
pub const PENDING_COOKIE: &str = "tonle_pending";

#[derive(Template)]
#[template(path = "sign_in_code.html")]
struct CodePage {
    page: Page,
    error: Option<String>,
}

fn code_page(viewer: &Viewer, token: String, error: Option<String>) -> CodePage {
    let mut page = Page::public(viewer, "sign-in-code-title");
    page.csrf = token;
    CodePage { page, error }
}

async fn pending(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<(String, PendingSignIn)>, WebError> {
    let Some(token) = jar.get(PENDING_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    Ok(state
        .store
        .pending_sign_in(&token, Utc::now())
        .await?
        .map(|p| (token, p)))
}

fn start_over(jar: CookieJar) -> Response {
    let jar = jar.remove(Cookie::build(PENDING_COOKIE).path("/"));
    (jar, Redirect::to("/sign-in")).into_response()
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
) -> Result<Response, WebError> {
    if pending(&state, &jar).await?.is_none() {
        return Ok(start_over(jar));
    }
    let (jar, token) = pre_session(jar, state.settings.secure_cookies);
    Ok((jar, render(&code_page(&viewer, token, None))?).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    parts: Parts,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    check_pre_session(&jar, &form.csrf)?;
    let Some((token, pending)) = pending(&state, &jar).await? else {
        return Ok(start_over(jar));
    };
    let now = Utc::now();
    let client = client_address(&parts, state.settings.behind_proxy);
    let keys = state
        .store
        .throttle_keys_for_account(&pending.account_key, Some(&client))?;
    // Both limits are taken before the code is checked, each in one write: the name's and
    // address's counts, then one of the pending sign-in's own attempts.
    let locks = match state.store.reserve_sign_in_attempt(&keys, now).await? {
        Attempt::Allowed(locks) => locks,
        Attempt::Wait(wait) => {
            // Logged, not audited: nothing was checked (see `auth::submit`).
            tracing::info!(
                user = pending.user.0,
                "sign-in code refused: too many attempts"
            );
            let mut page = code_page(&viewer, form.csrf, None);
            page.error = Some(throttled_message(&page.page, wait));
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return Ok(response);
        }
    };
    if !state.store.use_pending_attempt(&token, now).await? {
        // No code was checked: the reservation is given back.
        state.store.release_sign_in_attempt(&keys).await?;
        return Ok(start_over(jar));
    }
    let user = state
        .store
        .user(pending.user)
        .await?
        .filter(|u| !u.disabled);
    let accepted = match (&user, state.store.two_factor(pending.user).await?) {
        (Some(_), Some(tf)) if tf.enabled => {
            code_accepted(&state, &form.code, tf.secret, pending.user, now).await?
        }
        _ => false,
    };
    let Some(user) = user.filter(|_| accepted) else {
        let event = Event::new("sign-in.code-failed").about("user", pending.user.0);
        state
            .store
            .audit(&Actor::anonymous(&client), &event)
            .await?;
        audit_locks(
            &state,
            &Actor::anonymous(&client),
            locks,
            Some(pending.user),
        )
        .await?;
        tracing::info!(user = pending.user.0, "sign-in code refused");
        let page = code_page(
            &viewer,
            form.csrf,
            Some(viewer_t(&viewer, "sign-in-code-wrong")),
        );
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    state.store.end_pending_sign_in(&token).await?;
    let jar = jar.remove(Cookie::build(PENDING_COOKIE).path("/"));
    let actor = Actor::user(user.id, client);
    complete(&state, jar, &user, &actor, &keys, &pending.next, now).await
}

fn viewer_t(viewer: &Viewer, key: &str) -> String {
    crate::i18n::tr(viewer.language, key)
}

/// A six-digit code from the app (each step once), or else an unused recovery code.
async fn code_accepted(
    state: &AppState,
    code: &str,
    secret: Vec<u8>,
    user: tonle_domain::ids::UserId,
    now: chrono::DateTime<Utc>,
) -> Result<bool, WebError> {
    let unix = u64::try_from(now.timestamp()).unwrap_or(0);
    if let Some(step) = totp::verify(&secret, code, unix) {
        return Ok(state.store.accept_totp_step(user, step).await?);
    }
    if code.trim().len() >= 10 {
        return Ok(state.store.use_recovery_code(user, code, now).await?);
    }
    Ok(false)
}

//! Signing in (the password step; the code step is in `sign_in_code.rs`) and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use tonle_domain::ids::UserId;
use tonle_domain::sign_in::minutes;
use tonle_protect::secrets;
use tonle_store::StoreError;
use tonle_store::audit::{Actor, Event};
use tonle_store::sign_in::{Attempt, Locks, ThrottleKeys};
use tonle_store::users::User;

use crate::client::client_address;
use crate::error::WebError;
use crate::forms::{CsrfForm, cookie, safe_next};
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::{LANGUAGE_COOKIE, Member, SESSION_COOKIE, Viewer};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Page,
    username: String,
    next: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    next: String,
    /// Set after a password was set through a reset link.
    reset: bool,
}

/// Before a session exists, the sign-in form is tied to this browser by a random token kept in
/// a cookie and repeated in the form, so another site cannot sign a visitor in to its account.
const PRE_SESSION_COOKIE: &str = "tonle_presession";

/// The browser's pre-session token, made (and set as a cookie) if it has none yet.
pub(crate) fn pre_session(jar: CookieJar, secure: bool) -> (CookieJar, String) {
    match jar.get(PRE_SESSION_COOKIE).map(|c| c.value().to_owned()) {
        Some(token) if token.len() == 32 => (jar, token),
        _ => {
            let token = secrets::token();
            (
                jar.add(cookie(PRE_SESSION_COOKIE, token.clone(), secure)),
                token,
            )
        }
    }
}

/// Checks a signed-out form's token against the pre-session cookie.
pub(crate) fn check_pre_session(jar: &CookieJar, submitted: &str) -> Result<(), WebError> {
    let expected = jar.get(PRE_SESSION_COOKIE).map(|c| c.value().to_owned());
    if expected.is_some_and(|t| secrets::equal(&t, submitted)) {
        Ok(())
    } else {
        Err(WebError::BadCsrf)
    }
}

/// "Too many attempts", the same whether or not the account exists.
pub(crate) fn throttled_message(page: &Page, wait: chrono::Duration) -> String {
    page.t1(
        "sign-in-throttled",
        "minutes",
        &page.lang.number(u64::try_from(minutes(wait)).unwrap_or(1)),
    )
}

fn sign_in_page(
    viewer: &Viewer,
    token: String,
    username: String,
    next: String,
    error: Option<&str>,
) -> SignInPage {
    let mut page = Page::public(viewer, "sign-in-title");
    page.csrf = token;
    SignInPage {
        error: error.map(|key| page.t(key)),
        page,
        username,
        next,
        notice: None,
    }
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(&query.next);
    if viewer.member.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let (jar, token) = pre_session(jar, state.settings.secure_cookies);
    let mut page = sign_in_page(&viewer, token, String::new(), next, None);
    page.notice = query.reset.then_some("reset-done");
    Ok((jar, render(&page)?).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    csrf: String,
    username: String,
    password: String,
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    check_pre_session(&jar, &form.csrf)?;
    let now = Utc::now();
    let client = client_address(&parts, state.settings.behind_proxy);
    let keys = state.store.throttle_keys(&form.username, Some(&client))?;
    let next = safe_next(&form.next);
    // Decided and counted before the password is checked, so simultaneous guesses cannot all
    // pass a check made before any of them was counted.
    let locks = match state.store.reserve_sign_in_attempt(&keys, now).await? {
        Attempt::Allowed(locks) => locks,
        Attempt::Wait(wait) => {
            // Keyed by the typed name, so an unknown name gets this answer exactly like a known
            // one. Not audited: nothing was checked, and a flood must not grow the audit chain.
            tracing::info!("sign-in refused: too many attempts");
            let mut page = sign_in_page(&viewer, form.csrf, form.username, next, None);
            page.error = Some(throttled_message(&page.page, wait));
            let mut response = render(&page)?;
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return Ok(response);
        }
    };
    let user = unless_busy(
        &state,
        &keys,
        state
            .store
            .authenticate(&form.username, &form.password)
            .await,
    )
    .await?;
    let Some(user) = user else {
        // The account aimed at, when the name exists, so an admin sees attacks on it; the typed
        // name itself is not recorded (people sometimes type a password into it).
        let target = state.store.user_by_name(&form.username).await?;
        let event = match &target {
            Some(u) => Event::new("sign-in.failed").about("user", u.id.0),
            None => Event::new("sign-in.failed"),
        };
        state
            .store
            .audit(&Actor::anonymous(&client), &event)
            .await?;
        audit_locks(
            &state,
            &Actor::anonymous(&client),
            locks,
            target.map(|u| u.id),
        )
        .await?;
        tracing::info!("sign-in refused");
        let page = sign_in_page(
            &viewer,
            form.csrf,
            form.username,
            next,
            Some("sign-in-failed"),
        );
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    let second_factor = state
        .store
        .two_factor(user.id)
        .await?
        .is_some_and(|t| t.enabled);
    if second_factor {
        // Not a session yet: a short-lived pending state that only the code step accepts. The
        // right password gives its attempt back; the code step reserves its own.
        state.store.release_sign_in_attempt(&keys).await?;
        let token = state
            .store
            .create_pending_sign_in(user.id, &keys.account, &next, now)
            .await?;
        let jar = jar.add(cookie(
            crate::sign_in_code::PENDING_COOKIE,
            token,
            state.settings.secure_cookies,
        ));
        return Ok((jar, Redirect::to("/sign-in/code")).into_response());
    }
    let actor = Actor::user(user.id, client);
    complete(&state, jar, &user, &actor, &keys, &next, now).await
}

/// A check that could not run because too many were waiting was no attempt: it is given back
/// before the 503.
pub(crate) async fn unless_busy<T>(
    state: &AppState,
    keys: &ThrottleKeys,
    checked: Result<T, StoreError>,
) -> Result<T, WebError> {
    match checked {
        Err(StoreError::Busy) => {
            state.store.release_sign_in_attempt(keys).await?;
            Err(WebError::Busy)
        }
        other => Ok(other?),
    }
}

/// A signed-in user's current password (to change it, or to turn two-factor sign-in off),
/// behind the same reservation as signing in: a stolen session gives no unthrottled guesses.
pub(crate) async fn check_own_password(
    state: &AppState,
    member: &Member,
    password: &str,
) -> Result<bool, WebError> {
    let keys = state
        .store
        .throttle_keys(&member.user.username, Some(&member.client))?;
    let locks = match state
        .store
        .reserve_sign_in_attempt(&keys, Utc::now())
        .await?
    {
        Attempt::Allowed(locks) => locks,
        Attempt::Wait(_) => {
            tracing::info!(
                user = member.user.id.0,
                "password check refused: too many attempts"
            );
            return Err(WebError::TooManyAttempts);
        }
    };
    let right = unless_busy(
        state,
        &keys,
        state.store.check_password(member.user.id, password).await,
    )
    .await?;
    if right {
        state.store.release_sign_in_attempt(&keys).await?;
    } else {
        audit_locks(state, &member.actor(), locks, Some(member.user.id)).await?;
    }
    Ok(right)
}

/// One audit entry when a failed attempt starts a wait on a name or an address: once per lock,
/// where the attempts refused during the wait are only logged.
pub(crate) async fn audit_locks(
    state: &AppState,
    actor: &Actor,
    locks: Locks,
    user: Option<UserId>,
) -> Result<(), WebError> {
    if locks.account {
        let event = match user {
            Some(u) => Event::new("sign-in.locked").about("user", u.0),
            None => Event::new("sign-in.locked"),
        };
        state.store.audit(actor, &event).await?;
        tracing::info!("sign-in locked for a user name");
    }
    if locks.address {
        state
            .store
            .audit(actor, &Event::new("sign-in.address-locked"))
            .await?;
        tracing::info!("sign-in locked for a client address");
    }
    Ok(())
}

/// The last step of every sign-in: counters cleared, a fresh session, back to where the user
/// was going.
pub(crate) async fn complete(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    actor: &Actor,
    keys: &ThrottleKeys,
    next: &str,
    now: DateTime<Utc>,
) -> Result<Response, WebError> {
    state.store.sign_in_succeeded(keys).await?;
    // A fresh session id at every sign-in: an id planted before sign-in is worthless.
    if let Some(old) = jar.get(SESSION_COOKIE) {
        state.store.end_session(old.value()).await?;
    }
    let session = state.store.create_session(user.id, now).await?;
    let secure = state.settings.secure_cookies;
    let mut jar = jar.add(cookie(SESSION_COOKIE, session.token, secure));
    if let Some(language) = user.language {
        jar = jar.add(cookie(LANGUAGE_COOKIE, language.code().to_owned(), secure));
    }
    let event = Event::new("sign-in").about("user", user.id.0);
    state.store.audit(actor, &event).await?;
    tracing::info!(user = user.id.0, "signed in");
    Ok((jar, Redirect::to(next)).into_response())
}

pub async fn sign_out(
    State(state): State<AppState>,
    member: Member,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    state.store.end_session(&member.session_token).await?;
    let event = Event::new("sign-out").about("user", member.user.id.0);
    state.store.audit(&member.actor(), &event).await?;
    Ok(signed_out(jar))
}

/// Forgets the session cookie and shows the sign-in page.
pub fn signed_out(jar: CookieJar) -> Response {
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    (jar, Redirect::to("/sign-in")).into_response()
}

//! Signing in and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use chrono::Utc;
use serde::Deserialize;

use tonle_protect::secrets;

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
    error: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Before a session exists, the sign-in form is tied to this browser by a random token kept in
/// a cookie and repeated in the form, so another site cannot sign a visitor in to its account.
const PRE_SESSION_COOKIE: &str = "tonle_presession";

/// The browser's pre-session token, made (and set as a cookie) if it has none yet.
fn pre_session(jar: CookieJar, secure: bool) -> (CookieJar, String) {
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

fn sign_in_page(
    viewer: &Viewer,
    token: String,
    username: String,
    next: String,
    error: Option<&'static str>,
) -> SignInPage {
    let mut page = Page::public(viewer, "sign-in-title");
    page.csrf = token;
    SignInPage {
        page,
        username,
        next,
        error,
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
    let page = render(&sign_in_page(&viewer, token, String::new(), next, None))?;
    Ok((jar, page).into_response())
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
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let expected = jar.get(PRE_SESSION_COOKIE).map(|c| c.value().to_owned());
    if !expected.is_some_and(|t| secrets::equal(&t, &form.csrf)) {
        return Err(WebError::BadCsrf);
    }
    let user = state
        .store
        .authenticate(&form.username, &form.password)
        .await?;
    let Some(user) = user else {
        // The typed name is not logged: people sometimes type a password into it.
        tracing::info!("sign-in refused");
        let page = sign_in_page(
            &viewer,
            form.csrf,
            form.username,
            safe_next(&form.next),
            Some("sign-in-failed"),
        );
        let mut response = render(&page)?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    // A fresh session id at every sign-in: an id planted before sign-in is worthless.
    if let Some(old) = jar.get(SESSION_COOKIE) {
        state.store.end_session(old.value()).await?;
    }
    let session = state.store.create_session(user.id, Utc::now()).await?;
    let secure = state.settings.secure_cookies;
    let mut jar = jar.add(cookie(SESSION_COOKIE, session.token, secure));
    if let Some(language) = user.language {
        jar = jar.add(cookie(LANGUAGE_COOKIE, language.code().to_owned(), secure));
    }
    tracing::info!(user = user.id.0, "signed in");
    Ok((jar, Redirect::to(&safe_next(&form.next))).into_response())
}

pub async fn sign_out(
    State(state): State<AppState>,
    member: Member,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    state.store.end_session(&member.session_token).await?;
    Ok(signed_out(jar))
}

/// Forgets the session cookie and shows the sign-in page.
pub fn signed_out(jar: CookieJar) -> Response {
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    (jar, Redirect::to("/sign-in")).into_response()
}

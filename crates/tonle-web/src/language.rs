//! The language switch: remembered in a cookie, and on the account when signed in.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tonle_domain::language::Language;

use crate::error::WebError;
use crate::forms::{cookie, safe_next};
use crate::state::AppState;
use crate::viewer::{LANGUAGE_COOKIE, Viewer};

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct LanguageForm {
    lang: String,
    back: String,
    csrf: String,
}

pub async fn switch(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    Form(form): Form<LanguageForm>,
) -> Result<Response, WebError> {
    let language = Language::from_code(&form.lang).unwrap_or(viewer.language);
    if let Some(member) = &viewer.member {
        member.check_csrf(&form.csrf)?;
        state.store.set_language(member.user.id, language).await?;
    }
    let mut c = cookie(
        LANGUAGE_COOKIE,
        language.code().to_owned(),
        state.settings.secure_cookies,
    );
    c.make_permanent();
    Ok((jar.add(c), Redirect::to(&safe_next(&form.back))).into_response())
}

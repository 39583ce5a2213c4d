//! The web layer's one error type. Handlers return it; the `render_errors` middleware turns it
//! into a page in the user's language. Database failures never show their detail to the user.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tonle_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The form's anti-forgery token was missing or wrong.
    #[error("bad form token")]
    BadCsrf,
    /// A one-time link that was used, has expired or never existed; the key names the message.
    #[error("gone")]
    Gone(&'static str),
    /// A rule of the work refuses the request (422); the key names the translated message.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// The user's organisation requires two-factor sign-in and they have not set it up yet.
    #[error("two-factor enrolment required")]
    TwoFactorEnrolment,
    /// Too many wrong passwords for this account: refused without checking (429).
    #[error("too many attempts")]
    TooManyAttempts,
    /// Too many password checks are waiting already (503): refused at once, not queued.
    #[error("busy")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Forbidden => WebError::Forbidden,
            StoreError::Refused(key) => WebError::Refused(key),
            StoreError::Invalid(e) => WebError::Refused(e.key),
            StoreError::Busy => WebError::Busy,
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(err: askama::Error) -> Self {
        WebError::Internal(format!("template: {err}"))
    }
}

/// Marks a response as an error page still to be rendered, with the Fluent key of its message.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub message_key: &'static str,
    /// Quoted by the user to an admin, and found in the log.
    pub request_id: Option<String>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message_key, request_id) = match self {
            WebError::SignInRequired { next } => {
                let target = format!(
                    "/sign-in?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return Redirect::to(&target).into_response();
            }
            WebError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden", None),
            WebError::NotFound => (StatusCode::NOT_FOUND, "error-not-found", None),
            WebError::BadCsrf => (StatusCode::FORBIDDEN, "error-bad-csrf", None),
            WebError::Gone(key) => (StatusCode::GONE, key, None),
            WebError::Refused(key) => (StatusCode::UNPROCESSABLE_ENTITY, key, None),
            WebError::TooManyAttempts => (
                StatusCode::TOO_MANY_REQUESTS,
                "error-too-many-attempts",
                None,
            ),
            WebError::Busy => {
                tracing::warn!("refused: too many password checks waiting");
                (StatusCode::SERVICE_UNAVAILABLE, "error-busy", None)
            }
            WebError::TwoFactorEnrolment => {
                return Redirect::to("/account/two-factor").into_response();
            }
            WebError::Internal(detail) => {
                let id = tonle_protect::secrets::token()[..10].to_owned();
                tracing::error!(request_id = %id, %detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-internal",
                    Some(id),
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage {
            status,
            message_key,
            request_id,
        });
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_domain::language::Language;

    #[test]
    fn too_many_password_checks_waiting_is_a_translated_503() {
        let response = WebError::from(StoreError::Busy).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let key = response
            .extensions()
            .get::<ErrorPage>()
            .map(|e| e.message_key);
        assert_eq!(key, Some("error-busy"));
        assert_eq!(
            crate::i18n::tr(Language::En, "error-busy"),
            "The server is busy; try again in a moment."
        );
        let km = crate::i18n::tr(Language::Km, "error-busy");
        assert!(km.contains("រវល់"), "{km}");
        let response = WebError::TooManyAttempts.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

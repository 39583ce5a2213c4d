//! Small helpers shared by form handlers.

use axum_extra::extract::cookie::{Cookie, SameSite};

/// A redirect target from user input, kept on this site: a path, never `//host` or a URL.
pub fn safe_next(next: &str) -> String {
    let next = next.trim();
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

/// A cookie for this site only, never readable by script.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(secure);
    c
}

/// A form whose only field is the anti-forgery token (sign out, disable a user…).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    pub csrf: String,
}

/// `?added=true` after a successful form post, so the list page can say so.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AddedQuery {
    pub added: bool,
}

/// One text-like input of a form, as re-rendered with what the user typed and its error.
pub struct FormField {
    pub name: &'static str,
    pub label_key: &'static str,
    /// The input's `type`: text, date, password…
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub value: String,
    pub error: Option<&'static str>,
}

impl FormField {
    pub fn new(
        name: &'static str,
        label_key: &'static str,
        kind: &'static str,
        value: &str,
    ) -> Self {
        FormField {
            name,
            label_key,
            kind,
            inputmode: "text",
            value: value.to_owned(),
            error: None,
        }
    }

    pub fn inputmode(mut self, mode: &'static str) -> Self {
        self.inputmode = mode;
        self
    }

    /// Attaches this field's error from a list.
    pub fn with_errors(mut self, errors: &crate::page::FieldErrors) -> Self {
        self.error = errors.get(self.name);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next("/places?q=1"), "/places?q=1");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }
}

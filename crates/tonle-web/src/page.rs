//! What every page template needs: the language, the signed-in user, navigation, the form token.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use tonle_domain::access::Action;
use tonle_domain::language::Language;

use crate::error::WebError;
use crate::i18n;
use crate::viewer::{Member, Viewer};

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

pub struct Page {
    pub lang: Language,
    pub title: String,
    /// Shown in the header when signed in.
    pub user_name: Option<String>,
    pub csrf: String,
    /// Where the language switch returns to.
    pub path: String,
    pub nav: Vec<NavItem>,
}

impl Page {
    pub fn t(&self, key: &str) -> String {
        i18n::tr(self.lang, key)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        i18n::tr_args(self.lang, key, &[(name, value.to_owned())])
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn languages(&self) -> [Language; 2] {
        Language::ALL
    }

    /// The better name for this page's language: Khmer when reading Khmer and one exists.
    pub fn local_name<'a>(&self, latin: &'a str, khmer: &'a Option<String>) -> &'a str {
        match (self.lang, khmer) {
            (Language::Km, Some(k)) => k,
            _ => latin,
        }
    }

    /// A page for someone not signed in.
    pub fn public(viewer: &Viewer, title_key: &str) -> Page {
        Page {
            lang: viewer.language,
            title: i18n::tr(viewer.language, title_key),
            user_name: None,
            csrf: String::new(),
            path: viewer.path.clone(),
            nav: Vec::new(),
        }
    }

    /// A page for a signed-in member; `current` is the nav entry to highlight.
    pub fn member(member: &Member, title_key: &str, current: &str) -> Page {
        let lang = member.language;
        let mut entries: Vec<(&'static str, &'static str)> = vec![("/", "nav-home")];
        if !member.scope().orgs_for(Action::ViewPeople).is_empty() {
            entries.push(("/people", "nav-people"));
            entries.push(("/cases", "nav-cases"));
        }
        if !member.scope().orgs_for(Action::ViewShelters).is_empty() {
            entries.push(("/shelters", "nav-shelters"));
        }
        entries.extend([
            ("/places", "nav-places"),
            ("/projects", "nav-projects"),
            ("/organisations", "nav-organisations"),
        ]);
        if member.is_admin() {
            entries.push(("/users", "nav-users"));
        }
        if !member.scope().orgs_for(Action::ViewAuditTrail).is_empty() {
            entries.push(("/audit", "nav-audit"));
        }
        let nav = entries
            .into_iter()
            .map(|(href, key)| NavItem {
                href,
                label: i18n::tr(lang, key),
                current: href == current,
            })
            .collect();
        let user_name = match (lang, &member.user.display_name_km) {
            (Language::Km, Some(k)) => k.clone(),
            _ => member.user.display_name.clone(),
        };
        Page {
            lang,
            title: i18n::tr(lang, title_key),
            user_name: Some(user_name),
            csrf: member.csrf_token.clone(),
            path: member.path.clone(),
            nav,
        }
    }
}

/// Renders a template to an HTML response.
pub fn render(template: &impl Template) -> Result<Response, WebError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a page with a form; 422 when it shows a refused submission, so clients can tell.
pub fn render_form(template: &impl Template, refused: bool) -> Result<Response, WebError> {
    let mut response = render(template)?;
    if refused {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// A field's error message, for forms that re-render with what the user typed.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn from_invalid(errors: &[tonle_domain::Invalid]) -> Self {
        FieldErrors(errors.iter().map(|e| (e.field, e.key)).collect())
    }

    pub fn one(field: &'static str, key: &'static str) -> Self {
        FieldErrors(vec![(field, key)])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message key for `field`, if it has an error.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
    }
}

//! Who is asking: the language to answer in, and the signed-in user with their roles.

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use chrono::Utc;
use tonle_domain::access::Scope;
use tonle_domain::ids::OrgId;
use tonle_domain::language::Language;
use tonle_domain::roles::Role;
use tonle_protect::secrets;
use tonle_store::audit::Actor;
use tonle_store::organisations::Organisation;
use tonle_store::users::{Membership, User};

use crate::client::client_address;
use crate::error::WebError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "tonle_session";
pub const LANGUAGE_COOKIE: &str = "tonle_lang";

/// Any visitor, signed in or not.
pub struct Viewer {
    pub language: Language,
    pub member: Option<Member>,
    /// Path and query of the request, to come back to after sign-in or a language switch.
    pub path: String,
}

/// A signed-in user, with their roles.
pub struct Member {
    pub user: User,
    pub memberships: Vec<Membership>,
    pub csrf_token: String,
    pub session_token: String,
    pub language: Language,
    pub path: String,
    /// The client's address, for the audit log.
    pub client: String,
}

impl Member {
    /// What this user may do where, for the store's permission checks.
    pub fn scope(&self) -> Scope {
        Scope::new(
            self.user.id,
            self.memberships
                .iter()
                .map(|m| (m.org_id, m.role))
                .collect(),
        )
    }

    /// Who is acting, for the audit log.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, self.client.clone())
    }

    pub fn check_csrf(&self, submitted: &str) -> Result<(), WebError> {
        if secrets::equal(submitted, &self.csrf_token) {
            Ok(())
        } else {
            Err(WebError::BadCsrf)
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.memberships.iter().any(|m| m.role == role)
    }

    /// The role the home page is built for: the most senior one held.
    pub fn primary_role(&self) -> Option<Role> {
        self.memberships.iter().map(|m| m.role).min()
    }

    pub fn is_admin(&self) -> bool {
        self.memberships
            .iter()
            .any(|m| m.role.administers_organisation())
    }

    /// Organisations whose records this user may see: those they belong to and, where that is a
    /// network, its members. (What they may see *in* each is decided per capability.)
    pub async fn visible_organisations(
        &self,
        state: &AppState,
    ) -> Result<Vec<Organisation>, WebError> {
        let roots: Vec<OrgId> = self.memberships.iter().map(|m| m.org_id).collect();
        Ok(state.store.organisations_within(&roots).await?)
    }

    /// Organisations this user administers (their users and projects), network members included.
    pub async fn administered_organisations(
        &self,
        state: &AppState,
    ) -> Result<Vec<Organisation>, WebError> {
        self.organisations_where(state, Role::administers_organisation)
            .await
    }

    async fn organisations_where(
        &self,
        state: &AppState,
        role_counts: impl Fn(Role) -> bool,
    ) -> Result<Vec<Organisation>, WebError> {
        let pick = |network: bool| -> Vec<OrgId> {
            self.memberships
                .iter()
                .filter(|m| role_counts(m.role) && m.role.administers_network() == network)
                .map(|m| m.org_id)
                .collect()
        };
        let mut orgs = state.store.organisations_within(&pick(true)).await?;
        for org in state.store.organisations_by_ids(&pick(false)).await? {
            if !orgs.iter().any(|o| o.id == org.id) {
                orgs.push(org);
            }
        }
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(orgs)
    }
}

fn path_of(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/".into())
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let path = path_of(parts);
        let chosen = jar
            .get(LANGUAGE_COOKIE)
            .and_then(|c| Language::from_code(c.value()));
        let browser = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|h| h.to_str().ok())
            .map(Language::from_accept_language)
            .unwrap_or_default();
        let mut language = chosen.unwrap_or(browser);
        let mut member = None;
        if let Some(cookie) = jar.get(SESSION_COOKIE) {
            let token = cookie.value().to_owned();
            let limits = state.settings.session;
            if let Some(active) = state.store.session(&token, Utc::now(), limits).await? {
                // A language the user saved wins over the cookie and the browser.
                language = active.user.language.or(chosen).unwrap_or(browser);
                let memberships = state.store.memberships(active.user.id).await?;
                member = Some(Member {
                    user: active.user,
                    memberships,
                    csrf_token: active.csrf_token,
                    session_token: token,
                    language,
                    path: path.clone(),
                    client: client_address(parts, state.settings.behind_proxy),
                });
            }
        }
        Ok(Viewer {
            language,
            member,
            path,
        })
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let member = viewer
            .member
            .ok_or(WebError::SignInRequired { next: viewer.path })?;
        // An organisation that requires two-factor sign-in lets its members do nothing else
        // until they have set it up.
        if !crate::two_factor::allowed_before_enrolment(parts.uri.path())
            && state.store.must_enrol_two_factor(member.user.id).await?
        {
            return Err(WebError::TwoFactorEnrolment);
        }
        Ok(member)
    }
}

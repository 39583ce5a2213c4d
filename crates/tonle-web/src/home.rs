//! The home page: what exists, counted within what the user may see, and what their role is for.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use tonle_domain::ids::OrgId;
use tonle_domain::money::group_thousands;
use tonle_domain::roles::Role;

use crate::error::WebError;
use crate::i18n;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Member;

pub struct Card {
    pub href: &'static str,
    pub count: String,
    pub label_key: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    greeting: String,
    intro_key: &'static str,
    cards: Vec<Card>,
    /// (role, organisation) in the page's language.
    memberships: Vec<(String, String)>,
}

fn intro_key(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::NetworkAdmin) => "home-intro-network-admin",
        Some(Role::OrgAdmin) => "home-intro-org-admin",
        Some(Role::CaseManager) => "home-intro-case-manager",
        Some(Role::CaseWorker) => "home-intro-case-worker",
        Some(Role::ShelterStaff) => "home-intro-shelter-staff",
        Some(Role::LegalOfficer) => "home-intro-legal-officer",
        Some(Role::MeOfficer) => "home-intro-me-officer",
        Some(Role::FieldOfficer) => "home-intro-field-officer",
        Some(Role::DonorViewer) => "home-intro-donor-viewer",
        None => "home-intro-none",
    }
}

pub async fn home(State(state): State<AppState>, member: Member) -> Result<Response, WebError> {
    let page = Page::member(&member, "home-title", "/");
    let orgs = member.visible_organisations(&state).await?;
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let summary = state.store.summary(&ids).await?;
    let places = state.store.place_counts().await?;
    let role = member.primary_role();

    let mut cards = Vec::new();
    if ids.len() > 1 || role == Some(Role::NetworkAdmin) {
        cards.push(Card {
            href: "/organisations",
            count: group_thousands(summary.organisations),
            label_key: "count-organisations",
        });
    }
    if member.is_admin() {
        cards.push(Card {
            href: "/users",
            count: group_thousands(summary.users),
            label_key: "count-users",
        });
    }
    cards.push(Card {
        href: "/projects",
        count: group_thousands(summary.projects),
        label_key: "count-projects",
    });
    cards.push(Card {
        href: "/places",
        count: group_thousands(places.villages),
        label_key: "count-villages",
    });

    let memberships = member
        .memberships
        .iter()
        .map(|m| {
            (
                page.t(m.role.label_key()),
                page.local_name(&m.org_name, &m.org_name_km).to_owned(),
            )
        })
        .collect();
    let greeting = i18n::tr_args(
        page.lang,
        "home-greeting",
        &[("name", page.user_name.clone().unwrap_or_default())],
    );
    render(&HomePage {
        page,
        greeting,
        intro_key: intro_key(role),
        cards,
        memberships,
    })
}

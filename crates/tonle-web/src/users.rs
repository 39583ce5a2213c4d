//! Users of the organisations an admin runs: list, add with a role, disable and enable.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tonle_domain::Invalid;
use tonle_domain::access;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, UserId};
use tonle_domain::roles::Role;
use tonle_protect::secrets;
use tonle_store::StoreError;
use tonle_store::audit::Event;
use tonle_store::organisations::Organisation;
use tonle_store::users::{Membership, NewUser};

use crate::error::WebError;
use crate::forms::{AddedQuery, CsrfForm, FormField};
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

pub struct Row {
    id: i64,
    username: String,
    name: String,
    roles: String,
    status: String,
    disabled: bool,
    can_toggle: bool,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    csrf: String,
    username: String,
    display_name: String,
    display_name_km: String,
    password: String,
    org: String,
    role: String,
}

#[derive(Template)]
#[template(path = "users/index.html")]
struct UsersPage {
    page: Page,
    rows: Vec<Row>,
    fields: Vec<FormField>,
    orgs: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    form: UserForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    new_password: Option<String>,
}

/// The roles offered in the form: only a network admin makes network admins. (Which role may
/// be given in which organisation is checked when the form comes back: `may_grant`.)
fn grantable_roles(member: &Member) -> Vec<Role> {
    let network = member.has_role(Role::NetworkAdmin);
    Role::ALL
        .into_iter()
        .filter(|r| network || *r != Role::NetworkAdmin)
        .collect()
}

fn roles_of(member: &Member) -> Vec<(OrgId, Role)> {
    member
        .memberships
        .iter()
        .map(|m| (m.org_id, m.role))
        .collect()
}

/// The network an organisation belongs to, from the organisations the admin runs.
fn network_of(orgs: &[Organisation], org: OrgId) -> Option<OrgId> {
    orgs.iter().find(|o| o.id == org).and_then(|o| o.parent_id)
}

/// Whether `member` may give `role` in `org` (see `tonle_domain::access::may_grant`).
async fn may_grant(
    state: &AppState,
    member: &Member,
    orgs: &[Organisation],
    role: Role,
    org: OrgId,
) -> Result<bool, WebError> {
    let has_admin = state.store.users_in(&[org]).await?.iter().any(|(u, ms)| {
        !u.disabled
            && ms
                .iter()
                .any(|m| m.org_id == org && m.role == Role::OrgAdmin)
    });
    Ok(access::may_grant(
        &roles_of(member),
        role,
        org,
        network_of(orgs, org),
        has_admin,
    ))
}

/// An admin may disable, enable or reset a user only if they run every organisation the user
/// belongs to (disabling ends the whole account) and may give each of the user's roles there:
/// a network admin cannot take over an account that reads a member organisation's people.
pub(crate) fn may_manage(
    member: &Member,
    administered: &[Organisation],
    target: UserId,
    theirs: &[Membership],
) -> bool {
    let roles = roles_of(member);
    target != member.user.id
        && !theirs.is_empty()
        && theirs.iter().all(|m| {
            administered.iter().any(|o| o.id == m.org_id)
                && access::may_grant(
                    &roles,
                    m.role,
                    m.org_id,
                    network_of(administered, m.org_id),
                    true,
                )
        })
}

pub(crate) async fn administered(
    state: &AppState,
    member: &Member,
) -> Result<Vec<Organisation>, WebError> {
    if !member.is_admin() {
        return Err(WebError::Forbidden);
    }
    member.administered_organisations(state).await
}

struct Outcome {
    errors: FieldErrors,
    notice: Option<&'static str>,
    new_password: Option<String>,
}

async fn page(
    state: &AppState,
    member: &Member,
    form: UserForm,
    outcome: Outcome,
) -> Result<Response, WebError> {
    let orgs = administered(state, member).await?;
    let page = Page::member(member, "users-title", "/users");
    let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    let rows = state
        .store
        .users_in(&ids)
        .await?
        .into_iter()
        .map(|(user, memberships)| Row {
            can_toggle: may_manage(member, &orgs, user.id, &memberships),
            id: user.id.0,
            name: page
                .local_name(&user.display_name, &user.display_name_km)
                .to_owned(),
            // Roles in organisations this admin does not run are not theirs to see.
            roles: memberships
                .iter()
                .filter(|m| ids.contains(&m.org_id))
                .map(|m| {
                    format!(
                        "{} · {}",
                        page.t(m.role.label_key()),
                        page.local_name(&m.org_name, &m.org_name_km)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            status: page.t(if user.disabled {
                "users-status-disabled"
            } else {
                "users-status-active"
            }),
            disabled: user.disabled,
            username: user.username,
        })
        .collect();
    let errors = outcome.errors;
    let fields = vec![
        FormField::new("username", "field-username", "text", &form.username).with_errors(&errors),
        FormField::new(
            "display_name",
            "field-display-name",
            "text",
            &form.display_name,
        )
        .with_errors(&errors),
        FormField::new(
            "display_name_km",
            "field-display-name-km",
            "text",
            &form.display_name_km,
        )
        .with_errors(&errors),
        // A rejected password is never sent back to the browser.
        FormField::new("password", "field-password", "password", "").with_errors(&errors),
    ];
    let role_options = grantable_roles(member)
        .into_iter()
        .map(|r| (r.code().to_owned(), page.t(r.label_key())))
        .collect();
    let org_options = orgs
        .iter()
        .map(|o| {
            (
                o.id.to_string(),
                page.local_name(&o.name, &o.name_km).to_owned(),
            )
        })
        .collect();
    let refused = !errors.is_empty();
    render_form(
        &UsersPage {
            page,
            rows,
            fields,
            orgs: org_options,
            roles: role_options,
            form,
            errors,
            notice: outcome.notice,
            new_password: outcome.new_password,
        },
        refused,
    )
}

pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<AddedQuery>,
) -> Result<Response, WebError> {
    let form = UserForm {
        role: Role::CaseWorker.code().into(),
        ..Default::default()
    };
    let outcome = Outcome {
        errors: FieldErrors::default(),
        notice: query.added.then_some("users-changed"),
        new_password: None,
    };
    page(&state, &member, form, outcome).await
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<UserForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let orgs = administered(&state, &member).await?;
    let org: OrgId = form.org.parse().map_err(|_| WebError::Forbidden)?;
    let Some(target) = orgs.iter().find(|o| o.id == org) else {
        return Err(WebError::Forbidden);
    };
    let mut errors: Vec<Invalid> = Vec::new();
    let username = Username::parse(&form.username)
        .map_err(|e| errors.push(e))
        .ok();
    let name = DisplayName::parse(&form.display_name, &form.display_name_km)
        .map_err(|e| errors.push(e))
        .ok();
    let generated = form.password.is_empty().then(secrets::generated_password);
    let typed_name = form.username.trim().to_ascii_lowercase();
    let password =
        NewPassword::parse_for(generated.as_deref().unwrap_or(&form.password), &typed_name)
            .map_err(|e| errors.push(e))
            .ok();
    let role = Role::from_code(&form.role).filter(|r| grantable_roles(&member).contains(r));
    match role {
        None => errors.push(Invalid::new("role", "error-role")),
        Some(Role::NetworkAdmin) if !target.is_network => {
            errors.push(Invalid::new("role", "error-role-needs-network"))
        }
        Some(r) if !may_grant(&state, &member, &orgs, r, org).await? => {
            errors.push(Invalid::new("role", "error-role-not-yours"))
        }
        Some(_) => {}
    }
    let (Some(username), Some(name), Some(password), Some(role), true) =
        (username, name, password, role, errors.is_empty())
    else {
        let outcome = Outcome {
            errors: FieldErrors::from_invalid(&errors),
            notice: None,
            new_password: None,
        };
        return page(&state, &member, form, outcome).await;
    };
    let created = state
        .store
        .create_user(NewUser {
            username: &username,
            name: &name,
            password: &password,
            org,
            role,
            language: None,
        })
        .await;
    match created {
        Ok(user) => {
            let event = Event::new("user.create")
                .on("user", user.id.0, org)
                .fields(&["username", "name", "role"]);
            state.store.audit(&member.actor(), &event).await?;
            tracing::info!(user = user.id.0, by = member.user.id.0, "user created");
            let outcome = Outcome {
                errors: FieldErrors::default(),
                notice: Some("users-added"),
                new_password: generated,
            };
            let fresh = UserForm {
                role: form.role,
                org: form.org,
                ..Default::default()
            };
            page(&state, &member, fresh, outcome).await
        }
        Err(StoreError::Conflict(key)) => {
            let outcome = Outcome {
                errors: FieldErrors::one("username", key),
                notice: None,
                new_password: None,
            };
            page(&state, &member, form, outcome).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn toggle(
    state: AppState,
    member: Member,
    id: i64,
    csrf: &str,
    disabled: bool,
) -> Result<Response, WebError> {
    member.check_csrf(csrf)?;
    let target = UserId(id);
    let orgs = administered(&state, &member).await?;
    let theirs = state.store.memberships(target).await?;
    if !theirs.iter().any(|m| orgs.iter().any(|o| o.id == m.org_id)) {
        return Err(WebError::NotFound);
    }
    if !may_manage(&member, &orgs, target, &theirs) {
        return Err(WebError::Forbidden);
    }
    state.store.set_disabled(target, disabled).await?;
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    let event = Event::new(action).about("user", id).fields(&["disabled"]);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(
        user = id,
        by = member.user.id.0,
        disabled,
        "user access changed"
    );
    Ok(Redirect::to("/users?added=true").into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    toggle(state, member, id, &form.csrf, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    toggle(state, member, id, &form.csrf, false).await
}

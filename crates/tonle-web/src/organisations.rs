//! Organisations: the list a user may see, and adding an NGO to a network.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tonle_domain::ids::OrgId;
use tonle_domain::organisations::NewOrganisation;
use tonle_store::StoreError;
use tonle_store::audit::Event;

use crate::error::WebError;
use crate::forms::AddedQuery;
use crate::page::{FieldErrors, Page, render_form};
use crate::places::{PlacePicker, PlaceQuery, path_text};
use crate::state::AppState;
use crate::viewer::Member;

pub struct Row {
    id: i64,
    /// Whether members must sign in with a second factor.
    requires_two_factor: bool,
    /// The viewer administers it, so may change that.
    can_require: bool,
    name: String,
    name_km: String,
    kind: String,
    network: String,
    place: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct OrgForm {
    csrf: String,
    name: String,
    name_km: String,
    parent: String,
    /// Set by the "next level" button (without script): show the form again, create nothing.
    refine: String,
    #[serde(flatten)]
    place: PlaceQuery,
}

#[derive(Template)]
#[template(path = "organisations/index.html")]
struct OrganisationsPage {
    page: Page,
    rows: Vec<Row>,
    /// Networks the user may add organisations to: (id, name).
    networks: Vec<(String, String)>,
    form: OrgForm,
    picker: PlacePicker,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

async fn page(
    state: &AppState,
    member: &Member,
    form: OrgForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let page = Page::member(member, "organisations-title", "/organisations");
    let orgs = member.visible_organisations(state).await?;
    let all_networks = state.store.all_organisations().await?;
    let codes: Vec<String> = orgs.iter().filter_map(|o| o.place_code.clone()).collect();
    let lineages = state.store.place_lineages(&codes).await?;
    let administered = if member.is_admin() {
        member.administered_organisations(state).await?
    } else {
        Vec::new()
    };
    let rows = orgs
        .iter()
        .map(|o| Row {
            id: o.id.0,
            requires_two_factor: o.require_two_factor,
            can_require: administered.iter().any(|a| a.id == o.id),
            place: o
                .place_code
                .as_ref()
                .and_then(|c| lineages.get(c))
                .map(|l| path_text(page.lang, l))
                .unwrap_or_default(),
            name: o.name.clone(),
            name_km: o.name_km.clone().unwrap_or_default(),
            kind: page.t(if o.is_network {
                "kind-network"
            } else {
                "kind-organisation"
            }),
            network: o
                .parent_id
                .and_then(|p| all_networks.iter().find(|n| n.id == p))
                .map(|n| page.local_name(&n.name, &n.name_km).to_owned())
                .unwrap_or_default(),
        })
        .collect();
    let networks = administered_networks(member)
        .into_iter()
        .filter_map(|id| all_networks.iter().find(|n| n.id == id))
        .map(|n| {
            (
                n.id.to_string(),
                page.local_name(&n.name, &n.name_km).to_owned(),
            )
        })
        .collect();
    // The picker shows what was chosen before a rejected submit, so nothing is lost.
    let lineage = match form.place.chosen() {
        Some(code) => state.store.place_lineage(&code).await?,
        None => Vec::new(),
    };
    let picker = PlacePicker::build(state, page.lang, &lineage).await?;
    let refused = !errors.is_empty();
    render_form(
        &OrganisationsPage {
            page,
            rows,
            networks,
            form,
            picker,
            errors,
            notice,
        },
        refused,
    )
}

fn administered_networks(member: &Member) -> Vec<OrgId> {
    member
        .memberships
        .iter()
        .filter(|m| m.role.administers_network())
        .map(|m| m.org_id)
        .collect()
}

pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<AddedQuery>,
) -> Result<Response, WebError> {
    let notice = query.added.then_some("organisations-added");
    page(
        &state,
        &member,
        OrgForm::default(),
        FieldErrors::default(),
        notice,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<OrgForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let parent: OrgId = form.parent.parse().map_err(|_| WebError::Forbidden)?;
    if !administered_networks(&member).contains(&parent) {
        return Err(WebError::Forbidden);
    }
    if !form.refine.is_empty() {
        return page(&state, &member, form, FieldErrors::default(), None).await;
    }
    let new = match NewOrganisation::parse(&form.name, &form.name_km, false) {
        Ok(new) => new.based_in(form.place.chosen()),
        Err(e) => return page(&state, &member, form, FieldErrors::from_invalid(&[e]), None).await,
    };
    match state.store.create_organisation(&new, Some(parent)).await {
        Ok(org) => {
            let event = Event::new("organisation.create")
                .on("organisation", org.id.0, org.id)
                .fields(&["name", "name_km", "place"]);
            state.store.audit(&member.actor(), &event).await?;
            tracing::info!(
                org = org.id.0,
                by = member.user.id.0,
                "organisation created"
            );
            Ok(Redirect::to("/organisations?added=true").into_response())
        }
        Err(StoreError::Conflict(key)) => {
            page(&state, &member, form, FieldErrors::one("name", key), None).await
        }
        Err(StoreError::Invalid(e)) => {
            page(&state, &member, form, FieldErrors::from_invalid(&[e]), None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct RequireForm {
    csrf: String,
    required: bool,
}

/// An admin of the organisation requires (or stops requiring) two-factor sign-in of its members.
pub async fn require_two_factor(
    State(state): State<AppState>,
    member: Member,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Form(form): Form<RequireForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    if !member.is_admin() {
        return Err(WebError::Forbidden);
    }
    let org = OrgId(id);
    let administered = member.administered_organisations(&state).await?;
    if !administered.iter().any(|o| o.id == org) {
        return Err(WebError::Forbidden);
    }
    state
        .store
        .set_two_factor_required(org, form.required)
        .await?;
    let event = Event::new("organisation.two-factor-required")
        .on("organisation", org.0, org)
        .fields(&["require_two_factor"]);
    state.store.audit(&member.actor(), &event).await?;
    tracing::info!(
        org = id,
        by = member.user.id.0,
        required = form.required,
        "two-factor requirement changed"
    );
    Ok(Redirect::to("/organisations?added=true").into_response())
}

//! Projects: donor, period and budget, per organisation.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tonle_domain::ids::OrgId;
use tonle_domain::money::Currency;
use tonle_domain::projects::{NewProject, ProjectInput};
use tonle_store::audit::Event;

use crate::error::WebError;
use crate::forms::{AddedQuery, FormField};
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

pub struct Row {
    name: String,
    org: String,
    donor: String,
    start: String,
    end: String,
    budget: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ProjectForm {
    csrf: String,
    org: String,
    name: String,
    donor: String,
    start_date: String,
    end_date: String,
    budget: String,
    currency: String,
}

#[derive(Template)]
#[template(path = "projects/index.html")]
struct ProjectsPage {
    page: Page,
    rows: Vec<Row>,
    orgs: Vec<(String, String)>,
    fields: Vec<FormField>,
    currencies: Vec<String>,
    form: ProjectForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

async fn page(
    state: &AppState,
    member: &Member,
    form: ProjectForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let page = Page::member(member, "projects-title", "/projects");
    let visible = member.visible_organisations(state).await?;
    let ids: Vec<OrgId> = visible.iter().map(|o| o.id).collect();
    let projects = state.store.projects_of(&ids).await?;
    let rows = projects
        .into_iter()
        .map(|p| Row {
            org: visible
                .iter()
                .find(|o| o.id == p.org_id)
                .map(|o| page.local_name(&o.name, &o.name_km).to_owned())
                .unwrap_or_default(),
            start: p.start_date.to_string(),
            end: p.end_date.to_string(),
            budget: p.budget.to_string(),
            name: p.name,
            donor: p.donor,
        })
        .collect();
    let orgs = member
        .administered_organisations(state)
        .await?
        .iter()
        .map(|o| {
            (
                o.id.to_string(),
                page.local_name(&o.name, &o.name_km).to_owned(),
            )
        })
        .collect();
    let fields = vec![
        FormField::new("name", "field-project", "text", &form.name).with_errors(&errors),
        FormField::new("donor", "field-donor", "text", &form.donor).with_errors(&errors),
        FormField::new("start_date", "field-start-date", "date", &form.start_date)
            .with_errors(&errors),
        FormField::new("end_date", "field-end-date", "date", &form.end_date).with_errors(&errors),
        FormField::new("budget", "field-budget", "text", &form.budget)
            .inputmode("decimal")
            .with_errors(&errors),
    ];
    let refused = !errors.is_empty();
    render_form(
        &ProjectsPage {
            page,
            rows,
            orgs,
            fields,
            currencies: Currency::ALL.iter().map(|c| c.code().to_owned()).collect(),
            form,
            errors,
            notice,
        },
        refused,
    )
}

pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<AddedQuery>,
) -> Result<Response, WebError> {
    let form = ProjectForm {
        currency: "USD".into(),
        ..Default::default()
    };
    let notice = query.added.then_some("projects-added");
    page(&state, &member, form, FieldErrors::default(), notice).await
}

pub async fn create(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<ProjectForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    let org: OrgId = form.org.parse().map_err(|_| WebError::Forbidden)?;
    let allowed = member.administered_organisations(&state).await?;
    if !allowed.iter().any(|o| o.id == org) {
        return Err(WebError::Forbidden);
    }
    let input = ProjectInput {
        name: &form.name,
        donor: &form.donor,
        start_date: &form.start_date,
        end_date: &form.end_date,
        budget: &form.budget,
        currency: &form.currency,
    };
    match NewProject::parse(&input) {
        Ok(new) => {
            let project = state.store.create_project(org, &new).await?;
            let event = Event::new("project.create")
                .on("project", project.id.0, org)
                .fields(&["name", "donor", "period", "budget"]);
            state.store.audit(&member.actor(), &event).await?;
            tracing::info!(
                project = project.id.0,
                by = member.user.id.0,
                "project created"
            );
            Ok(Redirect::to("/projects?added=true").into_response())
        }
        Err(errors) => {
            page(
                &state,
                &member,
                form,
                FieldErrors::from_invalid(&errors),
                None,
            )
            .await
        }
    }
}

//! `GET /cases/{id}`: the case page, with only the workflow steps this user may take now, the
//! assignment and its history, and the identification for roles that see that section.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tonle_domain::access::{Action, Section, allows};
use tonle_domain::cases::{ClosureReason, Step, StepKind};
use tonle_domain::ids::{CaseId, OrgId, UserId};
use tonle_domain::language::Language;
use tonle_store::StoreError;
use tonle_store::cases::Case;

use super::identify::{IdentificationForm, IdentificationView};
use super::{Choice, case_id};
use crate::error::WebError;
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

/// What the page shows besides the case: a notice after a change, or a refused form.
pub enum Refusal {
    None,
    Done(&'static str),
    Step(&'static str),
    Assign(&'static str),
    Identification(Box<IdentificationForm>, FieldErrors),
}

pub struct HistoryRow {
    at: String,
    what: String,
    detail: String,
    who: String,
}

#[derive(Template)]
#[template(path = "cases/show.html")]
struct CasePage {
    page: Page,
    id: i64,
    person_id: i64,
    person_name: String,
    notice: Option<&'static str>,
    status: String,
    intake_date: String,
    worker: String,
    pending: Option<(String, String)>,
    closed: Option<(String, String)>,
    /// Buttons: (step code, label key), request-closure aside (it has its own form).
    steps: Vec<(&'static str, &'static str)>,
    can_request: bool,
    reasons: Vec<(&'static str, &'static str)>,
    step_error: Option<&'static str>,
    workers: Option<Vec<Choice>>,
    assign_error: Option<&'static str>,
    history: Vec<HistoryRow>,
    identification: Option<IdentificationView>,
    can_identify: bool,
}

fn step_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::FollowUp => "case-step-follow-up",
        StepKind::Resume => "case-step-resume",
        StepKind::RequestClosure => "case-step-request-closure",
        StepKind::ApproveClosure => "case-step-approve-closure",
        StepKind::DeclineClosure => "case-step-decline-closure",
        StepKind::Reopen => "case-step-reopen",
    }
}

fn local_time(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Names of the organisation's staff, and whether each may carry cases there.
async fn staff(
    state: &AppState,
    lang: Language,
    org: OrgId,
) -> Result<(HashMap<UserId, String>, Vec<UserId>), WebError> {
    let users = state.store.users_in(&[org]).await?;
    let mut names = HashMap::new();
    let mut workers = Vec::new();
    for (u, roles) in &users {
        let name = match (lang, &u.display_name_km) {
            (Language::Km, Some(km)) => km.clone(),
            _ => u.display_name.clone(),
        };
        names.insert(u.id, name);
        if !u.disabled
            && roles
                .iter()
                .any(|m| m.org_id == org && allows(m.role, Action::EditPeople))
        {
            workers.push(u.id);
        }
    }
    Ok((names, workers))
}

/// Builds the case page for `id`; `refusal` carries a refused form back (422).
pub(super) async fn case_page(
    state: &AppState,
    member: &Member,
    id: CaseId,
    refusal: Refusal,
) -> Result<Response, WebError> {
    let (actor, scope) = (member.actor(), member.scope());
    let case: Case = state.store.view_case(&actor, &scope, id).await?;
    let person = state.store.find_person(&scope, case.person).await?;
    let page = Page::member(member, "case-title", "/cases");
    let lang = page.lang;
    let (names, worker_ids) = staff(state, lang, case.org).await?;
    let name = |u: Option<UserId>| {
        u.and_then(|u| names.get(&u).cloned())
            .unwrap_or_else(|| page.t("person-unassigned"))
    };
    let person_name = person
        .identity
        .as_ref()
        .map(|i| {
            let (km, latin) = (i.khmer_name(), i.latin_name());
            match (km.is_empty(), latin.is_empty()) {
                (false, false) => format!("{km} · {latin}"),
                (false, true) => km,
                _ => latin,
            }
        })
        .unwrap_or_else(|| page.t("person-erased"));
    let may_move = scope.allows(case.org, Action::EditPeople);
    let next = if may_move {
        case.state
            .next_steps(tonle_store::Store::mover(&scope, case.org))
    } else {
        Vec::new()
    };
    let supervisor = scope.allows(case.org, Action::SuperviseCases);
    let (assignments, changes) = state.store.case_history(&scope, id).await?;
    let mut history: Vec<(DateTime<Utc>, HistoryRow)> = Vec::new();
    // Status changes first, so an opening shows before the assignment made with it.
    for c in changes {
        let what = match StepKind::from_code(&c.step) {
            Some(kind) => page.t(step_label(kind)),
            None => page.t("case-history-opened"),
        };
        let mut detail = page.t(c.to.label_key());
        if let Some(reason) = c.reason {
            detail = format!("{detail} ({})", page.t(reason.label_key()));
        }
        let row = HistoryRow {
            at: local_time(c.at),
            what,
            detail,
            who: name(Some(c.by)),
        };
        history.push((c.at, row));
    }
    for a in assignments {
        let row = HistoryRow {
            at: local_time(a.at),
            what: page.t("case-history-assigned"),
            detail: format!("{} → {}", name(a.from), name(a.to)),
            who: name(Some(a.by)),
        };
        history.push((a.at, row));
    }
    history.sort_by_key(|(at, _)| *at);
    let sees_trafficking = scope.allows(case.org, Action::ViewSection(Section::Trafficking));
    let (mut step_error, mut assign_error, mut notice) = (None, None, None);
    let mut identification_form = None;
    match refusal {
        Refusal::None => {}
        Refusal::Done(key) => notice = Some(key),
        Refusal::Step(key) => step_error = Some(key),
        Refusal::Assign(key) => assign_error = Some(key),
        Refusal::Identification(form, errors) => identification_form = Some((*form, errors)),
    }
    let refused = step_error.is_some() || assign_error.is_some() || identification_form.is_some();
    let identification = if sees_trafficking {
        let (form, errors) = match identification_form {
            Some(typed) => typed,
            None => {
                let stored = state.store.view_identification(&actor, &scope, id).await?;
                let form = stored
                    .as_ref()
                    .map(IdentificationForm::from_stored)
                    .unwrap_or_default();
                (form, FieldErrors::default())
            }
        };
        Some(IdentificationView::build(state, lang, form, errors).await?)
    } else {
        None
    };
    let template = CasePage {
        id: id.0,
        person_id: case.person.0,
        person_name,
        notice,
        status: page.t(case.state.status.label_key()),
        intake_date: case.intake_date.to_string(),
        worker: name(case.worker),
        pending: case
            .state
            .pending
            .map(|p| (page.t(p.reason.label_key()), name(Some(p.requested_by)))),
        closed: (!case.state.status.is_open()).then(|| {
            (
                case.closure_reason
                    .map(|r| page.t(r.label_key()))
                    .unwrap_or_default(),
                name(case.closed_by),
            )
        }),
        steps: next
            .iter()
            .filter(|k| **k != StepKind::RequestClosure)
            .map(|k| (k.code(), step_label(*k)))
            .collect(),
        can_request: next.contains(&StepKind::RequestClosure),
        reasons: ClosureReason::ALL
            .iter()
            .map(|r| (r.code(), r.label_key()))
            .collect(),
        step_error,
        workers: supervisor.then(|| {
            worker_ids
                .iter()
                .map(|u| Choice {
                    code: u.to_string(),
                    label: names.get(u).cloned().unwrap_or_default(),
                    selected: case.worker == Some(*u),
                })
                .collect()
        }),
        assign_error,
        history: history.into_iter().map(|(_, r)| r).collect(),
        identification,
        can_identify: may_move && sees_trafficking,
        page,
    };
    render_form(&template, refused)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let id = case_id(&id)?;
    let notice = match query.done.as_str() {
        "opened" => Some("case-opened"),
        "moved" => Some("case-moved"),
        "assigned" => Some("case-assigned"),
        "identified" => Some("identification-saved"),
        _ => None,
    };
    let shown = notice.map_or(Refusal::None, Refusal::Done);
    case_page(&state, &member, id, shown).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    csrf: String,
    step: String,
    reason: String,
}

/// `POST /cases/{id}/step`: one workflow step; a refused one shows the page with the reason.
pub async fn step(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let id = case_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let step = match StepKind::from_code(&form.step) {
        Some(StepKind::FollowUp) => Step::FollowUp,
        Some(StepKind::Resume) => Step::Resume,
        Some(StepKind::RequestClosure) => match ClosureReason::from_code(&form.reason) {
            Some(reason) => Step::RequestClosure(reason),
            None => {
                return case_page(&state, &member, id, Refusal::Step("error-case-reason")).await;
            }
        },
        Some(StepKind::ApproveClosure) => Step::ApproveClosure,
        Some(StepKind::DeclineClosure) => Step::DeclineClosure,
        Some(StepKind::Reopen) => Step::Reopen,
        None => {
            return case_page(&state, &member, id, Refusal::Step("error-case-transition")).await;
        }
    };
    let result = state
        .store
        .move_case(&member.actor(), &member.scope(), id, step, Utc::now())
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?done=moved")).into_response()),
        Err(StoreError::Refused(key)) => case_page(&state, &member, id, Refusal::Step(key)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    csrf: String,
    worker: String,
}

/// `POST /cases/{id}/assign`: a case manager gives the case to a case worker.
pub async fn assign(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response, WebError> {
    let id = case_id(&id)?;
    member.check_csrf(&form.csrf)?;
    let worker = match form.worker.trim() {
        "" => None,
        text => match text.parse::<UserId>() {
            Ok(w) => Some(w),
            Err(_) => {
                return case_page(&state, &member, id, Refusal::Assign("error-assign-outside"))
                    .await;
            }
        },
    };
    let result = state
        .store
        .assign_case(&member.actor(), &member.scope(), id, worker, Utc::now())
        .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{id}?done=assigned")).into_response()),
        Err(StoreError::Refused(key)) => case_page(&state, &member, id, Refusal::Assign(key)).await,
        Err(e) => Err(e.into()),
    }
}

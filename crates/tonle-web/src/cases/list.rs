//! `GET /cases`: the cases this user reaches, newest first, filtered by status, worker,
//! province of origin, type of exploitation and intake dates, a page at a time (keyset).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use tonle_domain::access::{Action, Reach};
use tonle_domain::cases::CaseStatus;
use tonle_domain::identification::CodeList;
use tonle_domain::ids::{CaseId, UserId};
use tonle_domain::language::Language;
use tonle_domain::projects::parse_date;
use tonle_store::cases::CaseFilter;

use super::{Choice, choices};
use crate::error::WebError;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Member;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    worker: String,
    province: String,
    exploitation: String,
    from: String,
    until: String,
    before: String,
}

pub struct Row {
    id: i64,
    person: String,
    status: String,
    intake_date: String,
    worker: String,
}

#[derive(Template)]
#[template(path = "cases/index.html")]
struct ListPage {
    page: Page,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    workers: Vec<Choice>,
    provinces: Vec<Choice>,
    exploitations: Vec<Choice>,
    from: String,
    until: String,
    /// The address of the next page, keeping the filters.
    next: Option<String>,
}

fn option<T>(value: Result<T, impl Sized>) -> Option<T> {
    value.ok()
}

/// `GET /cases`.
pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let scope = member.scope();
    let orgs = scope.orgs_for(Action::ViewPeople);
    if orgs.is_empty() {
        return Err(WebError::Forbidden);
    }
    let page = Page::member(&member, "cases-title", "/cases");
    let lang = page.lang;
    let filter = CaseFilter {
        status: CaseStatus::from_code(&q.status),
        worker: option(q.worker.parse::<UserId>()),
        origin_province: Some(q.province.trim().to_owned()).filter(|p| p.len() == 2),
        exploitation: CodeList::Exploitation
            .find(q.exploitation.trim())
            .map(|e| e.code.clone()),
        intake_from: option(parse_date("from", &q.from)),
        intake_until: option(parse_date("until", &q.until)),
    };
    let before = option(q.before.parse::<CaseId>());
    let (found, next) = state
        .store
        .list_cases(&member.actor(), &scope, &filter, before)
        .await?;
    let users = state.store.users_in(&orgs).await?;
    let user_name = |id: Option<UserId>| {
        id.and_then(|id| users.iter().find(|(u, _)| u.id == id))
            .map(|(u, _)| {
                page.local_name(&u.display_name, &u.display_name_km)
                    .to_owned()
            })
            .unwrap_or_else(|| page.t("person-unassigned"))
    };
    let rows = found
        .iter()
        .map(|r| Row {
            id: r.case.id.0,
            person: r
                .person
                .identity
                .as_ref()
                .map(|i| match (lang, i.khmer_name(), i.latin_name()) {
                    (Language::Km, km, _) if !km.is_empty() => km,
                    (_, km, latin) if latin.is_empty() => km,
                    (_, _, latin) => latin,
                })
                .unwrap_or_else(|| page.t("person-erased")),
            status: page.t(r.case.state.status.label_key()),
            intake_date: r.case.intake_date.to_string(),
            worker: user_name(r.case.worker),
        })
        .collect();
    // Case workers see their own cases only: a worker filter would tell them nothing.
    let whole_org = orgs
        .iter()
        .any(|o| scope.people_reach(*o) == Some(Reach::Organisation));
    let workers = if whole_org {
        users
            .iter()
            .filter(|(_, roles)| {
                roles.iter().any(|m| {
                    orgs.contains(&m.org_id)
                        && tonle_domain::access::allows(m.role, Action::EditPeople)
                })
            })
            .map(|(u, _)| Choice {
                code: u.id.to_string(),
                label: page
                    .local_name(&u.display_name, &u.display_name_km)
                    .to_owned(),
                selected: filter.worker == Some(u.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let provinces = state
        .store
        .place_children(None)
        .await?
        .iter()
        .map(|p| Choice {
            selected: p.code == q.province.trim(),
            code: p.code.clone(),
            label: crate::places::place_label(lang, p),
        })
        .collect();
    let chosen = filter.exploitation.clone().unwrap_or_default();
    let next = next.map(|cursor| {
        let params = [
            ("status", q.status.as_str()),
            ("worker", q.worker.as_str()),
            ("province", q.province.as_str()),
            ("exploitation", q.exploitation.as_str()),
            ("from", q.from.as_str()),
            ("until", q.until.as_str()),
        ];
        let mut query = String::from("/cases?");
        for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
            query.push_str(&format!("{k}={}&", urlencode(v)));
        }
        query.push_str(&format!("before={cursor}"));
        query
    });
    let template = ListPage {
        statuses: CaseStatus::ALL
            .iter()
            .map(|s| Choice {
                code: s.code().to_owned(),
                label: page.t(s.label_key()),
                selected: filter.status == Some(*s),
            })
            .collect(),
        exploitations: choices(CodeList::Exploitation, lang, &[chosen.as_str()]),
        workers,
        provinces,
        from: q.from.clone(),
        until: q.until.clone(),
        rows,
        next,
        page,
    };
    render(&template)
}

/// Percent-encodes a query value (codes hold spaces, commas and brackets).
fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

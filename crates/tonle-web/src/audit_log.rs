//! `GET /audit`: what happened in the organisations a user may audit — sign-ins and failed
//! sign-ins of their staff, who looked at or changed which record, account changes — newest first.
//! Also the translated names of audit actions, shared with a person's record.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::DateTime;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_domain::ids::UserId;
use tonle_domain::language::Language;
use tonle_store::audit::AuditEntry;

use crate::error::WebError;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Member;

const SHOWN: u64 = 100;

/// The Fluent key naming an audit action; unknown actions are shown as recorded.
pub fn action_key(action: &str) -> Option<&'static str> {
    Some(match action {
        "person.create" => "audit-person-create",
        "person.view" => "audit-person-view",
        "person.update" => "audit-person-update",
        "person.erase" => "audit-person-erase",
        "person.assign" => "audit-person-assign",
        "person.list" => "audit-person-list",
        "person.search" => "audit-person-search",
        "consent.record" => "audit-consent-record",
        "consent.withdraw" => "audit-consent-withdraw",
        "attachment.add" => "audit-attachment-add",
        "attachment.list" => "audit-attachment-list",
        "attachment.view" => "audit-attachment-view",
        "attachment.delete" => "audit-attachment-delete",
        "case.open" => "audit-case-open",
        "case.view" => "audit-case-view",
        "case.list" => "audit-case-list",
        "case.assign" => "audit-case-assign",
        "case.follow-up" => "audit-case-follow-up",
        "case.resume" => "audit-case-resume",
        "case.request-closure" => "audit-case-request-closure",
        "case.approve-closure" => "audit-case-approve-closure",
        "case.decline-closure" => "audit-case-decline-closure",
        "case.reopen" => "audit-case-reopen",
        "identification.save" => "audit-identification-save",
        "identification.view" => "audit-identification-view",
        "sign-in" => "audit-sign-in",
        "sign-in.failed" => "audit-sign-in-failed",
        "sign-in.throttled" => "audit-sign-in-throttled",
        "sign-in.code-failed" => "audit-sign-in-code-failed",
        "sign-in.code-throttled" => "audit-sign-in-code-throttled",
        "sign-in.locked" => "audit-sign-in-locked",
        "sign-in.address-locked" => "audit-sign-in-address-locked",
        "sign-out" => "audit-sign-out",
        "user.create" => "audit-user-create",
        "user.disable" => "audit-user-disable",
        "user.enable" => "audit-user-enable",
        "user.reset-link" => "audit-user-reset-link",
        "user.password-reset" => "audit-user-password-reset",
        "user.password-change" => "audit-user-password-change",
        "user.password-set" => "audit-user-password-set",
        "user.sign-out-everywhere" => "audit-user-sign-out-everywhere",
        "user.two-factor-on" => "audit-user-two-factor-on",
        "user.two-factor-off" => "audit-user-two-factor-off",
        "organisation.create" => "audit-organisation-create",
        "organisation.two-factor-required" => "audit-organisation-two-factor",
        "project.create" => "audit-project-create",
        "shelter.create" => "audit-shelter-create",
        "stay.admit" => "audit-stay-admit",
        "stay.discharge" => "audit-stay-discharge",
        "stay.transfer" => "audit-stay-transfer",
        _ => return None,
    })
}

/// The Fluent key naming a field in audit entries; unknown fields are shown as recorded.
pub fn field_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "identity" => "audit-field-identity",
        "names" => "person-names",
        "aliases" => "person-aliases",
        "date_of_birth" => "person-date-of-birth",
        "phone" => "person-phone",
        "address" => "person-address",
        "sex" => "person-sex",
        "birth_year" | "birth_year_estimated" => "person-born",
        "nationality" => "person-nationality",
        "origin_place" => "person-origin",
        "current_place" => "person-current",
        "places" => "person-places",
        "assigned_to" => "person-assigned",
        "consent" => "consent-title",
        "status" => "case-status",
        "intake_date" => "case-intake-date",
        "worker" => "case-worker",
        "identification" => "identification-title",
        "photo" => "attachment-kind-photo",
        "document" => "attachment-kind-document",
        "attachment_names" => "attachment-names",
        "shelter_stay" => "shelter-stays",
        "capacity" => "shelter-capacity",
        "planned_days" => "shelter-planned-days",
        "place" => "shelter-place",
        _ => return None,
    })
}

/// An entry's fields in the reader's language.
pub fn fields_label(page: &Page, fields: &str) -> String {
    fields
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|f| field_key(f).map_or_else(|| f.to_owned(), |k| page.t(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An action in the reader's language.
pub fn action_label(page: &Page, action: &str) -> String {
    action_key(action).map_or_else(|| action.to_owned(), |key| page.t(key))
}

/// An entry's time (stored in UTC) as staff read it, in Cambodia's time.
pub fn entry_time(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.to_utc()
                .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap_or(t.timezone()))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_owned())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub struct Row {
    at: String,
    who: String,
    action: String,
    /// The record, as a link where the reader may open it.
    record: String,
    href: Option<String>,
    fields: String,
    client: String,
}

#[derive(Template)]
#[template(path = "audit/index.html")]
struct AuditPage {
    page: Page,
    rows: Vec<Row>,
    older: Option<i64>,
}

fn user_name(lang: Language, user: &tonle_store::users::User) -> String {
    match (lang, &user.display_name_km) {
        (Language::Km, Some(km)) => km.clone(),
        _ => user.display_name.clone(),
    }
}

pub async fn index(
    State(state): State<AppState>,
    member: Member,
    Query(query): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let orgs = member.scope().orgs_for(Action::ViewAuditTrail);
    if orgs.is_empty() {
        return Err(WebError::Forbidden);
    }
    let page = Page::member(&member, "audit-log-title", "/audit");
    let entries = state
        .store
        .audit_of_organisations(&orgs, query.before, SHOWN)
        .await?;
    let names: HashMap<UserId, String> = state
        .store
        .users_in(&orgs)
        .await?
        .iter()
        .map(|(u, _)| (u.id, user_name(page.lang, u)))
        .collect();
    let older = (entries.len() as u64 == SHOWN)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let rows = entries.iter().map(|e| row(&page, &names, e)).collect();
    render(&AuditPage { page, rows, older })
}

fn row(page: &Page, names: &HashMap<UserId, String>, e: &AuditEntry) -> Row {
    let name_of = |id: UserId| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let who = match e.actor {
        Some(user) => name_of(user),
        None if e.client == "console" => page.t("audit-console"),
        None => page.t("audit-nobody"),
    };
    let (record, href) = match (e.record_type.as_deref(), e.record_id) {
        (Some("person"), Some(id)) => (
            page.t1("audit-record-person", "id", &id.to_string()),
            Some(format!("/people/{id}")),
        ),
        (Some("user"), Some(id)) => (name_of(UserId(id)), None),
        (Some("case"), Some(id)) => (
            page.t1("audit-record-case", "id", &id.to_string()),
            Some(format!("/cases/{id}")),
        ),
        (Some(kind), Some(id)) => (format!("{kind} #{id}"), None),
        _ => (String::new(), None),
    };
    Row {
        at: entry_time(&e.at),
        who,
        action: action_label(page, &e.action),
        record,
        href,
        fields: fields_label(page, &e.fields),
        client: e.client.clone(),
    }
}

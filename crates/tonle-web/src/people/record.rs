//! `GET /people/{id}`: a person's record, with what this user's role may see and do there.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::DateTime;
use serde::Deserialize;
use tonle_domain::access::{Action, Reach, Section};
use tonle_domain::attachments::AttachmentKind;
use tonle_domain::consent::Purpose;
use tonle_domain::roles::Role;
use tonle_store::audit::AuditEntry;
use tonle_store::people::Person;

use super::attachments::{self, AttachmentRow};
use super::consents::ConsentForm;
use super::{
    birth_text, full_place, lineages, local_time, notice_key, org_name, person_id, user_names,
};
use crate::error::WebError;
use crate::page::{FieldErrors, Page, render_form};
use crate::state::AppState;
use crate::viewer::Member;

/// How many audit entries the record shows (newest first).
const AUDIT_SHOWN: u64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

pub struct ConsentRow {
    id: i64,
    purpose: String,
    given_on: String,
    recorded_by: String,
    withdrawn_on: Option<String>,
}

pub struct AuditRow {
    at: String,
    who: String,
    action: String,
    fields: String,
    client: String,
}

#[derive(Template)]
#[template(path = "people/record.html")]
struct RecordPage {
    page: Page,
    id: i64,
    notice: Option<&'static str>,
    /// Set once the person's details were erased: nothing else is shown.
    erased_on: Option<String>,
    name_km: String,
    name_latin: String,
    /// (label key, value), only those with a value.
    facts: Vec<(&'static str, String)>,
    can_edit: bool,
    can_erase: bool,
    /// Case workers of the organisation (id, name, currently assigned), for a case manager.
    workers: Option<Vec<(String, String, bool)>>,
    can_consent: bool,
    consents: Vec<ConsentRow>,
    consent_form: ConsentForm,
    purposes: Vec<(&'static str, &'static str)>,
    recipients: Vec<(String, String)>,
    errors: FieldErrors,
    audit: Option<Vec<AuditRow>>,
    /// The person's photos and documents; whether this user may add and delete them.
    attachments: Vec<AttachmentRow>,
    can_attach: bool,
    kinds: Vec<(&'static str, &'static str)>,
    /// The sensitive parts of the record this user may see (`trafficking`, `health`, `legal`).
    /// The case work adds one block per section, shown only when it is listed here.
    sections: Vec<&'static str>,
    /// Where she stayed (shelters), newest first.
    shelter_stays: Vec<crate::shelters::PersonStayRow>,
    /// Her cases, and the form to open one.
    cases: crate::cases::OnRecord,
}

fn section_code(section: Section) -> &'static str {
    match section {
        Section::Trafficking => "trafficking",
        Section::Health => "health",
        Section::Legal => "legal",
    }
}

fn audit_rows(
    page: &Page,
    entries: Vec<AuditEntry>,
    names: &std::collections::HashMap<tonle_domain::ids::UserId, String>,
) -> Vec<AuditRow> {
    entries
        .into_iter()
        .map(|e| AuditRow {
            at: DateTime::parse_from_rfc3339(&e.at)
                .map(|t| local_time(t.to_utc()))
                .unwrap_or(e.at),
            who: match e.actor {
                Some(user) => names
                    .get(&user)
                    .cloned()
                    .unwrap_or_else(|| user.to_string()),
                None => page.t("audit-console"),
            },
            action: crate::audit_log::action_label(page, &e.action),
            fields: crate::audit_log::fields_label(page, &e.fields),
            client: e.client,
        })
        .collect()
}

/// Builds the record page; `consent_form` and `errors` carry a refused consent form back.
pub(super) async fn record_page(
    state: &AppState,
    member: &Member,
    person: Person,
    notice: Option<&'static str>,
    consent_form: ConsentForm,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let scope = member.scope();
    let org = person.org;
    let page = Page::member(member, "person-title", "/people");
    let lang = page.lang;
    let show_audit = scope.allows(org, Action::ViewAuditTrail);
    let trail = if show_audit {
        state
            .store
            .audit_trail("person", person.id.0, AUDIT_SHOWN)
            .await?
    } else {
        Vec::new()
    };
    let consents = match person.identity {
        Some(_) => state.store.consents_of(&scope, person.id).await?,
        None => Vec::new(),
    };
    let mut wanted: Vec<_> = trail.iter().filter_map(|e| e.actor).collect();
    wanted.extend(consents.iter().map(|c| c.recorded_by));
    wanted.sort();
    wanted.dedup();
    let names = user_names(state, lang, org, &wanted).await?;
    let audit = show_audit.then(|| audit_rows(&page, trail, &names));
    let shelter_stays = crate::shelters::person_stays(state, member, &person).await?;
    let cases = crate::cases::on_record(state, member, &person).await?;
    let id = person.id.0;
    let Some(identity) = &person.identity else {
        let erased_on = person
            .erased_at
            .map(|at| local_time(at)[..10].to_owned())
            .unwrap_or_default();
        let template = RecordPage {
            page,
            id,
            notice,
            erased_on: Some(erased_on),
            name_km: String::new(),
            name_latin: String::new(),
            facts: Vec::new(),
            can_edit: false,
            can_erase: false,
            workers: None,
            can_consent: false,
            consents: Vec::new(),
            consent_form,
            purposes: Vec::new(),
            recipients: Vec::new(),
            errors,
            audit,
            attachments: Vec::new(),
            can_attach: false,
            kinds: Vec::new(),
            sections: Vec::new(),
            shelter_stays,
            cases,
        };
        return render_form(&template, false);
    };
    let lineages = lineages(state, &[&person]).await?;
    let (born_label, born) = match identity.date_of_birth {
        Some(date) => ("person-date-of-birth", date.to_string()),
        None => ("person-born", birth_text(lang, &person)),
    };
    let assigned = person
        .assigned_to
        .and_then(|u| names.get(&u).cloned())
        .unwrap_or_else(|| page.t("person-unassigned"));
    let mut facts: Vec<(&'static str, String)> = vec![
        ("person-aliases", identity.aliases.join(", ")),
        ("person-sex", page.t(person.sex.label_key())),
        (born_label, born),
        (
            "person-nationality",
            person.nationality.clone().unwrap_or_default(),
        ),
        ("person-phone", identity.phone.clone().unwrap_or_default()),
        (
            "person-address",
            identity.address.clone().unwrap_or_default(),
        ),
        ("person-origin", full_place(lang, &lineages, &person.origin)),
        (
            "person-current",
            full_place(lang, &lineages, &person.current),
        ),
        ("field-organisation", org_name(member, org)),
        ("person-assigned", assigned),
        ("person-registered", local_time(person.created_at)),
    ];
    facts.retain(|(_, value)| !value.is_empty());
    let can_assign = scope.people_reach(org) == Some(Reach::Organisation)
        && scope.allows(org, Action::EditPeople);
    let workers = if can_assign {
        let users = state.store.users_in(&[org]).await?;
        Some(
            users
                .iter()
                .filter(|(u, roles)| {
                    !u.disabled
                        && roles
                            .iter()
                            .any(|m| m.org_id == org && m.role == Role::CaseWorker)
                })
                .map(|(u, _)| {
                    (
                        u.id.to_string(),
                        names.get(&u.id).cloned().unwrap_or_default(),
                        person.assigned_to == Some(u.id),
                    )
                })
                .collect(),
        )
    } else {
        None
    };
    let can_consent = scope.allows(org, Action::ManageConsent);
    let all_orgs = state.store.all_organisations().await?;
    let org_label = |o: &tonle_store::organisations::Organisation| {
        page.local_name(&o.name, &o.name_km).to_owned()
    };
    let consents = consents
        .into_iter()
        .map(|c| ConsentRow {
            id: c.id.0,
            // "Referral to another organisation: Rumduol" — with the separator each language uses.
            purpose: match c
                .recipient
                .and_then(|r| all_orgs.iter().find(|o| o.id == r))
            {
                Some(org) => crate::i18n::tr_args(
                    page.lang,
                    "consent-purpose-to",
                    &[
                        ("purpose", page.t(c.purpose.label_key())),
                        ("recipient", org_label(org)),
                    ],
                ),
                None => page.t(c.purpose.label_key()),
            },
            given_on: c.given_on.to_string(),
            recorded_by: names.get(&c.recorded_by).cloned().unwrap_or_default(),
            withdrawn_on: c.withdrawn_on.map(|d| d.to_string()),
        })
        .collect();
    let recipients = all_orgs
        .iter()
        .filter(|o| !o.is_network && o.id != org)
        .map(|o| (o.id.to_string(), org_label(o)))
        .collect();
    let listed = state
        .store
        .attachments_of(&member.actor(), &scope, person.id)
        .await?;
    let template = RecordPage {
        id,
        notice,
        attachments: attachments::rows(&page, listed),
        can_attach: scope.allows(org, Action::EditPeople),
        kinds: AttachmentKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        erased_on: None,
        name_km: identity.khmer_name(),
        name_latin: identity.latin_name(),
        facts,
        can_edit: scope.allows(org, Action::EditPeople),
        can_erase: scope.allows(org, Action::ErasePeople),
        workers,
        can_consent,
        consents,
        consent_form,
        purposes: Purpose::ALL
            .iter()
            .map(|p| (p.code(), p.label_key()))
            .collect(),
        recipients,
        audit,
        sections: Section::ALL
            .into_iter()
            .filter(|s| scope.allows(org, Action::ViewSection(*s)))
            .map(section_code)
            .collect(),
        shelter_stays,
        cases,
        page,
        errors,
    };
    let refused = !template.errors.is_empty();
    render_form(&template, refused)
}

/// `GET /people/{id}`.
pub async fn show(
    State(state): State<AppState>,
    member: Member,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let id = person_id(&id)?;
    let person = state
        .store
        .view_person(&member.actor(), &member.scope(), id)
        .await?;
    let form = ConsentForm::fresh();
    let notice = notice_key(&query.done);
    record_page(
        &state,
        &member,
        person,
        notice,
        form,
        FieldErrors::default(),
    )
    .await
}

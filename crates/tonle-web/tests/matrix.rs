//! The authorisation matrix: every route, requested by every role of one organisation (and by
//! a visitor who is not signed in) with the record ids of another organisation, on both
//! backends. Routes that name such a record answer 403 or 404 (405 for a method they lack);
//! no answer holds anything of the other organisation; nothing of it changes.
//!
//! Every route the app serves must have a line in `MATRIX`: a new route without one fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use support::{App, Browser, serve, user};
use tonle_domain::access::Scope;
use tonle_domain::attachments::AttachmentKind;
use tonle_domain::cases::{ClosureReason, Step};
use tonle_domain::consent::Purpose;
use tonle_domain::identification::{Identification, IdentificationInput};
use tonle_domain::ids::{
    AttachmentId, CaseId, ConsentId, OrgId, PersonId, ShelterId, StayId, UserId,
};
use tonle_domain::money::{Currency, Money};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::projects::NewProject;
use tonle_domain::roles::Role;
use tonle_domain::shelters::{FacilityInput, NewFacility};
use tonle_store::attachments::NewAttachment;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;

/// What a route's path parameters name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Names {
    /// Nothing: the route serves the asker's own world (or the public).
    Nothing,
    /// A static file.
    Asset,
    Person,
    PersonConsent,
    PersonAttachment,
    User,
    Organisation,
    Shelter,
    Stay,
    Case,
}

const MATRIX: &[(&str, Names)] = &[
    ("/", Names::Nothing),
    ("/healthz", Names::Nothing),
    ("/assets/{*name}", Names::Asset),
    ("/sign-in", Names::Nothing),
    ("/sign-in/code", Names::Nothing),
    ("/sign-out", Names::Nothing),
    ("/reset", Names::Nothing),
    ("/language", Names::Nothing),
    ("/account", Names::Nothing),
    ("/audit", Names::Nothing),
    ("/account/password", Names::Nothing),
    ("/account/sign-out-everywhere", Names::Nothing),
    ("/account/two-factor", Names::Nothing),
    ("/account/two-factor/confirm", Names::Nothing),
    ("/account/two-factor/disable", Names::Nothing),
    ("/places", Names::Nothing),
    ("/places/children", Names::Nothing),
    ("/places/search", Names::Nothing),
    ("/organisations", Names::Nothing),
    ("/organisations/{id}/two-factor", Names::Organisation),
    ("/projects", Names::Nothing),
    ("/users", Names::Nothing),
    ("/users/{id}/disable", Names::User),
    ("/users/{id}/enable", Names::User),
    ("/users/{id}/reset-link", Names::User),
    ("/people", Names::Nothing),
    ("/people/new", Names::Nothing),
    ("/people/search", Names::Nothing),
    ("/people/{id}", Names::Person),
    ("/people/{id}/edit", Names::Person),
    ("/people/{id}/erase", Names::Person),
    ("/people/{id}/assign", Names::Person),
    ("/people/{id}/consents", Names::Person),
    (
        "/people/{id}/consents/{consent}/withdraw",
        Names::PersonConsent,
    ),
    ("/people/{id}/attachments", Names::Person),
    (
        "/people/{id}/attachments/{attachment}",
        Names::PersonAttachment,
    ),
    (
        "/people/{id}/attachments/{attachment}/delete",
        Names::PersonAttachment,
    ),
    ("/shelters", Names::Nothing),
    ("/shelters/{id}", Names::Shelter),
    ("/shelters/{id}/admit", Names::Shelter),
    ("/stays/{id}/discharge", Names::Stay),
    ("/stays/{id}/transfer", Names::Stay),
    ("/people/{id}/cases", Names::Person),
    ("/cases", Names::Nothing),
    ("/cases/{id}", Names::Case),
    ("/cases/{id}/step", Names::Case),
    ("/cases/{id}/assign", Names::Case),
    ("/cases/{id}/identification", Names::Case),
];

/// These end the asker's session; they run last.
const ENDS_SESSION: &[&str] = &["/sign-out", "/account/sign-out-everywhere"];

/// Words that belong to the other organisation only.
const SECRETS: &[&str] = &[
    "Bsecretnet",
    "Bsecretorg",
    "Bsecretstaff",
    "bsecret.manager",
    "Bsecretproject",
    "Outsiderfamily",
    "Secretgiven",
    "ចំរើនពិសី",
    "099 888 777",
    "1999-09-09",
    "Bsecretfile",
    "Bsecretcontent",
    "Bsecretshelter",
    "Bsecretstory",
];

/// The other organisation and its records.
struct Other {
    org: OrgId,
    network: OrgId,
    manager: UserId,
    person: PersonId,
    consent: ConsentId,
    attachment: AttachmentId,
    shelter: ShelterId,
    stay: StayId,
    case: CaseId,
}

async fn other_organisation(app: &App) -> Other {
    let s = &app.store;
    let parse = |name: &str, network| NewOrganisation::parse(name, "", network).unwrap();
    let network = s
        .create_organisation(&parse("Bsecretnet Network", true), None)
        .await
        .unwrap()
        .id;
    let org = s
        .create_organisation(&parse("Bsecretorg Shelter", false), Some(network))
        .await
        .unwrap()
        .id;
    let manager = user(
        s,
        "bsecret.manager",
        "Bsecretstaff Vireak",
        org,
        Role::CaseManager,
    )
    .await;
    let project = NewProject {
        name: "Bsecretproject Fund".into(),
        donor: "Bsecretproject Donor".into(),
        start_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        end_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        budget: Money {
            minor: 1_000_000,
            currency: Currency::Khr,
        },
    };
    s.create_project(org, &project).await.unwrap();
    let scope = Scope::new(manager, vec![(org, Role::CaseManager)]);
    let actor = Actor::user(manager, "127.0.0.1");
    let details = PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Outsiderfamily",
            given_name_latin: "Secretgiven",
            given_name_km: "ចំរើនពិសី",
            sex: "female",
            date_of_birth: "1999-09-09",
            phone: "099 888 777",
            ..PersonInput::default()
        },
        Utc::now().date_naive(),
    )
    .unwrap();
    let now = Utc::now();
    let person = s
        .create_person(&actor, &scope, org, &details, now)
        .await
        .unwrap();
    s.assign_person(&actor, &scope, person, Some(manager), now)
        .await
        .unwrap();
    let consent = s
        .record_consent(
            &actor,
            &scope,
            person,
            Purpose::Services,
            None,
            now.date_naive(),
            now,
        )
        .await
        .unwrap();
    let file = NewAttachment {
        kind: AttachmentKind::Document,
        file_name: "Bsecretfile.pdf",
        content: b"%PDF-1.4\nBsecretcontent\n",
    };
    let attachment = s
        .add_attachment(&actor, &scope, person, file, now)
        .await
        .unwrap();
    let facility = NewFacility::parse(&FacilityInput {
        name: "Bsecretshelter House",
        kind: "safe-house",
        capacity: "4",
        planned_days: "30",
        place: "020101",
    })
    .unwrap();
    let shelter = s
        .create_shelter(&actor, &scope, org, &facility, now)
        .await
        .unwrap();
    let stay = s
        .admit(&actor, &scope, shelter, person, now.date_naive(), now)
        .await
        .unwrap();
    // Her case, with a closure asked for, so an approval from outside would close it.
    let case = s
        .open_case(&actor, &scope, person, now.date_naive(), None, now)
        .await
        .unwrap();
    let story = Identification::parse(
        &IdentificationInput {
            exploitation: "Forced labour",
            narrative: "Bsecretstory of her journey",
            ..Default::default()
        },
        tonle_domain::time::local_date(now),
    )
    .unwrap();
    s.save_identification(&actor, &scope, case, &story, now)
        .await
        .unwrap();
    s.move_case(
        &actor,
        &scope,
        case,
        Step::RequestClosure(ClosureReason::GoalsMet),
        now,
    )
    .await
    .unwrap();
    Other {
        org,
        network,
        manager,
        person,
        consent,
        attachment,
        shelter,
        stay,
        case,
    }
}

fn fill(path: &str, names: Names, other: &Other) -> String {
    match names {
        Names::Nothing => path.to_owned(),
        Names::Asset => path.replace("{*name}", "tonle.css"),
        Names::Person => path.replace("{id}", &other.person.to_string()),
        Names::PersonConsent => path
            .replace("{id}", &other.person.to_string())
            .replace("{consent}", &other.consent.to_string()),
        Names::PersonAttachment => path
            .replace("{id}", &other.person.to_string())
            .replace("{attachment}", &other.attachment.to_string()),
        Names::User => path.replace("{id}", &other.manager.to_string()),
        Names::Organisation => path.replace("{id}", &other.org.to_string()),
        Names::Shelter => path.replace("{id}", &other.shelter.to_string()),
        Names::Stay => path.replace("{id}", &other.stay.to_string()),
        Names::Case => path.replace("{id}", &other.case.to_string()),
    }
}

/// Every field any form takes, aimed at the other organisation where a field names one.
fn hostile_form(other: &Other) -> Vec<(&'static str, String)> {
    let org = other.org.to_string();
    let today = tonle_domain::time::local_date(Utc::now()).to_string();
    vec![
        ("org", org.clone()),
        ("parent", other.network.to_string()),
        ("recipient", org),
        ("worker", other.manager.to_string()),
        ("purpose", "referral".into()),
        ("given_on", today.clone()),
        ("on", today),
        ("name", "Matrix Org".into()),
        ("donor", "Matrix Donor".into()),
        ("start_date", "2026-01-01".into()),
        ("end_date", "2026-12-31".into()),
        ("budget", "100".into()),
        ("currency", "USD".into()),
        ("username", "matrix.user".into()),
        ("display_name", "Matrix User".into()),
        ("role", "case-worker".into()),
        ("password", "wrong-password-here".into()),
        ("current", "wrong-password-here".into()),
        ("new", "another-long-password-1".into()),
        ("confirm", "another-long-password-2".into()),
        ("family_name_latin", "Matrix".into()),
        ("given_name_latin", "Person".into()),
        ("sex", "female".into()),
        ("understood", "yes".into()),
        ("required", "true".into()),
        ("code", "123456".into()),
        ("lang", "km".into()),
        ("back", "/".into()),
        ("next", "/".into()),
        ("person", other.person.to_string()),
        ("to", other.shelter.to_string()),
        (
            "admitted_on",
            tonle_domain::time::local_date(Utc::now()).to_string(),
        ),
        ("destination", "family".into()),
        ("kind", "short-term".into()),
        ("capacity", "5".into()),
        ("planned_days", "30".into()),
        ("province", "02".into()),
        ("district", "0201".into()),
        ("commune", "020101".into()),
        ("step", "approve-closure".into()),
        ("reason", "goals-met".into()),
        (
            "intake_date",
            tonle_domain::time::local_date(Utc::now()).to_string(),
        ),
        ("exploitation", "Sexual exploitation".into()),
        ("narrative", "Matrix story".into()),
    ]
}

fn assert_clean(label: &str, who: &str, method: &str, path: &str, status: StatusCode, body: &str) {
    for secret in SECRETS {
        assert!(
            !body.contains(secret),
            "{label}: {who} {method} {path} ({status}) shows {secret:?}"
        );
    }
    assert!(
        status != StatusCode::INTERNAL_SERVER_ERROR,
        "{label}: {who} {method} {path} failed"
    );
}

async fn request_everything(app: &App, who: &str, browser: &Browser, other: &Other) {
    let mut routes: Vec<&(&str, Names)> = MATRIX.iter().collect();
    routes.sort_by_key(|(path, _)| ENDS_SESSION.contains(path));
    let form = hostile_form(other);
    for (path, names) in routes {
        let url = fill(path, *names, other);
        let (status, body) = browser.get(&url).await;
        check(app, who, "GET", &url, *names, status, &body);
        let mut fields: Vec<(&str, &str)> = vec![("csrf", browser.csrf.as_str())];
        fields.extend(form.iter().map(|(k, v)| (*k, v.as_str())));
        let (status, _, body) = browser.post_raw(&url, &fields).await;
        check(app, who, "POST", &url, *names, status, &body);
    }
}

fn check(
    app: &App,
    who: &str,
    method: &str,
    path: &str,
    names: Names,
    status: StatusCode,
    body: &str,
) {
    assert_clean(app.label, who, method, path, status, body);
    let names_a_record = !matches!(names, Names::Nothing | Names::Asset);
    if names_a_record {
        let refused = [
            StatusCode::FORBIDDEN,
            StatusCode::NOT_FOUND,
            StatusCode::METHOD_NOT_ALLOWED,
        ];
        let to_sign_in = who == "visitor" && status == StatusCode::SEE_OTHER;
        assert!(
            refused.contains(&status) || to_sign_in,
            "{}: {who} {method} {path} answered {status}",
            app.label
        );
    }
}

/// Nothing of the other organisation changed.
async fn assert_untouched(app: &App, other: &Other) {
    let s = &app.store;
    let scope = Scope::new(other.manager, vec![(other.org, Role::CaseManager)]);
    let actor = Actor::user(other.manager, "127.0.0.1");
    let people = s.recent_people(&actor, &scope, 10).await.unwrap();
    assert_eq!(
        people.len(),
        1,
        "{}: people were added to the other organisation",
        app.label
    );
    let person = &people[0];
    let identity = person.identity.as_ref().expect("not erased");
    assert_eq!(identity.given_name_latin, "Secretgiven", "{}", app.label);
    assert_eq!(person.assigned_to, Some(other.manager), "{}", app.label);
    let consents = s.consents_of(&scope, other.person).await.unwrap();
    assert_eq!(consents.len(), 1, "{}", app.label);
    assert_eq!(consents[0].withdrawn_on, None, "{}", app.label);
    let files = s
        .attachments_of(&actor, &scope, other.person)
        .await
        .unwrap();
    assert_eq!(files.len(), 1, "{}: attachments changed", app.label);
    assert_eq!(files[0].id, other.attachment, "{}", app.label);
    let users = s.users_in(&[other.org]).await.unwrap();
    assert_eq!(
        users.len(),
        1,
        "{}: users were added to the other organisation",
        app.label
    );
    let manager = s.user(other.manager).await.unwrap().unwrap();
    assert!(!manager.disabled, "{}", app.label);
    let trail = s.audit_trail("user", other.manager.0, 50).await.unwrap();
    assert!(
        trail.iter().all(|e| !e.action.starts_with("user.")),
        "{}: the other organisation's account was changed: {trail:?}",
        app.label
    );
    let orgs = s.organisations_within(&[other.network]).await.unwrap();
    assert_eq!(
        orgs.len(),
        2,
        "{}: organisations were added to the other network",
        app.label
    );
    assert!(orgs.iter().all(|o| !o.require_two_factor), "{}", app.label);
    let shelters = s.shelters(&scope).await.unwrap();
    assert_eq!(shelters.len(), 1, "{}: shelters were added", app.label);
    let stays = s.stays_of(&scope, other.person).await.unwrap();
    assert_eq!(stays.len(), 1, "{}: stays changed", app.label);
    assert_eq!(stays[0].id, other.stay, "{}", app.label);
    assert_eq!(stays[0].discharged_on, None, "{}", app.label);
    let cases = s.cases_of_person(&scope, other.person).await.unwrap();
    assert_eq!(cases.len(), 1, "{}: cases were opened", app.label);
    assert!(cases[0].state.status.is_open(), "{}", app.label);
    assert!(cases[0].state.pending.is_some(), "{}", app.label);
    assert_eq!(cases[0].worker, Some(other.manager), "{}", app.label);
    let story = s
        .view_identification(&actor, &scope, other.case)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(story.exploitation.as_deref(), Some("Forced labour"));
    assert_eq!(
        s.projects_of(&[other.org]).await.unwrap().len(),
        1,
        "{}",
        app.label
    );
}

#[tokio::test]
async fn no_role_reaches_another_organisations_records() {
    let served: Vec<&str> = tonle_web::route_paths();
    let listed: Vec<&str> = MATRIX.iter().map(|(p, _)| *p).collect();
    for path in &served {
        assert!(
            listed.contains(path),
            "route {path} has no line in the authorisation matrix"
        );
    }
    for path in &listed {
        assert!(
            served.contains(path),
            "the matrix lists {path}, which the app no longer serves"
        );
    }

    for db in databases().await {
        let app = serve(db).await;
        app.store
            .load_places_if_empty(&mut |_, _| {})
            .await
            .unwrap();
        let other = other_organisation(&app).await;
        // Our side: a network and a member organisation with one user per role.
        let parse = |name: &str, network| NewOrganisation::parse(name, "", network).unwrap();
        let network = app
            .store
            .create_organisation(&parse("Our Network", true), None)
            .await
            .unwrap()
            .id;
        let ours = app
            .store
            .create_organisation(&parse("Our Shelter", false), Some(network))
            .await
            .unwrap()
            .id;
        let mut people = Vec::new();
        for role in Role::ALL {
            let org = if role.administers_network() || role == Role::DonorViewer {
                network
            } else {
                ours
            };
            let name = format!("our.{}", role.code());
            user(&app.store, &name, "Our Staff", org, role).await;
            people.push(name);
        }
        let visitor = Browser::new(&app.base);
        request_everything(&app, "visitor", &visitor, &other).await;
        for name in &people {
            let browser = app.signed_in(name).await;
            request_everything(&app, name, &browser, &other).await;
        }
        assert_untouched(&app, &other).await;
    }
}

//! Cases over HTTP on both backends: open → identify → follow up → request closure → approve;
//! the refusals (a forbidden jump, a second open case, approving one's own closure) with their
//! message and what was typed kept; another organisation's case answers 404.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::Utc;
use reqwest::StatusCode;
use support::{App, serve, user};
use tonle_domain::access::Scope;
use tonle_domain::ids::{OrgId, PersonId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;

async fn person(
    app: &App,
    org: OrgId,
    manager: tonle_domain::ids::UserId,
    given: &str,
) -> PersonId {
    let scope = Scope::new(manager, vec![(org, Role::CaseManager)]);
    let details = PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Sok",
            given_name_latin: given,
            sex: "female",
            ..PersonInput::default()
        },
        Utc::now().date_naive(),
    )
    .unwrap();
    app.store
        .create_person(
            &Actor::user(manager, "127.0.0.1"),
            &scope,
            org,
            &details,
            Utc::now(),
        )
        .await
        .unwrap()
}

fn case_from(location: &str) -> String {
    let id = location
        .strip_prefix("/cases/")
        .and_then(|rest| rest.split('?').next())
        .unwrap_or_else(|| panic!("not a case address: {location}"));
    id.to_owned()
}

#[tokio::test]
async fn a_case_goes_from_intake_to_approved_closure_over_http() {
    for db in databases().await {
        let app = serve(db).await;
        app.store
            .load_places_if_empty(&mut |_, _| {})
            .await
            .unwrap();
        let parse = |name: &str| NewOrganisation::parse(name, "", false).unwrap();
        let ngo = app
            .store
            .create_organisation(&parse("Chanpha"), None)
            .await
            .unwrap()
            .id;
        let away = app
            .store
            .create_organisation(&parse("Rumduol"), None)
            .await
            .unwrap()
            .id;
        let manager = user(
            &app.store,
            "manager",
            "Manager Latin",
            ngo,
            Role::CaseManager,
        )
        .await;
        user(
            &app.store,
            "manager.two",
            "Second Manager",
            ngo,
            Role::CaseManager,
        )
        .await;
        let worker = user(&app.store, "worker", "Worker Latin", ngo, Role::CaseWorker).await;
        user(&app.store, "outsider", "Outsider", away, Role::CaseManager).await;
        let label = app.label;
        let sreymom = person(&app, ngo, manager, "Sreymom").await;
        // The worker carries her.
        app.store
            .assign_person(
                &Actor::user(manager, "t"),
                &Scope::new(manager, vec![(ngo, Role::CaseManager)]),
                sreymom,
                Some(worker),
                Utc::now(),
            )
            .await
            .unwrap();

        let w = app.signed_in("worker").await;
        let (status, record) = w.get(&format!("/people/{sreymom}")).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(
            record.contains("id=\"open-case\""),
            "{label}: no open-case form"
        );
        let today = tonle_domain::time::local_date(Utc::now()).to_string();
        let (status, location, _) = w
            .post(
                &format!("/people/{sreymom}/cases"),
                &[("intake_date", today.as_str())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        let case = case_from(&location);
        let (_, page) = w.get(&location).await;
        assert!(page.contains("Case opened."), "{label}");
        assert!(page.contains("id=\"step-follow-up\""));
        assert!(!page.contains("id=\"step-approve-closure\""));

        // A second open case is refused, the date typed kept.
        let (status, _, body) = w
            .post(
                &format!("/people/{sreymom}/cases"),
                &[("intake_date", "2026-01-02")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(body.contains("already has an open case"), "{label}");
        assert!(body.contains("value=\"2026-01-02\""));

        // Identification; a mismatched sector is refused with what was typed kept.
        let path = format!("/cases/{case}/identification");
        let (status, _, body) = w
            .post(
                &path,
                &[
                    ("exploitation", "Sexual exploitation"),
                    ("labour_industry", "Construction"),
                    ("means_of_control", "Debt bondage"),
                    ("means_of_control", "Withholds documents"),
                    ("narrative", "Promised a job in a restaurant"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            body.contains("does not fit the type of exploitation"),
            "{label}"
        );
        assert!(body.contains("Promised a job in a restaurant"));
        assert!(body.contains("value=\"Withholds documents\" checked"));
        let (status, location, _) = w
            .post(
                &path,
                &[
                    ("identified_by", "NGO outreach"),
                    ("trafficking_status", "Actual victim of trafficking"),
                    ("exploitation", "Forced labour"),
                    ("labour_industry", "Agriculture, forestry and fishing"),
                    ("means_of_control", "Debt bondage"),
                    ("means_of_control", "Withholds documents"),
                    ("origin_country", "KH"),
                    ("origin_province", "02"),
                    ("origin_district", "0201"),
                    ("destination_country", "TH"),
                    ("narrative", "Worked on a fishing boat"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        let (_, page) = w.get(&location).await;
        assert!(page.contains("Identification saved."));
        assert!(page.contains("Worked on a fishing boat"));
        assert!(page.contains("Identified as trafficked (HTCDS: actual victim)"));
        assert!(
            page.contains("value=\"0201\" selected"),
            "{label}: district kept"
        );

        // A jump the workflow forbids.
        let step = format!("/cases/{case}/step");
        let (status, _, body) = w.post(&step, &[("step", "resume")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(body.contains("cannot move that way"), "{label}");
        let (status, _, _) = w.post(&step, &[("step", "follow-up")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = w
            .post(
                &step,
                &[("step", "request-closure"), ("reason", "goals-met")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The worker cannot approve her own request.
        let (status, _, body) = w.post(&step, &[("step", "approve-closure")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(body.contains("Only a case manager"), "{label}");

        // Another organisation sees nothing.
        let o = app.signed_in("outsider").await;
        for path in [format!("/cases/{case}"), format!("/people/{sreymom}")] {
            let (status, body) = o.get(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {path}");
            assert!(!body.contains("Sreymom") && !body.contains("fishing"));
        }
        let (status, _, _) = o.post(&step, &[("step", "approve-closure")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (_, list) = o.get("/cases").await;
        assert!(!list.contains("Sreymom"));

        // The case manager approves; the list shows it closed.
        let m = app.signed_in("manager").await;
        let (_, page) = m.get(&format!("/cases/{case}")).await;
        assert!(page.contains("id=\"step-approve-closure\""), "{label}");
        let (status, _, _) = m.post(&step, &[("step", "approve-closure")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        let (_, page) = m.get(&format!("/cases/{case}")).await;
        assert!(page.contains("id=\"case-status\">Closed<"), "{label}");
        assert!(page.contains("Goals met"));
        assert!(page.contains("id=\"step-reopen\""));
        let (_, list) = m.get("/cases?status=Closed").await;
        assert!(
            list.contains("Sok Sreymom") || list.contains("SOK Sreymom"),
            "{label}"
        );
        let (_, list) = m.get("/cases?status=Active").await;
        assert!(list.contains("id=\"cases-empty\""), "{label}");
        let (_, list) = m.get("/cases?exploitation=Forced+labour&province=").await;
        assert!(list.contains("id=\"case-list\""), "{label}");
    }
}

#[tokio::test]
async fn a_manager_cannot_approve_her_own_closure() {
    for db in databases().await {
        let app = serve(db).await;
        let parse = |name: &str| NewOrganisation::parse(name, "", false).unwrap();
        let ngo = app
            .store
            .create_organisation(&parse("Chanpha"), None)
            .await
            .unwrap()
            .id;
        let manager = user(
            &app.store,
            "manager",
            "Manager Latin",
            ngo,
            Role::CaseManager,
        )
        .await;
        let p = person(&app, ngo, manager, "Dara").await;
        let m = app.signed_in("manager").await;
        let (_, location, _) = m
            .post(
                &format!("/people/{p}/cases"),
                &[("intake_date", "2026-01-05")],
            )
            .await;
        let step = format!("/cases/{}/step", case_from(&location));
        let (status, _, body) = m.post(&step, &[("step", "request-closure")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(body.contains("Choose why the case should close"));
        m.post(
            &step,
            &[("step", "request-closure"), ("reason", "moved-away")],
        )
        .await;
        let (status, _, body) = m.post(&step, &[("step", "approve-closure")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(body.contains("another case manager"), "{}", app.label);
        let (status, _, _) = m.post(&step, &[("step", "follow-up")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // Without the form token nothing happens.
        let (status, _, _) = m
            .post_raw(&step, &[("csrf", "x"), ("step", "decline-closure")])
            .await;
        assert_ne!(status, StatusCode::SEE_OTHER, "{}", app.label);
    }
}

//! Shelters over HTTP, on both backends: adding a facility, admitting, refusing a discharge
//! before admission with the form kept (422, in the user's language), transferring, the
//! occupancy table and warnings, the person's record, and roles that may not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::{Days, Utc};
use reqwest::StatusCode;
use support::{serve, user};
use tonle_domain::access::Scope;
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_domain::time::local_date;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;

#[tokio::test]
async fn staff_add_a_shelter_admit_transfer_and_discharge() {
    for db in databases().await {
        let app = serve(db).await;
        let label = app.label;
        let s = &app.store;
        s.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let org = s
            .create_organisation(
                &NewOrganisation::parse("Chanpha Safe Home", "", false).unwrap(),
                None,
            )
            .await
            .unwrap()
            .id;
        let manager = user(s, "manager", "Chan Sokha", org, Role::CaseManager).await;
        user(s, "staff", "Keo Malis", org, Role::ShelterStaff).await;
        user(s, "worker", "Meas Dara", org, Role::CaseWorker).await;
        let scope = Scope::new(manager, vec![(org, Role::CaseManager)]);
        let actor = Actor::user(manager, "127.0.0.1");
        let today = local_date(Utc::now());
        let details = PersonDetails::parse(
            &PersonInput {
                family_name_latin: "Sok",
                given_name_latin: "Sreymom",
                given_name_km: "ស្រីមុំ",
                sex: "female",
                ..PersonInput::default()
            },
            today,
        )
        .unwrap();
        let person = s
            .create_person(&actor, &scope, org, &details, Utc::now())
            .await
            .unwrap();

        // The case manager adds two facilities; a bad one comes back with what was typed.
        let m = app.signed_in("manager").await;
        let (status, body) = m.get("/shelters").await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(body.contains("href=\"/shelters\""), "{label}: nav entry");
        let (status, _, body) = m
            .post(
                "/shelters",
                &[
                    ("org", &org.to_string()),
                    ("name", "Typed Name"),
                    ("kind", "short-term"),
                    ("capacity", "0"),
                    ("planned_days", "90"),
                    ("province", "02"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(body.contains("value=\"Typed Name\""), "{label}");
        assert!(
            body.contains("Write a whole number, at least 1."),
            "{label}"
        );
        for (name, kind, beds) in [
            ("Short Stay", "short-term", "1"),
            ("Transit", "transit", "8"),
        ] {
            let (status, to, _) = m
                .post(
                    "/shelters",
                    &[
                        ("org", &org.to_string()),
                        ("name", name),
                        ("kind", kind),
                        ("capacity", beds),
                        ("planned_days", "2"),
                        ("province", "02"),
                        ("district", "0201"),
                        ("commune", "020101"),
                    ],
                )
                .await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
            assert_eq!(to, "/shelters?added=true", "{label}");
        }
        let shelters = s.shelters(&scope).await.unwrap();
        let short = shelters.iter().find(|f| f.name == "Short Stay").unwrap().id;
        let transit = shelters.iter().find(|f| f.name == "Transit").unwrap().id;

        // Shelter staff admit her four days ago.
        let staff = app.signed_in("staff").await;
        let (status, _, _) = staff
            .post("/shelters", &[("org", &org.to_string()), ("name", "X")])
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{label}: staff add no facility"
        );
        let admitted = today.checked_sub_days(Days::new(4)).unwrap().to_string();
        let (status, to, _) = staff
            .post(
                &format!("/shelters/{short}/admit"),
                &[("person", &person.to_string()), ("admitted_on", &admitted)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        assert_eq!(to, format!("/shelters/{short}?done=admitted"), "{label}");
        let (status, body) = staff.get(&format!("/shelters/{short}")).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(body.contains("Sok Sreymom"), "{label}: resident listed");
        assert!(
            body.contains("Past planned stay"),
            "{label}: overstay flagged"
        );
        assert!(body.contains("<dd id=\"occupied\">1 / 1</dd>"), "{label}");
        let (_, list) = staff.get("/shelters").await;
        assert!(list.contains("1 past their planned stay"), "{label}");

        // A second admission overlaps: refused, kept, in Khmer for a Khmer reader.
        staff
            .post("/language", &[("lang", "km"), ("back", "/")])
            .await;
        let (status, _, body) = staff
            .post(
                &format!("/shelters/{transit}/admit"),
                &[("person", &person.to_string()), ("admitted_on", &admitted)],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(body.contains("កំពុងស្នាក់នៅកន្លែងផ្សេង"), "{label}");
        staff
            .post("/language", &[("lang", "en"), ("back", "/")])
            .await;

        // Discharge before admission: refused, the typed date kept.
        let stay = s.stays_of(&scope, person).await.unwrap()[0].id;
        let early = today.checked_sub_days(Days::new(9)).unwrap().to_string();
        let (status, _, body) = staff
            .post(
                &format!("/stays/{stay}/discharge"),
                &[("on", &early), ("destination", "family")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            body.contains("The discharge cannot be before the admission day."),
            "{label}"
        );
        assert!(body.contains(&format!("value=\"{early}\"")), "{label}");

        // Transfer to transit two days ago, then discharge to family today.
        let moved_on = today.checked_sub_days(Days::new(2)).unwrap().to_string();
        let (status, to, _) = staff
            .post(
                &format!("/stays/{stay}/transfer"),
                &[("to", &transit.to_string()), ("on", &moved_on)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        assert_eq!(
            to,
            format!("/shelters/{transit}?done=transferred"),
            "{label}"
        );
        let (_, body) = staff.get(&format!("/shelters/{short}")).await;
        assert!(
            !body.contains(&format!("<a href=\"/people/{person}\">")),
            "{label}: gone from the first"
        );
        let new_stay = s.stays_of(&scope, person).await.unwrap()[0].id;
        let (status, _, _) = staff
            .post(
                &format!("/stays/{new_stay}/discharge"),
                &[("on", &today.to_string()), ("destination", "family")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{label}");
        let (_, body) = staff.get(&format!("/shelters/{transit}")).await;
        assert!(body.contains("Nobody lives here today."), "{label}");
        // Occupancy: yesterday one bed at transit; today none (the discharge day).
        assert!(
            body.contains(&format!(
                "<td class=\"nowrap\">{today}</td><td class=\"num\">0 / 8</td>"
            )),
            "{label}"
        );

        // The person's record lists both stays; the case worker (not hers) sees nothing.
        let (_, record) = m.get(&format!("/people/{person}")).await;
        assert!(record.contains("Shelter stays"), "{label}");
        assert!(record.contains("Another shelter (transfer)"), "{label}");
        assert!(record.contains("Back to family"), "{label}");
        let w = app.signed_in("worker").await;
        let (status, body) = w.get(&format!("/shelters/{short}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        assert!(!body.contains("Short Stay"), "{label}");
        let (status, _) = w.get("/shelters").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (_, home) = w.get("/").await;
        assert!(
            !home.contains("href=\"/shelters\""),
            "{label}: no nav entry"
        );

        // The audit trail names each step.
        let trail = s.audit_trail("person", person.0, 50).await.unwrap();
        for action in ["stay.admit", "stay.transfer", "stay.discharge"] {
            assert!(
                trail.iter().any(|e| e.action == action),
                "{label}: {action}"
            );
        }
    }
}

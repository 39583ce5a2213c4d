//! The audit log page: an organisation's admins see what happened in it (sign-ins, failed
//! sign-ins, who did what to which record), translated, and nothing of other organisations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use reqwest::StatusCode;
use support::{Browser, serve, token_in, user};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::testing::databases;

#[tokio::test]
async fn admins_read_their_organisations_audit_log_and_nothing_else() {
    for db in databases().await {
        let app = serve(db).await;
        let l = app.label;
        let s = &app.store;
        let parse = |name: &str| NewOrganisation::parse(name, "", false).unwrap();
        let ours = s
            .create_organisation(&parse("Our Shelter"), None)
            .await
            .unwrap()
            .id;
        let theirs = s
            .create_organisation(&parse("Their Shelter"), None)
            .await
            .unwrap()
            .id;
        user(s, "admin", "Our Admin", ours, Role::OrgAdmin).await;
        user(s, "manager", "Our Manager", ours, Role::CaseManager).await;
        user(s, "worker", "Our Worker", ours, Role::CaseWorker).await;
        user(
            s,
            "their.manager",
            "Zzother Manager",
            theirs,
            Role::CaseManager,
        )
        .await;

        // Someone guesses our manager's password once.
        let guesser = Browser::new(&app.base);
        let (_, form) = guesser.get("/sign-in").await;
        let token = token_in(&form);
        let wrong = [
            ("csrf", token.as_str()),
            ("username", "manager"),
            ("password", "not-the-password"),
        ];
        assert_eq!(
            guesser.post_raw("/sign-in", &wrong).await.0,
            StatusCode::UNAUTHORIZED
        );
        // Both managers register someone.
        for (name, family) in [("manager", "Ourfamily"), ("their.manager", "Theirfamily")] {
            let b = app.signed_in(name).await;
            let (_, page) = b.get("/people/new").await;
            let org = page
                .split("name=\"org\" value=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap()
                .to_owned();
            let fields = [
                ("org", org.as_str()),
                ("family_name_latin", family),
                ("sex", "female"),
            ];
            assert_eq!(
                b.post("/people", &fields).await.0,
                StatusCode::SEE_OTHER,
                "{l}"
            );
        }

        let admin = app.signed_in("admin").await;
        let (status, home) = admin.get("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(home.contains("href=\"/audit\""), "{l}: nav entry");
        let (status, log) = admin.get("/audit").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        for expected in [
            "Failed to sign in",
            "Signed in",
            "Registered",
            "Our Manager",
            "Someone not signed in",
        ] {
            assert!(log.contains(expected), "{l}: {expected} missing");
        }
        assert!(
            !log.contains("Zzother"),
            "{l}: another organisation's staff"
        );
        assert!(
            !log.contains("Theirfamily") && !log.contains("Ourfamily"),
            "{l}: no details"
        );
        let their_people = s
            .audit_of_organisations(&[theirs], None, 100)
            .await
            .unwrap();
        let their_person = their_people
            .iter()
            .find(|e| e.action == "person.create")
            .and_then(|e| e.record_id)
            .unwrap();
        assert!(!log.contains(&format!("/people/{their_person}\"")), "{l}");

        // In Khmer.
        let (status, _, _) = admin
            .post("/language", &[("lang", "km"), ("back", "/audit")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, log) = admin.get("/audit").await;
        assert!(log.contains("កំណត់ត្រាសកម្មភាព"), "{l}");
        assert!(log.contains("ចូលប្រើមិនបានសម្រេច"), "{l}");

        // A case worker has no audit log.
        let worker = app.signed_in("worker").await;
        assert_eq!(worker.get("/audit").await.0, StatusCode::FORBIDDEN, "{l}");
        let (_, home) = worker.get("/").await;
        assert!(!home.contains("href=\"/audit\""), "{l}");
    }
}

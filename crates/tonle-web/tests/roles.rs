//! Who may give which role: a network admin cannot make herself, or take over, an account that
//! reads a member organisation's people; only that organisation's own admins can.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use reqwest::StatusCode;
use support::{serve, user};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::testing::databases;

#[tokio::test]
async fn roles_that_see_people_come_only_from_the_organisations_own_admins() {
    for db in databases().await {
        let app = serve(db).await;
        let l = app.label;
        let s = &app.store;
        let parse = |name: &str, network| NewOrganisation::parse(name, "", network).unwrap();
        let net = s
            .create_organisation(&parse("Test Network", true), None)
            .await
            .unwrap()
            .id;
        let running = s
            .create_organisation(&parse("Running Shelter", false), Some(net))
            .await
            .unwrap()
            .id;
        let fresh = s
            .create_organisation(&parse("New Member", false), Some(net))
            .await
            .unwrap()
            .id;
        user(s, "net.admin", "Network Admin", net, Role::NetworkAdmin).await;
        user(s, "org.admin", "Shelter Admin", running, Role::OrgAdmin).await;
        let manager = user(
            s,
            "case.manager",
            "Case Manager",
            running,
            Role::CaseManager,
        )
        .await;
        let (running, fresh) = (running.to_string(), fresh.to_string());
        let new_user = |name: &'static str, org: &str, role: &'static str| {
            vec![
                ("username", name.to_owned()),
                ("display_name", "New Person".to_owned()),
                ("org", org.to_owned()),
                ("role", role.to_owned()),
            ]
        };
        // (A closure borrowing the browser cannot return its future; see `post` below.)

        let n = app.signed_in("net.admin").await;
        for role in [
            "case-manager",
            "case-worker",
            "shelter-staff",
            "legal-officer",
            "org-admin",
        ] {
            let (status, _, body) = post(&n, &new_user("sneaky.one", &running, role)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {role}");
            assert!(
                body.contains("Only an administrator of this organisation itself"),
                "{l}"
            );
        }
        assert!(s.user_by_name("sneaky.one").await.unwrap().is_none(), "{l}");
        // Roles that never see a person are the network's to give.
        let (status, _, _) = post(&n, &new_user("counting.one", &running, "me-officer")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(
            s.user_by_name("counting.one").await.unwrap().is_some(),
            "{l}"
        );
        // A new member organisation gets its first admin from the network, and only its first.
        let (status, _, _) = post(&n, &new_user("first.admin", &fresh, "org-admin")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(
            s.user_by_name("first.admin").await.unwrap().is_some(),
            "{l}"
        );
        let (status, _, _) = post(&n, &new_user("second.admin", &fresh, "org-admin")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        // Nor can the network admin take over an account that sees people.
        for action in ["reset-link", "disable"] {
            let (status, _, body) = n.post(&format!("/users/{manager}/{action}"), &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{l}: {action}");
            assert!(!body.contains("/reset?token="), "{l}");
        }
        assert!(!s.user(manager).await.unwrap().unwrap().disabled, "{l}");

        // The organisation's own admin can do all of it.
        let a = app.signed_in("org.admin").await;
        let (status, _, _) = post(&a, &new_user("new.worker", &running, "case-worker")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(s.user_by_name("new.worker").await.unwrap().is_some(), "{l}");
        let (status, _, body) = a.post(&format!("/users/{manager}/reset-link"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(body.contains("/reset?token="), "{l}");
    }
}

async fn post(
    b: &support::Browser,
    fields: &[(&'static str, String)],
) -> (StatusCode, String, String) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post("/users", &pairs).await
}

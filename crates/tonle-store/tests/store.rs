//! The store on both backends: every test runs once on SQLite and once on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, Utc};
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::OrgId;
use tonle_domain::language::Language;
use tonle_domain::money::{Currency, Money};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::places::PlaceCode;
use tonle_domain::projects::{NewProject, ProjectInput};
use tonle_domain::roles::Role;
use tonle_store::sessions::SessionLimits;
use tonle_store::testing::databases;
use tonle_store::users::NewUser;
use tonle_store::{Store, StoreError};

async fn org(store: &Store, name: &str, network: bool, parent: Option<OrgId>) -> OrgId {
    let new = NewOrganisation::parse(name, "", network).unwrap();
    store.create_organisation(&new, parent).await.unwrap().id
}

async fn user(store: &Store, name: &str, org: OrgId, role: Role) -> tonle_store::users::User {
    store
        .create_user(NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse("Chan Sokha", "ចាន់ សុខា").unwrap(),
            password: &NewPassword::parse("river-of-four-faces").unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_from_empty_and_are_idempotent() {
    for db in databases().await {
        assert_eq!(
            db.store.pending_migrations().await.unwrap(),
            Vec::<String>::new(),
            "{}",
            db.label
        );
        assert_eq!(db.store.migrate().await.unwrap(), 0, "{}", db.label);
        db.store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn organisations_form_networks() {
    for db in databases().await {
        let s = &db.store;
        let network = org(s, "Riverlight Network", true, None).await;
        let member = org(s, "Chanpha Safe Home", false, Some(network)).await;
        let outsider = org(s, "Lone Outreach", false, None).await;
        let within: Vec<_> = s
            .organisations_within(&[network])
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect();
        assert!(
            within.contains(&network) && within.contains(&member),
            "{}",
            db.label
        );
        assert!(!within.contains(&outsider), "{}", db.label);

        let dup = s
            .create_organisation(
                &NewOrganisation::parse("Chanpha Safe Home", "", false).unwrap(),
                None,
            )
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("error-org-name-taken"))),
            "{}: {dup:?}",
            db.label
        );
        let same_but_case = NewOrganisation::parse("chanpha SAFE home", "", false).unwrap();
        let dup = s.create_organisation(&same_but_case, None).await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("error-org-name-taken"))),
            "{}: names differing in case",
            db.label
        );
        let under_ngo = s
            .create_organisation(
                &NewOrganisation::parse("Sub", "", false).unwrap(),
                Some(member),
            )
            .await;
        assert!(
            matches!(
                under_ngo,
                Err(StoreError::Conflict("error-parent-not-network"))
            ),
            "{}",
            db.label
        );
        assert_eq!(
            s.find_organisation("Lone Outreach")
                .await
                .unwrap()
                .map(|o| o.id),
            Some(outsider)
        );
        assert_eq!(
            s.find_organisation(&member.to_string())
                .await
                .unwrap()
                .map(|o| o.id),
            Some(member)
        );
    }
}

#[tokio::test]
async fn users_sign_in_and_lose_sessions_when_disabled() {
    for db in databases().await {
        let s = &db.store;
        let o = org(s, "Rumduol Legal Aid", false, None).await;
        let u = user(s, "sokha", o, Role::CaseWorker).await;
        assert!(
            s.authenticate("sokha", "wrong-password!")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.authenticate("nobody", "river-of-four-faces")
                .await
                .unwrap()
                .is_none()
        );
        let signed = s
            .authenticate(" SOKHA ", "river-of-four-faces")
            .await
            .unwrap();
        assert_eq!(signed.as_ref().map(|u| u.id), Some(u.id), "{}", db.label);
        assert!(signed.unwrap().last_sign_in_at.is_some());

        let dup = s
            .create_user(NewUser {
                username: &Username::parse("sokha").unwrap(),
                name: &DisplayName::parse("Other", "").unwrap(),
                password: &NewPassword::parse("another-password").unwrap(),
                org: o,
                role: Role::CaseWorker,
                language: None,
            })
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("error-username-taken"))),
            "{}",
            db.label
        );

        let limits = SessionLimits {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        let now = Utc::now();
        let session = s.create_session(u.id, now).await.unwrap();
        assert!(
            s.session(&session.token, now, limits)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            s.session("not-a-token", now, limits)
                .await
                .unwrap()
                .is_none()
        );
        s.set_disabled(u.id, true).await.unwrap();
        assert!(
            s.session(&session.token, now, limits)
                .await
                .unwrap()
                .is_none(),
            "{}",
            db.label
        );
        assert!(
            s.authenticate("sokha", "river-of-four-faces")
                .await
                .unwrap()
                .is_none()
        );
        s.set_disabled(u.id, false).await.unwrap();
        s.set_password(u.id, &NewPassword::parse("a-brand-new-secret").unwrap())
            .await
            .unwrap();
        assert!(
            s.authenticate("sokha", "a-brand-new-secret")
                .await
                .unwrap()
                .is_some()
        );
        s.set_language(u.id, Language::Km).await.unwrap();
        assert_eq!(
            s.user(u.id).await.unwrap().unwrap().language,
            Some(Language::Km)
        );
    }
}

#[tokio::test]
async fn sessions_expire_when_idle_or_old() {
    for db in databases().await {
        let s = &db.store;
        let o = org(s, "Kandal Dawn Outreach", false, None).await;
        let u = user(s, "dara", o, Role::FieldOfficer).await;
        let limits = SessionLimits {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        let t0 = Utc::now();
        let a = s.create_session(u.id, t0).await.unwrap();
        // Kept alive by activity, but not past the absolute limit.
        for step in 1..=23 {
            let t = t0 + Duration::minutes(29 * step);
            assert!(
                s.session(&a.token, t, limits).await.unwrap().is_some(),
                "{} step {step}",
                db.label
            );
        }
        assert!(
            s.session(
                &a.token,
                t0 + Duration::hours(12) + Duration::minutes(1),
                limits
            )
            .await
            .unwrap()
            .is_none()
        );
        let b = s.create_session(u.id, t0).await.unwrap();
        assert!(
            s.session(&b.token, t0 + Duration::minutes(31), limits)
                .await
                .unwrap()
                .is_none(),
            "{}",
            db.label
        );
        let c = s.create_session(u.id, t0).await.unwrap();
        let _d = s.create_session(u.id, t0).await.unwrap();
        assert_eq!(s.end_sessions_of(u.id).await.unwrap(), 2);
        assert!(s.session(&c.token, t0, limits).await.unwrap().is_none());
        let e = s.create_session(u.id, t0).await.unwrap();
        assert_eq!(
            s.purge_sessions(t0 + Duration::hours(1), limits)
                .await
                .unwrap(),
            1
        );
        assert!(s.session(&e.token, t0, limits).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn memberships_and_summaries() {
    for db in databases().await {
        let s = &db.store;
        let net = org(s, "Riverlight Network", true, None).await;
        let a = org(s, "Chanpha Safe Home", false, Some(net)).await;
        let b = org(s, "Sarika Livelihoods", false, Some(net)).await;
        let admin = user(s, "admin", net, Role::NetworkAdmin).await;
        s.set_membership(admin.id, a, Role::OrgAdmin).await.unwrap();
        s.set_membership(admin.id, a, Role::CaseManager)
            .await
            .unwrap();
        user(s, "worker", a, Role::CaseWorker).await;
        let roles: Vec<_> = s
            .memberships(admin.id)
            .await
            .unwrap()
            .iter()
            .map(|m| (m.org_id, m.role))
            .collect();
        assert_eq!(
            roles,
            vec![(net, Role::NetworkAdmin), (a, Role::CaseManager)],
            "{}",
            db.label
        );

        let input = ProjectInput {
            name: "Safe villages",
            donor: "Example Foundation",
            start_date: "2026-01-01",
            end_date: "2027-12-31",
            budget: "1,214,464.76",
            currency: "USD",
        };
        let p = s
            .create_project(b, &NewProject::parse(&input).unwrap())
            .await
            .unwrap();
        assert_eq!(p.budget, Money::new(121_446_476, Currency::Usd));
        assert_eq!(s.projects_of(&[b]).await.unwrap(), vec![p], "{}", db.label);
        assert!(s.projects_of(&[a]).await.unwrap().is_empty());

        let sum = s.summary(&[net, a, b]).await.unwrap();
        assert_eq!(
            (sum.organisations, sum.users, sum.projects),
            (3, 2, 1),
            "{}",
            db.label
        );
        let sum_a = s.summary(&[a]).await.unwrap();
        assert_eq!(
            (sum_a.organisations, sum_a.users, sum_a.projects),
            (1, 2, 0),
            "{}",
            db.label
        );
        let listed: Vec<_> = s
            .users_in(&[a])
            .await
            .unwrap()
            .into_iter()
            .map(|(u, _)| u.username)
            .collect();
        assert_eq!(listed, ["admin", "worker"], "{}", db.label);
    }
}

#[tokio::test]
async fn gazetteer_loads_once_and_answers_queries() {
    for db in databases().await {
        let s = &db.store;
        let mut calls = 0;
        let loaded = s
            .load_places_if_empty(&mut |_, _| calls += 1)
            .await
            .unwrap();
        assert_eq!(loaded, 16_465, "{}", db.label);
        assert!(calls > 1);
        assert_eq!(s.load_places_if_empty(&mut |_, _| {}).await.unwrap(), 0);
        let counts = s.place_counts().await.unwrap();
        assert_eq!(
            (
                counts.provinces,
                counts.districts,
                counts.communes,
                counts.villages
            ),
            (25, 210, 1_652, 14_578),
            "{}",
            db.label
        );
        let provinces = s.place_children(None).await.unwrap();
        assert_eq!(provinces.len(), 25);
        assert_eq!(provinces[0].name_latin, "Banteay Meanchey");
        let code = PlaceCode::parse("01020101").unwrap();
        let lineage = s.place_lineage(&code).await.unwrap();
        assert_eq!(
            lineage.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(),
            ["01", "0102", "010201", "01020101"]
        );
        assert!(
            s.place_lineage(&PlaceCode::parse("99").unwrap())
                .await
                .unwrap()
                .is_empty()
        );
        let districts = s
            .place_children(Some(&PlaceCode::parse("01").unwrap()))
            .await
            .unwrap();
        assert!(
            districts
                .iter()
                .all(|d| d.parent_code.as_deref() == Some("01"))
                && !districts.is_empty()
        );

        // Latin, case-insensitive; Khmer; ancestors come along; LIKE metacharacters are literal.
        let hits = s.search_places("BATTAMBANG", 20).await.unwrap();
        assert_eq!(
            hits.first().map(|h| h.place.code.as_str()),
            Some("02"),
            "{}",
            db.label
        );
        let hits = s.search_places("អូរធំ", 50).await.unwrap();
        assert!(
            hits.iter().any(|h| h.place.code == "01020101"),
            "{}",
            db.label
        );
        let hit = hits.iter().find(|h| h.place.code == "01020101").unwrap();
        assert_eq!(hit.ancestors.len(), 3);
        assert!(
            s.search_places("%", 20).await.unwrap().is_empty(),
            "{}",
            db.label
        );
        assert!(s.search_places("   ", 20).await.unwrap().is_empty());
        assert!(
            s.search_places(&"a".repeat(60_000), 20)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            db.label
        );
        assert_eq!(s.search_places("a", 7).await.unwrap().len(), 7);
    }
}

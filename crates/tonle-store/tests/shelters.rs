//! Shelters on both backends: admission, discharge and transfer rules, occupancy on the edge
//! days, warnings, and another organisation kept out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate, Utc};
use tonle_domain::access::Scope;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, PersonId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_domain::shelters::{Destination, FacilityInput, NewFacility};
use tonle_domain::time::local_date;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;
use tonle_store::users::NewUser;
use tonle_store::{Store, StoreError};

async fn org(store: &Store, name: &str) -> OrgId {
    let new = NewOrganisation::parse(name, "", false).unwrap();
    store.create_organisation(&new, None).await.unwrap().id
}

async fn member(store: &Store, name: &str, org: OrgId, role: Role) -> (Scope, Actor) {
    let user = store
        .create_user(NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse("Chan Sokha", "").unwrap(),
            password: &NewPassword::parse("river-of-four-faces").unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap();
    (
        Scope::new(user.id, vec![(org, role)]),
        Actor::user(user.id, "127.0.0.1"),
    )
}

fn facility(name: &str, capacity: &str, days: &str) -> NewFacility {
    NewFacility::parse(&FacilityInput {
        name,
        kind: "short-term",
        capacity,
        planned_days: days,
        place: "020101",
    })
    .unwrap()
}

async fn person(store: &Store, scope: &Scope, actor: &Actor, org: OrgId, given: &str) -> PersonId {
    let details = PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Sok",
            given_name_latin: given,
            sex: "female",
            ..PersonInput::default()
        },
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap();
    store
        .create_person(actor, scope, org, &details, Utc::now())
        .await
        .unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Refused(key)) => key,
        other => panic!("not refused: {other:?}"),
    }
}

#[tokio::test]
async fn stays_follow_the_rules_and_occupancy_is_exact_on_edge_days() {
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        s.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let home = org(s, "Chanpha Safe Home").await;
        let (manager, actor) = member(s, "manager", home, Role::CaseManager).await;
        let (staff, staff_actor) = member(s, "staff", home, Role::ShelterStaff).await;
        let now = Utc::now();
        let today = local_date(now);
        let day = |back: u64| today.checked_sub_days(Days::new(back)).unwrap();
        let shelter = s
            .create_shelter(
                &actor,
                &manager,
                home,
                &facility("Short-term", "2", "10"),
                now,
            )
            .await
            .unwrap();
        let transit = s
            .create_shelter(&actor, &manager, home, &facility("Transit", "5", "3"), now)
            .await
            .unwrap();
        // Shelter staff may not add facilities.
        assert!(matches!(
            s.create_shelter(&staff_actor, &staff, home, &facility("X", "1", "1"), now)
                .await,
            Err(StoreError::Forbidden)
        ));
        let a = person(s, &manager, &actor, home, "Sreymom").await;
        let b = person(s, &manager, &actor, home, "Dara").await;
        let c = person(s, &manager, &actor, home, "Bopha").await;

        // A stays from day -20 to day -5 (discharged); B from day -5, still there.
        let stay_a = s
            .admit(&staff_actor, &staff, shelter, a, day(20), now)
            .await
            .unwrap();
        assert_eq!(
            refused(
                s.discharge(
                    &staff_actor,
                    &staff,
                    stay_a,
                    day(21),
                    Destination::Family,
                    now
                )
                .await
            ),
            "error-discharge-before-admission",
            "{label}"
        );
        assert_eq!(
            refused(
                s.discharge(
                    &staff_actor,
                    &staff,
                    stay_a,
                    day(3),
                    Destination::Transfer,
                    now
                )
                .await
            ),
            "error-discharge-transfer",
            "{label}"
        );
        s.discharge(
            &staff_actor,
            &staff,
            stay_a,
            day(5),
            Destination::Family,
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            refused(
                s.discharge(
                    &staff_actor,
                    &staff,
                    stay_a,
                    day(4),
                    Destination::Family,
                    now
                )
                .await
            ),
            "error-stay-discharged",
            "{label}"
        );
        // Overlapping stays of one person are refused, wherever; the discharge day is free.
        assert_eq!(
            refused(s.admit(&staff_actor, &staff, transit, a, day(6), now).await),
            "error-stay-overlap",
            "{label}"
        );
        assert_eq!(
            refused(
                s.admit(&staff_actor, &staff, transit, a, day(30), now)
                    .await
            ),
            "error-stay-overlap",
            "{label}"
        );
        let tomorrow = today.checked_add_days(Days::new(1)).unwrap();
        assert_eq!(
            refused(
                s.admit(&staff_actor, &staff, transit, a, tomorrow, now)
                    .await
            ),
            "error-date-future",
            "{label}"
        );
        let stay_b = s
            .admit(&staff_actor, &staff, shelter, b, day(5), now)
            .await
            .unwrap();
        assert_eq!(
            refused(s.admit(&staff_actor, &staff, transit, b, day(1), now).await),
            "error-stay-overlap",
            "{label}"
        );

        // Edge days: A counts on day -20 and -6, not on -5; B counts from -5.
        let counts = s
            .shelter_occupancy(&staff, shelter, day(21), today)
            .await
            .unwrap();
        assert_eq!(counts.len(), 22, "{label}");
        assert_eq!(counts[0], 0, "{label}: the day before admission");
        assert_eq!(counts[1], 1, "{label}: the admission day");
        assert_eq!(counts[15], 1, "{label}: the day before discharge");
        assert_eq!(
            counts[16], 1,
            "{label}: A's discharge day is B's admission day"
        );
        assert_eq!(counts[21], 1, "{label}: today");

        // Transfer: B goes to transit on day -2, atomically; both or neither.
        assert_eq!(
            refused(
                s.transfer(&staff_actor, &staff, stay_b, shelter, day(2), now)
                    .await
            ),
            "error-transfer-same",
            "{label}"
        );
        assert_eq!(
            refused(
                s.transfer(&staff_actor, &staff, stay_b, transit, day(6), now)
                    .await
            ),
            "error-discharge-before-admission",
            "{label}"
        );
        let still = s.stays_of(&manager, b).await.unwrap();
        assert_eq!(still.len(), 1, "{label}: a refused transfer left nothing");
        assert_eq!(still[0].discharged_on, None, "{label}");
        let moved = s
            .transfer(&staff_actor, &staff, stay_b, transit, day(2), now)
            .await
            .unwrap();
        let stays = s.stays_of(&manager, b).await.unwrap();
        assert_eq!(stays.len(), 2, "{label}");
        assert_eq!(stays[0].id, moved, "{label}");
        assert_eq!(stays[0].shelter_name, "Transit", "{label}");
        assert_eq!(stays[1].destination, Some(Destination::Transfer), "{label}");
        assert_eq!(stays[1].discharged_on, Some(day(2)), "{label}");
        let here = s
            .shelter_occupancy(&staff, shelter, day(3), today)
            .await
            .unwrap();
        let there = s
            .shelter_occupancy(&staff, transit, day(3), today)
            .await
            .unwrap();
        assert_eq!(here, vec![1, 0, 0, 0], "{label}");
        assert_eq!(there, vec![0, 1, 1, 1], "{label}");
        // Planned 3 days at transit from day -2: not over yet today.
        assert!(!stays[0].overstayed(today), "{label}");

        // Capacity: three people in a two-bed shelter today.
        s.admit(&staff_actor, &staff, shelter, a, today, now)
            .await
            .unwrap();
        s.admit(&staff_actor, &staff, shelter, c, day(12), now)
            .await
            .unwrap();
        let d = person(s, &manager, &actor, home, "Kanha").await;
        s.admit(&staff_actor, &staff, shelter, d, day(1), now)
            .await
            .unwrap();
        let figures = s.shelters_today(&staff, today).await.unwrap();
        let short = figures[&shelter];
        assert_eq!(short.residents, 3, "{label}");
        assert_eq!(short.overstaying, 1, "{label}: C's 10 days ended on day -2");
        assert_eq!(figures[&transit].residents, 1, "{label}");
        let residents = s
            .residents(&staff_actor, &staff, shelter, today)
            .await
            .unwrap();
        let names: Vec<String> = residents
            .iter()
            .map(|r| r.person.identity.as_ref().unwrap().given_name_latin.clone())
            .collect();
        assert_eq!(names, vec!["Bopha", "Kanha", "Sreymom"], "{label}");
        let trail = s.audit_trail("person", c.0, 10).await.unwrap();
        assert_eq!(
            trail[0].action, "person.view",
            "{label}: residents' names are views"
        );
        assert!(trail.iter().any(|e| e.action == "stay.admit"), "{label}");
        assert!(
            s.verify_audit(&mut |_, _| {})
                .await
                .unwrap()
                .problems
                .is_empty()
        );
    }
}

#[tokio::test]
async fn another_organisation_cannot_see_or_act_and_case_workers_see_only_their_people() {
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        s.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let home = org(s, "Chanpha Safe Home").await;
        let other = org(s, "Rumduol Legal Aid").await;
        let (manager, actor) = member(s, "manager", home, Role::CaseManager).await;
        let (worker, worker_actor) = member(s, "worker", home, Role::CaseWorker).await;
        let (outsider, outsider_actor) = member(s, "outsider", other, Role::CaseManager).await;
        let (their_staff, _) = member(s, "their.staff", other, Role::ShelterStaff).await;
        let now = Utc::now();
        let today = local_date(now);
        let shelter = s
            .create_shelter(
                &actor,
                &manager,
                home,
                &facility("Safe house", "4", "30"),
                now,
            )
            .await
            .unwrap();
        let theirs = s
            .create_shelter(
                &outsider_actor,
                &outsider,
                other,
                &facility("Theirs", "4", "30"),
                now,
            )
            .await
            .unwrap();
        let mine = person(s, &worker, &worker_actor, home, "Sreymom").await;
        let stay = s
            .admit(&actor, &manager, shelter, mine, today, now)
            .await
            .unwrap();

        for scope in [&outsider, &their_staff] {
            assert!(
                matches!(s.shelter(scope, shelter).await, Err(StoreError::NotFound)),
                "{label}"
            );
            assert!(
                s.shelters(scope)
                    .await
                    .unwrap()
                    .iter()
                    .all(|f| f.id != shelter)
            );
            assert!(
                !s.shelters_today(scope, today)
                    .await
                    .unwrap()
                    .contains_key(&shelter)
            );
            assert!(matches!(
                s.residents(&outsider_actor, scope, shelter, today).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.shelter_occupancy(scope, shelter, today, today).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.stays_of(scope, mine).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.discharge(
                    &outsider_actor,
                    scope,
                    stay,
                    today,
                    Destination::Family,
                    now
                )
                .await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.admit(&outsider_actor, scope, shelter, mine, today, now)
                    .await,
                Err(StoreError::NotFound)
            ));
        }
        // Our manager cannot admit into their shelter or transfer there.
        assert!(matches!(
            s.admit(&actor, &manager, theirs, mine, today, now).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            refused(s.transfer(&actor, &manager, stay, theirs, today, now).await),
            "error-transfer-target",
            "{label}"
        );
        // Their shelter staff cannot admit our person into their shelter.
        assert!(matches!(
            s.admit(&outsider_actor, &their_staff, theirs, mine, today, now)
                .await,
            Err(StoreError::NotFound)
        ));
        // The case worker sees her own person's stays but not the facility pages.
        assert_eq!(s.stays_of(&worker, mine).await.unwrap().len(), 1, "{label}");
        assert!(matches!(
            s.shelter(&worker, shelter).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.discharge(
                &worker_actor,
                &worker,
                stay,
                today,
                Destination::Family,
                now
            )
            .await,
            Err(StoreError::NotFound)
        ));
    }
}

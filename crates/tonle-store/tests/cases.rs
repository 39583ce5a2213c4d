//! Cases on both backends: the workflow, its refusals, one open case per person, history,
//! scope, and the identification's journey sealed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, Statement};
use tonle_domain::access::Scope;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::cases::{CaseStatus, ClosureReason, Step};
use tonle_domain::identification::{Identification, IdentificationInput};
use tonle_domain::ids::{OrgId, PersonId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_store::audit::Actor;
use tonle_store::cases::CaseFilter;
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

async fn person(store: &Store, who: &(Scope, Actor), org: OrgId, given: &str) -> PersonId {
    person_from(store, who, org, given, "").await
}

async fn person_from(
    store: &Store,
    who: &(Scope, Actor),
    org: OrgId,
    given: &str,
    origin: &str,
) -> PersonId {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let details = PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Sok",
            given_name_latin: given,
            sex: "female",
            origin_place: origin,
            ..PersonInput::default()
        },
        today,
    )
    .unwrap();
    store
        .create_person(&who.1, &who.0, org, &details, Utc::now())
        .await
        .unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Refused(key)) => key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn a_case_goes_from_intake_to_approved_closure_with_its_history() {
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        let home = org(s, "Chanpha Safe Home").await;
        let manager = member(s, "manager", home, Role::CaseManager).await;
        let other_manager = member(s, "manager.two", home, Role::CaseManager).await;
        let worker = member(s, "worker", home, Role::CaseWorker).await;
        let now = Utc::now();
        let sreymom = person(s, &manager, home, "Sreymom").await;

        // The worker does not reach her until the case is hers.
        assert!(matches!(
            s.find_person(&worker.0, sreymom).await,
            Err(StoreError::NotFound)
        ));
        let case = s
            .open_case(
                &manager.1,
                &manager.0,
                sreymom,
                day("2026-11-01"),
                Some(worker.0.user),
                now,
            )
            .await
            .unwrap();
        assert!(s.find_person(&worker.0, sreymom).await.is_ok(), "{label}");
        assert_eq!(
            refused(
                s.open_case(
                    &manager.1,
                    &manager.0,
                    sreymom,
                    day("2026-11-02"),
                    None,
                    now
                )
                .await
            ),
            "error-case-already-open"
        );
        let tomorrow = tonle_domain::time::local_date(now).succ_opt().unwrap();
        let dara = person(s, &manager, home, "Dara").await;
        assert_eq!(
            refused(
                s.open_case(&manager.1, &manager.0, dara, tomorrow, None, now)
                    .await
            ),
            "error-date-future"
        );

        // A jump the workflow forbids.
        assert_eq!(
            refused(
                s.move_case(&worker.1, &worker.0, case, Step::Resume, now)
                    .await
            ),
            "error-case-transition"
        );
        let moved = s
            .move_case(&worker.1, &worker.0, case, Step::FollowUp, now)
            .await
            .unwrap();
        assert_eq!(moved.state.status, CaseStatus::FollowUp);
        s.move_case(
            &worker.1,
            &worker.0,
            case,
            Step::RequestClosure(ClosureReason::GoalsMet),
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            refused(
                s.move_case(&worker.1, &worker.0, case, Step::ApproveClosure, now)
                    .await
            ),
            "error-case-supervisor"
        );
        let closed = s
            .move_case(&manager.1, &manager.0, case, Step::ApproveClosure, now)
            .await
            .unwrap();
        assert_eq!(closed.state.status, CaseStatus::Closed, "{label}");
        assert_eq!(closed.closure_reason, Some(ClosureReason::GoalsMet));
        assert_eq!(closed.closed_by, Some(manager.0.user));

        // Closed, a new case may open; the old one cannot then be reopened beside it.
        let second = s
            .open_case(
                &manager.1,
                &manager.0,
                sreymom,
                day("2026-11-20"),
                None,
                now,
            )
            .await
            .unwrap();
        assert_eq!(
            refused(
                s.move_case(&manager.1, &manager.0, case, Step::Reopen, now)
                    .await
            ),
            "error-case-already-open"
        );
        // A manager cannot approve her own request.
        s.move_case(
            &manager.1,
            &manager.0,
            second,
            Step::RequestClosure(ClosureReason::Referred),
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            refused(
                s.move_case(&manager.1, &manager.0, second, Step::ApproveClosure, now)
                    .await
            ),
            "error-case-approve-own"
        );
        let referred = s
            .move_case(
                &other_manager.1,
                &other_manager.0,
                second,
                Step::ApproveClosure,
                now,
            )
            .await
            .unwrap();
        assert_eq!(referred.state.status, CaseStatus::ClosedReferred);
        let reopened = s
            .move_case(&manager.1, &manager.0, case, Step::Reopen, now)
            .await
            .unwrap();
        assert_eq!(reopened.state.status, CaseStatus::Active);
        assert_eq!(reopened.closure_reason, None);

        let (assignments, changes) = s.case_history(&manager.0, case).await.unwrap();
        assert_eq!(assignments.len(), 1);
        assert_eq!(assignments[0].to, Some(worker.0.user));
        let steps: Vec<&str> = changes.iter().map(|c| c.step.as_str()).collect();
        assert_eq!(
            steps,
            [
                "open",
                "follow-up",
                "request-closure",
                "approve-closure",
                "reopen"
            ],
            "{label}"
        );
        assert_eq!(changes[3].reason, Some(ClosureReason::GoalsMet));
        assert!(s.verify_audit(|_, _| {}).await.unwrap().problems.is_empty());
    }
}

#[tokio::test]
async fn reassignment_moves_the_person_and_is_kept() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let manager = member(s, "manager", home, Role::CaseManager).await;
        let first = member(s, "worker.one", home, Role::CaseWorker).await;
        let second = member(s, "worker.two", home, Role::CaseWorker).await;
        let shelter = member(s, "shelter", home, Role::ShelterStaff).await;
        let now = Utc::now();
        let p = person(s, &first, home, "Srey").await;
        // A case worker's case is her own, whoever she names.
        let case = s
            .open_case(
                &first.1,
                &first.0,
                p,
                day("2026-10-01"),
                Some(second.0.user),
                now,
            )
            .await
            .unwrap();
        assert_eq!(
            s.find_case(&first.0, case).await.unwrap().worker,
            Some(first.0.user)
        );
        assert!(matches!(
            s.find_case(&second.0, case).await,
            Err(StoreError::NotFound)
        ));
        // Only a supervisor reassigns, and only to someone who does case work there.
        assert!(matches!(
            s.assign_case(&first.1, &first.0, case, Some(second.0.user), now)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert_eq!(
            refused(
                s.assign_case(&manager.1, &manager.0, case, Some(shelter.0.user), now)
                    .await
            ),
            "error-assign-outside"
        );
        s.assign_case(&manager.1, &manager.0, case, Some(second.0.user), now)
            .await
            .unwrap();
        assert!(s.find_case(&second.0, case).await.is_ok());
        assert!(s.find_person(&second.0, p).await.is_ok());
        assert!(matches!(
            s.find_case(&first.0, case).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.find_person(&first.0, p).await,
            Err(StoreError::NotFound)
        ));
        let (assignments, _) = s.case_history(&manager.0, case).await.unwrap();
        assert_eq!(assignments.len(), 2, "{}", db.label);
        assert_eq!(assignments[1].from, Some(first.0.user));
        assert_eq!(assignments[1].to, Some(second.0.user));
        assert_eq!(assignments[1].by, manager.0.user);
    }
}

#[tokio::test]
async fn other_organisations_and_roles_without_reach_see_nothing() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let away = org(s, "Rumduol Legal Aid").await;
        let manager = member(s, "manager", home, Role::CaseManager).await;
        let outsider = member(s, "outsider", away, Role::CaseManager).await;
        let shelter = member(s, "shelter", home, Role::ShelterStaff).await;
        let now = Utc::now();
        let p = person(s, &manager, home, "Srey").await;
        let case = s
            .open_case(&manager.1, &manager.0, p, day("2026-10-01"), None, now)
            .await
            .unwrap();
        assert!(matches!(
            s.find_case(&outsider.0, case).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.move_case(&outsider.1, &outsider.0, case, Step::FollowUp, now)
                .await,
            Err(StoreError::NotFound)
        ));
        let (mine, _) = s
            .list_cases(&outsider.1, &outsider.0, &CaseFilter::default(), None)
            .await
            .unwrap();
        assert!(mine.is_empty());
        // Shelter staff see the case but not how she was trafficked, and cannot move it.
        assert!(s.find_case(&shelter.0, case).await.is_ok());
        assert!(matches!(
            s.view_identification(&shelter.1, &shelter.0, case).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            s.move_case(&shelter.1, &shelter.0, case, Step::FollowUp, now)
                .await,
            Err(StoreError::Forbidden)
        ));
    }
}

#[tokio::test]
async fn the_list_filters_and_pages_by_keyset() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let manager = member(s, "manager", home, Role::CaseManager).await;
        let worker = member(s, "worker", home, Role::CaseWorker).await;
        let now = Utc::now();
        let today = tonle_domain::time::local_date(now);
        s.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let mut cases = Vec::new();
        for i in 0..55 {
            let origin = if i < 50 { "0201" } else { "" };
            let p = person_from(s, &manager, home, &format!("Srey{i}"), origin).await;
            let w = (i % 5 == 0).then_some(worker.0.user);
            let intake = day("2026-01-01") + chrono::Days::new(i);
            cases.push(
                s.open_case(&manager.1, &manager.0, p, intake, w, now)
                    .await
                    .unwrap(),
            );
        }
        let trafficked = Identification::parse(
            &IdentificationInput {
                exploitation: "Forced labour",
                ..Default::default()
            },
            today,
        )
        .unwrap();
        s.save_identification(&manager.1, &manager.0, cases[3], &trafficked, now)
            .await
            .unwrap();
        s.move_case(&manager.1, &manager.0, cases[7], Step::FollowUp, now)
            .await
            .unwrap();

        let all = CaseFilter::default();
        let (page, next) = s
            .list_cases(&manager.1, &manager.0, &all, None)
            .await
            .unwrap();
        assert_eq!(page.len(), 50);
        assert_eq!(page[0].case.id, cases[54]);
        assert_eq!(
            page[0].person.identity.as_ref().unwrap().given_name_latin,
            "Srey54"
        );
        let (rest, end) = s
            .list_cases(&manager.1, &manager.0, &all, next)
            .await
            .unwrap();
        assert_eq!(rest.len(), 5, "{}", db.label);
        assert_eq!(end, None);

        let count = |filter: CaseFilter, scope: &(Scope, Actor)| {
            let filter = filter.clone();
            let (scope, actor) = (scope.0.clone(), scope.1.clone());
            async move {
                s.list_cases(&actor, &scope, &filter, None)
                    .await
                    .unwrap()
                    .0
                    .len()
            }
        };
        assert_eq!(count(CaseFilter::default(), &worker).await, 11);
        let by = |f: fn(&mut CaseFilter)| {
            let mut filter = CaseFilter::default();
            f(&mut filter);
            filter
        };
        assert_eq!(
            count(by(|f| f.status = Some(CaseStatus::FollowUp)), &manager).await,
            1
        );
        assert_eq!(
            count(
                by(|f| f.exploitation = Some("Forced labour".into())),
                &manager
            )
            .await,
            1
        );
        assert_eq!(
            count(by(|f| f.origin_province = Some("02".into())), &manager).await,
            50
        );
        assert_eq!(
            count(by(|f| f.origin_province = Some("12".into())), &manager).await,
            0
        );
        assert_eq!(
            count(
                by(|f| {
                    f.intake_from = Some(day("2026-01-03"));
                    f.intake_until = Some(day("2026-01-05"));
                }),
                &manager
            )
            .await,
            3
        );
    }
}

#[tokio::test]
async fn the_journey_is_sealed_and_the_codes_are_not() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let manager = member(s, "manager", home, Role::CaseManager).await;
        let now = Utc::now();
        let p = person(s, &manager, home, "Srey").await;
        let case = s
            .open_case(&manager.1, &manager.0, p, day("2026-10-01"), None, now)
            .await
            .unwrap();
        let story = "Taken to Rayong by a broker named Vuthy";
        let found = Identification::parse(
            &IdentificationInput {
                exploitation: "Forced labour",
                labour_industry: "Agriculture, forestry and fishing",
                means_of_control: vec!["Debt bondage", "Withholds documents"],
                origin_country: "KH",
                origin_place: "020105",
                destination_country: "TH",
                departed_on: "2026-03-01",
                narrative: story,
                ..Default::default()
            },
            tonle_domain::time::local_date(now),
        )
        .unwrap();
        s.save_identification(&manager.1, &manager.0, case, &found, now)
            .await
            .unwrap();
        let read = s
            .view_identification(&manager.1, &manager.0, case)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read, found, "{}", db.label);

        let conn = s.raw_connection();
        let rows = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT journey, means_of_control FROM identification".to_owned(),
            ))
            .await
            .unwrap();
        let journey = rows[0].try_get::<Vec<u8>>("", "journey").unwrap();
        let contains = |needle: &[u8]| journey.windows(needle.len()).any(|w| w == needle);
        assert!(!contains(b"Vuthy") && !contains(b"020105") && !contains(b"2026-03-01"));
        assert_eq!(
            rows[0].try_get::<String>("", "means_of_control").unwrap(),
            "Debt bondage|Withholds documents"
        );

        // Erased, her story goes with her key; the codes stay for statistics.
        s.erase_person(&manager.1, &manager.0, p, now)
            .await
            .unwrap();
        let after = s
            .view_identification(&manager.1, &manager.0, case)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.journey.narrative, "");
        assert_eq!(after.exploitation.as_deref(), Some("Forced labour"));
    }
}

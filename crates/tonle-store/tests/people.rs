//! People, consent, keys and the audit chain on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, Statement};
use tonle_domain::access::Scope;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::consent::Purpose;
use tonle_domain::ids::OrgId;
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_protect::keys::{KeyRing, Keys};
use tonle_store::audit::{Actor, AuditProblem};
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

fn details(family: &str, given: &str, khmer: &str, phone: &str) -> PersonDetails {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    PersonDetails::parse(
        &PersonInput {
            family_name_latin: family,
            given_name_latin: given,
            given_name_km: khmer,
            sex: "female",
            date_of_birth: "2004-03-14",
            phone,
            ..PersonInput::default()
        },
        today,
    )
    .unwrap()
}

#[tokio::test]
async fn people_are_sealed_found_by_blind_tokens_and_kept_to_their_organisation() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let other = org(s, "Rumduol Legal Aid").await;
        let (manager, manager_actor) = member(s, "manager", home, Role::CaseManager).await;
        let (worker, worker_actor) = member(s, "worker", home, Role::CaseWorker).await;
        let (outsider, outsider_actor) = member(s, "outsider", other, Role::CaseManager).await;
        let (me_officer, _) = member(s, "me.officer", home, Role::MeOfficer).await;
        let now = Utc::now();

        let sreymom = s
            .create_person(
                &manager_actor,
                &manager,
                home,
                &details("Sok", "Sreymom", "ស្រីមុំ", "012 345 678"),
                now,
            )
            .await
            .unwrap();
        let dara = s
            .create_person(
                &worker_actor,
                &worker,
                home,
                &details("Chan", "Dara", "ដារ៉ា", ""),
                now,
            )
            .await
            .unwrap();

        // The manager sees both; the worker only the one assigned to her (she registered it).
        let seen = s
            .view_person(&manager_actor, &manager, sreymom)
            .await
            .unwrap();
        assert_eq!(
            seen.identity.unwrap().given_name_latin,
            "Sreymom",
            "{}",
            db.label
        );
        assert!(matches!(
            s.view_person(&worker_actor, &worker, sreymom).await,
            Err(StoreError::NotFound)
        ));
        assert!(s.view_person(&worker_actor, &worker, dara).await.is_ok());
        // Another organisation and a role without reach see nothing.
        assert!(matches!(
            s.view_person(&outsider_actor, &outsider, sreymom).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.view_person(&manager_actor, &me_officer, sreymom).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.create_person(
                &manager_actor,
                &me_officer,
                home,
                &details("A", "B", "", ""),
                now
            )
            .await,
            Err(StoreError::Forbidden)
        ));

        // Search by Latin prefix, Khmer prefix, two words, and phone in another form.
        for (query, expect) in [
            ("srey", 1),
            ("ស្រី", 1),
            ("sok srey", 1),
            ("+855 12 345 678", 1),
            ("da", 1),
            ("zz", 0),
            ("s", 0),
        ] {
            let found = s
                .search_people(&manager_actor, &manager, query)
                .await
                .unwrap();
            assert_eq!(found.len(), expect, "{query} on {}", db.label);
        }
        assert!(
            s.search_people(&outsider_actor, &outsider, "srey")
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.search_people(&worker_actor, &worker, "srey")
                .await
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            s.recent_people(&worker_actor, &worker, 10)
                .await
                .unwrap()
                .len(),
            1
        );

        // An update re-indexes: the old name is no longer found.
        s.update_person(
            &manager_actor,
            &manager,
            sreymom,
            &details("Sok", "Sophea", "សុភា", "012 345 678"),
            now,
        )
        .await
        .unwrap();
        assert!(
            s.search_people(&manager_actor, &manager, "sreymom")
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.search_people(&manager_actor, &manager, "sophea")
                .await
                .unwrap()
                .len(),
            1
        );
        let trail = s.audit_trail("person", sreymom.0, 10).await.unwrap();
        assert_eq!(trail[0].action, "person.update");
        assert_eq!(trail[0].fields, "names");

        // Erasing shreds the key: details gone, statistics stay.
        assert!(matches!(
            s.erase_person(&worker_actor, &worker, dara, now).await,
            Err(StoreError::Forbidden)
        ));
        s.erase_person(&manager_actor, &manager, dara, now)
            .await
            .unwrap();
        assert!(matches!(
            s.erase_person(&manager_actor, &manager, dara, now).await,
            Err(StoreError::Refused("error-person-erased"))
        ));
        let erased = s.view_person(&manager_actor, &manager, dara).await.unwrap();
        assert!(erased.identity.is_none());
        assert_eq!(erased.birth_year, Some(2004));
        assert!(
            s.search_people(&manager_actor, &manager, "dara")
                .await
                .unwrap()
                .is_empty()
        );

        let report = s.verify_audit(|_, _| {}).await.unwrap();
        assert!(
            report.problems.is_empty(),
            "{:?} on {}",
            report.problems,
            db.label
        );
        assert!(report.entries >= 10);
    }
}

#[tokio::test]
async fn consent_is_recorded_withdrawn_and_checked() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let legal = org(s, "Rumduol Legal Aid").await;
        let (manager, actor) = member(s, "manager", home, Role::CaseManager).await;
        let (shelter, shelter_actor) = member(s, "shelter", home, Role::ShelterStaff).await;
        let now = Utc::now();
        let today = tonle_domain::time::local_date(now);
        let person = s
            .create_person(
                &actor,
                &manager,
                home,
                &details("Sok", "Sreymom", "", ""),
                now,
            )
            .await
            .unwrap();
        assert!(
            !s.consent_in_force(person, Purpose::Referral, Some(legal), today)
                .await
                .unwrap()
        );
        // A referral consent must name its organisation.
        assert!(matches!(
            s.record_consent(
                &actor,
                &manager,
                person,
                Purpose::Referral,
                None,
                today,
                now
            )
            .await,
            Err(StoreError::Refused("error-consent-recipient"))
        ));
        assert!(matches!(
            s.record_consent(
                &shelter_actor,
                &shelter,
                person,
                Purpose::Services,
                None,
                today,
                now
            )
            .await,
            Err(StoreError::Forbidden)
        ));
        let id = s
            .record_consent(
                &actor,
                &manager,
                person,
                Purpose::Referral,
                Some(legal),
                today,
                now,
            )
            .await
            .unwrap();
        assert!(
            s.consent_in_force(person, Purpose::Referral, Some(legal), today)
                .await
                .unwrap()
        );
        assert!(
            !s.consent_in_force(person, Purpose::Referral, Some(home), today)
                .await
                .unwrap()
        );
        // Sent twice (a double submit): one consent, so one withdrawal ends it.
        assert!(matches!(
            s.record_consent(
                &actor,
                &manager,
                person,
                Purpose::Referral,
                Some(legal),
                today,
                now
            )
            .await,
            Err(StoreError::Refused("error-consent-already"))
        ));
        s.withdraw_consent(&actor, &manager, person, id, today, now)
            .await
            .unwrap();
        assert!(
            !s.consent_in_force(person, Purpose::Referral, Some(legal), today)
                .await
                .unwrap()
        );
        assert!(matches!(
            s.withdraw_consent(&actor, &manager, person, id, today, now)
                .await,
            Err(StoreError::Refused("error-consent-withdrawn"))
        ));
        let consents = s.consents_of(&manager, person).await.unwrap();
        assert_eq!(consents.len(), 1, "{}", db.label);
        assert_eq!(consents[0].withdrawn_on, Some(today));
    }
}

#[tokio::test]
async fn the_audit_chain_reveals_edits_insertions_and_deletions() {
    for db in databases().await {
        let s = &db.store;
        let home = org(s, "Chanpha Safe Home").await;
        let (manager, actor) = member(s, "manager", home, Role::CaseManager).await;
        let now = Utc::now();
        let person = s
            .create_person(
                &actor,
                &manager,
                home,
                &details("Sok", "Sreymom", "", ""),
                now,
            )
            .await
            .unwrap();
        for _ in 0..5 {
            s.view_person(&actor, &manager, person).await.unwrap();
        }
        let clean = s.verify_audit(|_, _| {}).await.unwrap();
        assert_eq!(clean.entries, 6, "{}", db.label);
        assert!(clean.problems.is_empty());

        let conn = s.raw_connection();
        let exec = |sql: &str| {
            conn.execute_raw(Statement::from_string(
                conn.get_database_backend(),
                sql.to_owned(),
            ))
        };
        // Someone hides who viewed the record.
        exec("UPDATE audit_event SET actor_id = 999 WHERE seq = 3")
            .await
            .unwrap();
        // Someone removes an entry.
        exec("DELETE FROM audit_event WHERE seq = 5").await.unwrap();
        let report = s.verify_audit(|_, _| {}).await.unwrap();
        assert_eq!(
            report.problems,
            vec![
                AuditProblem::Altered { seq: 3 },
                AuditProblem::Missing { from: 5, to: 5 }
            ],
            "{}",
            db.label
        );
        // Someone deletes the last entry and winds the head back: the head no longer matches.
        exec("DELETE FROM audit_event WHERE seq = 6").await.unwrap();
        let report = s.verify_audit(|_, _| {}).await.unwrap();
        assert!(report.problems.contains(&AuditProblem::HeadMismatch {
            head_seq: 6,
            last_seq: 4
        }));
    }
}

#[tokio::test]
async fn rotating_the_master_key_rewraps_every_data_key() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tonle.keys");
        KeyRing::generate(Utc::now()).create_file(&path).unwrap();
        let keys = Arc::new(Keys::from_file(&path).unwrap());
        let s = db.store.clone().with_keys(keys.clone());
        let home = org(&s, "Chanpha Safe Home").await;
        let (manager, actor) = member(&s, "manager", home, Role::CaseManager).await;
        let now = Utc::now();
        let mut ids = Vec::new();
        for i in 0..7 {
            let given = format!("Person{i}");
            ids.push(
                s.create_person(&actor, &manager, home, &details("Sok", &given, "", ""), now)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(s.master_keys_in_use().await.unwrap(), vec![(1, 7)]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        keys.ring().rotated(Utc::now()).replace_file(&path).unwrap();
        assert_eq!(
            s.rewrap_person_keys(|_, _| {}).await.unwrap(),
            7,
            "{}",
            db.label
        );
        assert_eq!(s.master_keys_in_use().await.unwrap(), vec![(2, 7)]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        keys.ring().pruned(&[]).replace_file(&path).unwrap();
        assert_eq!(keys.ring().master_ids(), vec![2]);
        let person = s.view_person(&actor, &manager, ids[3]).await.unwrap();
        assert_eq!(person.identity.unwrap().given_name_latin, "Person3");
    }
}

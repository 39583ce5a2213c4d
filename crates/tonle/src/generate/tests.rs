//! The generator on both backends: the same seed gives the same people, whose sealed details
//! open and who are found by search like people registered on the web.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use indicatif::ProgressBar;
use tonle_domain::access::Scope;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;

use super::{Options, run};

const PEOPLE: u64 = 60;

/// Every generated person's names and places as the first member's manager sees them, by id.
async fn people_of(store: &Store) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for org in store.all_organisations().await.unwrap() {
        if org.is_network {
            continue;
        }
        let manager = store
            .users_in(&[org.id])
            .await
            .unwrap()
            .into_iter()
            .find(|(u, _)| u.username.ends_with(".manager"))
            .unwrap()
            .0;
        let scope = Scope::new(manager.id, vec![(org.id, Role::CaseManager)]);
        let actor = Actor::user(manager.id, "test");
        for p in store.recent_people(&actor, &scope, 1000).await.unwrap() {
            let identity = p.identity.unwrap();
            out.push((
                identity.latin_name(),
                identity.khmer_name(),
                p.origin.map(|c| c.as_str().to_owned()),
            ));
        }
    }
    out.sort();
    out
}

async fn generate(store: &Store, seed: u64, batch: u64) -> super::Summary {
    store.load_places_if_empty(&mut |_, _| {}).await.unwrap();
    let options = Options {
        people: PEOPLE,
        seed,
        batch,
    };
    run(store, options, &ProgressBar::hidden()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_people_on_both_backends() {
    let mut seen = Vec::new();
    for (i, db) in databases().await.into_iter().enumerate() {
        // Batch sizes differ between runs: a person must not depend on their batch.
        let summary = generate(&db.store, 7, 7 + i as u64 * 10).await;
        assert_eq!(summary.people, PEOPLE, "{}", db.label);
        assert!(summary.tokens > PEOPLE * 8, "{}", db.label);
        let report = db.store.verify_audit(|_, _| {}).await.unwrap();
        assert!(report.problems.is_empty(), "{}: {report:?}", db.label);
        assert_eq!(report.entries, PEOPLE, "{}", db.label);
        let people = people_of(&db.store).await;
        assert_eq!(people.len() as u64, PEOPLE, "{}", db.label);
        seen.push(people);
    }
    let again = tonle_store::testing::sqlite().await;
    generate(&again.store, 7, 50).await;
    assert_eq!(people_of(&again.store).await, seen[0]);
    if seen.len() > 1 {
        assert_eq!(seen[0], seen[1], "SQLite and PostgreSQL differ");
    }
    let other = tonle_store::testing::sqlite().await;
    generate(&other.store, 8, 50).await;
    assert_ne!(people_of(&other.store).await, seen[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_people_are_found_by_partial_khmer_and_latin_names() {
    for db in databases().await {
        generate(&db.store, 3, 25).await;
        let org = db
            .store
            .all_organisations()
            .await
            .unwrap()
            .into_iter()
            .find(|o| !o.is_network)
            .unwrap();
        let manager = db
            .store
            .users_in(&[org.id])
            .await
            .unwrap()
            .into_iter()
            .find(|(u, _)| u.username.ends_with(".manager"))
            .unwrap()
            .0;
        let scope = Scope::new(manager.id, vec![(org.id, Role::CaseManager)]);
        let actor = Actor::user(manager.id, "test");
        let person = db.store.recent_people(&actor, &scope, 1).await.unwrap();
        let identity = person[0].identity.clone().unwrap();
        let latin: String = identity.given_name_latin.chars().take(3).collect();
        let khmer: String = identity.given_name_km.chars().take(2).collect();
        for query in [latin, khmer] {
            eprintln!("{}: searching {query:?}", db.label);
            let found = db
                .store
                .search_people(&actor, &scope, &query)
                .await
                .unwrap();
            assert!(
                found.iter().any(|p| p.id == person[0].id),
                "{}: {query}",
                db.label
            );
        }
    }
}

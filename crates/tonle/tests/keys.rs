//! `tonle keys` and `tonle audit verify` on a database with sealed people.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use support::{free_port, stderr, stdout, tonle};
use tonle_domain::access::Scope;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_protect::keys::Keys;
use tonle_store::audit::Actor;
use tonle_store::users::NewUser;
use tonle_store::{DatabaseTarget, Store};

/// Registers three people in the data directory's database, sealed with its key file.
async fn seed(data: &Path) {
    tonle_protect::password::use_test_cost();
    let keys = Arc::new(Keys::from_file(&data.join("tonle.keys")).unwrap());
    let store = Store::open(&DatabaseTarget::sqlite_in(data), 2)
        .await
        .unwrap()
        .with_keys(keys);
    let org = store
        .create_organisation(
            &NewOrganisation::parse("Chanpha Safe Home", "", false).unwrap(),
            None,
        )
        .await
        .unwrap()
        .id;
    let user = store
        .create_user(NewUser {
            username: &Username::parse("manager").unwrap(),
            name: &DisplayName::parse("Chan Sokha", "").unwrap(),
            password: &NewPassword::parse("river-of-four-faces").unwrap(),
            org,
            role: Role::CaseManager,
            language: None,
        })
        .await
        .unwrap();
    let scope = Scope::new(user.id, vec![(org, Role::CaseManager)]);
    let actor = Actor::user(user.id, "127.0.0.1");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for given in ["Sreymom", "Dara", "Sophea"] {
        let details = PersonDetails::parse(
            &PersonInput {
                family_name_latin: "Sok",
                given_name_latin: given,
                sex: "female",
                ..PersonInput::default()
            },
            today,
        )
        .unwrap();
        store
            .create_person(&actor, &scope, org, &details, Utc::now())
            .await
            .unwrap();
    }
    store.close().await.unwrap();
}

async fn tamper(data: &Path, sql: &str) {
    let store = Store::connect(&DatabaseTarget::sqlite_in(data), 1)
        .await
        .unwrap();
    store.execute_sql(sql).await;
    store.close().await.unwrap();
}

#[tokio::test]
async fn keys_rotate_and_prune_and_the_audit_log_is_verified() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    assert!(tonle(&["migrate", "--data-dir", d], &[]).status.success());
    let o = tonle(&["keys", "init", "--data-dir", d], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tonle(&["keys", "init", "--data-dir", d], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    seed(&data).await;

    let o = tonle(&["keys", "status", "--data-dir", d], &[]);
    assert!(
        stdout(&o).contains("master key 1: wraps 3 people's data keys"),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["keys", "rotate", "--data-dir", d], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "Re-wrapped 3 people's data keys and 0 two-factor secrets under master key 2"
        ),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["keys", "prune", "--data-dir", d], &[]);
    assert!(
        stdout(&o).contains("Removed master keys [1]"),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["keys", "status", "--data-dir", d], &[]);
    assert!(
        stdout(&o).contains("master key 2: wraps 3"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("master key 1"), "{}", stdout(&o));

    let o = tonle(&["audit", "verify", "--data-dir", d], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("3 entries"), "{}", stdout(&o));
    assert!(stdout(&o).contains("intact"));

    tamper(
        &data,
        "UPDATE audit_event SET action = 'person.view' WHERE seq = 2",
    )
    .await;
    let o = tonle(&["audit", "verify", "--data-dir", d], &[]);
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("TAMPERED: entry 2 was changed"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("tampered with"), "{}", stderr(&o));

    // Without the key file a server refuses to start rather than make new keys.
    std::fs::rename(data.join("tonle.keys"), dir.path().join("safe-copy.keys")).unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let o = tonle(&["serve", "--data-dir", d, "--listen", &listen], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("key file"), "{}", stderr(&o));
    // Pointing at the copy works.
    let copy = dir.path().join("safe-copy.keys");
    let o = tonle(
        &["keys", "status", "--data-dir", d],
        &[("TONLE_KEY_FILE", copy.to_str().unwrap())],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&copy).unwrap();
    let o = tonle(
        &["keys", "status", "--data-dir", d],
        &[("TONLE_KEYS", &text)],
    );
    assert!(stdout(&o).contains("from TONLE_KEYS"), "{}", stdout(&o));
    let o = tonle(
        &["keys", "rotate", "--data-dir", d],
        &[("TONLE_KEYS", &text)],
    );
    assert!(
        stderr(&o).contains("TONLE_KEYS gives the keys"),
        "{}",
        stderr(&o)
    );
}

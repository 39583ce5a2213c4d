//! A stolen database reveals nobody: seed the demo, then search the raw SQLite files and a
//! pg_dump for every demo person's names, phone numbers and dates of birth.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use support::{stderr, tonle};
use tonle_domain::access::Scope;
use tonle_domain::roles::Role;
use tonle_protect::keys::Keys;
use tonle_store::audit::Actor;
use tonle_store::{DatabaseTarget, Store};

/// What must not appear: read back through the keys, as a case manager sees it.
/// The demo people's details (the needles), after erasing one of them, and her sealed details
/// and wrapped key as they were stored before the erasure.
async fn secrets_of_demo_people(
    target: &DatabaseTarget,
    data: &Path,
) -> (Vec<String>, Vec<Vec<u8>>) {
    let keys = Arc::new(Keys::from_file(&data.join("tonle.keys")).unwrap());
    let store = Store::connect(target, 2).await.unwrap().with_keys(keys);
    let manager = store
        .user_by_name("chanpha.manager")
        .await
        .unwrap()
        .unwrap();
    let org = store.memberships(manager.id).await.unwrap()[0].org_id;
    let scope = Scope::new(manager.id, vec![(org, Role::CaseManager)]);
    let people = store
        .recent_people(&Actor::console(), &scope, 1000)
        .await
        .unwrap();
    assert!(people.len() >= 20, "the demo has people");
    // Staff names are not secret; a person's given name that is part of one (Sophea in
    // Sopheap) is checked through the full name instead.
    let staff: Vec<String> = store
        .all_users()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|(u, _)| [u.display_name, u.display_name_km.unwrap_or_default()])
        .collect();
    let mut needles = Vec::new();
    let mut files = 0;
    let erased = people[0].id;
    for person in people {
        // Attachment names are hers too ("sreymom_photo.png"); a PNG's header chunk in the
        // clear would mean a photo was stored unsealed.
        for file in store
            .attachments_of(&Actor::console(), &scope, person.id)
            .await
            .unwrap()
        {
            needles.push(file.name);
            needles.push("IHDR".to_owned());
            files += 1;
        }
        let id = person.identity.unwrap();
        needles.push(id.latin_name());
        needles.push(id.khmer_name());
        for given in [&id.given_name_latin, &id.given_name_km] {
            if !staff.iter().any(|s| s.contains(given.as_str())) {
                needles.push(given.clone());
            }
        }
        if let Some(phone) = &id.phone {
            needles.push(phone.clone());
            needles.push(phone.chars().filter(char::is_ascii_digit).collect());
        }
        if let Some(dob) = id.date_of_birth {
            needles.push(dob.format("%Y-%m-%d").to_string());
            needles.push(dob.format("%d/%m/%Y").to_string());
        }
        if let Some(address) = &id.address {
            needles.push(address.clone());
        }
    }
    assert!(files >= 1, "the demo has a photo");
    // One of them is erased: what she was must be gone from the files too, not just unlinked
    // (with the key file, a leftover wrapped key would open a leftover sealed identity).
    let leftovers = store.sealed_bytes_of(erased).await;
    assert_eq!(leftovers.len(), 2);
    store
        .erase_person(&Actor::console(), &scope, erased, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await.unwrap();
    needles.sort();
    needles.dedup();
    needles.retain(|n| n.chars().count() >= 4);
    // Some given names are also place names (Samnang, Ratana-kiri) in the public gazetteer;
    // those are checked through the full names.
    let public = public_words();
    needles.retain(|n| !contains(&public, n));
    (needles, leftovers)
}

/// The bytes of a database with no people: the schema and the gazetteer.
fn public_words() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("empty");
    let o = tonle(&["migrate", "--data-dir", d.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read(d.join("tonle.sqlite3")).unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    // Invalid UTF-8 becomes U+FFFD; the needles' own bytes stay intact (and std's search is
    // fast even in a debug build).
    String::from_utf8_lossy(haystack).contains(needle)
}

/// pg_dump writes binary columns as hex: a value stored unsealed would show up that way.
fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

fn assert_absent(haystack: &[u8], needles: &[String], what: &str) {
    let text = String::from_utf8_lossy(haystack);
    let found: Vec<&String> = needles
        .iter()
        .filter(|n| text.contains(n.as_str()) || text.contains(&hex(n)))
        .collect();
    assert!(found.is_empty(), "{what} reveals {found:?}");
}

fn seed(data: &Path, database: Option<&str>) {
    let d = data.to_str().unwrap();
    let mut args = vec!["demo", "--seed-only", "--data-dir", d];
    if let Some(url) = database {
        args.extend(["--database", url]);
    }
    let o = tonle(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[tokio::test]
async fn the_sqlite_files_hold_no_name_phone_or_birth_date() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    seed(&data, None);
    let target = DatabaseTarget::sqlite_in(&data);
    let (needles, leftovers) = secrets_of_demo_people(&target, &data).await;
    assert!(needles.len() > 60, "{needles:?}");
    // The database and anything beside it (write-ahead log, shared memory).
    let mut files = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert_absent(&bytes, &needles, &path.display().to_string());
        for sealed in &leftovers {
            // Any 32 bytes of it would do; the middle avoids the version byte.
            let part = &sealed[sealed.len() / 2 - 16..sealed.len() / 2 + 16];
            assert!(
                !bytes.windows(part.len()).any(|w| w == part),
                "{} still holds the erased person's sealed data",
                path.display()
            );
        }
        files += 1;
    }
    assert!(files >= 2);
    // The check itself works: the plaintext would have been found.
    let sample = format!("xx{}yy", needles[0]);
    assert!(std::panic::catch_unwind(|| assert_absent(sample.as_bytes(), &needles, "x")).is_err());
}

fn pg_dump() -> Option<PathBuf> {
    let from_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pg_dump"))
            .find(|p| p.is_file())
    });
    from_path.or_else(|| {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin/pg_dump"))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        found.pop()
    })
}

#[tokio::test]
async fn a_pg_dump_holds_no_name_phone_or_birth_date() {
    let Some(server) = tonle_store::testing::postgres_url() else {
        return;
    };
    let Some(pg_dump) = pg_dump() else {
        panic!("pg_dump is not installed (it comes with the postgresql package)");
    };
    let db = tonle_store::testing::postgres(&server).await;
    let DatabaseTarget::Postgres(url) = db.target.clone() else {
        unreachable!()
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    seed(&data, Some(&url));
    let (needles, _) = secrets_of_demo_people(&db.target, &data).await;
    let dump = std::process::Command::new(pg_dump)
        .args(["--no-owner", "--dbname", &url])
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    assert!(dump.stdout.len() > 100_000, "a real dump");
    assert_absent(&dump.stdout, &needles, "pg_dump");
}

//! Micro-benchmarks of what every person written or read pays: sealing and opening the identity,
//! wrapping and unwrapping the data key, blind tokens, one audit chain link.
//! Run with `cargo bench -p tonle-protect` (CI only builds them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use divan::{Bencher, black_box};
use tonle_protect::audit::{EntryContent, GENESIS, chain_hash};
use tonle_protect::blind::{name_query_tokens, name_tokens};
use tonle_protect::crypto::{self, DataKey};
use tonle_protect::keys::{KeyRing, Secret};

fn main() {
    divan::main();
}

/// About the size of a sealed identity (names in both scripts, an alias, date, phone, address).
const IDENTITY: &str = r#"{"family_name_km":"សុខ","given_name_km":"ស្រីមុំ","family_name_latin":"Sok","given_name_latin":"Sreymom","aliases":["Srey"],"date_of_birth":"2004-03-17","phone":"012 345 678","address":"Village 3, house 12"}"#;

const NAMES: [&str; 5] = ["សុខ", "ស្រីមុំ", "Sok", "Sreymom", "Srey"];

#[divan::bench]
fn seal_identity(b: Bencher) {
    let key = DataKey::random();
    b.bench(|| crypto::seal(&key, "person:42/identity", black_box(IDENTITY.as_bytes())));
}

#[divan::bench]
fn open_identity(b: Bencher) {
    let key = DataKey::random();
    let sealed = crypto::seal(&key, "person:42/identity", IDENTITY.as_bytes());
    b.bench(|| crypto::open(&key, "person:42/identity", black_box(&sealed)).unwrap());
}

#[divan::bench]
fn wrap_data_key(b: Bencher) {
    let ring = KeyRing::generate(chrono::Utc::now());
    let key = DataKey::random();
    b.bench(|| crypto::wrap(&ring, "person:42", black_box(&key)).unwrap());
}

#[divan::bench]
fn unwrap_data_key(b: Bencher) {
    let ring = KeyRing::generate(chrono::Utc::now());
    let wrapped = crypto::wrap(&ring, "person:42", &DataKey::random()).unwrap();
    b.bench(|| crypto::unwrap(&ring, "person:42", black_box(&wrapped)).unwrap());
}

#[divan::bench]
fn person_name_tokens(b: Bencher) {
    let key = Secret::random();
    b.bench(|| name_tokens(&key, 1, black_box(NAMES)));
}

#[divan::bench]
fn search_query_tokens(b: Bencher) {
    let key = Secret::random();
    b.bench(|| name_query_tokens(&key, 1, black_box("sok srey")));
}

#[divan::bench]
fn audit_chain_link(b: Bencher) {
    let key = Secret::random();
    let entry = EntryContent {
        seq: 123_456,
        at: "2026-11-23T10:00:00.000000Z",
        actor: Some(7),
        action: "person.view",
        record_type: Some("person"),
        record_id: Some(42),
        org_id: Some(3),
        fields: "identity",
        client: "127.0.0.1",
    };
    b.bench(|| chain_hash(&key, &GENESIS, black_box(&entry)));
}

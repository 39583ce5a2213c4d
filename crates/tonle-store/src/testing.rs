//! A fresh, migrated database per test, on SQLite and (when configured) PostgreSQL.
//!
//! `TONLE_TEST_POSTGRES_URL` names a PostgreSQL server where the test user may create databases
//! (`scripts/test` starts one). Without it, PostgreSQL is skipped with a notice, unless
//! `TONLE_TEST_REQUIRE_POSTGRES=1`, which turns the absence into a failure.

#![allow(clippy::panic, clippy::expect_used)]

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::{ConnectionTrait, Database};
use tempfile::TempDir;

use crate::{DatabaseTarget, Store};

pub struct TestDb {
    pub store: Store,
    /// `sqlite` or `postgresql`, for assertion messages.
    pub label: &'static str,
    pub target: DatabaseTarget,
    _dir: Option<TempDir>,
}

static NOTICE: AtomicBool = AtomicBool::new(false);

/// The PostgreSQL server for tests, if one is configured; panics if one is required and missing.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TONLE_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("TONLE_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("TONLE_TEST_REQUIRE_POSTGRES=1 but TONLE_TEST_POSTGRES_URL is not set");
            }
            if !NOTICE.swap(true, Ordering::Relaxed) {
                // Written to stderr directly: the test harness captures `eprintln!`.
                let _ = writeln!(
                    std::io::stderr(),
                    "notice: TONLE_TEST_POSTGRES_URL is not set; PostgreSQL tests are skipped (scripts/test runs them)"
                );
            }
            None
        }
    }
}

/// A fresh key ring that lives as long as the test.
pub fn test_keys() -> std::sync::Arc<tonle_protect::keys::Keys> {
    let ring = tonle_protect::keys::KeyRing::generate(chrono::Utc::now());
    std::sync::Arc::new(tonle_protect::keys::Keys::fixed(ring))
}

/// One migrated, empty database per available backend: SQLite first, then PostgreSQL.
pub async fn databases() -> Vec<TestDb> {
    // Tests create and sign in many users; production-strength hashing would make them slow.
    tonle_protect::password::use_test_cost();
    let mut out = vec![sqlite().await];
    if let Some(url) = postgres_url() {
        out.push(postgres(&url).await);
    }
    out
}

pub async fn sqlite() -> TestDb {
    tonle_protect::password::use_test_cost();
    let dir = tempfile::tempdir().expect("temporary directory");
    let target = DatabaseTarget::sqlite_in(dir.path());
    let store = Store::open(&target, 4)
        .await
        .expect("open SQLite")
        .with_keys(test_keys());
    TestDb {
        store,
        label: "sqlite",
        target,
        _dir: Some(dir),
    }
}

/// Creates a new database on the server for this test alone.
pub async fn postgres(server_url: &str) -> TestDb {
    let name = format!("tonle_test_{}", tonle_protect::secrets::token());
    let admin = Database::connect(server_url)
        .await
        .expect("connect to the test PostgreSQL server");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(server_url).expect("TONLE_TEST_POSTGRES_URL is a URL");
    url.set_path(&name);
    let target = DatabaseTarget::Postgres(url.to_string());
    let store = Store::open(&target, 4)
        .await
        .expect("open PostgreSQL")
        .with_keys(test_keys());
    TestDb {
        store,
        label: "postgresql",
        target,
        _dir: None,
    }
}

impl Store {
    /// The connection itself, for tests that tamper with rows behind the store's back.
    pub fn raw_connection(&self) -> &sea_orm::DatabaseConnection {
        self.db()
    }

    /// A person's sealed identity and wrapped data key as stored, for tests that check an
    /// erasure leaves no copy of them in the database files.
    pub async fn sealed_bytes_of(&self, person: tonle_domain::ids::PersonId) -> Vec<Vec<u8>> {
        use sea_orm::EntityTrait;
        let mut out = Vec::new();
        if let Some(row) = crate::entities::person::Entity::find_by_id(person.0)
            .one(self.db())
            .await
            .expect("read person")
        {
            out.extend(row.identity);
        }
        if let Some(row) = crate::entities::person_key::Entity::find_by_id(person.0)
            .one(self.db())
            .await
            .expect("read key")
        {
            out.push(row.wrapped);
        }
        out
    }

    /// Runs one SQL statement as it is, for tests that tamper with rows.
    pub async fn execute_sql(&self, sql: &str) {
        let backend = self.db().get_database_backend();
        self.db()
            .execute_raw(sea_orm::Statement::from_string(backend, sql.to_owned()))
            .await
            .expect("test SQL runs");
    }
}

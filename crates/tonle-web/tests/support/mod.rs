//! The app on a random port, for each database backend, and a cookie-keeping client that signs
//! in and posts forms with their token.

#![allow(dead_code)]

use std::sync::Arc;

use chrono::Duration;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, UserId};
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_store::testing::TestDb;
use tonle_web::{AppState, WebSettings};

pub const PASSWORD: &str = "a-long-test-password";

/// The form token in a page.
pub fn token_in(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    page[start..start + 32].to_owned()
}

pub struct App {
    pub base: String,
    pub store: Store,
    pub label: &'static str,
    pub _db: Arc<TestDb>,
}

/// Serves the app over `db` on a random loopback port.
pub async fn serve(db: TestDb) -> App {
    let store = db.store.clone();
    let state = AppState::new(
        store.clone(),
        WebSettings {
            secure_cookies: false,
            behind_proxy: false,
            session: SessionLimits {
                idle: Duration::minutes(30),
                absolute: Duration::hours(12),
            },
            version: "test",
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(tonle_web::serve(listener, state, std::future::pending()));
    App {
        base,
        store,
        label: db.label,
        _db: Arc::new(db),
    }
}

pub async fn user(store: &Store, name: &str, latin: &str, org: OrgId, role: Role) -> UserId {
    store
        .create_user(tonle_store::users::NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse(latin, "").unwrap(),
            password: &NewPassword::parse(PASSWORD).unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap()
        .id
}

/// A browser: its cookies and, once signed in, its form token.
pub struct Browser {
    pub c: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        Browser {
            c,
            csrf: String::new(),
            base: base.to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self.c.get(self.url(path)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Posts a form with the token added; returns the status, the redirect target and the body.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, String) {
        let r = self.c.post(self.url(path)).form(form).send().await.unwrap();
        let location = r
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (r.status(), location, r.text().await.unwrap())
    }
}

impl App {
    pub async fn signed_in(&self, username: &str) -> Browser {
        let mut b = Browser::new(&self.base);
        let (_, form) = b.get("/sign-in").await;
        let token = token_in(&form);
        let (status, _, _) = b
            .post_raw(
                "/sign-in",
                &[
                    ("csrf", token.as_str()),
                    ("username", username),
                    ("password", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}: {username}", self.label);
        let (_, home) = b.get("/account").await;
        b.csrf = token_in(&home);
        b
    }
}

//! Sign-in hardening over HTTP, on SQLite and PostgreSQL: lockout without user enumeration,
//! two-factor sign-in with codes and recovery codes, an organisation requiring it, and
//! one-time password-reset links.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, UserId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_protect::totp;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_store::testing::{TestDb, databases};
use tonle_store::users::NewUser;
use tonle_web::{AppState, WebSettings};

const PASSWORD: &str = "a-long-test-password";

fn token_in(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    page[start..start + 32].to_owned()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in page"))
        + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

struct App {
    base: String,
    store: Store,
    label: &'static str,
    ngo: OrgId,
    worker: UserId,
    _db: Arc<TestDb>,
}

impl App {
    fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        c.post(self.url(path)).form(form).send().await.unwrap()
    }

    async fn sign_in(
        &self,
        c: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        let (_, form) = self.get(c, "/sign-in").await;
        let csrf = token_in(&form);
        self.post(
            c,
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
                ("next", "/places"),
            ],
        )
        .await
    }

    async fn code(&self, c: &reqwest::Client, code: &str) -> reqwest::Response {
        let (status, form) = self.get(c, "/sign-in/code").await;
        assert_eq!(status, StatusCode::OK, "{}: code form", self.label);
        let csrf = token_in(&form);
        self.post(c, "/sign-in/code", &[("csrf", &csrf), ("code", code)])
            .await
    }

    async fn csrf(&self, c: &reqwest::Client) -> String {
        token_in(&self.get(c, "/account").await.1)
    }
}

async fn apps() -> Vec<App> {
    let mut out = Vec::new();
    for db in databases().await {
        let store = db.store.clone();
        let ngo = store
            .create_organisation(
                &NewOrganisation::parse("Test Shelter", "", false).unwrap(),
                None,
            )
            .await
            .unwrap()
            .id;
        let mut ids = Vec::new();
        for (name, role) in [("orgadmin", Role::OrgAdmin), ("worker", Role::CaseWorker)] {
            let u = store
                .create_user(NewUser {
                    username: &Username::parse(name).unwrap(),
                    name: &DisplayName::parse(&format!("{name} Latin"), "").unwrap(),
                    password: &NewPassword::parse(PASSWORD).unwrap(),
                    org: ngo,
                    role,
                    language: None,
                })
                .await
                .unwrap();
            ids.push(u.id);
        }
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
        out.push(App {
            base,
            store,
            label: db.label,
            ngo,
            worker: ids[1],
            _db: Arc::new(db),
        });
    }
    out
}

#[tokio::test]
async fn repeated_failures_lock_known_and_unknown_names_alike() {
    for app in apps().await {
        let c = app.client();
        for name in ["worker", "nobody-here"] {
            for _ in 0..5 {
                let r = app.sign_in(&c, name, "wrong-password-here").await;
                assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{}", app.label);
            }
            // Locked now, even with the right password, and the answer does not say whether
            // the name exists.
            let r = app.sign_in(&c, name, PASSWORD).await;
            assert_eq!(
                r.status(),
                StatusCode::TOO_MANY_REQUESTS,
                "{} {name}",
                app.label
            );
            let body = r.text().await.unwrap();
            assert!(
                body.contains("Too many attempts. Wait 1 min, then try again."),
                "{body}"
            );
            assert!(!body.contains("not right"));
        }
        // Another name is not locked by these (the address allows more failures).
        let r = app.sign_in(&c, "orgadmin", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
    }
}

/// Sends the same form `n` times at once from one browser; the statuses, in no order.
async fn burst(
    app: &App,
    c: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    n: usize,
) -> Vec<StatusCode> {
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let (c, url, form) = (c.clone(), app.url(path), form.clone());
            tokio::spawn(async move { c.post(url).form(&form).send().await.unwrap().status() })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_guesses_gets_no_more_checks_than_the_policy_allows() {
    for app in apps().await {
        let c = app.client();
        let (_, form) = app.get(&c, "/sign-in").await;
        let csrf = token_in(&form);
        let statuses = burst(
            &app,
            &c,
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("username", "worker"),
                ("password", "wrong-password-here"),
                ("next", "/"),
            ],
            20,
        )
        .await;
        let refused = count(&statuses, StatusCode::UNAUTHORIZED);
        let throttled = count(&statuses, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused <= 5, "{}: {statuses:?}", app.label);
        assert_eq!(refused + throttled, 20, "{}: {statuses:?}", app.label);
        // Each checked failure is audited, and the lock once; refused attempts are not.
        let trail = app
            .store
            .audit_trail("user", app.worker.0, 100)
            .await
            .unwrap();
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions.iter().filter(|a| **a == "sign-in.failed").count(),
            refused
        );
        assert_eq!(
            actions.iter().filter(|a| **a == "sign-in.locked").count(),
            usize::from(refused == 5),
            "{}: {actions:?}",
            app.label
        );
        assert!(!actions.iter().any(|a| a.contains("throttled")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_codes_is_capped_too() {
    for app in apps().await {
        let c = app.client();
        app.sign_in(&c, "worker", PASSWORD).await;
        enrol(&app, &c).await;
        let b = app.client();
        let r = app.sign_in(&b, "worker", PASSWORD).await;
        assert_eq!(r.headers()[LOCATION], "/sign-in/code", "{}", app.label);
        let (_, form) = app.get(&b, "/sign-in/code").await;
        let csrf = token_in(&form);
        let statuses = burst(
            &app,
            &b,
            "/sign-in/code",
            &[("csrf", &csrf), ("code", "000000")],
            20,
        )
        .await;
        let refused = count(&statuses, StatusCode::UNAUTHORIZED);
        assert!((1..=5).contains(&refused), "{}: {statuses:?}", app.label);
        assert_eq!(
            refused
                + count(&statuses, StatusCode::TOO_MANY_REQUESTS)
                + count(&statuses, StatusCode::SEE_OTHER),
            20,
            "{}: {statuses:?}",
            app.label
        );
    }
}

#[tokio::test]
async fn a_signed_in_session_gets_no_unthrottled_password_guesses() {
    for app in apps().await {
        let c = app.client();
        app.sign_in(&c, "worker", PASSWORD).await;
        let csrf = app.csrf(&c).await;
        let change = |current: &'static str| {
            [
                ("csrf", csrf.clone()),
                ("current", current.to_owned()),
                ("new", "kettle-under-the-mango-tree".to_owned()),
                ("confirm", "kettle-under-the-mango-tree".to_owned()),
            ]
        };
        for _ in 0..5 {
            let r = c
                .post(app.url("/account/password"))
                .form(&change("not-my-password"))
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                app.label
            );
        }
        // Locked now, even with the right password, and turning two-factor off waits too.
        let r = c
            .post(app.url("/account/password"))
            .form(&change(PASSWORD))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{}", app.label);
        assert!(r.text().await.unwrap().contains("Too many attempts"));
        let r = app
            .post(
                &c,
                "/account/two-factor/disable",
                &[("csrf", &csrf), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{}", app.label);
        // Signing in under that name waits as well.
        let r = app.sign_in(&app.client(), "worker", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let trail = app
            .store
            .audit_trail("user", app.worker.0, 100)
            .await
            .unwrap();
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.action == "sign-in.locked")
                .count(),
            1,
            "{}",
            app.label
        );
    }
}

/// Turns two-factor sign-in on through the account page; returns the secret and recovery codes.
async fn enrol(app: &App, c: &reqwest::Client) -> (Vec<u8>, Vec<String>) {
    let (status, page) = app.get(c, "/account/two-factor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("src=\"data:image/svg+xml,"), "QR code shown");
    let secret = app
        .store
        .two_factor(app.worker)
        .await
        .unwrap()
        .unwrap()
        .secret;
    let csrf = token_in(&page);
    let wrong = app
        .post(
            c,
            "/account/two-factor/confirm",
            &[("csrf", &csrf), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let now = u64::try_from(Utc::now().timestamp()).unwrap();
    let code = totp::code_at(&secret, now).unwrap();
    let r = app
        .post(
            c,
            "/account/two-factor/confirm",
            &[("csrf", &csrf), ("code", &code)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", app.label);
    let page = r.text().await.unwrap();
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|p| p[..p.find('<').unwrap()].to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    (secret, codes)
}

#[tokio::test]
async fn two_factor_sign_in_takes_a_code_once_or_a_recovery_code_once() {
    for app in apps().await {
        let c = app.client();
        assert_eq!(
            app.sign_in(&c, "worker", PASSWORD).await.status(),
            StatusCode::SEE_OTHER
        );
        let (secret, codes) = enrol(&app, &c).await;

        let b = app.client();
        let r = app.sign_in(&b, "worker", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/sign-in/code", "{}", app.label);
        // The password alone is not a session.
        let (status, _) = app.get(&b, "/places").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let r = app.code(&b, "123456").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("This code is not right"));
        // The step used at enrolment is spent; the next one (within the skew) works, once.
        let next =
            totp::code_at(&secret, u64::try_from(Utc::now().timestamp()).unwrap() + 30).unwrap();
        let r = app.code(&b, &next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
        assert_eq!(r.headers()[LOCATION], "/places");
        assert_eq!(app.get(&b, "/places").await.0, StatusCode::OK);

        let d = app.client();
        app.sign_in(&d, "worker", PASSWORD).await;
        assert_eq!(
            app.code(&d, &next).await.status(),
            StatusCode::UNAUTHORIZED,
            "replayed"
        );
        let r = app.code(&d, &codes[3].to_uppercase()).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}: recovery code",
            app.label
        );

        let e = app.client();
        app.sign_in(&e, "worker", PASSWORD).await;
        assert_eq!(
            app.code(&e, &codes[3]).await.status(),
            StatusCode::UNAUTHORIZED,
            "used twice"
        );
        let tf = app.store.two_factor(app.worker).await.unwrap().unwrap();
        assert_eq!(tf.recovery_codes_left, 9);

        // Turning it off needs the password.
        let csrf = app.csrf(&d).await;
        let r = app
            .post(
                &d,
                "/account/two-factor/disable",
                &[("csrf", &csrf), ("password", "nope")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .post(
                &d,
                "/account/two-factor/disable",
                &[("csrf", &csrf), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(app.store.two_factor(app.worker).await.unwrap().is_none());
        let f = app.client();
        assert_eq!(
            app.sign_in(&f, "worker", PASSWORD).await.headers()[LOCATION],
            "/places"
        );
    }
}

#[tokio::test]
async fn an_organisation_that_requires_two_factor_sends_members_to_enrol() {
    for app in apps().await {
        let admin = app.client();
        app.sign_in(&admin, "orgadmin", PASSWORD).await;
        let csrf = app.csrf(&admin).await;
        // A case worker may not change it.
        let w = app.client();
        app.sign_in(&w, "worker", PASSWORD).await;
        let wcsrf = app.csrf(&w).await;
        let path = format!("/organisations/{}/two-factor", app.ngo.0);
        let r = app
            .post(&w, &path, &[("csrf", &wcsrf), ("required", "true")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = app
            .post(&admin, &path, &[("csrf", &csrf), ("required", "true")])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
        assert!(
            app.store
                .organisation(app.ngo)
                .await
                .unwrap()
                .unwrap()
                .require_two_factor
        );

        // The worker can do nothing but enrol (or sign out).
        for path in ["/places", "/", "/account"] {
            let r = w.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.headers()[LOCATION], "/account/two-factor");
        }
        let (_, page) = app.get(&w, "/account/two-factor").await;
        assert!(page.contains("Your organisation requires two-factor sign-in"));
        enrol(&app, &w).await;
        assert_eq!(
            app.get(&w, "/places").await.0,
            StatusCode::OK,
            "{}",
            app.label
        );
    }
}

#[tokio::test]
async fn reset_links_work_once_and_expire() {
    for app in apps().await {
        let admin = app.client();
        app.sign_in(&admin, "orgadmin", PASSWORD).await;
        let worker = app.client();
        app.sign_in(&worker, "worker", PASSWORD).await;
        let csrf = app.csrf(&admin).await;
        let r = app
            .post(
                &admin,
                &format!("/users/{}/reset-link", app.worker.0),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", app.label);
        let page = r.text().await.unwrap();
        let link = between(&page, "<code id=\"reset-link\">", "</code>").to_owned();
        let path = &link[link.find("/reset?token=").unwrap()..];
        // The worker may not make one for the admin, nor for themselves.
        let wcsrf = app.csrf(&worker).await;
        for target in [app.worker.0, app.worker.0 - 1] {
            let r = app
                .post(
                    &worker,
                    &format!("/users/{target}/reset-link"),
                    &[("csrf", &wcsrf)],
                )
                .await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
        }

        let v = app.client();
        let (status, form) = app.get(&v, path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(form.contains("Set a new password"));
        let csrf = token_in(&form);
        let token = &path["/reset?token=".len()..];
        let r = app
            .post(
                &v,
                "/reset",
                &[
                    ("csrf", &csrf),
                    ("token", token),
                    ("new", "Password123"),
                    ("confirm", "Password123"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("one of the most common"));
        let fresh = "kettle-under-the-mango-tree";
        let r = app
            .post(
                &v,
                "/reset",
                &[
                    ("csrf", &csrf),
                    ("token", token),
                    ("new", fresh),
                    ("confirm", fresh),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
        assert_eq!(r.headers()[LOCATION], "/sign-in?reset=true");
        // The worker's old session is over; the link is dead; the new password works.
        assert_eq!(app.get(&worker, "/places").await.0, StatusCode::SEE_OTHER);
        let (status, body) = app.get(&v, path).await;
        assert_eq!(status, StatusCode::GONE);
        assert!(body.contains("does not work any more"));
        let r = app
            .post(
                &v,
                "/reset",
                &[
                    ("csrf", &csrf),
                    ("token", token),
                    ("new", "another-fine-phrase"),
                    ("confirm", "another-fine-phrase"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::GONE);
        assert_eq!(
            app.sign_in(&app.client(), "worker", fresh).await.status(),
            StatusCode::SEE_OTHER
        );

        // An expired link is dead too.
        let old = app
            .store
            .create_password_reset(app.worker, None, Utc::now() - Duration::hours(25))
            .await
            .unwrap();
        assert_eq!(
            app.get(&v, &format!("/reset?token={old}")).await.0,
            StatusCode::GONE
        );
    }
}

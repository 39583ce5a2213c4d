//! The web app over HTTP on a random port, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::Duration;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, LOCATION, ORIGIN};
use reqwest::redirect::Policy;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::OrgId;
use tonle_domain::language::Language;
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_store::testing::{TestDb, databases};
use tonle_store::users::NewUser;
use tonle_web::{AppState, WebSettings};

const PASSWORD: &str = "a-long-test-password";

/// The form token in a page's HTML.
fn token_in(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    page[start..start + 32].to_owned()
}

struct App {
    base: String,
    store: Store,
    label: &'static str,
    ngo: OrgId,
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

    /// Fills in the sign-in form as a browser would: its page first (for the form token).
    async fn sign_in(
        &self,
        c: &reqwest::Client,
        username: &str,
        password: &str,
        next: &str,
    ) -> reqwest::Response {
        let form = c
            .get(self.url("/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = token_in(&form);
        c.post(self.url("/sign-in"))
            .form(&[
                ("csrf", token.as_str()),
                ("username", username),
                ("password", password),
                ("next", next),
            ])
            .send()
            .await
            .unwrap()
    }

    async fn signed_in(&self, username: &str) -> reqwest::Client {
        let c = self.client();
        let r = self.sign_in(&c, username, PASSWORD, "/").await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}: sign-in of {username}",
            self.label
        );
        c
    }

    /// The CSRF token from the home page's forms.
    async fn csrf(&self, c: &reqwest::Client) -> String {
        let body = c
            .get(self.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        token_in(&body)
    }
}

async fn user(store: &Store, name: &str, org: OrgId, role: Role) {
    store
        .create_user(NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse(&format!("{name} Latin"), "សុខ ដារា").unwrap(),
            password: &NewPassword::parse(PASSWORD).unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap();
}

async fn apps() -> Vec<App> {
    apps_with(false, false).await
}

async fn apps_with(secure_cookies: bool, behind_proxy: bool) -> Vec<App> {
    let mut out = Vec::new();
    for db in databases().await {
        let store = db.store.clone();
        store.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let net = store
            .create_organisation(
                &NewOrganisation::parse("Test Network", "", true).unwrap(),
                None,
            )
            .await
            .unwrap();
        let ngo = store
            .create_organisation(
                &NewOrganisation::parse("Test Shelter", "ផ្ទះសាកល្បង", false).unwrap(),
                Some(net.id),
            )
            .await
            .unwrap();
        user(&store, "netadmin", net.id, Role::NetworkAdmin).await;
        user(&store, "orgadmin", ngo.id, Role::OrgAdmin).await;
        user(&store, "worker", ngo.id, Role::CaseWorker).await;
        user(&store, "donor", net.id, Role::DonorViewer).await;
        let state = AppState::new(
            store.clone(),
            WebSettings {
                secure_cookies,
                behind_proxy,
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
            ngo: ngo.id,
            _db: Arc::new(db),
        });
    }
    out
}

#[tokio::test]
async fn health_answers_without_sign_in_and_headers_are_strict() {
    for app in apps().await {
        let r = app.client().get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert_eq!(r.headers()["referrer-policy"], "no-referrer");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["version"], "test");
        assert_eq!(
            body["database"],
            app.store.backend().name(),
            "{}",
            app.label
        );
        let font = app
            .client()
            .get(app.url("/assets/fonts/NotoSansKhmer-Regular.ttf"))
            .send()
            .await
            .unwrap();
        assert_eq!(font.headers()["content-type"], "font/ttf");
        assert!(font.bytes().await.unwrap().len() > 50_000);
    }
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_and_keeps_the_name() {
    for app in apps().await {
        let c = app.client();
        let r = c.get(app.url("/places?q=x")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/sign-in?next=%2Fplaces%3Fq%3Dx");
        for (name, pass) in [("orgadmin", "wrong-password-here"), ("nobody", PASSWORD)] {
            let r = app.sign_in(&c, name, pass, "/").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{}", app.label);
            let body = r.text().await.unwrap();
            assert!(body.contains("The user name or password is not right"));
            assert!(
                body.contains(&format!("value=\"{name}\"")),
                "typed name kept"
            );
        }
        // Without the form's token (another site posting the form) nothing happens.
        let r = c
            .post(app.url("/sign-in"))
            .form(&[("username", "orgadmin"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", app.label);
        let r = app
            .sign_in(&c, "orgadmin", PASSWORD, "//evil.example/")
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/", "off-site next is ignored");
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let home = c
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("Welcome, orgadmin Latin"), "{}", app.label);
        assert!(home.contains("Organisation administrator"));
        assert!(home.contains("14,578"), "village count on the home page");
    }
}

#[tokio::test]
async fn language_follows_the_browser_then_the_choice() {
    for app in apps().await {
        let c = app.client();
        let page = c
            .get(app.url("/sign-in"))
            .header(ACCEPT_LANGUAGE, "km-KH,km;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<html lang=\"km\">") && page.contains("ចូលប្រើទន្លេ"),
            "{}",
            app.label
        );
        let page = c
            .get(app.url("/sign-in"))
            .header(ACCEPT_LANGUAGE, "en-US")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Sign in to Tonle"));

        // A signed-in choice is saved on the account and follows the user to a new browser.
        let c = app.signed_in("worker").await;
        let csrf = app.csrf(&c).await;
        let r = c
            .post(app.url("/language"))
            .form(&[("lang", "km"), ("back", "/places"), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/places");
        let worker = app.store.user_by_name("worker").await.unwrap().unwrap();
        assert_eq!(worker.language, Some(Language::Km), "{}", app.label);
        let fresh = app.signed_in("worker").await;
        let home = fresh
            .get(app.url("/"))
            .header(ACCEPT_LANGUAGE, "en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("សូមស្វាគមន៍"), "{}", app.label);
        // Without the token the switch is refused.
        let r = c
            .post(app.url("/language"))
            .form(&[("lang", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn state_changes_need_the_token_and_the_same_origin() {
    for app in apps().await {
        let c = app.signed_in("orgadmin").await;
        let r = c
            .post(app.url("/sign-out"))
            .form(&[("csrf", "wrong")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", app.label);
        assert!(r.text().await.unwrap().contains("This form has expired"));
        let csrf = app.csrf(&c).await;
        let r = c
            .post(app.url("/sign-out"))
            .header(ORIGIN, "http://evil.example")
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = c
            .post(app.url("/sign-out"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = c
            .post(app.url("/sign-out"))
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "signed out: {}",
            app.label
        );
    }
}

#[tokio::test]
async fn the_place_picker_works_without_script_and_answers_script() {
    for app in apps().await {
        let c = app.signed_in("worker").await;
        let page = c
            .get(app.url("/places?province=02"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<option value=\"0201\">Banan (បាណន់)</option>"),
            "{}",
            app.label
        );
        assert!(
            page.contains("id=\"pp-commune\" name=\"commune\" data-level=\"commune\" disabled")
        );
        // A stale district (from another province) is dropped.
        let page = c
            .get(app.url("/places?province=02&district=0102"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<h2>Battambang (បាត់ដំបង)</h2>"),
            "{}",
            app.label
        );
        let page = c
            .get(app.url("/places?village=02010101"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Battambang › Banan › Kantueu Muoy › Thmei"),
            "{}",
            app.label
        );
        let page = c
            .get(app.url("/places?q=%E1%9E%A2%E1%9E%BC%E1%9E%9A%E1%9E%92%E1%9F%86"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("/places?village=01020101"),
            "Khmer search without script: {}",
            app.label
        );

        let kids: serde_json::Value = c
            .get(app.url("/places/children?parent=0201"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(kids[0]["code"], "020101");
        let provinces: serde_json::Value = c
            .get(app.url("/places/children"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(provinces.as_array().unwrap().len(), 25);
        let hits: serde_json::Value = c
            .get(app.url("/places/search?q=ou%20thum"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            hits.as_array()
                .unwrap()
                .iter()
                .any(|h| h["href"] == "/places?village=01020101"),
            "{}",
            app.label
        );
        let r = c
            .get(app.url("/places/children?parent=abc"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn projects_validate_and_keep_what_was_typed() {
    for app in apps().await {
        let c = app.signed_in("orgadmin").await;
        let csrf = app.csrf(&c).await;
        let org = app.ngo.to_string();
        let bad = [
            ("csrf", csrf.as_str()),
            ("org", &org),
            ("name", "Safe villages"),
            ("donor", ""),
            ("start_date", "2027-01-01"),
            ("end_date", "2026-01-01"),
            ("budget", "12.345"),
            ("currency", "USD"),
        ];
        let r = c
            .post(app.url("/projects"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.label
        );
        let body = r.text().await.unwrap();
        assert!(body.contains("value=\"Safe villages\""), "name kept");
        assert!(body.contains("value=\"12.345\""), "budget kept");
        assert!(
            body.contains("This is required.")
                && body.contains("The end date is before the start date.")
        );
        assert!(body.contains("fewer decimal places"));
        assert!(app.store.projects_of(&[app.ngo]).await.unwrap().is_empty());

        let good = [
            ("csrf", csrf.as_str()),
            ("org", &org),
            ("name", "Safe villages"),
            ("donor", "Example Fund"),
            ("start_date", "2026-01-01"),
            ("end_date", "2027-12-31"),
            ("budget", "1,250.50"),
            ("currency", "USD"),
        ];
        let r = c
            .post(app.url("/projects"))
            .form(&good)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let list = c
            .get(app.url("/projects?added=true"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            list.contains("1,250.50 USD") && list.contains("The project was added."),
            "{}",
            app.label
        );

        // A case worker sees projects but may not add one.
        let w = app.signed_in("worker").await;
        let wcsrf = app.csrf(&w).await;
        let list = w
            .get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("Safe villages") && !list.contains("Add a project"));
        let mut attempt = good;
        attempt[0] = ("csrf", wcsrf.as_str());
        let r = w
            .post(app.url("/projects"))
            .form(&attempt)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", app.label);
    }
}

#[tokio::test]
async fn admins_manage_users_and_others_cannot() {
    for app in apps().await {
        let c = app.signed_in("orgadmin").await;
        let csrf = app.csrf(&c).await;
        let org = app.ngo.to_string();
        let r = c
            .post(app.url("/users"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "new.worker"),
                ("display_name", "New Worker"),
                ("display_name_km", ""),
                ("password", ""),
                ("org", &org),
                ("role", "case-worker"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", app.label);
        let body = r.text().await.unwrap();
        let start = body
            .find("id=\"new-password\"")
            .expect("generated password shown");
        let code = body[start..].find("<code>").unwrap() + start + 6;
        let password = &body[code..code + 16];
        assert!(
            app.store
                .authenticate("new.worker", password)
                .await
                .unwrap()
                .is_some(),
            "{}",
            app.label
        );

        let r = c
            .post(app.url("/users"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "boss"),
                ("display_name", "Boss"),
                ("password", "long-enough-pass"),
                ("org", &org),
                ("role", "network-admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "org admin cannot make network admins"
        );
        let r = c
            .post(app.url("/users"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "worker"),
                ("display_name", "Dup"),
                ("password", "short"),
                ("org", &org),
                ("role", "case-worker"),
            ])
            .send()
            .await
            .unwrap();
        let body = r.text().await.unwrap();
        assert!(body.contains("at least 10 characters"), "{}", app.label);

        let worker = app.store.user_by_name("worker").await.unwrap().unwrap();
        let w = app.signed_in("worker").await;
        assert_eq!(
            w.get(app.url("/users")).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let r = c
            .post(app.url(&format!("/users/{}/disable", worker.id)))
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            w.get(app.url("/")).send().await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "disabled user signed out"
        );
    }
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404() {
    for app in apps().await {
        let c = app.client();
        let r = c
            .get(app.url("/nothing-here"))
            .header(ACCEPT_LANGUAGE, "km")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(
            r.text().await.unwrap().contains("រកមិនឃើញទំព័រ"),
            "{}",
            app.label
        );
    }
}

#[tokio::test]
async fn network_admins_add_organisations_with_a_place() {
    for app in apps().await {
        let c = app.signed_in("netadmin").await;
        let csrf = app.csrf(&c).await;
        let page = c
            .get(app.url("/organisations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let net = page.split("name=\"parent\"").nth(1).unwrap();
        let net_id = net
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        // A rejected form keeps the name and the place chosen.
        let bad = [
            ("csrf", csrf.as_str()),
            ("name", " "),
            ("name_km", "អង្គការថ្មី"),
            ("parent", &net_id),
            ("province", "02"),
            ("district", "0201"),
        ];
        let r = c
            .post(app.url("/organisations"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.label
        );
        let body = r.text().await.unwrap();
        assert!(body.contains("value=\"អង្គការថ្មី\""));
        assert!(
            body.contains("<option value=\"0201\" selected>"),
            "district kept: {}",
            app.label
        );
        let good = [
            ("csrf", csrf.as_str()),
            ("name", "Lotus Outreach"),
            ("name_km", ""),
            ("parent", &net_id),
            ("province", "02"),
            ("district", "0201"),
        ];
        let r = c
            .post(app.url("/organisations"))
            .form(&good)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
        let list = c
            .get(app.url("/organisations?added=true"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            list.contains("Lotus Outreach") && list.contains("Battambang › Banan"),
            "{}",
            app.label
        );
        let org = app
            .store
            .find_organisation("Lotus Outreach")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(org.place_code.as_deref(), Some("0201"));

        // An organisation admin cannot add organisations.
        let o = app.signed_in("orgadmin").await;
        let ocsrf = app.csrf(&o).await;
        let attempt = [
            ("csrf", ocsrf.as_str()),
            ("name", "Sneaky"),
            ("parent", &net_id),
        ];
        let r = o
            .post(app.url("/organisations"))
            .form(&attempt)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", app.label);
    }
}

#[tokio::test]
async fn behind_https_cookies_are_secure_and_hsts_is_sent() {
    for app in apps_with(true, false).await {
        let r = app.client().get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
        let r = app.sign_in(&app.client(), "worker", PASSWORD, "/").await;
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.contains("Secure"), "{}: {cookie}", app.label);
    }
    for app in apps().await {
        let r = app.client().get(app.url("/healthz")).send().await.unwrap();
        assert!(r.headers().get("strict-transport-security").is_none());
    }
}

#[tokio::test]
async fn a_trusted_proxy_reporting_https_gets_secure_cookies_and_hsts() {
    // The sign-in page sets the pre-session cookie, so it shows what happens to cookies.
    let sign_in_page = |app: &App, proto: Option<&'static str>| {
        let mut request = app.client().get(app.url("/sign-in"));
        if let Some(proto) = proto {
            request = request.header("x-forwarded-proto", proto);
        }
        request.send()
    };
    let cookies = |r: &reqwest::Response| -> Vec<String> {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    for app in apps_with(false, true).await {
        let r = sign_in_page(&app, Some("https")).await.unwrap();
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
        let set = cookies(&r);
        assert!(!set.is_empty(), "{}", app.label);
        assert!(
            set.iter().all(|c| c.contains("; Secure")),
            "{}: {set:?}",
            app.label
        );
        for proto in [None, Some("http")] {
            let r = sign_in_page(&app, proto).await.unwrap();
            assert!(r.headers().get("strict-transport-security").is_none());
            assert!(
                cookies(&r).iter().all(|c| !c.contains("Secure")),
                "{proto:?}"
            );
        }
    }
    // Without behind_proxy anyone could send the header: it changes nothing.
    for app in apps().await {
        let r = sign_in_page(&app, Some("https")).await.unwrap();
        assert!(r.headers().get("strict-transport-security").is_none());
        assert!(
            cookies(&r).iter().all(|c| !c.contains("Secure")),
            "{}",
            app.label
        );
    }
}

#[tokio::test]
async fn admins_act_only_within_what_they_run() {
    for app in apps().await {
        // The network admin also holds a role in the NGO; the NGO's admin must not be able to
        // lock them out, nor see their roles elsewhere.
        let netadmin = app.store.user_by_name("netadmin").await.unwrap().unwrap();
        app.store
            .set_membership(netadmin.id, app.ngo, Role::CaseManager)
            .await
            .unwrap();
        let c = app.signed_in("orgadmin").await;
        let csrf = app.csrf(&c).await;
        let r = c
            .post(app.url(&format!("/users/{}/disable", netadmin.id)))
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", app.label);
        assert!(!app.store.user(netadmin.id).await.unwrap().unwrap().disabled);
        let list = c
            .get(app.url("/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !list.contains("Network administrator"),
            "roles outside the NGO leaked: {}",
            app.label
        );

        // Network admin of one network and org admin of another network cannot make network
        // admins in the second.
        let other = app
            .store
            .create_organisation(
                &NewOrganisation::parse("Other Network", "", true).unwrap(),
                None,
            )
            .await
            .unwrap();
        let twohats = app.store.user_by_name("netadmin").await.unwrap().unwrap();
        app.store
            .set_membership(twohats.id, other.id, Role::OrgAdmin)
            .await
            .unwrap();
        let n = app.signed_in("netadmin").await;
        let ncsrf = app.csrf(&n).await;
        let other_id = other.id.to_string();
        let form = |username: &'static str, role: &'static str| {
            vec![
                ("csrf", ncsrf.clone()),
                ("username", username.to_owned()),
                ("display_name", "Someone".to_owned()),
                ("password", "long-enough-pass".to_owned()),
                ("org", other_id.clone()),
                ("role", role.to_owned()),
            ]
        };
        let r = n
            .post(app.url("/users"))
            .form(&form("escalated", "network-admin"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.label
        );
        assert!(app.store.user_by_name("escalated").await.unwrap().is_none());
        let r = n
            .post(app.url("/users"))
            .form(&form("plain.admin", "org-admin"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", app.label);
        assert!(
            app.store
                .user_by_name("plain.admin")
                .await
                .unwrap()
                .is_some()
        );
    }
}

#[tokio::test]
async fn pages_are_not_cached_and_framework_errors_get_a_page() {
    for app in apps().await {
        let c = app.signed_in("worker").await;
        let r = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store");
        let r = c.get(app.url("/assets/tonle.css")).send().await.unwrap();
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .starts_with("public")
        );
        let r = c.get(app.url("/sign-out")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(
            r.text().await.unwrap().contains("cannot be used that way"),
            "{}",
            app.label
        );
        let r = c
            .post(app.url("/sign-out"))
            .header(ORIGIN, "http://evil.example")
            .form(&[("csrf", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(
            r.text().await.unwrap().contains("came from another site"),
            "{}",
            app.label
        );
        let r = c.get(app.url("/healthz")).send().await.unwrap();
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
}

#[tokio::test]
async fn the_organisation_form_picks_a_place_without_script() {
    for app in apps().await {
        let c = app.signed_in("netadmin").await;
        let csrf = app.csrf(&c).await;
        let page = c
            .get(app.url("/organisations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let net_id = page
            .split("name=\"parent\"")
            .nth(1)
            .unwrap()
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let form = [
            ("csrf", csrf.as_str()),
            ("name", "Step By Step"),
            ("parent", &net_id),
            ("province", "02"),
            ("refine", "1"),
        ];
        let r = c
            .post(app.url("/organisations"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", app.label);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("<option value=\"0201\">"),
            "districts offered: {}",
            app.label
        );
        assert!(body.contains("value=\"Step By Step\""), "name kept");
        assert!(
            app.store
                .find_organisation("Step By Step")
                .await
                .unwrap()
                .is_none(),
            "nothing created"
        );
    }
}

#[tokio::test]
async fn users_change_their_password_and_sign_out_everywhere() {
    for app in apps().await {
        let c = app.signed_in("worker").await;
        let other = app.signed_in("worker").await;
        let csrf = app.csrf(&c).await;
        let page = c
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Case worker") && page.contains("Test Shelter"),
            "{}",
            app.label
        );

        let attempt = |current: &'static str, new: &'static str, confirm: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("current", current.into()),
                ("new", new.into()),
                ("confirm", confirm.into()),
            ]
        };
        let r = c
            .post(app.url("/account/password"))
            .form(&attempt(
                "wrong-current-pw",
                "brand-new-secret",
                "brand-new-secret",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("not your current password")
        );
        let r = c
            .post(app.url("/account/password"))
            .form(&attempt(PASSWORD, "brand-new-secret", "brand-new-secreT"))
            .send()
            .await
            .unwrap();
        assert!(
            r.text().await.unwrap().contains("are not the same"),
            "{}",
            app.label
        );
        let r = c
            .post(app.url("/account/password"))
            .form(&attempt(PASSWORD, "short", "short"))
            .send()
            .await
            .unwrap();
        assert!(r.text().await.unwrap().contains("at least 10 characters"));

        let r = c
            .post(app.url("/account/password"))
            .form(&attempt(PASSWORD, "brand-new-secret", "brand-new-secret"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", app.label);
        // This browser stays signed in; the other one is signed out.
        let r = c
            .get(app.url("/account?changed=true"))
            .send()
            .await
            .unwrap();
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Your password was changed")
        );
        assert_eq!(
            other.get(app.url("/")).send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
        assert!(
            app.store
                .authenticate("worker", "brand-new-secret")
                .await
                .unwrap()
                .is_some()
        );

        let csrf = app.csrf(&c).await;
        let third = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        app.sign_in(&third, "worker", "brand-new-secret", "/").await;
        let r = c
            .post(app.url("/account/sign-out-everywhere"))
            .form(&[("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            c.get(app.url("/")).send().await.unwrap().status(),
            StatusCode::SEE_OTHER,
            "{}",
            app.label
        );
        assert_eq!(
            third.get(app.url("/")).send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
    }
}

#[tokio::test]
async fn a_donor_of_the_network_sees_its_projects_but_no_people() {
    for app in apps().await {
        let input = tonle_domain::projects::ProjectInput {
            name: "Safe migration",
            donor: "Example Fund",
            start_date: "2026-01-01",
            end_date: "2026-12-31",
            budget: "10,000",
            currency: "USD",
        };
        let project = tonle_domain::projects::NewProject::parse(&input).unwrap();
        app.store.create_project(app.ngo, &project).await.unwrap();
        let d = app.signed_in("donor").await;
        let list = d
            .get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("Safe migration"), "{}", app.label);
        assert!(!list.contains("Add a project"));
        assert_eq!(
            d.get(app.url("/users")).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
}

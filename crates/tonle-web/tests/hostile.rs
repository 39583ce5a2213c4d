//! Hostile input over HTTP, on both backends: SQL and script injection in Latin and Khmer,
//! overlong and invalid text, oversized bodies, path traversal, a planted session id and an
//! expired session. Each is refused with a clear page or stored inertly and escaped on output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use reqwest::StatusCode;
use support::{App, Browser, serve, user};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::testing::databases;

async fn apps() -> Vec<App> {
    let mut out = Vec::new();
    for db in databases().await {
        let app = serve(db).await;
        let org = app
            .store
            .create_organisation(
                &NewOrganisation::parse("Test Shelter", "", false).unwrap(),
                None,
            )
            .await
            .unwrap()
            .id;
        user(
            &app.store,
            "manager",
            "Manager Latin",
            org,
            Role::CaseManager,
        )
        .await;
        user(&app.store, "orgadmin", "Admin Latin", org, Role::OrgAdmin).await;
        out.push(app);
    }
    out
}

async fn org_offered(b: &Browser) -> String {
    let (_, form) = b.get("/people/new").await;
    form.split("name=\"org\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("one organisation offered")
        .to_owned()
}

const PAYLOADS: &[&str] = &[
    "Robert'); DROP TABLE person;--",
    "x' OR '1'='1",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "សុខ<script>alert('ខ្មែរ')</script>",
    "ស្រី\"><svg onload=alert(1)>",
];

/// No raw markup of a payload reaches a page; only its escaped form.
fn assert_escaped(label: &str, page: &str) {
    for raw in ["<script>alert", "<img src=x", "<svg onload"] {
        assert!(!page.contains(raw), "{label}: raw {raw:?} in page");
    }
}

#[tokio::test]
async fn injected_names_are_stored_inertly_found_and_escaped() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let org = org_offered(&m).await;
        for payload in PAYLOADS {
            let fields = [
                ("org", org.as_str()),
                ("family_name_latin", "Sok"),
                ("given_name_latin", payload),
                ("given_name_km", payload),
                ("aliases", payload),
                ("sex", "female"),
                ("address", payload),
            ];
            let (status, location, body) = m.post("/people", &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {payload}: {body}");
            let record = location.split('?').next().unwrap().to_owned();
            let (status, page) = m.get(&record).await;
            assert_eq!(status, StatusCode::OK, "{l}");
            assert_escaped(l, &page);
            let escaped = page.contains("&lt;") || page.contains("&#60;");
            assert!(escaped || !payload.contains('<'), "{l}: {payload}");
            let (status, edit) = m.get(&format!("{record}/edit")).await;
            assert_eq!(status, StatusCode::OK);
            assert_escaped(l, &edit);
        }
        // The tables survived and every payload is found again, inert.
        let (status, list) = m.get("/people").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert_escaped(l, &list);
        for query in ["Robert'); DROP", "x' OR '1'='1", "<script>", "សុខ<script>"] {
            let (status, _, found) = m.post("/people/search", &[("q", query)]).await;
            assert_eq!(status, StatusCode::OK, "{l}: {query}");
            assert_escaped(l, &found);
            assert!(
                !found.contains("No one matches"),
                "{l}: {query} finds its person"
            );
        }
        // Injection in other forms: organisation-level names and user names.
        let a = app.signed_in("orgadmin").await;
        let (status, _, body) = a
            .post(
                "/users",
                &[
                    ("username", "x'); DROP TABLE app_user;--"),
                    ("display_name", "<script>alert(1)</script>"),
                    ("org", &org),
                    ("role", "case-worker"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert_escaped(l, &body);
        let kept = body
            .split("name=\"display_name\"")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_default();
        assert!(
            kept.contains("script"),
            "{l}: the typed name is kept: {kept}"
        );
        assert!(app.store.user_by_name("manager").await.unwrap().is_some());
    }
}

#[tokio::test]
async fn overlong_invalid_and_oversized_input_is_refused_clearly() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let org = org_offered(&m).await;
        // 10,000 characters of Khmer: refused field by field, the form kept.
        let long = "ស".repeat(10_000);
        let (status, _, body) = m
            .post(
                "/people",
                &[("org", &org), ("given_name_km", &long), ("sex", "female")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(body.contains("too long"), "{l}: says why");
        // Invalid UTF-8 in a form is decoded lossily (U+FFFD) and stored inertly: never a 500.
        let raw = format!(
            "csrf={}&org={org}&given_name_latin=%FF%FE%80&sex=female",
            m.csrf
        );
        let r =
            m.c.post(m.url("/people"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(raw)
                .send()
                .await
                .unwrap();
        let status = r.status();
        assert!(
            status == StatusCode::SEE_OTHER || status.is_client_error(),
            "{l}: {status}"
        );
        if status == StatusCode::SEE_OTHER {
            let record = r.headers()["location"]
                .to_str()
                .unwrap()
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            let (_, page) = m.get(&record).await;
            assert!(
                page.contains('\u{FFFD}'),
                "{l}: stored as replacement characters"
            );
        }
        let r =
            m.c.post(m.url("/people/search"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("csrf={}&q=%FF%FE", m.csrf))
                .send()
                .await
                .unwrap();
        let (status, page) = (r.status(), r.text().await.unwrap());
        assert!(
            status.is_client_error() || status == StatusCode::OK,
            "{l}: {status}"
        );
        assert!(!page.contains("panicked"));
        // A body over the limit (1 MiB): 413 with a page in the user's language.
        let huge = "a".repeat(2 * 1024 * 1024);
        let (status, _, body) = m
            .post("/people", &[("org", &org), ("address", &huge)])
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{l}");
        assert!(body.contains("<html"), "{l}");
    }
}

#[tokio::test]
async fn paths_cannot_climb_out_of_the_assets() {
    for app in apps().await {
        let b = Browser::new(&app.base);
        for path in [
            "/assets/../Cargo.toml",
            "/assets/..%2f..%2fCargo.toml",
            "/assets/%2e%2e/%2e%2e/etc/passwd",
            "/assets/fonts/../../../../etc/passwd",
            "/assets/tonle.css%00.png",
        ] {
            let (status, body) = b.get(path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{}: {path}", app.label);
            assert!(!body.contains("root:"), "{path}");
            assert!(!body.contains("[workspace]"), "{path}");
        }
    }
}

#[tokio::test]
async fn a_planted_session_id_is_worthless_and_an_expired_one_signs_out() {
    for app in apps().await {
        let l = app.label;
        // An attacker plants a session cookie in the victim's browser before sign-in.
        let planted = "0123456789abcdef0123456789abcdef";
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let url = app.base.parse::<url::Url>().unwrap();
        jar.add_cookie_str(&format!("tonle_session={planted}; Path=/"), &url);
        let c = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let form = c.get(format!("{}/sign-in", app.base)).send().await.unwrap();
        let token = support::token_in(&form.text().await.unwrap());
        let r = c
            .post(format!("{}/sign-in", app.base))
            .form(&[
                ("csrf", token.as_str()),
                ("username", "manager"),
                ("password", support::PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{l}");
        let cookies = reqwest::cookie::CookieStore::cookies(jar.as_ref(), &url)
            .map(|h| h.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(cookies.contains("tonle_session="), "{l}");
        assert!(
            !cookies.contains(planted),
            "{l}: the session id changed at sign-in"
        );
        // The planted id opens nothing.
        let attacker = Browser::new(&app.base);
        let r = attacker
            .c
            .get(format!("{}/people", app.base))
            .header("cookie", format!("tonle_session={planted}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{l}: sent to sign in");

        // A session idle past the limit ends: the next request goes to sign-in.
        let m = app.signed_in("manager").await;
        assert_eq!(m.get("/people").await.0, StatusCode::OK);
        let stale = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
        app.store
            .execute_sql(&format!("UPDATE session SET last_seen_at = '{stale}'"))
            .await;
        let (status, _) = m.get("/people").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: expired");
        let (status, _, _) = m.post("/account/sign-out-everywhere", &[]).await;
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::FORBIDDEN,
            "{l}"
        );
    }
}

#[tokio::test]
async fn searches_post_so_names_stay_out_of_the_address_bar() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let org = org_offered(&m).await;
        let fields = [
            ("org", org.as_str()),
            ("family_name_latin", "Sok"),
            ("given_name_latin", "Sreymom"),
            ("sex", "female"),
        ];
        assert_eq!(m.post("/people", &fields).await.0, StatusCode::SEE_OTHER);
        let (_, list) = m.get("/people").await;
        assert!(
            list.contains("method=\"post\" action=\"/people/search\""),
            "{l}"
        );
        let (status, _, found) = m.post("/people/search", &[("q", "srey")]).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(found.contains("Sok Sreymom"), "{l}");
        // A name in the address searches nothing: the latest people are listed as usual.
        let (status, listed) = m.get("/people?q=zzzz").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(
            listed.contains("Sok Sreymom") && !listed.contains("people-no-results"),
            "{l}"
        );
        // Without the form token, nothing is searched.
        let (status, _, body) = m.post_raw("/people/search", &[("q", "srey")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");
        assert!(!body.contains("Sreymom"), "{l}");
    }
}

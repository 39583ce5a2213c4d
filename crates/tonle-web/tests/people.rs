//! The people screens over HTTP, on SQLite and on PostgreSQL: registering, finding, changing,
//! consent and erasure, and who may see what.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::OrgId;
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
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

struct App {
    base: String,
    label: &'static str,
    _db: Arc<TestDb>,
}

/// A signed-in browser: its cookies and its form token.
struct Browser {
    c: reqwest::Client,
    csrf: String,
    base: String,
}

impl Browser {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self.c.get(self.url(path)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// A people search, posted as the page's form sends it.
    async fn search(&self, q: &str) -> (StatusCode, String) {
        let (status, _, body) = self.post("/people/search", &[("q", q)]).await;
        (status, body)
    }

    /// Posts a form with the token added; returns the status, the redirect target and the body.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, String) {
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
    async fn signed_in(&self, username: &str) -> Browser {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        let url = |p: &str| format!("{}{p}", self.base);
        let form = c.get(url("/sign-in")).send().await.unwrap();
        let token = token_in(&form.text().await.unwrap());
        let r = c
            .post(url("/sign-in"))
            .form(&[
                ("csrf", token.as_str()),
                ("username", username),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}: {username}",
            self.label
        );
        let home = c.get(url("/")).send().await.unwrap().text().await.unwrap();
        Browser {
            csrf: token_in(&home),
            c,
            base: self.base.clone(),
        }
    }
}

async fn user(store: &Store, name: &str, latin: &str, org: OrgId, role: Role) {
    store
        .create_user(NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse(latin, "").unwrap(),
            password: &NewPassword::parse(PASSWORD).unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap();
}

async fn apps() -> Vec<App> {
    let mut out = Vec::new();
    for db in databases().await {
        let store = db.store.clone();
        store.load_places_if_empty(&mut |_, _| {}).await.unwrap();
        let org = |name: &str, network: bool| NewOrganisation::parse(name, "", network).unwrap();
        let net = store
            .create_organisation(&org("Test Network", true), None)
            .await
            .unwrap();
        let ngo = store
            .create_organisation(&org("Test Shelter", false), Some(net.id))
            .await
            .unwrap();
        let other = store
            .create_organisation(&org("Other Legal Aid", false), Some(net.id))
            .await
            .unwrap();
        user(&store, "orgadmin", "Admin Latin", ngo.id, Role::OrgAdmin).await;
        user(
            &store,
            "manager",
            "Manager Latin",
            ngo.id,
            Role::CaseManager,
        )
        .await;
        user(&store, "worker", "Worker Latin", ngo.id, Role::CaseWorker).await;
        user(&store, "worker2", "Second Worker", ngo.id, Role::CaseWorker).await;
        user(
            &store,
            "me.officer",
            "Counting Officer",
            ngo.id,
            Role::MeOfficer,
        )
        .await;
        user(&store, "donor", "Donor Latin", net.id, Role::DonorViewer).await;
        user(
            &store,
            "outsider",
            "Outside Manager",
            other.id,
            Role::CaseManager,
        )
        .await;
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
            label: db.label,
            _db: Arc::new(db),
        });
    }
    out
}

/// A full, valid registration form.
fn sreymom() -> Vec<(&'static str, &'static str)> {
    vec![
        ("family_name_km", "សុខ"),
        ("given_name_km", "ស្រីមុំ"),
        ("family_name_latin", "Sok"),
        ("given_name_latin", "Sreymom"),
        ("aliases", "Mom"),
        ("sex", "female"),
        ("date_of_birth", "2004-03-14"),
        ("phone", "012 345 678"),
        ("address", "Phum Thmei, house 12"),
        ("nationality", "kh"),
        ("origin_province", "02"),
        ("origin_district", "0201"),
        ("origin_commune", "020101"),
        ("current_province", "12"),
    ]
}

/// The organisation the registration form offers (the user has one).
async fn offered_org(b: &Browser) -> String {
    let (_, form) = b.get("/people/new").await;
    form.split("name=\"org\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("one organisation offered")
        .to_owned()
}

/// Registers a person and returns the path of their record.
async fn register(b: &Browser, fields: &[(&str, &str)]) -> String {
    let org = offered_org(b).await;
    let mut fields = fields.to_vec();
    fields.push(("org", &org));
    let (status, location, body) = b.post("/people", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.ends_with("?done=added"), "{location}");
    location.trim_end_matches("?done=added").to_owned()
}

#[tokio::test]
async fn a_person_is_registered_found_changed_given_consent_and_erased() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let (status, home) = m.get("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(home.contains("href=\"/people\""), "{l}: nav entry");
        let (status, list) = m.get("/people").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(list.contains("Nobody has been registered yet."), "{l}");
        let (status, form) = m.get("/people/new").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        // One organisation: chosen without asking.
        assert!(form.contains("<strong>Test Shelter</strong>"), "{l}");
        let record = register(&m, &sreymom()).await;

        // Found by a Latin prefix, a Khmer prefix and the phone number.
        for q in ["sreym", "Sok Srey", "ស្រី", "012345678"] {
            let (status, found) = m.search(q).await;
            assert_eq!(status, StatusCode::OK);
            assert!(found.contains("Sok Sreymom"), "{l}: {q}");
            assert!(found.contains("សុខ ស្រីមុំ"), "{l}: {q}");
            assert!(found.contains("Battambang › Banan"), "{l}: {q}");
            assert!(found.contains(&format!("href=\"{record}\"")), "{l}: {q}");
        }
        let (_, short) = m.search("S").await;
        assert!(
            short.contains("at least 2 letters") && !short.contains("Sreymom"),
            "{l}"
        );
        let (_, none) = m.search("Dara").await;
        assert!(
            none.contains("Nobody matches") && !none.contains("Sreymom"),
            "{l}"
        );

        let (status, page) = m.get(&format!("{record}?done=added")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        for expected in [
            "The person was registered.",
            "Sok Sreymom",
            "ស្រីមុំ",
            "2004-03-14",
            "012 345 678",
            "Phum Thmei, house 12",
            "Battambang › Banan",
            "Female",
            "Who viewed and changed this record",
            "Registered",
        ] {
            assert!(page.contains(expected), "{l}: record lacks {expected}");
        }
        // The title never carries the name (browser history on shared computers).
        let title = page
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        assert!(
            title.starts_with("Person") && !title.contains("Sreymom"),
            "{l}: {title}"
        );

        // Change the phone; the form starts from what is stored.
        let (status, edit) = m.get(&format!("{record}/edit")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            edit.contains("value=\"Sreymom\"") && edit.contains("value=\"020101\" selected"),
            "{l}"
        );
        let mut changed = sreymom();
        changed.retain(|(k, _)| *k != "phone");
        changed.push(("phone", "097 111 2222"));
        let (status, location, _) = m.post(&record, &changed).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(location, format!("{record}?done=saved"));
        let (_, page) = m.get(&record).await;
        assert!(
            page.contains("097 111 2222") && !page.contains("012 345 678"),
            "{l}"
        );
        assert!(page.contains("Changed"), "{l}: audit shows the change");

        // Consent: a referral needs a receiving organisation; services do not.
        let today = tonle_domain::time::local_date(Utc::now()).to_string();
        let consents = format!("{record}/consents");
        let (status, _, refused) = m
            .post(&consents, &[("purpose", "referral"), ("given_on", &today)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            refused.contains("For a referral, choose an organisation other than yours"),
            "{l}"
        );
        assert!(refused.contains("value=\"referral\" selected"), "{l}: kept");
        let (status, _, refused) = m
            .post(
                &consents,
                &[("purpose", "services"), ("given_on", "2999-01-01")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(refused.contains("This date is still to come."), "{l}");
        let (status, location, _) = m
            .post(&consents, &[("purpose", "services"), ("given_on", &today)])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(location, format!("{record}?done=consent"));
        let (_, page) = m.get(&record).await;
        assert!(
            page.contains("Receiving services from us") && page.contains("In force"),
            "{l}"
        );
        let withdraw = page
            .split("action=\"")
            .filter_map(|s| s.split('"').next())
            .find(|a| a.ends_with("/withdraw"))
            .unwrap()
            .to_owned();
        let (status, _, _) = m.post(&withdraw, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        let (_, page) = m.get(&record).await;
        assert!(page.contains(&format!("Withdrawn on {today}")), "{l}");
        let (status, _, again) = m.post(&withdraw, &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(again.contains("already withdrawn"), "{l}");

        // Erasing asks first, and leaves nothing identifying.
        let erase = format!("{record}/erase");
        let (status, confirm) = m.get(&erase).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(
            confirm.contains("I understand this cannot be undone"),
            "{l}"
        );
        let (status, _, unticked) = m.post(&erase, &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(unticked.contains("Tick the box"), "{l}");
        let (status, location, _) = m.post(&erase, &[("understood", "yes")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(location, format!("{record}?done=erased"));
        let (status, page) = m.get(&record).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(page.contains("details were erased on"), "{l}");
        for gone in ["Sreymom", "ស្រីមុំ", "097 111 2222", "2004", "Phum Thmei"] {
            assert!(
                !page.contains(gone),
                "{l}: {gone} still shown after erasure"
            );
        }
        assert!(page.contains("Erased"), "{l}: the audit trail says so");
        let (_, found) = m.search("sreymom").await;
        assert!(found.contains("Nobody matches"), "{l}");
        let (status, _) = m.get(&format!("{record}/edit")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
    }
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_marks_each_field() {
    for app in apps().await {
        let l = app.label;
        let w = app.signed_in("worker").await;
        let (status, _, body) = w
            .post(
                "/people",
                &[
                    ("given_name_latin", "Dara"),
                    ("given_name_km", "ដារ៉ា"),
                    ("aliases", "Ra\nDa"),
                    ("sex", "male"),
                    ("date_of_birth", "2999-01-01"),
                    ("phone", "call me"),
                    ("nationality", "Cambodia"),
                    ("address", "<script>alert(1)</script>"),
                    ("origin_province", "02"),
                    ("origin_district", "0201"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {body}");
        for kept in [
            "value=\"Dara\"",
            "value=\"ដារ៉ា\"",
            "Ra\nDa</textarea>",
            "value=\"male\" checked",
            "value=\"2999-01-01\"",
            "value=\"call me\"",
            "value=\"Cambodia\"",
            "value=\"02\" selected",
            "value=\"0201\" selected",
            "alert(1)",
        ] {
            assert!(body.contains(kept), "{l}: lost {kept}");
        }
        assert!(!body.contains("<script>alert"), "{l}: unescaped");
        for message in [
            "Nothing was saved.",
            "This date of birth is not possible",
            "Write a phone number",
            "Write a two-letter country code",
        ] {
            assert!(body.contains(message), "{l}: missing {message}");
        }
        // Nothing was saved.
        let (_, list) = w.get("/people").await;
        assert!(!list.contains("Dara"), "{l}");
        // A name is needed, and the sex must be chosen.
        let (status, _, body) = w.post("/people", &[("phone", "012 999 888")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            body.contains("Give at least one name") && body.contains("Choose one from the list."),
            "{l}"
        );
        // Without script, "show the next level" redraws the form and saves nothing.
        let (status, _, body) = w
            .post(
                "/people",
                &[
                    ("given_name_latin", "Dara"),
                    ("sex", "male"),
                    ("current_province", "12"),
                    ("refine", "1"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(
            body.contains("value=\"Dara\"") && body.contains("value=\"1201\""),
            "{l}: districts of Phnom Penh offered"
        );
        let (_, list) = w.get("/people").await;
        assert!(!list.contains("Dara"), "{l}");
    }
}

#[tokio::test]
async fn case_workers_see_only_their_own_people_until_a_manager_assigns_more() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let w = app.signed_in("worker").await;
        let managers = register(&m, &sreymom()).await;
        let workers = register(
            &w,
            &[
                ("given_name_latin", "Dara"),
                ("family_name_latin", "Chan"),
                ("sex", "male"),
                ("estimated_age", "17"),
            ],
        )
        .await;
        let (_, list) = w.get("/people").await;
        assert!(
            list.contains("Chan Dara") && !list.contains("Sreymom"),
            "{l}"
        );
        assert!(
            list.contains(&format!(
                "about {}",
                Utc::now()
                    .date_naive()
                    .format("%Y")
                    .to_string()
                    .parse::<i32>()
                    .unwrap()
                    - 17
            )),
            "{l}: estimated year"
        );
        let (_, found) = w.search("sok").await;
        assert!(!found.contains("Sreymom"), "{l}");
        let (status, page) = w.get(&managers).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
        assert!(!page.contains("Sreymom"), "{l}");
        let (status, page) = w.get(&workers).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        // Her own record: she works on it, but neither erases nor sees the audit trail.
        assert!(
            page.contains("Worker Latin") && !page.contains("Who viewed"),
            "{l}"
        );
        assert!(!page.contains("/erase"), "{l}");
        assert_eq!(
            w.get(&format!("{workers}/erase")).await.0,
            StatusCode::FORBIDDEN,
            "{l}"
        );
        let (status, _, _) = w
            .post(&format!("{workers}/erase"), &[("understood", "yes")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");
        // Only a case manager assigns.
        let (status, _, _) = w
            .post(&format!("{workers}/assign"), &[("worker", "")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");

        // The manager gives Sreymom to the worker, choosing from the organisation's case workers.
        let (_, page) = m.get(&managers).await;
        assert!(
            page.contains("Second Worker") && !page.contains(">Counting Officer<"),
            "{l}"
        );
        let worker_id = page
            .split("<option value=\"")
            .filter_map(|s| s.split_once("\">"))
            .find(|(_, rest)| rest.starts_with("Worker Latin"))
            .map(|(id, _)| id.to_owned())
            .unwrap();
        let (status, location, _) = m
            .post(&format!("{managers}/assign"), &[("worker", &worker_id)])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(location, format!("{managers}?done=assigned"));
        let (status, page) = w.get(&managers).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(page.contains("Sreymom"), "{l}");
        // Someone outside the organisation cannot be given the person.
        let (status, _, _) = m
            .post(&format!("{managers}/assign"), &[("worker", "999999")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
    }
}

#[tokio::test]
async fn another_organisation_finds_nothing_at_a_record_or_below_it() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let record = register(&m, &sreymom()).await;
        let consent = [("purpose", "services"), ("given_on", "2026-01-05")];
        let (status, _, _) = m.post(&format!("{record}/consents"), &consent).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        let (_, page) = m.get(&record).await;
        let withdraw = page
            .split("action=\"")
            .filter_map(|s| s.split('"').next())
            .find(|a| a.ends_with("/withdraw"))
            .unwrap()
            .to_owned();
        let o = app.signed_in("outsider").await;
        for path in [
            record.clone(),
            format!("{record}/edit"),
            format!("{record}/erase"),
        ] {
            let (status, body) = o.get(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{l}: GET {path}");
            assert!(
                !body.contains("Sreymom") && !body.contains("ស្រីមុំ"),
                "{l}: {path}"
            );
        }
        for (path, fields) in [
            (record.clone(), sreymom()),
            (format!("{record}/erase"), vec![("understood", "yes")]),
            (format!("{record}/assign"), vec![("worker", "")]),
            (
                format!("{record}/consents"),
                vec![("purpose", "services"), ("given_on", "2026-01-05")],
            ),
            (withdraw.clone(), vec![]),
        ] {
            let (status, _, body) = o.post(&path, &fields).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{l}: POST {path}");
            assert!(
                !body.contains("Sreymom") && !body.contains("ស្រីមុំ"),
                "{l}: {path}"
            );
        }
        let (_, found) = o.search("sreymom").await;
        assert!(!found.contains("Sreymom"), "{l}");
        // Nothing was changed by those attempts.
        let (_, page) = m.get(&record).await;
        assert!(page.contains("Sreymom") && page.contains("In force"), "{l}");
        // Ids that are not ids are simply not there.
        for path in [
            "/people/abc",
            "/people/99999999",
            "/people/1x/edit",
            "/people/-/erase",
        ] {
            assert_eq!(m.get(path).await.0, StatusCode::NOT_FOUND, "{l}: {path}");
        }
        let (status, _, _) = m.post(&format!("{record}/consents/x/withdraw"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
    }
}

#[tokio::test]
async fn roles_outside_protection_are_refused_the_people_screens() {
    for app in apps().await {
        let l = app.label;
        for name in ["me.officer", "donor"] {
            let b = app.signed_in(name).await;
            let (_, home) = b.get("/").await;
            assert!(
                !home.contains("href=\"/people\""),
                "{l}: {name} has no People entry"
            );
            for path in ["/people", "/people/new"] {
                assert_eq!(
                    b.get(path).await.0,
                    StatusCode::FORBIDDEN,
                    "{l}: {name} {path}"
                );
            }
            assert_eq!(
                b.search("sok").await.0,
                StatusCode::FORBIDDEN,
                "{l}: {name}"
            );
            let (status, _, _) = b.post("/people", &sreymom()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{l}: {name}");
        }
        // An organisation admin sees people but registers none.
        let a = app.signed_in("orgadmin").await;
        let (status, list) = a.get("/people").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(!list.contains("/people/new"), "{l}");
        assert_eq!(a.get("/people/new").await.0, StatusCode::FORBIDDEN, "{l}");
    }
}

#[tokio::test]
async fn every_change_needs_the_form_token() {
    for app in apps().await {
        let l = app.label;
        let m = app.signed_in("manager").await;
        let record = register(&m, &sreymom()).await;
        let mut no_token = sreymom();
        let (status, _, _) = m.post_raw("/people", &no_token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");
        no_token.push(("csrf", "0123456789abcdef0123456789abcdef"));
        let (status, _, _) = m.post_raw("/people", &no_token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");
        for path in [
            record.clone(),
            format!("{record}/erase"),
            format!("{record}/assign"),
            format!("{record}/consents"),
        ] {
            let (status, _, _) = m
                .post_raw(&path, &[("understood", "yes"), ("purpose", "services")])
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{l}: {path}");
        }
        let (_, list) = m.get("/people").await;
        assert_eq!(
            list.matches("Sok Sreymom").count(),
            1,
            "{l}: only the first registration"
        );
        let (_, page) = m.get(&record).await;
        assert!(page.contains("Sreymom"), "{l}: not erased");
    }
}

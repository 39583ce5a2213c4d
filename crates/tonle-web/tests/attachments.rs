//! Photos and documents over HTTP, on both backends: uploads checked by their bytes, hostile
//! names stored sanitised and served inertly, oversized uploads refused with a page, photos
//! only with consent, downloads that the browser saves and never renders, and no reach into
//! another organisation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use support::{App, Browser, serve, user};
use tonle_domain::access::Scope;
use tonle_domain::attachments::MAX_ATTACHMENT_BYTES;
use tonle_domain::consent::Purpose;
use tonle_domain::ids::{OrgId, PersonId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01 pretend pixels";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR pretend pixels";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

/// A multipart body as a browser sends it; `file_name` goes into the header as it is.
fn multipart(csrf: &str, kind: &str, file_name: &[u8], content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----tonletestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("kind", kind)] {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
            .bytes(),
    );
    body.extend(file_name);
    // What the browser claims; the server ignores it.
    body.extend(b"\"\r\nContent-Type: image/jpeg\r\n\r\n");
    body.extend(content);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    b: &Browser,
    person: PersonId,
    kind: &str,
    file_name: &[u8],
    content: &[u8],
) -> (StatusCode, String, String) {
    let (content_type, body) = multipart(&b.csrf, kind, file_name, content);
    let r =
        b.c.post(b.url(&format!("/people/{person}/attachments")))
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

/// The ids of the attachment links on a record page, newest first.
fn attachment_links(page: &str, person: PersonId) -> Vec<String> {
    let prefix = format!("href=\"/people/{person}/attachments/");
    page.match_indices(&prefix)
        .map(|(i, _)| {
            let rest = &page[i + prefix.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

struct World {
    org: OrgId,
    person: PersonId,
    /// A person who gave no consent to photographs.
    unconsenting: PersonId,
}

async fn world(app: &App) -> World {
    let s = &app.store;
    let parse = |name: &str| NewOrganisation::parse(name, "", false).unwrap();
    let org = s
        .create_organisation(&parse("Chanpha Safe Home"), None)
        .await
        .unwrap()
        .id;
    let other = s
        .create_organisation(&parse("Rumduol Legal Aid"), None)
        .await
        .unwrap()
        .id;
    let manager = user(s, "manager", "Chan Sokha", org, Role::CaseManager).await;
    user(s, "worker", "Keo Dara", org, Role::CaseWorker).await;
    user(s, "legal", "Meas Vanna", org, Role::LegalOfficer).await;
    user(s, "outsider", "Pich Lina", other, Role::CaseManager).await;
    let scope = Scope::new(manager, vec![(org, Role::CaseManager)]);
    let actor = Actor::user(manager, "127.0.0.1");
    let details = PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Sok",
            given_name_latin: "Sreymom",
            sex: "female",
            ..PersonInput::default()
        },
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap();
    let now = Utc::now();
    let person = s
        .create_person(&actor, &scope, org, &details, now)
        .await
        .unwrap();
    let unconsenting = s
        .create_person(&actor, &scope, org, &details, now)
        .await
        .unwrap();
    s.record_consent(
        &actor,
        &scope,
        person,
        Purpose::Photographs,
        None,
        now.date_naive(),
        now,
    )
    .await
    .unwrap();
    World {
        org,
        person,
        unconsenting,
    }
}

#[tokio::test]
async fn photos_and_documents_are_uploaded_checked_and_downloaded_inertly() {
    for db in databases().await {
        let app = serve(db).await;
        let l = app.label;
        let w = world(&app).await;
        let _ = w.org;
        let m = app.signed_in("manager").await;
        let record = format!("/people/{}", w.person);

        // The record offers the upload, with its token, as multipart.
        let (_, page) = m.get(&record).await;
        assert!(page.contains("enctype=\"multipart/form-data\""), "{l}");
        assert!(page.contains("id=\"attachment-file\""), "{l}");

        // JPEG, PNG and PDF are kept, whatever the browser claimed.
        for (kind, name, content) in [
            ("photo", &b"face.jpg"[..], JPEG),
            ("photo", b"face.png", PNG),
            ("document", b"birth_certificate.pdf", PDF),
        ] {
            let (status, location, _) = upload(&m, w.person, kind, name, content).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {kind}");
            assert_eq!(location, format!("{record}?done=attachment"));
        }
        let (_, page) = m.get(&format!("{record}?done=attachment")).await;
        assert!(page.contains("The file was added."), "{l}");
        for name in ["face.jpg", "face.png", "birth_certificate.pdf"] {
            assert!(page.contains(name), "{l}: {name} listed");
        }
        let ids = attachment_links(&page, w.person);
        assert_eq!(ids.len(), 3, "{l}");

        // Download: the stored type, saved as a file, never sniffed or cached.
        let r =
            m.c.get(m.url(&format!("{record}/attachments/{}", ids[2])))
                .send()
                .await
                .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{l}");
        let h = r.headers().clone();
        assert_eq!(h["content-type"], "image/jpeg");
        assert_eq!(
            h["content-disposition"],
            "attachment; filename*=UTF-8''face.jpg"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(r.bytes().await.unwrap().as_ref(), JPEG, "{l}");

        // HTML dressed as a photo is refused, by its bytes; so is an empty file and a PDF
        // offered as a photo.
        for (kind, name, content, says) in [
            (
                "photo",
                &b"holiday.jpg"[..],
                &b"<html><script>alert(1)</script></html>"[..],
                "whatever its name says",
            ),
            ("document", b"nothing.pdf", b"", "an empty file is not kept"),
            ("photo", b"scan.pdf", PDF, "keep a PDF as a document"),
            ("", b"scan.pdf", PDF, "Choose one from the list"),
        ] {
            let (status, _, body) = upload(&m, w.person, kind, name, content).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {says}");
            assert!(body.contains(says), "{l}: {says}");
            assert!(body.contains("id=\"err-"), "{l}: shown at the field");
        }

        // A photo of someone who did not consent to photographs: refused, saying why.
        let (status, _, body) = upload(&m, w.unconsenting, "photo", b"face.jpg", JPEG).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            body.contains("has not consented to photographs"),
            "{l}: consent message"
        );
        let (_, page) = m.get(&format!("/people/{}", w.unconsenting)).await;
        assert!(attachment_links(&page, w.unconsenting).is_empty(), "{l}");
        // A document of her is fine.
        let (status, _, _) = upload(&m, w.unconsenting, "document", b"a.pdf", PDF).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");

        // The same in Khmer.
        m.post("/language", &[("lang", "km"), ("back", "/")]).await;
        let (_, _, body) = upload(&m, w.unconsenting, "photo", b"face.jpg", JPEG).await;
        assert!(body.contains("មិនទាន់យល់ព្រមឱ្យថតរូបទេ"), "{l}: Khmer message");
        m.post("/language", &[("lang", "en"), ("back", "/")]).await;

        // A wrong token: refused.
        let mut forged = Browser::new(&app.base);
        forged.c = m.c.clone();
        forged.csrf = "0".repeat(32);
        let (status, _, _) = upload(&forged, w.person, "document", b"x.pdf", PDF).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{l}");

        // Too large: 413 with a page in the user's language, by the route's limit and by ours.
        for size in [MAX_ATTACHMENT_BYTES + 1, 6 * 1024 * 1024] {
            let mut big = PDF.to_vec();
            big.resize(size, b'a');
            let (status, _, body) = upload(&m, w.person, "document", b"big.pdf", &big).await;
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{l}: {size}");
            assert!(body.contains("<html"), "{l}");
            assert!(body.contains("too large"), "{l}");
        }
        // Other forms keep the 1 MiB limit.
        let (status, _, _) = m
            .post(
                "/people/1/consents",
                &[("given_on", &"a".repeat(1_100_000))],
            )
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{l}");

        let (_, page) = m.get(&record).await;
        assert_eq!(
            attachment_links(&page, w.person).len(),
            3,
            "{l}: none added"
        );
        hostile_names(&app, &m, w.person).await;
        who_sees_what(&app, &w, &ids).await;

        // Deleting: gone from the list and from the address.
        let (status, location, _) = m
            .post(&format!("{record}/attachments/{}/delete", ids[0]), &[])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(location, format!("{record}?done=attachment-deleted"));
        let (status, _) = m.get(&format!("{record}/attachments/{}", ids[0])).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
        let trail = app
            .store
            .audit_trail("person", w.person.0, 100)
            .await
            .unwrap();
        for action in ["attachment.add", "attachment.view", "attachment.delete"] {
            assert!(trail.iter().any(|e| e.action == action), "{l}: {action}");
        }
    }
}

/// Names meant to climb out of a folder, break a header or a page: stored sanitised, shown
/// escaped, and sent back percent-encoded.
async fn hostile_names(app: &App, m: &Browser, person: PersonId) {
    let l = app.label;
    let long = "ក".repeat(1000) + ".pdf";
    let cases: [(&[u8], &str); 7] = [
        (b"../../etc/passwd", "passwd.pdf"),
        (b"..\\..\\boot.ini", "boot.ini.pdf"),
        (b"/var/www/../x.pdf", "x.pdf"),
        // Browsers percent-encode line breaks and quotes in the name; a tab comes raw.
        (b"a%0D%0Ab%22c%00.pdf", "a%0D%0Ab%22c%00.pdf"),
        (b"tab\there.pdf", "tab_here.pdf"),
        (
            b"<img src=x onerror=alert(1)>.pdf",
            "img src=x onerror=alert(1)_.pdf",
        ),
        (long.as_bytes(), ""),
    ];
    for (raw, stored) in cases {
        let (status, _, _) = upload(m, person, "document", raw, PDF).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "{l}: {}",
            String::from_utf8_lossy(raw)
        );
        let (_, page) = m.get(&format!("/people/{person}")).await;
        let newest = attachment_links(&page, person)[0].clone();
        let r =
            m.c.get(m.url(&format!("/people/{person}/attachments/{newest}")))
                .send()
                .await
                .unwrap();
        assert_eq!(r.headers()["content-type"], "application/pdf", "{l}");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        let encoded = disposition
            .strip_prefix("attachment; filename*=UTF-8''")
            .unwrap();
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{l}: {disposition}"
        );
        assert!(!page.contains("<img src=x"), "{l}: escaped");
        if stored.is_empty() {
            // 1,000 Khmer letters: cut to 120 characters, extension kept.
            let cut = "ក".repeat(116) + ".pdf";
            assert!(page.contains(&cut), "{l}: long name cut");
            assert!(!page.contains(&"ក".repeat(117)), "{l}");
        } else {
            let i = page.find("attachments/").unwrap();
            assert!(
                page.contains(stored),
                "{l}: {stored} in {}",
                &page[i..i + 300]
            );
        }
    }
    // A raw NUL or line break cannot even be sent in a part's header: refused, nothing kept.
    for raw in [&b"nul\0.pdf"[..], b"line\nbreak.pdf"] {
        let (_, before) = m.get(&format!("/people/{person}")).await;
        let (status, _, body) = upload(m, person, "document", raw, PDF).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{l}");
        assert!(body.contains("<html"), "{l}");
        let (_, after) = m.get(&format!("/people/{person}")).await;
        assert_eq!(
            attachment_links(&before, person),
            attachment_links(&after, person),
            "{l}"
        );
    }
}

/// A legal officer looks but does not change; an unassigned case worker and another
/// organisation get nothing.
async fn who_sees_what(app: &App, w: &World, ids: &[String]) {
    let l = app.label;
    let file = format!("/people/{}/attachments/{}", w.person, ids[0]);
    let legal = app.signed_in("legal").await;
    let (_, page) = legal.get(&format!("/people/{}", w.person)).await;
    assert!(page.contains("birth_certificate.pdf"), "{l}");
    assert!(!page.contains("id=\"attachment-file\""), "{l}: no upload");
    assert!(!page.contains("/delete\""), "{l}: no delete");
    let (status, _) = legal.get(&file).await;
    assert_eq!(status, StatusCode::OK, "{l}");
    let (status, _, _) = upload(&legal, w.person, "document", b"x.pdf", PDF).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{l}");
    let (status, _, _) = legal.post(&format!("{file}/delete"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{l}");

    for name in ["worker", "outsider"] {
        let b = app.signed_in(name).await;
        let (status, body) = b.get(&file).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}: {name}");
        assert!(
            !body.contains("pretend pixels") && !body.contains("face"),
            "{l}"
        );
        let (status, _, _) = upload(&b, w.person, "document", b"x.pdf", PDF).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}: {name}");
        let (status, _, _) = b.post(&format!("{file}/delete"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}: {name}");
    }
    // The attachment id through another person's address: not there.
    let m = app.signed_in("manager").await;
    let (status, _) = m
        .get(&format!(
            "/people/{}/attachments/{}",
            w.unconsenting, ids[0]
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
    let (status, _) = m.get(&format!("/people/{}/attachments/x", w.person)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
}

//! Attachments on both backends: sealed in the database, kept to the person's scope, photos
//! only with consent, deleted with the person.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, Statement};
use tonle_domain::access::Scope;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::attachments::{AttachmentKind, ContentType};
use tonle_domain::consent::Purpose;
use tonle_domain::ids::OrgId;
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_store::attachments::NewAttachment;
use tonle_store::audit::Actor;
use tonle_store::testing::databases;
use tonle_store::users::NewUser;
use tonle_store::{Store, StoreError};

const PDF: &[u8] = b"%PDF-1.4\nSreymomsecretcontent of a passport scan\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR Sreymomsecretpixels";

async fn org(store: &Store, name: &str) -> OrgId {
    let new = NewOrganisation::parse(name, "", false).unwrap();
    store.create_organisation(&new, None).await.unwrap().id
}

async fn member(store: &Store, name: &str, org: OrgId, role: Role) -> (Scope, Actor) {
    let user = store
        .create_user(NewUser {
            username: &Username::parse(name).unwrap(),
            name: &DisplayName::parse("Chan Sokha", "").unwrap(),
            password: &NewPassword::parse("river-of-four-faces").unwrap(),
            org,
            role,
            language: None,
        })
        .await
        .unwrap();
    (
        Scope::new(user.id, vec![(org, role)]),
        Actor::user(user.id, "127.0.0.1"),
    )
}

fn details() -> PersonDetails {
    PersonDetails::parse(
        &PersonInput {
            family_name_latin: "Sok",
            given_name_latin: "Sreymom",
            sex: "female",
            ..PersonInput::default()
        },
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte of every row of the attachment table.
async fn table_bytes(store: &Store) -> Vec<u8> {
    let conn = store.raw_connection();
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name, content, content_type, kind FROM attachment".to_owned(),
        ))
        .await
        .unwrap();
    let mut all = Vec::new();
    for row in rows {
        all.extend(row.try_get::<Vec<u8>>("", "name").unwrap());
        all.extend(row.try_get::<Vec<u8>>("", "content").unwrap());
        all.extend(row.try_get::<String>("", "content_type").unwrap().bytes());
    }
    all
}

#[tokio::test]
async fn attachments_are_sealed_scoped_and_erased_with_the_person() {
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        let home = org(s, "Chanpha Safe Home").await;
        let other = org(s, "Rumduol Legal Aid").await;
        let (manager, actor) = member(s, "manager", home, Role::CaseManager).await;
        let (worker, worker_actor) = member(s, "worker", home, Role::CaseWorker).await;
        let (legal, legal_actor) = member(s, "legal", home, Role::LegalOfficer).await;
        let (outsider, outsider_actor) = member(s, "outsider", other, Role::CaseManager).await;
        let now = Utc::now();
        let person = s
            .create_person(&actor, &manager, home, &details(), now)
            .await
            .unwrap();

        let pdf = NewAttachment {
            kind: AttachmentKind::Document,
            file_name: "../../sreymom_passport.pdf",
            content: PDF,
        };
        let doc = s
            .add_attachment(&actor, &manager, person, pdf, now)
            .await
            .unwrap();

        // A photo needs consent to photographs in force.
        let photo = NewAttachment {
            kind: AttachmentKind::Photo,
            file_name: "sreymom_face.png",
            content: PNG,
        };
        assert!(matches!(
            s.add_attachment(&actor, &manager, person, photo, now).await,
            Err(StoreError::Refused("error-attachment-consent"))
        ));
        s.record_consent(
            &actor,
            &manager,
            person,
            Purpose::Photographs,
            None,
            now.date_naive(),
            now,
        )
        .await
        .unwrap();
        let pic = s
            .add_attachment(&actor, &manager, person, photo, now)
            .await
            .unwrap();

        // What the browser claims counts for nothing; an empty file is refused.
        for (content, key) in [
            (
                &b"<html><script>alert(1)</script>"[..],
                "error-attachment-type",
            ),
            (b"", "error-attachment-empty"),
        ] {
            let bad = NewAttachment {
                kind: AttachmentKind::Document,
                file_name: "innocent.pdf",
                content,
            };
            assert!(
                matches!(
                    s.add_attachment(&actor, &manager, person, bad, now).await,
                    Err(StoreError::Refused(k)) if k == key
                ),
                "{label}: {key}"
            );
        }

        // Sealed: neither the names nor the contents are in the table.
        let raw = table_bytes(s).await;
        for needle in [
            &b"sreymom_passport"[..],
            b"sreymom_face",
            b"Sreymomsecretcontent",
            b"Sreymomsecretpixels",
            b"%PDF",
        ] {
            assert!(
                !contains(&raw, needle),
                "{label}: {} in the table",
                String::from_utf8_lossy(needle)
            );
        }

        // Listed newest first with names sanitised, and opened whole.
        let list = s.attachments_of(&actor, &manager, person).await.unwrap();
        assert_eq!(list.len(), 2, "{label}");
        assert_eq!(list[0].id, pic);
        assert_eq!(list[0].content_type, ContentType::Png);
        assert_eq!(list[1].name, "sreymom_passport.pdf", "{label}");
        assert_eq!(list[1].size, PDF.len() as u64);
        let file = s.attachment(&actor, &manager, person, doc).await.unwrap();
        assert_eq!(file.content, PDF, "{label}");
        assert_eq!(file.attachment.content_type, ContentType::Pdf);
        let trail = s.audit_trail("person", person.0, 20).await.unwrap();
        assert_eq!(trail[0].action, "attachment.view", "{label}");
        assert_eq!(trail[0].fields, "document");
        assert!(trail.iter().any(|e| e.action == "attachment.add"));

        // A legal officer sees but does not change; a case worker not assigned and another
        // organisation see nothing.
        assert!(
            s.attachment(&legal_actor, &legal, person, doc)
                .await
                .is_ok()
        );
        assert!(matches!(
            s.delete_attachment(&legal_actor, &legal, person, doc, now)
                .await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            s.add_attachment(&legal_actor, &legal, person, pdf, now)
                .await,
            Err(StoreError::Forbidden)
        ));
        for (actor, scope) in [(&worker_actor, &worker), (&outsider_actor, &outsider)] {
            assert!(matches!(
                s.attachment(actor, scope, person, doc).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.attachments_of(actor, scope, person).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                s.delete_attachment(actor, scope, person, doc, now).await,
                Err(StoreError::NotFound)
            ));
        }
        // An attachment id of another person is not found through this one.
        let someone = s
            .create_person(&actor, &manager, home, &details(), now)
            .await
            .unwrap();
        assert!(matches!(
            s.attachment(&actor, &manager, someone, doc).await,
            Err(StoreError::NotFound)
        ));

        s.delete_attachment(&actor, &manager, person, pic, now)
            .await
            .unwrap();
        assert_eq!(
            s.attachments_of(&actor, &manager, person)
                .await
                .unwrap()
                .len(),
            1
        );

        // Erasing her deletes her files.
        s.erase_person(&actor, &manager, person, now).await.unwrap();
        assert!(table_bytes(s).await.is_empty(), "{label}");
        assert!(matches!(
            s.attachment(&actor, &manager, person, doc).await,
            Err(StoreError::NotFound)
        ));
        assert!(
            s.attachments_of(&actor, &manager, person)
                .await
                .unwrap()
                .is_empty()
        );
        let report = s.verify_audit(|_, _| {}).await.unwrap();
        assert!(report.problems.is_empty(), "{label}");
    }
}

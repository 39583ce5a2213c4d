//! Demo people served by Chanpha Safe Home, with consents. Every name, date and phone number is
//! invented: family and given names are combined from common Khmer names, so no row describes
//! a real person. The first has a photo: a drawn silhouette, nobody's face.

use chrono::{Duration, NaiveDate, Utc};
use indicatif::ProgressBar;
use tonle_domain::access::Scope;
use tonle_domain::attachments::AttachmentKind;
use tonle_domain::consent::Purpose;
use tonle_domain::people::{PersonDetails, PersonInput};
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::attachments::NewAttachment;
use tonle_store::audit::Actor;

use super::organisations::bad_seed;
use crate::failure::CliResult;

/// A 24 × 24 PNG placeholder portrait (a silhouette on a teal ground), kept as bytes here
/// because image files are ignored in this repository (screenshots).
const PHOTO: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x18, 0x08, 0x02, 0x00, 0x00, 0x00, 0x6f, 0x15, 0xaa,
    0xaf, 0x00, 0x00, 0x00, 0x57, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xd3, 0x21, 0x0e, 0x00,
    0x20, 0x0c, 0x03, 0xc0, 0x3e, 0x0c, 0x8d, 0xe6, 0xb1, 0xfc, 0x05, 0xc3, 0x63, 0x70, 0x84, 0x6c,
    0xb0, 0x84, 0x6e, 0x02, 0x41, 0x52, 0x7d, 0xa6, 0x2d, 0x6a, 0x6f, 0x21, 0xc1, 0x87, 0x5c, 0x50,
    0xca, 0x45, 0x84, 0x81, 0xb4, 0x62, 0x5b, 0xb8, 0x52, 0x0c, 0xeb, 0x43, 0x2c, 0x14, 0xd6, 0x5a,
    0xe4, 0x8e, 0xde, 0xbb, 0xc8, 0x4b, 0xcb, 0xb6, 0x95, 0x93, 0x05, 0x42, 0xd9, 0x5a, 0xe0, 0x14,
    0x6d, 0x81, 0x56, 0x84, 0x05, 0x8f, 0xb2, 0x5a, 0x70, 0x2a, 0xd3, 0x1a, 0xd7, 0x29, 0x2e, 0xbf,
    0xa7, 0xec, 0x6c, 0xd1, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// (family name in Khmer, in Latin)
const FAMILY: &[(&str, &str)] = &[
    ("សុខ", "Sok"),
    ("ចាន់", "Chan"),
    ("កែវ", "Keo"),
    ("ហេង", "Heng"),
    ("លី", "Ly"),
    ("ម៉ៅ", "Mao"),
    ("ស៊ុន", "Sun"),
    ("ឈឹម", "Chhim"),
    ("ពៅ", "Pov"),
    ("យិន", "Yin"),
    ("ទេព", "Tep"),
];

/// (given name in Khmer, in Latin, sex)
const GIVEN: &[(&str, &str, &str)] = &[
    ("ស្រីមុំ", "Sreymom", "female"),
    ("សុភា", "Sophea", "female"),
    ("ចន្ធូ", "Chanthou", "female"),
    ("ស្រីពៅ", "Sreypov", "female"),
    ("ធីតា", "Thida", "female"),
    ("បុប្ផា", "Bopha", "female"),
    ("រតនា", "Ratana", "female"),
    ("ស្រីល័ក្ខ", "Sreyleak", "female"),
    ("វណ្ណា", "Vanna", "female"),
    ("គន្ធា", "Kunthea", "female"),
    ("សំណាង", "Samnang", "male"),
    ("ពិសិដ្ឋ", "Piseth", "male"),
    ("រិទ្ធី", "Rithy", "male"),
];

/// Districts people come from (Prey Veng, Svay Rieng, Kampong Cham, Battambang, Banteay Meanchey…).
const ORIGINS: &[&str] = &["1401", "2002", "0305", "0203", "0102", "1206", "0701"];

pub const COUNT: usize = 24;

/// The demo people's details, the same every time.
pub fn people(today: NaiveDate) -> Vec<PersonDetails> {
    let mut out = Vec::with_capacity(COUNT);
    for i in 0..COUNT {
        let (family_km, family) = FAMILY[(i * 7) % FAMILY.len()];
        let (given_km, given, sex) = GIVEN[(i * 5) % GIVEN.len()];
        let day = 1 + (i * 11) % 27;
        let month = 1 + (i * 5) % 12;
        let year = 1990 + (i * 3) % 19;
        let dob = format!("{year}-{month:02}-{day:02}");
        let age = format!("{}", 15 + i % 10);
        let phone = format!(
            "0{} {:03} {:03}",
            10 + i % 80,
            100 + i * 37 % 900,
            200 + i * 53 % 800
        );
        // Some dates of birth are unknown (an estimated age instead); some have no phone.
        let known_birth = i % 4 != 3;
        let input = PersonInput {
            family_name_km: family_km,
            given_name_km: given_km,
            family_name_latin: family,
            given_name_latin: given,
            aliases: if i % 6 == 0 { "Srey" } else { "" },
            sex,
            date_of_birth: if known_birth { &dob } else { "" },
            estimated_age: if known_birth { "" } else { &age },
            phone: if i % 3 == 2 { "" } else { &phone },
            address: if i % 2 == 0 {
                "Village 3, house 12"
            } else {
                ""
            },
            nationality: "KH",
            origin_place: ORIGINS[i % ORIGINS.len()],
            current_place: "120101",
        };
        if let Ok(details) = PersonDetails::parse(&input, today) {
            out.push(details);
        }
    }
    out
}

pub async fn seed(store: &Store, bar: &ProgressBar) -> CliResult {
    let home = super::organisations::find(store, "Chanpha Safe Home").await?;
    let legal = super::organisations::find(store, "Rumduol Legal Aid Centre").await?;
    let manager = super::organisations::user(store, "chanpha.manager").await?;
    let workers = [
        super::organisations::user(store, "chanpha.worker").await?,
        super::organisations::user(store, "chanpha.worker2").await?,
    ];
    let manager_scope = Scope::new(manager, vec![(home, Role::CaseManager)]);
    let now = Utc::now();
    let today = now.date_naive();
    let people = people(today);
    if people.len() != COUNT {
        return Err(bad_seed("people"));
    }
    for (i, details) in people.iter().enumerate() {
        let actor = Actor::user(manager, "demo");
        let registered = now - Duration::days(((COUNT - i) * 9) as i64);
        let id = store
            .create_person(&actor, &manager_scope, home, details, registered)
            .await?;
        // Most people have a case worker; a few wait for one.
        if i % 5 != 4 {
            let worker = workers[i % 2];
            store
                .assign_person(&actor, &manager_scope, id, Some(worker), registered)
                .await?;
        }
        let given = registered.date_naive();
        store
            .record_consent(
                &actor,
                &manager_scope,
                id,
                Purpose::Services,
                None,
                given,
                registered,
            )
            .await?;
        if i % 3 != 1 {
            store
                .record_consent(
                    &actor,
                    &manager_scope,
                    id,
                    Purpose::Statistics,
                    None,
                    given,
                    registered,
                )
                .await?;
        }
        if i % 4 == 0 {
            let consent = store
                .record_consent(
                    &actor,
                    &manager_scope,
                    id,
                    Purpose::Referral,
                    Some(legal),
                    given,
                    registered,
                )
                .await?;
            if i == 8 {
                let withdrawn = (registered + Duration::days(3)).date_naive().min(today);
                store
                    .withdraw_consent(&actor, &manager_scope, id, consent, withdrawn, now)
                    .await?;
            }
        }
        if i == 0 {
            store
                .record_consent(
                    &actor,
                    &manager_scope,
                    id,
                    Purpose::Photographs,
                    None,
                    given,
                    registered,
                )
                .await?;
            // Named as staff name files, after her: the dump test looks for this name.
            let file_name = format!("{}_photo.png", details.identity.given_name_latin);
            let photo = NewAttachment {
                kind: AttachmentKind::Photo,
                file_name: &file_name.to_lowercase(),
                content: PHOTO,
            };
            store
                .add_attachment(&actor, &manager_scope, id, photo, now)
                .await?;
        }
        bar.inc(1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_person_is_valid_and_distinct() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let people = people(today);
        assert_eq!(people.len(), COUNT);
        let mut names: Vec<String> = people.iter().map(|p| p.identity.latin_name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), COUNT, "names repeat");
    }
}

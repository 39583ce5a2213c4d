//! Generated networks of member NGOs, each with an administrator, a case manager and case
//! workers who carry the caseload. Every name is invented.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, UserId};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::places::PlaceCode;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::users::NewUser;

use super::places::Gazetteer;
use crate::failure::CliResult;

/// The password of every generated account (benchmarks sign in with it).
pub const PASSWORD: &str = "tonle-generated-2026";

const NETWORKS: &[(&str, &str)] = &[
    ("Mekong Dawn Network", "បណ្តាញអរុណមេគង្គ"),
    ("Lotus Bridge Alliance", "សម្ព័ន្ធស្ពានឈូក"),
    ("Silk Road Safe Passage Network", "បណ្តាញផ្លូវសុវត្ថិភាព"),
];
const FIRST: &[(&str, &str)] = &[
    ("Romduol", "រំដួល"),
    ("Pkay", "ផ្កាយ"),
    ("Kdol", "ក្តោល"),
    ("Sralanh", "ស្រឡាញ់"),
    ("Thmey", "ថ្មី"),
    ("Sangkum", "សង្គម"),
    ("Kampong", "កំពង់"),
    ("Prasat", "ប្រាសាទ"),
];
const KIND: &[(&str, &str)] = &[
    ("Safe Home", "ផ្ទះសុវត្ថិភាព"),
    ("Legal Aid", "ជំនួយច្បាប់"),
    ("Outreach", "ការចុះជួយ"),
    ("Women's Centre", "មជ្ឈមណ្ឌលស្ត្រី"),
    ("Migrant Help Desk", "តុជំនួយពលករ"),
    ("Reintegration Service", "សេវាធ្វើសមាហរណកម្ម"),
];

/// A member organisation that registers people.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: OrgId,
    pub province: String,
    pub manager: UserId,
    pub workers: Vec<UserId>,
}

/// Networks for roughly every 300,000 people (at least one), 4–7 members each, and a case
/// worker for about every 2,000 people of a member (1 to 12).
pub async fn create(
    store: &Store,
    rng: &mut ChaCha8Rng,
    places: &Gazetteer,
    people: u64,
) -> CliResult<Vec<Member>> {
    let password = NewPassword::parse(PASSWORD)?;
    let provinces = places.province_codes();
    let networks = (1 + people / 300_000).min(NETWORKS.len() as u64) as usize;
    let mut members = Vec::new();
    let mut serial = 0usize;
    for (n, (name, name_km)) in NETWORKS.iter().take(networks).enumerate() {
        let network = store
            .create_organisation(&NewOrganisation::parse(name, name_km, true)?, None)
            .await?;
        let user = |suffix: &str| format!("net{}.{suffix}", n + 1);
        add_user(
            store,
            &user("admin"),
            network.id,
            Role::NetworkAdmin,
            &password,
        )
        .await?;
        for _ in 0..rng.random_range(4..=7) {
            serial += 1;
            let (first, first_km) = FIRST[rng.random_range(0..FIRST.len())];
            let (kind, kind_km) = KIND[rng.random_range(0..KIND.len())];
            let province = provinces[rng.random_range(0..provinces.len())].to_owned();
            // The serial keeps names unique when two members draw the same words.
            let new = NewOrganisation::parse(
                &format!("{first} {kind} {serial}"),
                &format!("{kind_km}{first_km} {serial}"),
                false,
            )?
            .based_in(Some(PlaceCode::parse(&province)?));
            let org = store.create_organisation(&new, Some(network.id)).await?;
            let prefix = format!("g{serial}");
            add_user(
                store,
                &format!("{prefix}.admin"),
                org.id,
                Role::OrgAdmin,
                &password,
            )
            .await?;
            let manager = add_user(
                store,
                &format!("{prefix}.manager"),
                org.id,
                Role::CaseManager,
                &password,
            )
            .await?;
            members.push(Member {
                id: org.id,
                province,
                manager,
                workers: Vec::new(),
            });
        }
    }
    let per_member = people / members.len().max(1) as u64;
    let workers = (per_member / 2_000).clamp(1, 12);
    for (i, member) in members.iter_mut().enumerate() {
        for w in 1..=workers {
            let name = format!("g{}.worker{w}", i + 1);
            let id = add_user(store, &name, member.id, Role::CaseWorker, &password).await?;
            member.workers.push(id);
        }
    }
    Ok(members)
}

async fn add_user(
    store: &Store,
    username: &str,
    org: OrgId,
    role: Role,
    password: &NewPassword,
) -> CliResult<UserId> {
    let user = store
        .create_user(NewUser {
            username: &Username::parse(username)?,
            name: &DisplayName::parse(&format!("Staff {username}"), "")?,
            password,
            org,
            role,
            language: None,
        })
        .await?;
    Ok(user.id)
}

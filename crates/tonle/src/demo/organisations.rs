//! Demo organisations, users for every role, and projects.

use indicatif::ProgressBar;
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::places::PlaceCode;
use tonle_domain::projects::{NewProject, ProjectInput};
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::users::NewUser;

use super::{DEMO_PASSWORD, DemoAccount};
use crate::failure::{CliResult, Failure};

/// (name, Khmer name, gazetteer code of where it is based)
pub const NETWORK: (&str, &str, &str) =
    ("Riverlight Protection Network", "បណ្តាញការពារពន្លឺទន្លេ", "1201");

const ORGANISATIONS: &[(&str, &str, &str)] = &[
    ("Chanpha Safe Home", "ផ្ទះសុវត្ថិភាពចំប៉ា", "0203"),
    ("Rumduol Legal Aid Centre", "មជ្ឈមណ្ឌលជំនួយច្បាប់រំដួល", "1201"),
    ("Sarika Village Livelihoods", "ជីវភាពភូមិសារិកា", "1401"),
    ("Kdam Outreach Team", "ក្រុមចុះជួយក្តាម", "0701"),
];

/// (username, Latin name, Khmer name, role, organisation; None = the network)
const USERS: &[(&str, &str, &str, Role, Option<&str>)] = &[
    (
        "network.admin",
        "Sok Vannak",
        "សុខ វណ្ណៈ",
        Role::NetworkAdmin,
        None,
    ),
    (
        "donor.viewer",
        "Prak Sovann",
        "ប្រាក់ សុវណ្ណ",
        Role::DonorViewer,
        None,
    ),
    (
        "chanpha.admin",
        "Chan Sreyneang",
        "ចាន់ ស្រីនាង",
        Role::OrgAdmin,
        Some("Chanpha Safe Home"),
    ),
    (
        "chanpha.manager",
        "Keo Dara",
        "កែវ ដារ៉ា",
        Role::CaseManager,
        Some("Chanpha Safe Home"),
    ),
    (
        "chanpha.worker",
        "Heng Sopheap",
        "ហេង សុភាព",
        Role::CaseWorker,
        Some("Chanpha Safe Home"),
    ),
    (
        "chanpha.worker2",
        "Lim Chenda",
        "លឹម ចិន្តា",
        Role::CaseWorker,
        Some("Chanpha Safe Home"),
    ),
    (
        "chanpha.shelter",
        "Ouk Bopha",
        "អ៊ុក បុប្ផា",
        Role::ShelterStaff,
        Some("Chanpha Safe Home"),
    ),
    (
        "rumduol.admin",
        "Pich Sophal",
        "ពេជ្រ សុផល",
        Role::OrgAdmin,
        Some("Rumduol Legal Aid Centre"),
    ),
    (
        "rumduol.legal",
        "Meas Rithy",
        "មាស រិទ្ធី",
        Role::LegalOfficer,
        Some("Rumduol Legal Aid Centre"),
    ),
    (
        "sarika.admin",
        "Nhem Sokunthea",
        "ញឹម សុគន្ធា",
        Role::OrgAdmin,
        Some("Sarika Village Livelihoods"),
    ),
    (
        "sarika.field",
        "Touch Vibol",
        "ទូច វិបុល",
        Role::FieldOfficer,
        Some("Sarika Village Livelihoods"),
    ),
    (
        "sarika.me",
        "Seng Malis",
        "សេង ម៉ាលីស",
        Role::MeOfficer,
        Some("Sarika Village Livelihoods"),
    ),
    (
        "kdam.admin",
        "Chea Piseth",
        "ជា ពិសិដ្ឋ",
        Role::OrgAdmin,
        Some("Kdam Outreach Team"),
    ),
    (
        "kdam.field",
        "Ly Kanha",
        "លី កញ្ញា",
        Role::FieldOfficer,
        Some("Kdam Outreach Team"),
    ),
];

/// (organisation, project, donor, start, end, budget, currency)
const PROJECTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "Chanpha Safe Home",
        "Safe return and reintegration",
        "Mekong Futures Fund",
        "2025-01-01",
        "2027-12-31",
        "486,250.00",
        "USD",
    ),
    (
        "Chanpha Safe Home",
        "Shelter care for young survivors",
        "Lotus Hands Trust",
        "2026-04-01",
        "2027-03-31",
        "212,400.00",
        "USD",
    ),
    (
        "Rumduol Legal Aid Centre",
        "Access to justice for survivors",
        "Northstar Foundation",
        "2025-07-01",
        "2027-06-30",
        "318,900.50",
        "USD",
    ),
    (
        "Sarika Village Livelihoods",
        "Savings groups against unsafe migration",
        "Mekong Futures Fund",
        "2026-01-01",
        "2028-12-31",
        "1,214,464.76",
        "USD",
    ),
    (
        "Sarika Village Livelihoods",
        "Village animal banks",
        "Kampong Rice Cooperative Fund",
        "2026-03-01",
        "2027-02-28",
        "96,000,000",
        "KHR",
    ),
    (
        "Kdam Outreach Team",
        "Community awareness in border communes",
        "Northstar Foundation",
        "2026-02-01",
        "2026-12-31",
        "74,300.00",
        "USD",
    ),
];

pub fn bad_seed(what: &str) -> Failure {
    Failure(format!(
        "The built-in demo data is invalid ({what}); this is a bug in Tonle."
    ))
}

pub async fn seed(store: &Store, bar: &ProgressBar) -> CliResult {
    bar.set_length((1 + ORGANISATIONS.len() + USERS.len() + PROJECTS.len()) as u64);
    let network = NewOrganisation::parse(NETWORK.0, NETWORK.1, true)?
        .based_in(Some(PlaceCode::parse(NETWORK.2)?));
    let network = store.create_organisation(&network, None).await?;
    bar.inc(1);
    for (name, name_km, place) in ORGANISATIONS {
        let new =
            NewOrganisation::parse(name, name_km, false)?.based_in(Some(PlaceCode::parse(place)?));
        store.create_organisation(&new, Some(network.id)).await?;
        bar.inc(1);
    }
    let password = NewPassword::parse(DEMO_PASSWORD)?;
    for (username, latin, khmer, role, org) in USERS {
        let org_name = org.unwrap_or(NETWORK.0);
        let org = store
            .find_organisation(org_name)
            .await?
            .ok_or_else(|| bad_seed(org_name))?;
        store
            .create_user(NewUser {
                username: &Username::parse(username)?,
                name: &DisplayName::parse(latin, khmer)?,
                password: &password,
                org: org.id,
                role: *role,
                language: None,
            })
            .await?;
        bar.inc(1);
    }
    for (org, name, donor, start, end, budget, currency) in PROJECTS {
        let org = store
            .find_organisation(org)
            .await?
            .ok_or_else(|| bad_seed(org))?;
        let input = ProjectInput {
            name,
            donor,
            start_date: start,
            end_date: end,
            budget,
            currency,
        };
        let project = NewProject::parse(&input).map_err(|_| bad_seed(name))?;
        store.create_project(org.id, &project).await?;
        bar.inc(1);
    }
    Ok(())
}

pub async fn find(store: &Store, name: &str) -> CliResult<tonle_domain::ids::OrgId> {
    Ok(store
        .find_organisation(name)
        .await?
        .ok_or_else(|| bad_seed(name))?
        .id)
}

pub async fn user(store: &Store, username: &str) -> CliResult<tonle_domain::ids::UserId> {
    Ok(store
        .user_by_name(username)
        .await?
        .ok_or_else(|| bad_seed(username))?
        .id)
}

/// The demo accounts present in the database, in the order of `USERS`.
pub async fn accounts(store: &Store) -> CliResult<Vec<DemoAccount>> {
    let mut out = Vec::new();
    for (username, _, _, role, org) in USERS {
        if store.user_by_name(username).await?.is_some() {
            out.push(DemoAccount {
                username: (*username).to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                role: *role,
                organisation: org.unwrap_or(NETWORK.0).to_owned(),
            });
        }
    }
    Ok(out)
}

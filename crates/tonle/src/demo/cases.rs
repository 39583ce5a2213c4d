//! Chanpha Safe Home's cases: one for each demo person who has a case worker, opened on the day
//! she was registered, with an identification (HTCDS codes, a short invented account); some in
//! follow-up, one closed with a case manager's approval. Invented, like the people.

use chrono::{Duration, Utc};
use tonle_domain::access::Scope;
use tonle_domain::cases::{ClosureReason, Step};
use tonle_domain::identification::{Identification, IdentificationInput};
use tonle_domain::roles::Role;
use tonle_domain::time::local_date;
use tonle_store::Store;
use tonle_store::audit::Actor;

use super::organisations::bad_seed;
use super::people::COUNT;
use crate::failure::CliResult;

/// (exploitation, sector, means of control, destination country, account)
const STORIES: &[(&str, &str, &[&str], &str, &str)] = &[
    (
        "Forced labour",
        "Agriculture, forestry and fishing",
        &[
            "Debt bondage",
            "Withholds documents",
            "Excessive working hours",
        ],
        "TH",
        "A broker promised farm work across the border; the boat owner kept her papers and her pay.",
    ),
    (
        "Sexual exploitation",
        "",
        &["False promises", "Physical threats", "Takes earnings"],
        "KH",
        "Offered a job as a waitress in the city; she was not allowed to leave the karaoke bar.",
    ),
    (
        "Forced labour",
        "Construction",
        &["Debt bondage", "Restricts financial access"],
        "MY",
        "Went with her husband to a building site; the recruitment fee became a debt that grew.",
    ),
    (
        "Forced marriage",
        "",
        &["False promises", "Psychological abuse"],
        "CN",
        "Told she would work in a factory; she was married to a man she had never met.",
    ),
    (
        "Forced labour",
        "Activities of households as employers; undifferentiated goods- and services- producing activities of households for own use",
        &[
            "Withholds documents",
            "Withholds necessities",
            "Excessive working hours",
        ],
        "TH",
        "Domestic work in a family home; she worked every day and was never paid.",
    ),
];

const RECRUITMENT: &[&str] = &[
    "Through friends or social events",
    "Through family or family events",
    "Through online social networks",
];
const RELATIONS: &[&str] = &["Broker or agent", "Neighbour or community member", "Friend"];
const IDENTIFIED_BY: &[&str] = &["NGO outreach", "Police", "Hotline", "Embassy or consulate"];

pub async fn seed(store: &Store) -> CliResult {
    let home = super::organisations::find(store, "Chanpha Safe Home").await?;
    let manager = super::organisations::user(store, "chanpha.manager").await?;
    let scope = Scope::new(manager, vec![(home, Role::CaseManager)]);
    let actor = Actor::user(manager, "demo");
    let mut people = store.recent_people(&actor, &scope, COUNT as u64).await?;
    people.reverse();
    let now = Utc::now();
    let mut closed = false;
    for (i, person) in people.iter().enumerate() {
        let Some(worker) = person.assigned_to else {
            continue;
        };
        let intake = local_date(person.created_at);
        let case = store
            .open_case(
                &actor,
                &scope,
                person.id,
                intake,
                Some(worker),
                person.created_at,
            )
            .await?;
        let (exploitation, sector, means, destination, story) = STORIES[i % STORIES.len()];
        let identified_on = intake.to_string();
        let departed = (intake - Duration::days(120)).to_string();
        let from = (intake - Duration::days(100)).to_string();
        let until = (intake - Duration::days(3)).to_string();
        let origin = person.origin.as_ref().map_or("", |p| p.as_str());
        let input = IdentificationInput {
            identified_by: IDENTIFIED_BY[i % IDENTIFIED_BY.len()],
            identified_on: &identified_on,
            trafficking_status: if i % 6 == 5 {
                "Possible victim of trafficking"
            } else {
                "Actual victim of trafficking"
            },
            recruitment_method: RECRUITMENT[i % RECRUITMENT.len()],
            recruiter_relation: RELATIONS[i % RELATIONS.len()],
            exploitation,
            labour_industry: sector,
            means_of_control: means.to_vec(),
            vulnerabilities: vec!["Poverty", "Migration"],
            origin_country: "KH",
            origin_place: origin,
            destination_country: destination,
            departed_on: &departed,
            exploited_from: &from,
            exploited_until: &until,
            narrative: story,
            ..IdentificationInput::default()
        };
        let found = Identification::parse(&input, local_date(now))
            .map_err(|_| bad_seed("identification"))?;
        store
            .save_identification(&actor, &scope, case, &found, person.created_at)
            .await?;
        let worker_scope = Scope::new(worker, vec![(home, Role::CaseWorker)]);
        let by_worker = Actor::user(worker, "demo");
        if i % 4 == 1 {
            store
                .move_case(&by_worker, &worker_scope, case, Step::FollowUp, now)
                .await?;
        }
        // The oldest case ends: her worker asks, the case manager approves.
        if !closed {
            store
                .move_case(
                    &by_worker,
                    &worker_scope,
                    case,
                    Step::RequestClosure(ClosureReason::GoalsMet),
                    now,
                )
                .await?;
            store
                .move_case(&actor, &scope, case, Step::ApproveClosure, now)
                .await?;
            closed = true;
        }
    }
    Ok(())
}

//! Chanpha Safe Home's shelters: a short-term shelter in Battambang and a transit centre at
//! the Poipet border crossing, with people living there now, past stays that ended with a
//! return to family, one transfer, and one stay past its planned length. Invented, like the
//! people they house.

use chrono::{Days, NaiveDate, Utc};
use tonle_domain::access::Scope;
use tonle_domain::ids::{PersonId, ShelterId};
use tonle_domain::roles::Role;
use tonle_domain::shelters::{Destination, FacilityInput, NewFacility};
use tonle_domain::time::local_date;
use tonle_store::Store;
use tonle_store::audit::Actor;

use super::organisations::bad_seed;
use super::people::COUNT;
use crate::failure::CliResult;

/// (name, kind, beds, planned days, commune)
const FACILITIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Chanpha Short-Term Shelter",
        "short-term",
        "12",
        "90",
        "020303",
    ),
    (
        "Chanpha Poipet Transit Centre",
        "transit",
        "6",
        "14",
        "011002",
    ),
];

/// What happens to demo person `i` (registered `(COUNT - i) * 9` days ago, oldest first).
enum Plan {
    /// Stayed `days` in the shelter, then left for `to`.
    Left(u64, Destination),
    /// Came through the transit centre, moved to the shelter after `days`, still there.
    Transferred(u64),
    /// Lives in the facility (0 shelter, 1 transit) since registration, or `days` ago.
    Living(usize, Option<u64>),
}

fn plan(i: usize) -> Option<Plan> {
    Some(match i {
        0 | 2 => Plan::Left(75, Destination::Family),
        1 => Plan::Left(60, Destination::Family),
        3 => Plan::Left(45, Destination::Community),
        4 => Plan::Transferred(10),
        9 => Plan::Left(30, Destination::Independent),
        21 => Plan::Left(3, Destination::LeftWithoutNotice),
        15..=20 => Plan::Living(0, None),
        22 => Plan::Living(1, Some(5)),
        23 => Plan::Living(1, Some(2)),
        _ => return None,
    })
}

fn day_before(today: NaiveDate, days: u64) -> CliResult<NaiveDate> {
    today
        .checked_sub_days(Days::new(days))
        .ok_or_else(|| bad_seed("shelter dates"))
}

pub async fn seed(store: &Store) -> CliResult {
    let home = super::organisations::find(store, "Chanpha Safe Home").await?;
    let manager = super::organisations::user(store, "chanpha.manager").await?;
    let staff = super::organisations::user(store, "chanpha.shelter").await?;
    let manager_scope = Scope::new(manager, vec![(home, Role::CaseManager)]);
    let staff_scope = Scope::new(staff, vec![(home, Role::ShelterStaff)]);
    let (by_manager, by_staff) = (Actor::user(manager, "demo"), Actor::user(staff, "demo"));
    let now = Utc::now();
    let today = local_date(now);
    let mut ids: Vec<ShelterId> = Vec::new();
    for (name, kind, capacity, planned_days, place) in FACILITIES {
        let input = FacilityInput {
            name,
            kind,
            capacity,
            planned_days,
            place,
        };
        let new = NewFacility::parse(&input).map_err(|_| bad_seed(name))?;
        ids.push(
            store
                .create_shelter(&by_manager, &manager_scope, home, &new, now)
                .await?,
        );
    }
    let [shelter, transit] = ids[..] else {
        return Err(bad_seed("shelters"));
    };
    // The demo people, oldest first (the list is newest first).
    let mut people: Vec<PersonId> = store
        .recent_people(&by_manager, &manager_scope, COUNT as u64)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    people.reverse();
    for (i, person) in people.into_iter().enumerate() {
        let Some(plan) = plan(i) else { continue };
        let registered = day_before(today, ((COUNT - i) * 9) as u64)?;
        let (who, scope) = (&by_staff, &staff_scope);
        match plan {
            Plan::Left(days, to) => {
                let stay = store
                    .admit(who, scope, shelter, person, registered, now)
                    .await?;
                let left = registered
                    .checked_add_days(Days::new(days))
                    .ok_or_else(|| bad_seed("shelter dates"))?
                    .min(today);
                store.discharge(who, scope, stay, left, to, now).await?;
            }
            Plan::Transferred(days) => {
                let stay = store
                    .admit(who, scope, transit, person, registered, now)
                    .await?;
                let moved = registered
                    .checked_add_days(Days::new(days))
                    .ok_or_else(|| bad_seed("shelter dates"))?;
                store
                    .transfer(who, scope, stay, shelter, moved, now)
                    .await?;
            }
            Plan::Living(facility, days) => {
                let admitted = match days {
                    Some(days) => day_before(today, days)?,
                    None => registered,
                };
                let facility = if facility == 0 { shelter } else { transit };
                store
                    .admit(who, scope, facility, person, admitted, now)
                    .await?;
            }
        }
    }
    Ok(())
}

//! The "Shelter stays" block of a person's record: whoever reaches her sees where she stayed
//! (case workers their own people); the facility links only for roles that see shelters.

use tonle_domain::access::Action;
use tonle_store::people::Person;

use super::today;
use crate::error::WebError;
use crate::state::AppState;
use crate::viewer::Member;

pub struct PersonStayRow {
    pub shelter: String,
    /// The facility's page, for roles that may open it.
    pub href: Option<String>,
    pub admitted_on: String,
    pub discharged_on: Option<String>,
    /// The Fluent key of where she went.
    pub destination: Option<&'static str>,
    pub overstayed: bool,
}

/// The person's stays, newest first.
pub async fn person_stays(
    state: &AppState,
    member: &Member,
    person: &Person,
) -> Result<Vec<PersonStayRow>, WebError> {
    if person.identity.is_none() {
        return Ok(Vec::new());
    }
    let scope = member.scope();
    let links = scope.allows(person.org, Action::ViewShelters);
    let today = today();
    Ok(state
        .store
        .stays_of(&scope, person.id)
        .await?
        .into_iter()
        .map(|s| PersonStayRow {
            href: links.then(|| format!("/shelters/{}", s.shelter)),
            admitted_on: s.admitted_on.to_string(),
            discharged_on: s.discharged_on.map(|d| d.to_string()),
            destination: s.destination.map(|d| d.label_key()),
            overstayed: s.overstayed(today),
            shelter: s.shelter_name,
        })
        .collect())
}

//! People: finding, registering and following the people an organisation serves. Every read
//! and change goes through the store, which checks the user's scope and audits it; here we
//! only decide what to show and which buttons to offer.

mod assign;
mod attachments;
mod consents;
mod erase;
mod form;
mod input;
mod list;
mod record;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tonle_domain::ids::{OrgId, PersonId, UserId};
use tonle_domain::language::Language;
use tonle_domain::places::PlaceCode;
use tonle_store::people::Person;
use tonle_store::places::Place;

use crate::error::WebError;
use crate::i18n;
use crate::places::path_text;
use crate::state::AppState;
use crate::viewer::Member;

pub use assign::assign;
pub use attachments::{
    UPLOAD_BODY_LIMIT, delete_attachment, download_attachment, upload_attachment,
};
pub use consents::{record_consent, withdraw_consent};
pub use erase::{confirm_erase, erase};
pub use form::{create, edit, new, update};
pub use list::{index, search};
pub use record::show;

/// An id from the address; anything that is not one is simply not there.
fn person_id(text: &str) -> Result<PersonId, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

/// Today in Cambodia (the store bounds dates given by the same day).
fn today() -> NaiveDate {
    tonle_domain::time::local_date(Utc::now())
}

/// Cambodia keeps UTC+7 all year; staff read times in it.
fn local_time(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(7 * 3600) {
        Some(ict) => at.with_timezone(&ict).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// "2004", or "about 2009" when the year was worked out from an estimated age.
fn birth_text(lang: Language, person: &Person) -> String {
    match person.birth_year {
        Some(year) if person.birth_year_estimated => {
            i18n::tr_args(lang, "people-born-about", &[("year", year.to_string())])
        }
        Some(year) => year.to_string(),
        None => String::new(),
    }
}

/// Province and district of a place, in the page's language ("Battambang › Banan").
fn coarse_place(
    lang: Language,
    lineages: &HashMap<String, Vec<Place>>,
    code: &Option<PlaceCode>,
) -> String {
    code.as_ref()
        .and_then(|c| lineages.get(c.as_str()))
        .map(|l| path_text(lang, &l[..l.len().min(2)]))
        .unwrap_or_default()
}

/// The full path of a place ("Battambang › Banan › Kantueu Muoy").
fn full_place(
    lang: Language,
    lineages: &HashMap<String, Vec<Place>>,
    code: &Option<PlaceCode>,
) -> String {
    code.as_ref()
        .and_then(|c| lineages.get(c.as_str()))
        .map(|l| path_text(lang, l))
        .unwrap_or_default()
}

/// The lineages of every place these people name, in one query.
async fn lineages(
    state: &AppState,
    people: &[&Person],
) -> Result<HashMap<String, Vec<Place>>, WebError> {
    let codes: Vec<String> = people
        .iter()
        .flat_map(|p| [&p.origin, &p.current])
        .filter_map(|c| c.as_ref().map(|c| c.as_str().to_owned()))
        .collect();
    Ok(state.store.place_lineages(&codes).await?)
}

/// An organisation's name as the member's memberships spell it, in the page's language.
fn org_name(member: &Member, org: OrgId) -> String {
    member
        .memberships
        .iter()
        .find(|m| m.org_id == org)
        .map(|m| match (member.language, &m.org_name_km) {
            (Language::Km, Some(km)) => km.clone(),
            _ => m.org_name.clone(),
        })
        .unwrap_or_default()
}

/// Display names of the users of `org` (and of any other ids asked for), by id.
async fn user_names(
    state: &AppState,
    lang: Language,
    org: OrgId,
    extra: &[UserId],
) -> Result<HashMap<UserId, String>, WebError> {
    let name = |u: &tonle_store::users::User| match (lang, &u.display_name_km) {
        (Language::Km, Some(km)) => km.clone(),
        _ => u.display_name.clone(),
    };
    let mut names: HashMap<UserId, String> = state
        .store
        .users_in(&[org])
        .await?
        .iter()
        .map(|(u, _)| (u.id, name(u)))
        .collect();
    for id in extra {
        if !names.contains_key(id)
            && let Some(user) = state.store.user(*id).await?
        {
            names.insert(user.id, name(&user));
        }
    }
    Ok(names)
}

/// The message after a change, from `?done=…` (only these keys, never text from the address).
fn notice_key(done: &str) -> Option<&'static str> {
    Some(match done {
        "added" => "person-added",
        "saved" => "person-saved",
        "erased" => "person-erased",
        "assigned" => "person-assigned-notice",
        "consent" => "consent-added",
        "withdrawn" => "consent-withdrawn",
        "attachment" => "attachment-added",
        "attachment-deleted" => "attachment-deleted",
        _ => return None,
    })
}

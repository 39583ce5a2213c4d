//! `GET /people`: the latest registered; `POST /people/search`: search by name (Khmer or Latin)
//! or phone. The search form posts, so searched names stay out of the address bar and the
//! browser's history on shared office computers.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tonle_domain::access::Action;
use tonle_protect::blind;

use super::{birth_text, coarse_place, lineages};
use crate::error::WebError;
use crate::page::{Page, render};
use crate::state::AppState;
use crate::viewer::Member;

/// How many of the latest people the list shows before anyone searches.
const RECENT: u64 = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    csrf: String,
    q: String,
}

pub struct Row {
    href: String,
    name_km: String,
    name_latin: String,
    sex: String,
    born: String,
    origin: String,
}

#[derive(Template)]
#[template(path = "people/index.html")]
struct PeoplePage {
    page: Page,
    q: String,
    rows: Vec<Row>,
    /// A query was typed but no word of it is long enough to search by.
    too_short: bool,
    searched: bool,
    can_register: bool,
}

/// Whether the store can search by this: a phone number, or a word of at least two letters.
fn searchable(q: &str) -> bool {
    let digits = q.chars().filter(char::is_ascii_digit).count();
    digits >= 6
        || blind::name_words(q)
            .iter()
            .any(|w| blind::search_prefix(w).is_some())
}

/// The latest registered. A `q` in the address is ignored: searches are posted, so that a
/// name never sits in an address, the browser's history or a link another site can make.
pub async fn index(State(state): State<AppState>, member: Member) -> Result<Response, WebError> {
    respond(&state, &member, "").await
}

/// `POST /people/search`.
pub async fn search(
    State(state): State<AppState>,
    member: Member,
    Form(form): Form<SearchForm>,
) -> Result<Response, WebError> {
    member.check_csrf(&form.csrf)?;
    respond(&state, &member, &form.q).await
}

async fn respond(state: &AppState, member: &Member, q: &str) -> Result<Response, WebError> {
    let scope = member.scope();
    if scope.orgs_for(Action::ViewPeople).is_empty() {
        return Err(WebError::Forbidden);
    }
    let actor = member.actor();
    let q: String = q.trim().chars().take(100).collect();
    let too_short = !q.is_empty() && !searchable(&q);
    let people = if q.is_empty() {
        state.store.recent_people(&actor, &scope, RECENT).await?
    } else if too_short {
        Vec::new()
    } else {
        state.store.search_people(&actor, &scope, &q).await?
    };
    let page = Page::member(member, "people-title", "/people");
    let lineages = lineages(state, &people.iter().collect::<Vec<_>>()).await?;
    let rows = people
        .iter()
        .filter_map(|p| {
            let identity = p.identity.as_ref()?;
            Some(Row {
                href: format!("/people/{}", p.id),
                name_km: identity.khmer_name(),
                name_latin: identity.latin_name(),
                sex: page.t(p.sex.label_key()),
                born: birth_text(page.lang, p),
                origin: coarse_place(page.lang, &lineages, &p.origin),
            })
        })
        .collect();
    render(&PeoplePage {
        searched: !q.is_empty() && !too_short,
        q,
        rows,
        too_short,
        can_register: !scope.orgs_for(Action::EditPeople).is_empty(),
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_queries_are_told_apart() {
        assert!(searchable("So"));
        assert!(searchable("ស្រី"));
        assert!(searchable("012 345 678"));
        assert!(!searchable("S"));
        assert!(!searchable("a b"));
        assert!(!searchable("ស"));
    }
}

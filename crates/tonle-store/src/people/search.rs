//! Finding people by name or phone through blind-index tokens: the database compares keyed
//! hashes; names are opened only for the candidates, and checked before they are shown.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tonle_domain::access::{Action, Scope};
use tonle_domain::people::Identity;
use tonle_domain::text::search_key;
use tonle_protect::blind;

use super::{Person, scope_condition};
use crate::audit::{Actor, Event};
use crate::entities::{person, person_token};
use crate::{Store, StoreError};

/// At most this many people are shown for one search.
pub const SEARCH_LIMIT: usize = 50;

/// Whether the query looks like a phone number rather than a name.
fn is_phone(query: &str) -> bool {
    let digits = query.chars().filter(char::is_ascii_digit).count();
    digits >= 6
        && query
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

/// Every word of the query begins some word of the person's names (tokens are truncated hashes
/// of prefixes up to ten letters, so candidates must be checked).
fn names_match(identity: &Identity, query: &str) -> bool {
    let words: Vec<String> = identity
        .names()
        .iter()
        .flat_map(|n| blind::name_words(n))
        .collect();
    blind::name_words(query)
        .iter()
        .filter(|w| w.chars().count() >= blind::MIN_PREFIX)
        .all(|q| words.iter().any(|w| w.starts_with(q.as_str())))
}

fn phone_matches(identity: &Identity, query: &str) -> bool {
    identity
        .phone
        .as_deref()
        .is_some_and(|p| blind::phone_digits(p) == blind::phone_digits(query))
}

impl Store {
    /// People in scope whose names begin with the query's words, or whose phone is the query.
    /// Searching is audited (without the query, which is itself identifying).
    pub async fn search_people(
        &self,
        actor: &Actor,
        scope: &Scope,
        query: &str,
    ) -> Result<Vec<Person>, StoreError> {
        let query: String = query.chars().take(100).collect();
        let phone = is_phone(&query);
        let ring = self.keys()?;
        let key = ring.index_key();
        let mut ids: Vec<i64> = Vec::new();
        for org in scope.orgs_for(Action::ViewPeople) {
            let tokens: Vec<Vec<u8>> = if phone {
                blind::phone_token(key, org.0, &query)
                    .map(|t| vec![t.to_vec()])
                    .unwrap_or_default()
            } else {
                blind::name_query_tokens(key, org.0, &query)
                    .into_iter()
                    .map(|t| t.to_vec())
                    .collect()
            };
            if tokens.is_empty() {
                continue;
            }
            let wanted = tokens.len() as i64;
            let found: Vec<i64> = person_token::Entity::find()
                .select_only()
                .column(person_token::Column::PersonId)
                .filter(person_token::Column::OrgId.eq(org.0))
                .filter(person_token::Column::Token.is_in(tokens))
                .group_by(person_token::Column::PersonId)
                .having(Expr::col(person_token::Column::Token).count().eq(wanted))
                .limit(SEARCH_LIMIT as u64 * 4)
                .into_tuple()
                .all(self.db())
                .await?;
            ids.extend(found);
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .filter(scope_condition(scope))
            .filter(person::Column::ErasedAt.is_null())
            .order_by_desc(person::Column::Id)
            .all(self.db())
            .await?;
        let mut people: Vec<Person> = self
            .unseal(&ring, rows)
            .await?
            .into_iter()
            .filter(|p| {
                p.identity.as_ref().is_some_and(|i| {
                    if phone {
                        phone_matches(i, &query)
                    } else {
                        names_match(i, &query)
                    }
                })
            })
            .collect();
        people.sort_by_cached_key(|p| {
            p.identity
                .as_ref()
                .map(|i| search_key(&i.latin_name()))
                .unwrap_or_default()
        });
        people.truncate(SEARCH_LIMIT);
        let field = if phone { "phone" } else { "names" };
        self.audit(actor, &Event::new("person.search").fields(&[field]))
            .await?;
        Ok(people)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_names_are_told_apart() {
        assert!(is_phone("012 345 678"));
        assert!(is_phone("+855 12-345-678"));
        assert!(!is_phone("Sok 12"));
        assert!(!is_phone("1234"));
    }

    #[test]
    fn candidates_are_checked_word_by_word() {
        let identity = Identity {
            family_name_latin: "Sok".into(),
            given_name_latin: "Sreymom".into(),
            given_name_km: "ស្រីមុំ".into(),
            ..Identity::default()
        };
        assert!(names_match(&identity, "srey sok"));
        assert!(names_match(&identity, "ស្រី"));
        assert!(!names_match(&identity, "sreymomx"));
        assert!(!names_match(&identity, "dara"));
    }
}

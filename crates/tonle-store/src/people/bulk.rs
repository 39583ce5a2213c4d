//! Many people at once (the data generator; imports later). The same sealing, key wrapping and
//! blind tokens as `create_person`, but prepared on any thread and written a batch per
//! transaction with multi-row INSERTs: one statement per few thousand rows instead of ~40
//! round trips per person.
//!
//! Ids are chosen by the caller (from [`Store::next_person_id`]) because the sealed identity and
//! the wrapped key are bound to them. A concurrent `create_person` taking one of those ids makes
//! the batch fail on the primary key, leaving nothing half-written.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue, ConnectionTrait, EntityTrait, QuerySelect, Set, Statement, TransactionTrait,
};
use tonle_domain::consent::Purpose;
use tonle_domain::ids::{OrgId, PersonId, UserId};
use tonle_domain::people::PersonDetails;
use tonle_protect::blind::Token;
use tonle_protect::crypto::{self, DataKey, WrappedKey};
use tonle_protect::keys::KeyRing;

use super::{owner, sealed_identity, tokens_of};
use crate::audit::{Actor, Event};
use crate::entities::{consent, person, person_key, person_token};
use crate::{Backend, Store, StoreError};

/// Rows per INSERT, kept under both backends' limits on bound values (SQLite 32,766; PostgreSQL
/// 65,535) for the widest table.
const PERSON_ROWS: usize = 1_000;
const NARROW_ROWS: usize = 5_000;

/// A consent given when the person was registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub purpose: Purpose,
    pub recipient: Option<OrgId>,
    pub given_on: NaiveDate,
}

/// A person to register, with who registered them and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub org: OrgId,
    pub details: PersonDetails,
    pub assigned_to: Option<UserId>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub consents: Vec<NewConsent>,
}

/// A person sealed and tokenised, ready for [`Store::insert_people_batch`].
#[derive(Debug, Clone)]
pub struct PreparedPerson {
    id: i64,
    person: NewPerson,
    key: WrappedKey,
    identity: Vec<u8>,
    tokens: Vec<Token>,
}

impl PreparedPerson {
    /// Seals `person` under a new data key wrapped by the active master key, and computes its
    /// blind tokens. Pure computation: run it on a worker thread.
    pub fn prepare(ring: &KeyRing, id: PersonId, person: NewPerson) -> Result<Self, StoreError> {
        let data_key = DataKey::random();
        let key = crypto::wrap(ring, &owner(id.0), &data_key)?;
        let identity = sealed_identity(&data_key, id.0, &person.details.identity)?;
        let tokens = tokens_of(ring, person.org, &person.details.identity);
        Ok(Self {
            id: id.0,
            person,
            key,
            identity,
            tokens,
        })
    }

    pub fn id(&self) -> PersonId {
        PersonId(self.id)
    }

    /// How many blind-index rows the person has.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }
}

fn person_row(p: &PreparedPerson) -> person::ActiveModel {
    let d = &p.person.details;
    person::ActiveModel {
        id: Set(p.id),
        org_id: Set(p.person.org.0),
        sex: Set(d.sex.code().to_owned()),
        birth_year: Set(d.birth_year),
        birth_year_estimated: Set(d.birth_year_estimated),
        nationality: Set(d.nationality.clone()),
        origin_place_code: Set(d.origin.as_ref().map(|c| c.as_str().to_owned())),
        current_place_code: Set(d.current.as_ref().map(|c| c.as_str().to_owned())),
        identity: Set(Some(p.identity.clone())),
        assigned_to: Set(p.person.assigned_to.map(|u| u.0)),
        created_by: Set(p.person.created_by.0),
        created_at: Set(p.person.created_at),
        updated_at: Set(p.person.created_at),
        erased_at: Set(None),
    }
}

/// The fields the single audit entry of a bulk-registered person names: it stands for the
/// registration, the assignment and the consents that `create_person`, `assign_person` and
/// `record_consent` would each have logged.
const AUDITED: &[&str] = &[
    "identity",
    "sex",
    "birth_year",
    "places",
    "assigned_to",
    "consent",
];

impl Store {
    /// The id the next bulk-registered person should get.
    pub async fn next_person_id(&self) -> Result<PersonId, StoreError> {
        let max: Option<Option<i64>> = person::Entity::find()
            .select_only()
            .expr(Expr::col(person::Column::Id).max())
            .into_tuple()
            .one(self.db())
            .await?;
        Ok(PersonId(max.flatten().unwrap_or(0) + 1))
    }

    /// Writes prepared people, their data keys, tokens and consents, and one audit entry each
    /// (action `person.create`, by `client`), in one transaction.
    pub async fn insert_people_batch(
        &self,
        client: &str,
        people: &[PreparedPerson],
    ) -> Result<(), StoreError> {
        if people.is_empty() {
            return Ok(());
        }
        let txn = self.db().begin().await?;
        for chunk in people.chunks(PERSON_ROWS) {
            person::Entity::insert_many(chunk.iter().map(person_row))
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in people.chunks(NARROW_ROWS) {
            person_key::Entity::insert_many(chunk.iter().map(|p| person_key::ActiveModel {
                person_id: Set(p.id),
                master_id: Set(p.key.master_id as i32),
                wrapped: Set(p.key.sealed.clone()),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        let tokens: Vec<person_token::ActiveModel> = people
            .iter()
            .flat_map(|p| {
                p.tokens.iter().map(|t| person_token::ActiveModel {
                    person_id: Set(p.id),
                    token: Set(t.to_vec()),
                    org_id: Set(p.person.org.0),
                })
            })
            .collect();
        let mut tokens = tokens.into_iter().peekable();
        while tokens.peek().is_some() {
            let chunk: Vec<_> = tokens.by_ref().take(NARROW_ROWS).collect();
            person_token::Entity::insert_many(chunk)
                .exec_without_returning(&txn)
                .await?;
        }
        let consents: Vec<consent::ActiveModel> = people
            .iter()
            .flat_map(|p| {
                p.person.consents.iter().map(|c| consent::ActiveModel {
                    id: ActiveValue::NotSet,
                    org_id: Set(p.person.org.0),
                    person_id: Set(p.id),
                    purpose: Set(c.purpose.code().to_owned()),
                    recipient_org_id: Set(c.recipient.map(|o| o.0)),
                    given_on: Set(c.given_on),
                    recorded_by: Set(p.person.created_by.0),
                    recorded_at: Set(p.person.created_at),
                    withdrawn_on: Set(None),
                    withdrawn_by: Set(None),
                    withdrawn_at: Set(None),
                })
            })
            .collect();
        for chunk in consents.chunks(PERSON_ROWS) {
            consent::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        let actors: Vec<Actor> = people
            .iter()
            .map(|p| Actor::user(p.person.created_by, client))
            .collect();
        let entries: Vec<(&Actor, Event<'_>, DateTime<Utc>)> = people
            .iter()
            .zip(&actors)
            .map(|(p, actor)| {
                let event = Event::new("person.create")
                    .on("person", p.id, p.person.org)
                    .fields(AUDITED);
                (actor, event, p.person.created_at)
            })
            .collect();
        self.audit_many_in(&txn, &entries).await?;
        if self.backend() == Backend::Postgres {
            // Explicit ids do not move the sequence; the next `create_person` must not reuse one.
            txn.execute_raw(Statement::from_string(
                txn.get_database_backend(),
                "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT max(id) FROM person))",
            ))
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

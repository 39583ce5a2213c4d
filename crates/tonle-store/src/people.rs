//! People: identifying details sealed with a data key per person, found by blind-index tokens,
//! read and changed only within the acting user's scope, every read and change audited.

mod bulk;
pub(crate) mod keys;
mod search;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tonle_domain::access::{Action, Reach, Scope, allows};
use tonle_domain::ids::{OrgId, PersonId, UserId};
use tonle_domain::people::{Identity, PersonDetails, Sex};
use tonle_domain::places::PlaceCode;
use tonle_protect::crypto::{self, DataKey};
use tonle_protect::keys::KeyRing;

use crate::audit::{Actor, Event};
use crate::entities::{person, person_key, person_token};
use crate::{Store, StoreError};

pub use bulk::{NewConsent, NewPerson, PreparedPerson};
pub use search::SEARCH_LIMIT;

/// A person as a user in scope sees them. `identity` is `None` once erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub org: OrgId,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub birth_year_estimated: bool,
    pub nationality: Option<String>,
    pub origin: Option<PlaceCode>,
    pub current: Option<PlaceCode>,
    pub identity: Option<Identity>,
    pub assigned_to: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub erased_at: Option<DateTime<Utc>>,
}

fn owner(id: i64) -> String {
    format!("person:{id}")
}

fn identity_context(id: i64) -> String {
    format!("person:{id}/identity")
}

/// The fields of a person's record, by the names the audit log uses.
fn changed_fields(old: &Person, new: &PersonDetails) -> Vec<&'static str> {
    let Some(identity) = &old.identity else {
        return Vec::new();
    };
    let pairs: [(&'static str, bool); 11] = [
        (
            "names",
            identity.family_name_km != new.identity.family_name_km
                || identity.given_name_km != new.identity.given_name_km
                || identity.family_name_latin != new.identity.family_name_latin
                || identity.given_name_latin != new.identity.given_name_latin,
        ),
        ("aliases", identity.aliases != new.identity.aliases),
        (
            "date_of_birth",
            identity.date_of_birth != new.identity.date_of_birth,
        ),
        ("phone", identity.phone != new.identity.phone),
        ("address", identity.address != new.identity.address),
        ("sex", old.sex != new.sex),
        ("birth_year", old.birth_year != new.birth_year),
        (
            "birth_year_estimated",
            old.birth_year_estimated != new.birth_year_estimated,
        ),
        ("nationality", old.nationality != new.nationality),
        ("origin_place", old.origin != new.origin),
        ("current_place", old.current != new.current),
    ];
    pairs
        .into_iter()
        .filter(|(_, c)| *c)
        .map(|(f, _)| f)
        .collect()
}

/// The rows a scope reaches: per organisation, all its people or only those assigned to the user.
pub(crate) fn scope_condition(scope: &Scope) -> Condition {
    let mut any = Condition::any();
    for org in scope.orgs_for(Action::ViewPeople) {
        let in_org = person::Column::OrgId.eq(org.0);
        any = match scope.people_reach(org) {
            Some(Reach::Organisation) => any.add(in_org),
            Some(Reach::Assigned) => any.add(
                Condition::all()
                    .add(in_org)
                    .add(person::Column::AssignedTo.eq(scope.user.0)),
            ),
            None => any,
        };
    }
    // With no organisation in reach, `any()` of nothing matches nothing.
    any
}

fn sealed_identity(key: &DataKey, id: i64, identity: &Identity) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(identity).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!("identity to JSON: {e}")))
    })?;
    Ok(crypto::seal(key, &identity_context(id), &json))
}

fn open_identity(key: &DataKey, id: i64, sealed: &[u8]) -> Result<Identity, StoreError> {
    let json = crypto::open(key, &identity_context(id), sealed)?;
    serde_json::from_slice(&json).map_err(|_| StoreError::Crypto(crypto::CryptoError::Damaged))
}

impl Store {
    /// Registers a person in `org`. Case workers' new people are assigned to themselves.
    pub async fn create_person(
        &self,
        actor: &Actor,
        scope: &Scope,
        org: OrgId,
        details: &PersonDetails,
        now: DateTime<Utc>,
    ) -> Result<PersonId, StoreError> {
        if !scope.allows(org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        let assigned_to = match scope.people_reach(org) {
            Some(Reach::Assigned) => Some(scope.user.0),
            _ => None,
        };
        let ring = self.keys()?;
        let txn = self.db().begin().await?;
        let row = person::ActiveModel {
            org_id: Set(org.0),
            sex: Set(details.sex.code().to_owned()),
            birth_year: Set(details.birth_year),
            birth_year_estimated: Set(details.birth_year_estimated),
            nationality: Set(details.nationality.clone()),
            origin_place_code: Set(details.origin.as_ref().map(|p| p.as_str().to_owned())),
            current_place_code: Set(details.current.as_ref().map(|p| p.as_str().to_owned())),
            identity: Set(None),
            assigned_to: Set(assigned_to),
            created_by: Set(scope.user.0),
            created_at: Set(now),
            updated_at: Set(now),
            erased_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let key = DataKey::random();
        let wrapped = crypto::wrap(&ring, &owner(row.id), &key)?;
        person_key::ActiveModel {
            person_id: Set(row.id),
            master_id: Set(wrapped.master_id as i32),
            wrapped: Set(wrapped.sealed),
        }
        .insert(&txn)
        .await?;
        let sealed = sealed_identity(&key, row.id, &details.identity)?;
        let id = row.id;
        let mut active: person::ActiveModel = row.into();
        active.identity = Set(Some(sealed));
        active.update(&txn).await?;
        write_tokens(&txn, &ring, id, org, &details.identity).await?;
        let event = Event::new("person.create").on("person", id, org).fields(&[
            "identity",
            "sex",
            "birth_year",
            "places",
        ]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(PersonId(id))
    }

    /// One person, if the scope reaches them; the read is audited.
    pub async fn view_person(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: PersonId,
    ) -> Result<Person, StoreError> {
        let person = self.person_in_scope(scope, id).await?;
        let event = Event::new("person.view")
            .on("person", id.0, person.org)
            .fields(&["identity"]);
        self.audit(actor, &event).await?;
        Ok(person)
    }

    /// A person within scope, unaudited: for callers that audit what they then do with it (a
    /// change, an upload), so that one action does not leave a "viewed" entry as well.
    pub async fn find_person(&self, scope: &Scope, id: PersonId) -> Result<Person, StoreError> {
        self.person_in_scope(scope, id).await
    }

    pub(crate) async fn person_in_scope(
        &self,
        scope: &Scope,
        id: PersonId,
    ) -> Result<Person, StoreError> {
        let row = person::Entity::find_by_id(id.0)
            .filter(scope_condition(scope))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let ring = self.keys()?;
        let mut people = self.unseal(&ring, vec![row]).await?;
        people.pop().ok_or(StoreError::NotFound)
    }

    /// Changes a person's details; the audit entry names the fields that changed.
    pub async fn update_person(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: PersonId,
        details: &PersonDetails,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let old = self.person_in_scope(scope, id).await?;
        if !scope.allows(old.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        if old.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        let fields = changed_fields(&old, details);
        if fields.is_empty() {
            return Ok(());
        }
        let ring = self.keys()?;
        let txn = self.db().begin().await?;
        hold_unerased(&txn, id, now).await?;
        let key = keys::data_key(&txn, &ring, id.0).await?;
        let sealed = sealed_identity(&key, id.0, &details.identity)?;
        person::ActiveModel {
            id: Set(id.0),
            sex: Set(details.sex.code().to_owned()),
            birth_year: Set(details.birth_year),
            birth_year_estimated: Set(details.birth_year_estimated),
            nationality: Set(details.nationality.clone()),
            origin_place_code: Set(details.origin.as_ref().map(|p| p.as_str().to_owned())),
            current_place_code: Set(details.current.as_ref().map(|p| p.as_str().to_owned())),
            identity: Set(Some(sealed)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        person_token::Entity::delete_many()
            .filter(person_token::Column::PersonId.eq(id.0))
            .exec(&txn)
            .await?;
        write_tokens(&txn, &ring, id.0, old.org, &details.identity).await?;
        let event = Event::new("person.update")
            .on("person", id.0, old.org)
            .fields(&fields);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Destroys a person's data key and sealed details ("crypto-shredding"); what remains (sex,
    /// year of birth, places at commune level) still counts in statistics.
    pub async fn erase_person(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: PersonId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let person = self.person_in_scope(scope, id).await?;
        if !scope.allows(person.org, Action::ErasePeople) {
            return Err(StoreError::Forbidden);
        }
        if person.erased_at.is_some() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        let txn = self.db().begin().await?;
        person::ActiveModel {
            id: Set(id.0),
            identity: Set(None),
            erased_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        crate::attachments::delete_all_of(&txn, id).await?;
        person_key::Entity::delete_by_id(id.0).exec(&txn).await?;
        person_token::Entity::delete_many()
            .filter(person_token::Column::PersonId.eq(id.0))
            .exec(&txn)
            .await?;
        let event = Event::new("person.erase")
            .on("person", id.0, person.org)
            .fields(&["identity"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        self.scrub_after_erasure().await;
        Ok(())
    }

    /// Makes an erasure reach the files. SQLite overwrites deleted content (`secure_delete`),
    /// but the old pages may still sit in the write-ahead log: checkpoint and truncate it.
    /// PostgreSQL keeps dead rows until VACUUM: run it on the tables that held her, in the
    /// background (it can take a while on large tables). Best effort: a failure is logged.
    async fn scrub_after_erasure(&self) {
        let db = self.db().clone();
        let statements: &[&str] = match self.backend() {
            crate::Backend::Sqlite => &["PRAGMA wal_checkpoint(TRUNCATE)"],
            crate::Backend::Postgres => {
                &["VACUUM person, person_key, person_token, attachment, identification"]
            }
        };
        let run = async move {
            for sql in statements {
                let statement =
                    sea_orm::Statement::from_string(db.get_database_backend(), (*sql).to_owned());
                if let Err(e) = db.execute_raw(statement).await {
                    tracing::warn!(error = %e, "could not scrub after an erasure");
                }
            }
        };
        match self.backend() {
            crate::Backend::Sqlite => run.await,
            crate::Backend::Postgres => {
                tokio::spawn(run);
            }
        }
    }

    /// The most recently registered people in scope (erased ones left out), newest first.
    pub async fn recent_people(
        &self,
        actor: &Actor,
        scope: &Scope,
        limit: u64,
    ) -> Result<Vec<Person>, StoreError> {
        let rows = person::Entity::find()
            .filter(scope_condition(scope))
            .filter(person::Column::ErasedAt.is_null())
            .order_by_desc(person::Column::Id)
            .limit(limit)
            .all(self.db())
            .await?;
        let ring = self.keys()?;
        let people = self.unseal(&ring, rows).await?;
        self.audit(actor, &Event::new("person.list").fields(&["names"]))
            .await?;
        Ok(people)
    }

    /// Opens the sealed details of `rows` (one key lookup for all of them).
    pub(crate) async fn unseal(
        &self,
        ring: &KeyRing,
        rows: Vec<person::Model>,
    ) -> Result<Vec<Person>, StoreError> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut keys = keys::data_keys(self.db(), ring, &ids).await?;
        rows.into_iter()
            .map(|row| {
                let identity = match (&row.identity, keys.remove(&row.id)) {
                    (Some(sealed), Some(key)) => Some(open_identity(&key, row.id, sealed)?),
                    _ => None,
                };
                Ok(Person {
                    id: PersonId(row.id),
                    org: OrgId(row.org_id),
                    sex: Sex::from_code(&row.sex).unwrap_or(Sex::Unknown),
                    birth_year: row.birth_year,
                    birth_year_estimated: row.birth_year_estimated,
                    nationality: row.nationality,
                    origin: row
                        .origin_place_code
                        .and_then(|c| PlaceCode::parse(&c).ok()),
                    current: row
                        .current_place_code
                        .and_then(|c| PlaceCode::parse(&c).ok()),
                    identity,
                    assigned_to: row.assigned_to.map(UserId),
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    erased_at: row.erased_at,
                })
            })
            .collect()
    }

    /// Reassigns a person to a case worker of the same organisation (or to nobody).
    pub async fn assign_person(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: PersonId,
        worker: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let person = self.person_in_scope(scope, id).await?;
        if scope.people_reach(person.org) != Some(Reach::Organisation)
            || !scope.allows(person.org, Action::EditPeople)
        {
            return Err(StoreError::Forbidden);
        }
        if let Some(worker) = worker {
            // Only someone who may register and change the organisation's people.
            let member = self
                .memberships(worker)
                .await?
                .into_iter()
                .any(|m| m.org_id == person.org && allows(m.role, Action::EditPeople));
            let enabled = self.user(worker).await?.is_some_and(|u| !u.disabled);
            if !member || !enabled {
                return Err(StoreError::Refused("error-assign-outside"));
            }
        }
        let txn = self.db().begin().await?;
        person::ActiveModel {
            id: Set(id.0),
            assigned_to: Set(worker.map(|w| w.0)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        let event = Event::new("person.assign")
            .on("person", id.0, person.org)
            .fields(&["assigned_to"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// The blind tokens a person's names and phone are indexed under, sorted, without repeats.
fn tokens_of(ring: &KeyRing, org: OrgId, identity: &Identity) -> Vec<tonle_protect::blind::Token> {
    let key = ring.index_key();
    let mut tokens = tonle_protect::blind::name_tokens(key, org.0, identity.names());
    if let Some(phone) = identity
        .phone
        .as_deref()
        .and_then(|p| tonle_protect::blind::phone_token(key, org.0, p))
    {
        tokens.push(phone);
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// Starts a change to a person's sealed data: takes the person's row (the lock an erasure also
/// takes first) and refuses if she was erased meanwhile, so a change racing an erasure cannot
/// bring any of her details back.
pub(crate) async fn hold_unerased<C: ConnectionTrait>(
    txn: &C,
    id: PersonId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let held = person::Entity::update_many()
        .col_expr(
            person::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(person::Column::Id.eq(id.0))
        .filter(person::Column::ErasedAt.is_null())
        .exec(txn)
        .await?;
    if held.rows_affected == 0 {
        return Err(StoreError::Refused("error-person-erased"));
    }
    Ok(())
}

/// Indexes a person's names and phone under blind tokens.
async fn write_tokens<C: ConnectionTrait>(
    txn: &C,
    ring: &KeyRing,
    id: i64,
    org: OrgId,
    identity: &Identity,
) -> Result<(), StoreError> {
    let tokens = tokens_of(ring, org, identity);
    if tokens.is_empty() {
        return Ok(());
    }
    person_token::Entity::insert_many(tokens.into_iter().map(|token| person_token::ActiveModel {
        person_id: Set(id),
        token: Set(token.to_vec()),
        org_id: Set(org.0),
    }))
    .exec(txn)
    .await?;
    Ok(())
}

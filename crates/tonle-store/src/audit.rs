//! The audit log: append-only, hash-chained with the audit key (see `tonle_protect::audit`).
//! Entries name who did what to which record and which fields, never the values.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use tonle_domain::ids::{OrgId, UserId};
use tonle_protect::audit::{ChainHash, EntryContent, GENESIS, chain_hash};

use crate::entities::{audit_event, audit_head};
use crate::{Store, StoreError};

mod bulk;

/// Who is acting, and from where (the client's address), for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    pub client: String,
}

impl Actor {
    pub fn user(user: UserId, client: impl Into<String>) -> Self {
        Self {
            user: Some(user),
            client: client.into(),
        }
    }

    /// Someone not signed in (yet), known only by address.
    pub fn anonymous(client: &str) -> Self {
        Self {
            user: None,
            client: client.to_owned(),
        }
    }

    /// The command line on this machine.
    pub fn console() -> Self {
        Self {
            user: None,
            client: "console".into(),
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: &'a str,
    pub record: Option<(&'a str, i64)>,
    pub org: Option<OrgId>,
    /// Names of the fields read or changed (never their values).
    pub fields: &'a [&'a str],
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str) -> Self {
        Self {
            action,
            record: None,
            org: None,
            fields: &[],
        }
    }

    pub fn on(mut self, record_type: &'a str, id: i64, org: OrgId) -> Self {
        self.record = Some((record_type, id));
        self.org = Some(org);
        self
    }

    /// A record outside any one organisation (a user account).
    pub fn about(mut self, record_type: &'a str, id: i64) -> Self {
        self.record = Some((record_type, id));
        self
    }

    pub fn fields(mut self, fields: &'a [&'a str]) -> Self {
        self.fields = fields;
        self
    }
}

/// An entry as shown in a record's audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: Option<UserId>,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub org: Option<OrgId>,
    pub fields: String,
    pub client: String,
}

impl From<audit_event::Model> for AuditEntry {
    fn from(r: audit_event::Model) -> Self {
        AuditEntry {
            seq: r.seq,
            at: r.at,
            actor: r.actor_id.map(UserId),
            action: r.action,
            record_type: r.record_type,
            record_id: r.record_id,
            org: r.org_id.map(OrgId),
            fields: r.fields,
            client: r.client,
        }
    }
}

/// What `verify_audit` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditReport {
    pub entries: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub problems: Vec<AuditProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditProblem {
    /// Entries `from..=to` are gone.
    Missing { from: i64, to: i64 },
    /// The entry's content or hash is not what was written (edited, or inserted in its place).
    Altered { seq: i64 },
    /// The log ends before (or after) where its head says it does.
    HeadMismatch { head_seq: i64, last_seq: i64 },
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn content<'a>(row: &'a audit_event::Model) -> EntryContent<'a> {
    EntryContent {
        seq: row.seq,
        at: &row.at,
        actor: row.actor_id,
        action: &row.action,
        record_type: row.record_type.as_deref(),
        record_id: row.record_id,
        org_id: row.org_id,
        fields: &row.fields,
        client: &row.client,
    }
}

fn to_hash(bytes: &[u8]) -> ChainHash {
    let mut hash = GENESIS;
    if bytes.len() == hash.len() {
        hash.copy_from_slice(bytes);
    }
    hash
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const PAGE: u64 = 2000;

impl Store {
    /// Appends an entry in its own transaction.
    pub async fn audit(&self, actor: &Actor, event: &Event<'_>) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        self.audit_in(&txn, actor, event, Utc::now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Appends an entry inside the caller's transaction, so it stands or falls with the change.
    pub(crate) async fn audit_in<C: ConnectionTrait>(
        &self,
        txn: &C,
        actor: &Actor,
        event: &Event<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let ring = self.keys()?;
        // Bumping the head first takes the write lock (SQLite) or the row lock (PostgreSQL):
        // appends are serialised, so the chain never forks.
        audit_head::Entity::update_many()
            .col_expr(
                audit_head::Column::Seq,
                Expr::col(audit_head::Column::Seq).add(1),
            )
            .filter(audit_head::Column::Id.eq(1))
            .exec(txn)
            .await?;
        let head = audit_head::Entity::find_by_id(1)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut fields = event.fields.join(",");
        fields.truncate(400);
        let mut client = actor.client.clone();
        client.truncate(64);
        let row = audit_event::Model {
            seq: head.seq,
            at: timestamp(now),
            actor_id: actor.user.map(|u| u.0),
            action: event.action.to_owned(),
            record_type: event.record.map(|(t, _)| t.to_owned()),
            record_id: event.record.map(|(_, id)| id),
            org_id: event.org.map(|o| o.0),
            fields,
            client,
            hash: Vec::new(),
        };
        let hash = chain_hash(ring.audit_key(), &to_hash(&head.hash), &content(&row));
        audit_event::ActiveModel {
            hash: Set(hash.to_vec()),
            ..audit_event::ActiveModel::from(row)
        }
        .insert(txn)
        .await?;
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Hash, Expr::value(hash.to_vec()))
            .filter(audit_head::Column::Id.eq(1))
            .exec(txn)
            .await?;
        Ok(())
    }

    /// The latest entries about one record, newest first.
    pub async fn audit_trail(
        &self,
        record_type: &str,
        record_id: i64,
        limit: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::RecordType.eq(record_type))
            .filter(audit_event::Column::RecordId.eq(record_id))
            .order_by_desc(audit_event::Column::Seq)
            .limit(limit)
            .all(self.db())
            .await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// What happened in some organisations, newest first, before entry `before` if given: to
    /// their records, and by or to their users (sign-ins, searches, account changes).
    pub async fn audit_of_organisations(
        &self,
        orgs: &[OrgId],
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        let users: Vec<i64> = self
            .users_in(orgs)
            .await?
            .iter()
            .map(|(u, _)| u.id.0)
            .collect();
        let org_ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
        let mut query = audit_event::Entity::find()
            // Entries about these organisations' records; and entries about no organisation's
            // record (sign-ins, searches, account changes) by or about their users. A member
            // who also works elsewhere: what she does there stays there.
            .filter(
                Condition::any()
                    .add(audit_event::Column::OrgId.is_in(org_ids))
                    .add(
                        Condition::all()
                            .add(audit_event::Column::OrgId.is_null())
                            .add(
                                Condition::any()
                                    .add(audit_event::Column::ActorId.is_in(users.clone()))
                                    .add(
                                        Condition::all()
                                            .add(audit_event::Column::RecordType.eq("user"))
                                            .add(audit_event::Column::RecordId.is_in(users)),
                                    ),
                            ),
                    ),
            )
            .order_by_desc(audit_event::Column::Seq)
            .limit(limit);
        if let Some(before) = before {
            query = query.filter(audit_event::Column::Seq.lt(before));
        }
        Ok(query
            .all(self.db())
            .await?
            .into_iter()
            .map(AuditEntry::from)
            .collect())
    }

    /// Recomputes the whole chain and reports every entry that was edited, inserted or deleted.
    pub async fn verify_audit(
        &self,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<AuditReport, StoreError> {
        let ring = self.keys()?;
        let key = ring.audit_key();
        let total = audit_event::Entity::find().count(self.db()).await?;
        let head = audit_head::Entity::find_by_id(1)
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut report = AuditReport {
            head_seq: head.seq,
            head_hash: hex(&head.hash),
            ..AuditReport::default()
        };
        let (mut previous, mut last_seq) = (GENESIS, 0i64);
        loop {
            let rows = audit_event::Entity::find()
                .filter(audit_event::Column::Seq.gt(last_seq))
                .order_by_asc(audit_event::Column::Seq)
                .limit(PAGE)
                .all(self.db())
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                if row.seq != last_seq + 1 {
                    report.problems.push(AuditProblem::Missing {
                        from: last_seq + 1,
                        to: row.seq - 1,
                    });
                }
                let expected = chain_hash(key, &previous, &content(row));
                // After a gap the entry cannot match (its predecessor is gone): the gap says it.
                if expected.as_slice() != row.hash.as_slice() && row.seq == last_seq + 1 {
                    report.problems.push(AuditProblem::Altered { seq: row.seq });
                }
                // Carry on from the stored hash, so one bad entry does not condemn the rest.
                previous = to_hash(&row.hash);
                last_seq = row.seq;
                report.entries += 1;
            }
            progress(report.entries, total);
        }
        if last_seq != head.seq || (last_seq > 0 && previous.as_slice() != head.hash.as_slice()) {
            report.problems.push(AuditProblem::HeadMismatch {
                head_seq: head.seq,
                last_seq,
            });
        }
        Ok(report)
    }
}

impl Store {
    /// Whether anything in the database depends on the key ring (sealed people or the audit
    /// chain), so that starting with a new key ring would lose it.
    pub async fn depends_on_keys(&self) -> Result<bool, StoreError> {
        let sealed = crate::entities::person_key::Entity::find()
            .count(self.db())
            .await?;
        let audited = audit_event::Entity::find().count(self.db()).await?;
        Ok(sealed > 0 || audited > 0)
    }
}

//! Appending many entries at once: the head is bumped by their number in one statement (taking
//! the same lock as a single append), the chain is computed in memory, and the rows go in with
//! multi-row INSERTs.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tonle_protect::audit::chain_hash;

use super::{Actor, Event, content, timestamp, to_hash};
use crate::entities::{audit_event, audit_head};
use crate::{Store, StoreError};

/// Under both backends' limits on bound values (10 columns a row).
const ROWS: usize = 2_000;

impl Store {
    /// Appends `entries` in order inside the caller's transaction.
    pub(crate) async fn audit_many_in<C: ConnectionTrait>(
        &self,
        txn: &C,
        entries: &[(&Actor, Event<'_>, DateTime<Utc>)],
    ) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let ring = self.keys()?;
        // An i32, as in the single append: the statement's text is the same, and PostgreSQL
        // connections cache it with the type of its parameter.
        let n = i32::try_from(entries.len()).map_err(|_| StoreError::Refused("error-internal"))?;
        audit_head::Entity::update_many()
            .col_expr(
                audit_head::Column::Seq,
                Expr::col(audit_head::Column::Seq).add(n),
            )
            .filter(audit_head::Column::Id.eq(1))
            .exec(txn)
            .await?;
        let head = audit_head::Entity::find_by_id(1)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut previous = to_hash(&head.hash);
        let first = head.seq - i64::from(n) + 1;
        let mut rows = Vec::with_capacity(entries.len());
        for (i, (actor, event, at)) in entries.iter().enumerate() {
            let mut fields = event.fields.join(",");
            fields.truncate(400);
            let mut client = actor.client.clone();
            client.truncate(64);
            let mut row = audit_event::Model {
                seq: first + i as i64,
                at: timestamp(*at),
                actor_id: actor.user.map(|u| u.0),
                action: event.action.to_owned(),
                record_type: event.record.map(|(t, _)| t.to_owned()),
                record_id: event.record.map(|(_, id)| id),
                org_id: event.org.map(|o| o.0),
                fields,
                client,
                hash: Vec::new(),
            };
            previous = chain_hash(ring.audit_key(), &previous, &content(&row));
            row.hash = previous.to_vec();
            rows.push(row);
        }
        for chunk in rows.chunks(ROWS) {
            audit_event::Entity::insert_many(
                chunk.iter().cloned().map(audit_event::ActiveModel::from),
            )
            .exec_without_returning(txn)
            .await?;
        }
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Hash, Expr::value(previous.to_vec()))
            .filter(audit_head::Column::Id.eq(1))
            .exec(txn)
            .await?;
        Ok(())
    }
}

//! People's data keys: looked up, unwrapped, and re-wrapped when the master key rotates.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use tonle_protect::crypto::{self, DataKey, WrappedKey};
use tonle_protect::keys::KeyRing;

use super::owner;
use crate::entities::person_key;
use crate::{Store, StoreError};

fn wrapped(row: &person_key::Model) -> WrappedKey {
    WrappedKey {
        master_id: row.master_id as u32,
        sealed: row.wrapped.clone(),
    }
}

/// One person's data key; `NotFound` once erased.
pub(crate) async fn data_key<C: ConnectionTrait>(
    db: &C,
    ring: &KeyRing,
    id: i64,
) -> Result<DataKey, StoreError> {
    let row = person_key::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(crypto::unwrap(ring, &owner(id), &wrapped(&row))?)
}

/// The data keys of several people (erased ones have none).
pub(super) async fn data_keys<C: ConnectionTrait>(
    db: &C,
    ring: &KeyRing,
    ids: &[i64],
) -> Result<HashMap<i64, DataKey>, StoreError> {
    let mut keys = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows = person_key::Entity::find()
            .filter(person_key::Column::PersonId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for row in rows {
            keys.insert(
                row.person_id,
                crypto::unwrap(ring, &owner(row.person_id), &wrapped(&row))?,
            );
        }
    }
    Ok(keys)
}

const REWRAP_BATCH: u64 = 500;

impl Store {
    /// The master keys that data keys are wrapped under, with how many each.
    pub async fn master_keys_in_use(&self) -> Result<Vec<(u32, u64)>, StoreError> {
        let rows: Vec<(i32, i64)> = person_key::Entity::find()
            .select_only()
            .column(person_key::Column::MasterId)
            .column_as(Expr::col(person_key::Column::PersonId).count(), "n")
            .group_by(person_key::Column::MasterId)
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (id as u32, Ord::max(n, 0) as u64))
            .collect())
    }

    /// Re-wraps every data key not under the active master key, a batch per transaction, so
    /// the server keeps working meanwhile. Returns how many were re-wrapped.
    pub async fn rewrap_person_keys(
        &self,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<u64, StoreError> {
        let ring = self.keys()?;
        let active = ring.active_id() as i32;
        let total = person_key::Entity::find()
            .filter(person_key::Column::MasterId.ne(active))
            .count(self.db())
            .await?;
        let mut done = 0;
        loop {
            let txn = self.db().begin().await?;
            let rows = person_key::Entity::find()
                .filter(person_key::Column::MasterId.ne(active))
                .order_by_asc(person_key::Column::PersonId)
                .limit(REWRAP_BATCH)
                .all(&txn)
                .await?;
            if rows.is_empty() {
                txn.rollback().await?;
                break;
            }
            for row in &rows {
                let key = crypto::unwrap(&ring, &owner(row.person_id), &wrapped(row))?;
                let new = crypto::wrap(&ring, &owner(row.person_id), &key)?;
                // Only if still under the old key: a concurrent erase or re-wrap wins.
                person_key::Entity::update_many()
                    .col_expr(
                        person_key::Column::MasterId,
                        Expr::value(new.master_id as i32),
                    )
                    .col_expr(person_key::Column::Wrapped, Expr::value(new.sealed))
                    .filter(person_key::Column::PersonId.eq(row.person_id))
                    .filter(person_key::Column::MasterId.eq(row.master_id))
                    .exec(&txn)
                    .await?;
            }
            txn.commit().await?;
            done += rows.len() as u64;
            progress(done, Ord::max(total, done));
        }
        Ok(done)
    }
}

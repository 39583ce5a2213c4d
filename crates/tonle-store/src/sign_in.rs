//! Sign-in state between requests: failed-attempt counters (per typed user name and per client
//! address) and the pending state between a correct password and the second factor.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use tonle_domain::ids::UserId;
use tonle_domain::sign_in::{ACCOUNT, ADDRESS, Attempts, ThrottlePolicy, wait};
use tonle_protect::secrets;

use crate::entities::{sign_in_pending, sign_in_throttle};
use crate::{Store, StoreError};

/// The throttle keys of one attempt: digests, so no typed name or address is kept in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleKeys {
    pub account: String,
    pub address: Option<String>,
}

impl ThrottleKeys {
    /// `username` as typed (known or not: both are counted alike); `address` of the client.
    pub fn new(username: &str, address: Option<&str>) -> Self {
        ThrottleKeys {
            account: account_key(username),
            address: address.map(|a| secrets::digest(&format!("address:{a}"))),
        }
    }

    /// Keys for the code step, whose account key was fixed at the password step.
    pub fn for_account(account_key: &str, address: Option<&str>) -> Self {
        let mut keys = ThrottleKeys::new("", address);
        keys.account = account_key.to_owned();
        keys
    }

    fn with_policies(&self) -> Vec<(&str, ThrottlePolicy)> {
        let mut keys = vec![(self.account.as_str(), ACCOUNT)];
        if let Some(address) = &self.address {
            keys.push((address.as_str(), ADDRESS));
        }
        keys
    }
}

/// The throttle key of a typed user name, normalised as sign-in normalises it.
pub fn account_key(username: &str) -> String {
    secrets::digest(&format!("user:{}", username.trim().to_ascii_lowercase()))
}

/// A correct password whose second factor is still due.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub user: UserId,
    pub account_key: String,
    pub next: String,
    pub attempts: i32,
}

/// How long the code step may take after the password step.
pub const PENDING_LIFETIME: Duration = Duration::minutes(5);
/// Wrong codes allowed on one pending sign-in before it must start over with the password.
pub const PENDING_ATTEMPTS: i32 = 5;

fn attempts(row: &sign_in_throttle::Model) -> Attempts {
    Attempts {
        failures: u32::try_from(row.failures).unwrap_or(0),
        last_failure_at: row.last_failure_at,
        next_allowed_at: row.next_allowed_at,
    }
}

impl Store {
    /// How long the attempt must wait (the longer of the account's and the address's), if at all.
    pub async fn sign_in_wait(
        &self,
        keys: &ThrottleKeys,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, StoreError> {
        let ids: Vec<String> = keys
            .with_policies()
            .iter()
            .map(|(k, _)| (*k).to_owned())
            .collect();
        let rows = sign_in_throttle::Entity::find()
            .filter(sign_in_throttle::Column::KeyDigest.is_in(ids))
            .all(self.db())
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| wait(Some(&attempts(r)), now))
            .max())
    }

    /// Counts a failed password or code under both keys, in one transaction.
    pub async fn record_sign_in_failure(
        &self,
        keys: &ThrottleKeys,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        for (key, policy) in keys.with_policies() {
            // Write first (an empty counter if there is none), so SQLite takes its write lock
            // before the read and two failures at once cannot both count as the first.
            sign_in_throttle::Entity::insert(sign_in_throttle::ActiveModel {
                key_digest: Set(key.to_owned()),
                failures: Set(0),
                last_failure_at: Set(now),
                next_allowed_at: Set(None),
            })
            .on_conflict_do_nothing_on([sign_in_throttle::Column::KeyDigest])
            .exec(&txn)
            .await?;
            let Some(row) = sign_in_throttle::Entity::find_by_id(key).one(&txn).await? else {
                continue;
            };
            let before = attempts(&row);
            let after = policy.after_failure(Some(&before), now);
            let mut active = row.into_active_model();
            active.failures = Set(i32::try_from(after.failures).unwrap_or(i32::MAX));
            active.last_failure_at = Set(after.last_failure_at);
            active.next_allowed_at = Set(after.next_allowed_at);
            active.update(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Forgets an account's failures after a complete sign-in. (The address's count is left to
    /// run out: one's own account must not reset the counter for guesses at others.)
    pub async fn clear_sign_in_failures(&self, account_key: &str) -> Result<(), StoreError> {
        sign_in_throttle::Entity::delete_by_id(account_key)
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Starts the code step; the token goes in a short-lived cookie.
    pub async fn create_pending_sign_in(
        &self,
        user: UserId,
        account_key: &str,
        next: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = secrets::token();
        sign_in_pending::ActiveModel {
            token_digest: Set(secrets::digest(&token)),
            user_id: Set(user.0),
            account_key: Set(account_key.to_owned()),
            next: Set(next.chars().take(2048).collect()),
            attempts: Set(0),
            created_at: Set(now),
        }
        .insert(self.db())
        .await?;
        Ok(token)
    }

    /// The pending sign-in behind a token, if it is still live.
    pub async fn pending_sign_in(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingSignIn>, StoreError> {
        let digest = secrets::digest(token);
        let Some(row) = sign_in_pending::Entity::find_by_id(digest.as_str())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        if now - row.created_at > PENDING_LIFETIME || row.attempts >= PENDING_ATTEMPTS {
            self.end_pending_sign_in(token).await?;
            return Ok(None);
        }
        Ok(Some(PendingSignIn {
            user: UserId(row.user_id),
            account_key: row.account_key,
            next: row.next,
            attempts: row.attempts,
        }))
    }

    /// Counts a wrong code against the pending sign-in.
    pub async fn pending_sign_in_failed(&self, token: &str) -> Result<(), StoreError> {
        sign_in_pending::Entity::update_many()
            .col_expr(
                sign_in_pending::Column::Attempts,
                Expr::col(sign_in_pending::Column::Attempts).add(1),
            )
            .filter(sign_in_pending::Column::TokenDigest.eq(secrets::digest(token)))
            .exec(self.db())
            .await?;
        Ok(())
    }

    pub async fn end_pending_sign_in(&self, token: &str) -> Result<(), StoreError> {
        sign_in_pending::Entity::delete_by_id(secrets::digest(token).as_str())
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Deletes counters and pending sign-ins that no longer matter.
    pub async fn purge_sign_in_state(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let counters = sign_in_throttle::Entity::delete_many()
            .filter(sign_in_throttle::Column::LastFailureAt.lt(now - Duration::days(1)))
            .exec(self.db())
            .await?
            .rows_affected;
        let pending = sign_in_pending::Entity::delete_many()
            .filter(sign_in_pending::Column::CreatedAt.lt(now - PENDING_LIFETIME))
            .exec(self.db())
            .await?
            .rows_affected;
        Ok(counters + pending)
    }
}

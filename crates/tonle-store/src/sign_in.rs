//! Sign-in state between requests: failed-attempt counters (per typed user name and per client
//! address) and the pending state between a correct password and the second factor.

use std::net::{IpAddr, Ipv6Addr};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use tonle_domain::ids::UserId;
use tonle_domain::sign_in::{ACCOUNT, ADDRESS, Attempts, ThrottlePolicy, wait};
use tonle_protect::{blind, secrets};

use crate::entities::{sign_in_pending, sign_in_throttle};
use crate::{Store, StoreError};

/// The throttle keys of one attempt: keyed digests (HMAC under the index key), so no typed name
/// or address is kept in clear and a copy of the database cannot be checked against guesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleKeys {
    pub account: String,
    pub address: Option<String>,
}

impl ThrottleKeys {
    fn with_policies(&self) -> Vec<(&str, ThrottlePolicy)> {
        let mut keys = vec![(self.account.as_str(), ACCOUNT)];
        if let Some(address) = &self.address {
            keys.push((address.as_str(), ADDRESS));
        }
        keys
    }
}

/// The part of a client address that is counted: an IPv4 address, or an IPv6 client's /64
/// (one machine usually has a whole /64 to pick addresses from).
pub fn address_scope(address: &str) -> String {
    match address.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => format!("{}/64", Ipv6Addr::from(v6.to_bits() & (u128::MAX << 64))),
        },
        Err(_) => address.trim().to_owned(),
    }
}

/// What the throttle says about an attempt about to be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Check it. It already counts as a failure; a success releases or clears it.
    Allowed(Locks),
    /// Refused without checking anything: wait this long.
    Wait(Duration),
}

/// The keys this attempt starts a wait on, should it fail (for the audit log: once per lock).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Locks {
    pub account: bool,
    pub address: bool,
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

/// Counters untouched this long are forgotten by the policies, and purged.
const COUNTER_RETENTION: Duration = Duration::hours(1);

impl Store {
    /// The throttle key of a typed user name, normalised as sign-in normalises it.
    pub fn account_key(&self, username: &str) -> Result<String, StoreError> {
        let name = username.trim().to_ascii_lowercase();
        Ok(blind::throttle_digest(
            self.keys()?.index_key(),
            &format!("user:{name}"),
        ))
    }

    /// `username` as typed (known or not: both are counted alike); `address` of the client.
    pub fn throttle_keys(
        &self,
        username: &str,
        address: Option<&str>,
    ) -> Result<ThrottleKeys, StoreError> {
        let account = self.account_key(username)?;
        self.throttle_keys_for_account(&account, address)
    }

    /// Keys for the code step, whose account key was fixed at the password step.
    pub fn throttle_keys_for_account(
        &self,
        account_key: &str,
        address: Option<&str>,
    ) -> Result<ThrottleKeys, StoreError> {
        let address = match address {
            Some(a) => Some(blind::throttle_digest(
                self.keys()?.index_key(),
                &format!("address:{}", address_scope(a)),
            )),
            None => None,
        };
        Ok(ThrottleKeys {
            account: account_key.to_owned(),
            address,
        })
    }

    /// How long an attempt would wait now (the longer of the account's and the address's), if
    /// at all. Only a look: deciding an attempt is [`Store::reserve_sign_in_attempt`]'s job.
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

    /// Decides an attempt before anything is checked, and counts it as a failure under both
    /// keys in the same transaction, so simultaneous attempts are decided one after the other
    /// and no more than the policy allows get through. A refused attempt changes nothing.
    pub async fn reserve_sign_in_attempt(
        &self,
        keys: &ThrottleKeys,
        now: DateTime<Utc>,
    ) -> Result<Attempt, StoreError> {
        let txn = self.db().begin().await?;
        let mut longest: Option<Duration> = None;
        let mut counted = Vec::new();
        for (key, policy) in keys.with_policies() {
            // The writes come first: they take the row's lock (PostgreSQL) or the database's
            // write lock (SQLite) until the commit, so the read below sees every earlier attempt.
            sign_in_throttle::Entity::insert(sign_in_throttle::ActiveModel {
                key_digest: Set(key.to_owned()),
                failures: Set(0),
                last_failure_at: Set(now),
                next_allowed_at: Set(None),
            })
            .on_conflict_do_nothing_on([sign_in_throttle::Column::KeyDigest])
            .exec(&txn)
            .await?;
            sign_in_throttle::Entity::update_many()
                .col_expr(
                    sign_in_throttle::Column::Failures,
                    Expr::col(sign_in_throttle::Column::Failures).add(1),
                )
                .filter(sign_in_throttle::Column::KeyDigest.eq(key))
                .exec(&txn)
                .await?;
            let Some(row) = sign_in_throttle::Entity::find_by_id(key).one(&txn).await? else {
                continue;
            };
            let mut before = attempts(&row);
            before.failures = before.failures.saturating_sub(1);
            let before = (before.failures > 0).then_some(before);
            if let Some(w) = wait(before.as_ref(), now) {
                longest = longest.max(Some(w));
                continue;
            }
            counted.push((key, policy.after_failure(before.as_ref(), now)));
        }
        if let Some(w) = longest {
            txn.rollback().await?;
            return Ok(Attempt::Wait(w));
        }
        let mut locks = Locks::default();
        for (key, after) in counted {
            sign_in_throttle::Entity::update_many()
                .col_expr(
                    sign_in_throttle::Column::Failures,
                    Expr::value(i32::try_from(after.failures).unwrap_or(i32::MAX)),
                )
                .col_expr(
                    sign_in_throttle::Column::LastFailureAt,
                    Expr::value(after.last_failure_at),
                )
                .col_expr(
                    sign_in_throttle::Column::NextAllowedAt,
                    Expr::value(after.next_allowed_at),
                )
                .filter(sign_in_throttle::Column::KeyDigest.eq(key))
                .exec(&txn)
                .await?;
            if after.next_allowed_at.is_some() {
                if key == keys.account {
                    locks.account = true;
                } else {
                    locks.address = true;
                }
            }
        }
        txn.commit().await?;
        Ok(Attempt::Allowed(locks))
    }

    /// Gives back an allowed attempt that turned out right but is not a complete sign-in (a
    /// correct password before the code step, a correct current password on the account page).
    pub async fn release_sign_in_attempt(&self, keys: &ThrottleKeys) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        release(&txn, &keys.with_policies()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// After a complete sign-in: the account's count is forgotten; the address's attempt is
    /// only given back (one's own account must not reset the count of guesses at others).
    pub async fn sign_in_succeeded(&self, keys: &ThrottleKeys) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        sign_in_throttle::Entity::delete_by_id(keys.account.as_str())
            .exec(&txn)
            .await?;
        if let Some(address) = &keys.address {
            release(&txn, &[(address.as_str(), ADDRESS)]).await?;
        }
        txn.commit().await?;
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

    /// Uses up one of the pending sign-in's code attempts before the code is checked; false
    /// when none is left (or it expired), so simultaneous codes cannot exceed the limit.
    pub async fn use_pending_attempt(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let updated = sign_in_pending::Entity::update_many()
            .col_expr(
                sign_in_pending::Column::Attempts,
                Expr::col(sign_in_pending::Column::Attempts).add(1),
            )
            .filter(sign_in_pending::Column::TokenDigest.eq(secrets::digest(token)))
            .filter(sign_in_pending::Column::Attempts.lt(PENDING_ATTEMPTS))
            .filter(sign_in_pending::Column::CreatedAt.gte(now - PENDING_LIFETIME))
            .exec(self.db())
            .await?;
        Ok(updated.rows_affected == 1)
    }

    pub async fn end_pending_sign_in(&self, token: &str) -> Result<(), StoreError> {
        sign_in_pending::Entity::delete_by_id(secrets::digest(token).as_str())
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Deletes counters and pending sign-ins that no longer matter (run with session purging).
    pub async fn purge_sign_in_state(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let counters = sign_in_throttle::Entity::delete_many()
            .filter(sign_in_throttle::Column::LastFailureAt.lt(now - COUNTER_RETENTION))
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

/// Takes one attempt back from each key; below the free failures again, no wait remains.
async fn release(
    txn: &DatabaseTransaction,
    keys: &[(&str, ThrottlePolicy)],
) -> Result<(), StoreError> {
    for (key, policy) in keys {
        let updated = sign_in_throttle::Entity::update_many()
            .col_expr(
                sign_in_throttle::Column::Failures,
                Expr::col(sign_in_throttle::Column::Failures).sub(1),
            )
            .filter(sign_in_throttle::Column::KeyDigest.eq(*key))
            .filter(sign_in_throttle::Column::Failures.gt(0))
            .exec(txn)
            .await?;
        if updated.rows_affected == 0 {
            continue;
        }
        sign_in_throttle::Entity::update_many()
            .col_expr(
                sign_in_throttle::Column::NextAllowedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(sign_in_throttle::Column::KeyDigest.eq(*key))
            .filter(
                sign_in_throttle::Column::Failures
                    .lt(i32::try_from(policy.free_failures).unwrap_or(i32::MAX)),
            )
            .exec(txn)
            .await?;
    }
    Ok(())
}

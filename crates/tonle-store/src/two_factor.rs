//! TOTP two-factor sign-in: a user's secret, the last accepted step, one-time recovery codes,
//! and organisations that require it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use tonle_domain::ids::{OrgId, UserId};
use tonle_protect::crypto::{self, CryptoError};
use tonle_protect::keys::KeyRing;

use crate::entities::{membership, organisation, recovery_code, two_factor};
use crate::{Store, StoreError};

/// Format of a stored secret: 1, the master key's id (4 bytes, big-endian), then the secret
/// sealed under that master key for this user alone.
const SEALED_V1: u8 = 1;

fn totp_context(user: UserId) -> String {
    format!("user:{}/totp", user.0)
}

/// What goes into `two_factor.totp_secret`. The only place a TOTP secret is written.
pub fn seal_totp_secret(
    ring: &KeyRing,
    user: UserId,
    secret: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let (master_id, master) = ring
        .active_master()
        .map_err(|e| StoreError::Crypto(CryptoError::Key(e)))?;
    let mut out = vec![SEALED_V1];
    out.extend_from_slice(&master_id.to_be_bytes());
    out.extend_from_slice(&crypto::seal(master, &totp_context(user), secret));
    Ok(out)
}

/// The master key a stored secret is sealed under.
fn sealed_master(sealed: &[u8]) -> Option<u32> {
    match sealed {
        [SEALED_V1, a, b, c, d, ..] => Some(u32::from_be_bytes([*a, *b, *c, *d])),
        _ => None,
    }
}

/// The TOTP secret back from `two_factor.totp_secret`. The only place one is read.
pub fn open_totp_secret(
    ring: &KeyRing,
    user: UserId,
    sealed: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let master_id = sealed_master(sealed).ok_or(StoreError::Crypto(CryptoError::Damaged))?;
    let master = ring
        .master(master_id)
        .map_err(|e| StoreError::Crypto(CryptoError::Key(e)))?;
    Ok(crypto::open(master, &totp_context(user), &sealed[5..])?)
}

/// A user's second factor as stored.
#[derive(Debug, Clone)]
pub struct TwoFactor {
    pub secret: Vec<u8>,
    /// False while enrolment awaits its first code.
    pub enabled: bool,
    pub last_step: Option<i64>,
    pub recovery_codes_left: u64,
}

/// Recovery codes are typed by people: case, spaces and dashes do not matter. The digest is
/// keyed (the index key) and bound to the user: about 50 random bits would fall to a brute-force
/// search of a plain hash taken from a dump.
fn recovery_digest(ring: &KeyRing, user: UserId, code: &str) -> String {
    let clean: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    tonle_protect::blind::throttle_digest(ring.index_key(), &format!("recovery:{}:{clean}", user.0))
}

impl Store {
    pub async fn two_factor(&self, user: UserId) -> Result<Option<TwoFactor>, StoreError> {
        let Some(row) = two_factor::Entity::find_by_id(user.0)
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let left = recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(user.0))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(self.db())
            .await?;
        Ok(Some(TwoFactor {
            secret: open_totp_secret(&*self.keys()?, user, &row.totp_secret)?,
            enabled: row.enabled_at.is_some(),
            last_step: row.last_step,
            recovery_codes_left: left,
        }))
    }

    /// Starts enrolment with a new secret (replacing an unconfirmed one). Refused with
    /// `Conflict` when two-factor sign-in is already on.
    pub async fn begin_two_factor(
        &self,
        user: UserId,
        secret: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sealed = seal_totp_secret(&*self.keys()?, user, secret)?;
        let txn = self.db().begin().await?;
        two_factor::Entity::delete_many()
            .filter(two_factor::Column::UserId.eq(user.0))
            .filter(two_factor::Column::EnabledAt.is_null())
            .exec(&txn)
            .await?;
        two_factor::ActiveModel {
            user_id: Set(user.0),
            totp_secret: Set(sealed),
            enabled_at: Set(None),
            last_step: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(StoreError::unique("two-factor-already-on"))?;
        txn.commit().await?;
        Ok(())
    }

    /// Turns two-factor sign-in on after a correct first code (its step is used up) and stores
    /// the recovery codes' digests, in one transaction. False if there was nothing to confirm.
    pub async fn enable_two_factor(
        &self,
        user: UserId,
        step: i64,
        recovery_codes: &[String],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let txn = self.db().begin().await?;
        let updated = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::EnabledAt, Expr::value(now))
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::UserId.eq(user.0))
            .filter(two_factor::Column::EnabledAt.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Ok(false);
        }
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        let ring = self.keys()?;
        let rows = recovery_codes.iter().map(|c| recovery_code::ActiveModel {
            user_id: Set(user.0),
            code_digest: Set(recovery_digest(&ring, user, c)),
            used_at: Set(None),
            ..Default::default()
        });
        recovery_code::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Turns two-factor sign-in off and forgets the secret and recovery codes.
    pub async fn disable_two_factor(&self, user: UserId) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        two_factor::Entity::delete_many()
            .filter(two_factor::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Uses up a TOTP step: true only for a step later than any accepted before, so a code
    /// seen over someone's shoulder cannot be replayed. One statement, so two requests with
    /// the same code cannot both win.
    pub async fn accept_totp_step(&self, user: UserId, step: i64) -> Result<bool, StoreError> {
        let updated = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::UserId.eq(user.0))
            .filter(two_factor::Column::EnabledAt.is_not_null())
            .filter(
                two_factor::Column::LastStep
                    .is_null()
                    .or(two_factor::Column::LastStep.lt(step)),
            )
            .exec(self.db())
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Uses up a recovery code: true the first time only.
    pub async fn use_recovery_code(
        &self,
        user: UserId,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let updated = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
            .filter(recovery_code::Column::UserId.eq(user.0))
            .filter(recovery_code::Column::CodeDigest.eq(recovery_digest(
                &*self.keys()?,
                user,
                code,
            )))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(self.db())
            .await?;
        Ok(updated.rows_affected > 0)
    }

    /// Whether the user belongs to an organisation that requires two-factor sign-in and has
    /// not turned it on.
    pub async fn must_enrol_two_factor(&self, user: UserId) -> Result<bool, StoreError> {
        let orgs: Vec<i64> = membership::Entity::find()
            .filter(membership::Column::UserId.eq(user.0))
            .all(self.db())
            .await?
            .into_iter()
            .map(|m| m.org_id)
            .collect();
        let requiring = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(orgs))
            .filter(organisation::Column::RequireTwoFactor.eq(true))
            .count(self.db())
            .await?;
        if requiring == 0 {
            return Ok(false);
        }
        let enabled = two_factor::Entity::find_by_id(user.0)
            .filter(two_factor::Column::EnabledAt.is_not_null())
            .count(self.db())
            .await?;
        Ok(enabled == 0)
    }

    pub async fn set_two_factor_required(
        &self,
        org: OrgId,
        required: bool,
    ) -> Result<(), StoreError> {
        let updated = organisation::Entity::update_many()
            .col_expr(
                organisation::Column::RequireTwoFactor,
                Expr::value(required),
            )
            .filter(organisation::Column::Id.eq(org.0))
            .exec(self.db())
            .await?;
        if updated.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

impl Store {
    /// Re-seals every TOTP secret not under the active master key (after a rotation).
    pub async fn reseal_totp_secrets(&self) -> Result<u64, StoreError> {
        let ring = self.keys()?;
        let rows = two_factor::Entity::find().all(self.db()).await?;
        let mut done = 0;
        for row in rows {
            if sealed_master(&row.totp_secret) == Some(ring.active_id()) {
                continue;
            }
            let user = UserId(row.user_id);
            let secret = open_totp_secret(&ring, user, &row.totp_secret)?;
            two_factor::Entity::update_many()
                .col_expr(
                    two_factor::Column::TotpSecret,
                    Expr::value(seal_totp_secret(&ring, user, &secret)?),
                )
                .filter(two_factor::Column::UserId.eq(row.user_id))
                .filter(two_factor::Column::TotpSecret.eq(row.totp_secret.clone()))
                .exec(self.db())
                .await?;
            done += 1;
        }
        Ok(done)
    }

    /// The master keys TOTP secrets are sealed under, with how many each.
    pub async fn totp_master_keys(&self) -> Result<Vec<(u32, u64)>, StoreError> {
        let mut counts: Vec<(u32, u64)> = Vec::new();
        for row in two_factor::Entity::find().all(self.db()).await? {
            let Some(id) = sealed_master(&row.totp_secret) else {
                continue;
            };
            match counts.iter_mut().find(|(m, _)| *m == id) {
                Some((_, n)) => *n += 1,
                None => counts.push((id, 1)),
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_round_trips_and_refuses_unknown_formats() {
        let ring = KeyRing::generate(Utc::now());
        let (me, other) = (UserId(4), UserId(5));
        let sealed = seal_totp_secret(&ring, me, b"0123456789abcdefghij").unwrap_or_default();
        assert_eq!(
            open_totp_secret(&ring, me, &sealed).ok(),
            Some(b"0123456789abcdefghij".to_vec())
        );
        assert!(!sealed.windows(10).any(|w| w == b"0123456789"));
        assert!(open_totp_secret(&ring, other, &sealed).is_err());
        assert!(open_totp_secret(&ring.rotated(Utc::now()), me, &sealed).is_ok());
        assert!(open_totp_secret(&ring, me, &[]).is_err());
        assert!(open_totp_secret(&ring, me, &[9, 1, 2]).is_err());
        let digest = |code| recovery_digest(&ring, me, code);
        assert_eq!(digest("AB12-cd34 "), digest("ab12cd34"));
        assert_ne!(
            digest("ab12cd34"),
            recovery_digest(&ring, other, "ab12cd34")
        );
    }
}

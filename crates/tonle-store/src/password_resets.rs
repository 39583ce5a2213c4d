//! One-time links, made by an admin, with which a user sets a new password.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use tonle_domain::accounts::NewPassword;
use tonle_domain::ids::UserId;
use tonle_protect::secrets;

use crate::entities::{app_user, password_reset, session, sign_in_pending};
use crate::users::User;
use crate::{Store, StoreError};

/// How long a reset link works.
pub const RESET_LIFETIME: Duration = Duration::hours(24);

impl Store {
    /// Makes a reset link's token (128 random bits; only its digest is stored). An earlier,
    /// unused link of the same user stops working.
    pub async fn create_password_reset(
        &self,
        user: UserId,
        by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = secrets::token();
        let txn = self.db().begin().await?;
        password_reset::Entity::delete_many()
            .filter(password_reset::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        password_reset::ActiveModel {
            token_digest: Set(secrets::digest(&token)),
            user_id: Set(user.0),
            created_by: Set(by.map(|u| u.0)),
            created_at: Set(now),
            expires_at: Set(now + RESET_LIFETIME),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    /// The user a live reset link is for (unused, unexpired, user enabled).
    pub async fn password_reset_user(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        let Some(row) = password_reset::Entity::find_by_id(secrets::digest(token).as_str())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        if row.used_at.is_some() || row.expires_at <= now {
            return Ok(None);
        }
        Ok(self
            .user(UserId(row.user_id))
            .await?
            .filter(|u| !u.disabled))
    }

    /// Sets the new password through a live link: the link dies, every session and pending
    /// sign-in of the user ends, all in one transaction. False if the link was not live.
    pub async fn use_password_reset(
        &self,
        token: &str,
        new: &NewPassword,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let Some(user) = self.password_reset_user(token, now).await? else {
            return Ok(false);
        };
        let hash = crate::users::hash_blocking(new.expose().to_owned()).await?;
        let txn = self.db().begin().await?;
        // The write that uses the link up comes first: of two requests, one wins.
        let used = password_reset::Entity::update_many()
            .col_expr(password_reset::Column::UsedAt, Expr::value(now))
            .filter(password_reset::Column::TokenDigest.eq(secrets::digest(token)))
            .filter(password_reset::Column::UsedAt.is_null())
            .filter(password_reset::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        if used.rows_affected == 0 {
            return Ok(false);
        }
        app_user::Entity::update_many()
            .col_expr(app_user::Column::PasswordHash, Expr::value(hash))
            .filter(app_user::Column::Id.eq(user.id.0))
            .exec(&txn)
            .await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user.id.0))
            .exec(&txn)
            .await?;
        sign_in_pending::Entity::delete_many()
            .filter(sign_in_pending::Column::UserId.eq(user.id.0))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(true)
    }
}

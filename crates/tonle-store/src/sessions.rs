//! Server-side sessions. The browser holds a random token; the database holds only its digest,
//! so a copy of the database cannot be used to sign in.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use tonle_domain::ids::UserId;
use tonle_protect::secrets;

use crate::entities::session;
use crate::users::User;
use crate::{Store, StoreError};

/// How long a session lives.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after sign-in, whatever happens.
    pub absolute: Duration,
}

/// A new session: the token goes in the cookie, the CSRF token in forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub user: User,
    pub csrf_token: String,
}

/// Requests within this interval do not rewrite `last_seen_at`, sparing a write per click.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

impl Store {
    pub async fn create_session(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<NewSession, StoreError> {
        let new = NewSession {
            token: secrets::token(),
            csrf_token: secrets::token(),
        };
        session::ActiveModel {
            token_digest: Set(secrets::digest(&new.token)),
            user_id: Set(user.0),
            csrf_token: Set(new.csrf_token.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
        }
        .insert(self.db())
        .await?;
        Ok(new)
    }

    /// The user behind a session token, if the session is live and the user enabled.
    /// An expired session is deleted on sight.
    pub async fn session(
        &self,
        token: &str,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> Result<Option<ActiveSession>, StoreError> {
        let digest = secrets::digest(token);
        let Some(row) = session::Entity::find_by_id(digest.as_str())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let expired =
            now - row.last_seen_at > limits.idle || now - row.created_at > limits.absolute;
        if expired {
            session::Entity::delete_by_id(digest.as_str())
                .exec(self.db())
                .await?;
            return Ok(None);
        }
        let Some(user) = self.user(UserId(row.user_id)).await? else {
            return Ok(None);
        };
        if user.disabled {
            return Ok(None);
        }
        let csrf_token = row.csrf_token.clone();
        if (now - row.last_seen_at).num_seconds() >= TOUCH_INTERVAL_SECONDS {
            let mut active = row.into_active_model();
            active.last_seen_at = Set(now);
            active.update(self.db()).await?;
        }
        Ok(Some(ActiveSession { user, csrf_token }))
    }

    pub async fn end_session(&self, token: &str) -> Result<(), StoreError> {
        session::Entity::delete_by_id(secrets::digest(token).as_str())
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Ends every session of a user ("sign out everywhere").
    pub async fn end_sessions_of(&self, user: UserId) -> Result<u64, StoreError> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user.0))
            .exec(self.db())
            .await?
            .rows_affected)
    }

    /// Deletes sessions that can no longer be used.
    pub async fn purge_sessions(
        &self,
        now: DateTime<Utc>,
        limits: SessionLimits,
    ) -> Result<u64, StoreError> {
        Ok(session::Entity::delete_many()
            .filter(
                session::Column::LastSeenAt
                    .lt(now - limits.idle)
                    .or(session::Column::CreatedAt.lt(now - limits.absolute)),
            )
            .exec(self.db())
            .await?
            .rows_affected)
    }
}

//! Users, their roles per organisation, and password sign-in.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait, UpdateMany,
};
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::{OrgId, UserId};
use tonle_domain::language::Language;
use tonle_domain::roles::Role;
use tonle_protect::password;

use crate::entities::{app_user, membership, organisation, session};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub display_name_km: Option<String>,
    pub language: Option<Language>,
    pub disabled: bool,
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

impl From<app_user::Model> for User {
    fn from(m: app_user::Model) -> Self {
        User {
            id: UserId(m.id),
            username: m.username,
            display_name: m.display_name,
            display_name_km: m.display_name_km,
            language: m.language.as_deref().and_then(Language::from_code),
            disabled: m.disabled,
            last_sign_in_at: m.last_sign_in_at,
        }
    }
}

/// A role a user holds in an organisation, with the organisation's names for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub org_id: OrgId,
    pub org_name: String,
    pub org_name_km: Option<String>,
    pub role: Role,
}

/// What is needed to create a user.
pub struct NewUser<'a> {
    pub username: &'a Username,
    pub name: &'a DisplayName,
    pub password: &'a NewPassword,
    pub org: OrgId,
    pub role: Role,
    pub language: Option<Language>,
}

impl Store {
    /// Creates a user with a role in one organisation, in one transaction.
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<User, StoreError> {
        if self.organisation(new.org).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let hash = hash_blocking(new.password.expose().to_owned()).await?;
        let txn = self.db().begin().await?;
        let now = Utc::now();
        let user = app_user::ActiveModel {
            username: Set(new.username.as_str().to_owned()),
            display_name: Set(new.name.latin.clone()),
            display_name_km: Set(new.name.khmer.clone()),
            password_hash: Set(hash),
            language: Set(new.language.map(|l| l.code().to_owned())),
            disabled: Set(false),
            created_at: Set(now),
            last_sign_in_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(StoreError::unique("error-username-taken"))?;
        membership::ActiveModel {
            user_id: Set(user.id),
            org_id: Set(new.org.0),
            role: Set(new.role.code().to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(user.into())
    }

    /// Gives a user a role in another organisation (or changes it there).
    pub async fn set_membership(
        &self,
        user: UserId,
        org: OrgId,
        role: Role,
    ) -> Result<(), StoreError> {
        // Write first (see `update_user`): update the role, insert if there was none.
        let txn = self.db().begin().await?;
        let updated = membership::Entity::update_many()
            .col_expr(membership::Column::Role, Expr::value(role.code()))
            .filter(membership::Column::UserId.eq(user.0))
            .filter(membership::Column::OrgId.eq(org.0))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            membership::ActiveModel {
                user_id: Set(user.0),
                org_id: Set(org.0),
                role: Set(role.code().to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(StoreError::unique("error-membership-exists"))?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(app_user::Entity::find_by_id(id.0)
            .one(self.db())
            .await?
            .map(Into::into))
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        Ok(find_by_name(self, username).await?.map(Into::into))
    }

    /// Checks a password. Unknown user, disabled user and wrong password all answer `None`
    /// after the same amount of hashing work.
    pub async fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = find_by_name(self, username).await?;
        let password = password.to_owned();
        let Some(row) = row else {
            crate::hashing::run(move || password::verify_nobody(&password)).await?;
            return Ok(None);
        };
        let stored = row.password_hash.clone();
        let password_again = password.clone();
        let ok = crate::hashing::run(move || password::verify(&password, &stored)).await?;
        if !ok || row.disabled {
            return Ok(None);
        }
        // A hash made with older, cheaper parameters is replaced now that the password is known.
        let rehashed = if password::needs_rehash(&row.password_hash) {
            Some(hash_blocking(password_again).await?)
        } else {
            None
        };
        let mut active = row.into_active_model();
        active.last_sign_in_at = Set(Some(Utc::now()));
        if let Some(hash) = rehashed {
            active.password_hash = Set(hash);
        }
        Ok(Some(active.update(self.db()).await?.into()))
    }

    /// Whether `password` is the user's current one (for changing it); no other effect.
    pub async fn check_password(&self, user: UserId, password: &str) -> Result<bool, StoreError> {
        let Some(row) = app_user::Entity::find_by_id(user.0).one(self.db()).await? else {
            return Ok(false);
        };
        let (password, stored) = (password.to_owned(), row.password_hash);
        crate::hashing::run(move || password::verify(&password, &stored)).await
    }

    /// Sets a new password and ends every session of the user.
    pub async fn set_password(&self, user: UserId, new: &NewPassword) -> Result<(), StoreError> {
        let hash = hash_blocking(new.expose().to_owned()).await?;
        self.update_user(user, true, |q| {
            q.col_expr(app_user::Column::PasswordHash, Expr::value(hash))
        })
        .await
    }

    /// Disables (or re-enables) a user; disabling ends every session of the user.
    pub async fn set_disabled(&self, user: UserId, disabled: bool) -> Result<(), StoreError> {
        self.update_user(user, disabled, |q| {
            q.col_expr(app_user::Column::Disabled, Expr::value(disabled))
        })
        .await
    }

    pub async fn set_language(&self, user: UserId, language: Language) -> Result<(), StoreError> {
        self.update_user(user, false, |q| {
            q.col_expr(app_user::Column::Language, Expr::value(language.code()))
        })
        .await
    }

    /// Changes a user's row and, if asked, ends their sessions, in one transaction.
    ///
    /// The transaction starts with the write: on SQLite, one that reads first fails at once
    /// (SQLITE_BUSY_SNAPSHOT) when another connection commits between the read and the write.
    async fn update_user(
        &self,
        user: UserId,
        end_sessions: bool,
        change: impl FnOnce(UpdateMany<app_user::Entity>) -> UpdateMany<app_user::Entity> + Send,
    ) -> Result<(), StoreError> {
        let txn = self.db().begin().await?;
        let updated = change(app_user::Entity::update_many())
            .filter(app_user::Column::Id.eq(user.0))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(StoreError::NotFound); // dropping `txn` rolls back
        }
        if end_sessions {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(user.0))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// The organisations a user belongs to and the role in each.
    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, StoreError> {
        let mut found = self.users_with_memberships(Some(vec![user.0])).await?;
        Ok(found.pop().map(|(_, m)| m).unwrap_or_default())
    }

    /// Users with a role in any of the given organisations, with all their memberships.
    pub async fn users_in(
        &self,
        orgs: &[OrgId],
    ) -> Result<Vec<(User, Vec<Membership>)>, StoreError> {
        let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
        let members = membership::Entity::find()
            .filter(membership::Column::OrgId.is_in(ids))
            .all(self.db())
            .await?;
        let mut user_ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        user_ids.sort_unstable();
        user_ids.dedup();
        self.users_with_memberships(Some(user_ids)).await
    }

    /// Every user (for the command line).
    pub async fn all_users(&self) -> Result<Vec<(User, Vec<Membership>)>, StoreError> {
        self.users_with_memberships(None).await
    }

    async fn users_with_memberships(
        &self,
        ids: Option<Vec<i64>>,
    ) -> Result<Vec<(User, Vec<Membership>)>, StoreError> {
        let mut query = app_user::Entity::find().order_by_asc(app_user::Column::Username);
        if let Some(ids) = ids {
            query = query.filter(app_user::Column::Id.is_in(ids));
        }
        let users = query.all(self.db()).await?;
        let all_members = membership::Entity::find()
            .filter(membership::Column::UserId.is_in(users.iter().map(|u| u.id)))
            .all(self.db())
            .await?;
        let orgs = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(all_members.iter().map(|m| m.org_id)))
            .all(self.db())
            .await?;
        Ok(users
            .into_iter()
            .map(|u| {
                let mut memberships: Vec<Membership> = all_members
                    .iter()
                    .filter(|m| m.user_id == u.id)
                    .filter_map(|m| {
                        let org = orgs.iter().find(|o| o.id == m.org_id)?;
                        Some(Membership {
                            org_id: OrgId(m.org_id),
                            org_name: org.name.clone(),
                            org_name_km: org.name_km.clone(),
                            role: Role::from_code(&m.role)?,
                        })
                    })
                    .collect();
                memberships.sort_by(|a, b| a.role.cmp(&b.role).then(a.org_name.cmp(&b.org_name)));
                (u.into(), memberships)
            })
            .collect())
    }
}

async fn find_by_name(
    store: &Store,
    username: &str,
) -> Result<Option<app_user::Model>, StoreError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username.trim().to_ascii_lowercase()))
        .one(store.db())
        .await?)
}

/// Hashing takes tens of milliseconds of CPU and 46 MiB: off the async workers, and under the
/// process's limit (`hashing`).
pub(crate) async fn hash_blocking(password: String) -> Result<String, StoreError> {
    Ok(crate::hashing::run(move || password::hash(&password)).await??)
}

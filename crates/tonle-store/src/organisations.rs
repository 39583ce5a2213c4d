//! Organisations and networks.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::IntoCondition;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tonle_domain::ids::OrgId;
use tonle_domain::organisations::NewOrganisation;

use crate::entities::organisation;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub name_km: Option<String>,
    pub parent_id: Option<OrgId>,
    pub is_network: bool,
    pub place_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub require_two_factor: bool,
}

impl From<organisation::Model> for Organisation {
    fn from(m: organisation::Model) -> Self {
        Organisation {
            id: OrgId(m.id),
            name: m.name,
            name_km: m.name_km,
            parent_id: m.parent_id.map(OrgId),
            is_network: m.is_network,
            place_code: m.place_code,
            created_at: m.created_at,
            require_two_factor: m.require_two_factor,
        }
    }
}

impl Store {
    /// Creates an organisation, optionally inside a network (which must exist and be a network).
    pub async fn create_organisation(
        &self,
        new: &NewOrganisation,
        parent: Option<OrgId>,
    ) -> Result<Organisation, StoreError> {
        if let Some(parent) = parent {
            match self.organisation(parent).await? {
                Some(p) if p.is_network => {}
                Some(_) => return Err(StoreError::Conflict("error-parent-not-network")),
                None => return Err(StoreError::NotFound),
            }
        }
        if let Some(place) = &new.place
            && self.place(place).await?.is_none()
        {
            return Err(StoreError::Invalid(tonle_domain::Invalid::new(
                "place",
                "error-place-unknown",
            )));
        }
        // Names differing only in case would confuse everyone who picks from a list.
        let clash = organisation::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(organisation::Column::Name)))
                    .eq(new.name.to_lowercase()),
            )
            .one(self.db())
            .await?;
        if clash.is_some() {
            return Err(StoreError::Conflict("error-org-name-taken"));
        }
        let row = organisation::ActiveModel {
            name: Set(new.name.clone()),
            name_km: Set(new.name_km.clone()),
            parent_id: Set(parent.map(|p| p.0)),
            is_network: Set(new.is_network),
            place_code: Set(new.place.as_ref().map(|p| p.as_str().to_owned())),
            created_at: Set(Utc::now()),
            require_two_factor: Set(false),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .map_err(StoreError::unique("error-org-name-taken"))?;
        Ok(row.into())
    }

    pub async fn organisation(&self, id: OrgId) -> Result<Option<Organisation>, StoreError> {
        Ok(organisation::Entity::find_by_id(id.0)
            .one(self.db())
            .await?
            .map(Into::into))
    }

    /// Finds an organisation by its id or its exact name (for the command line).
    pub async fn find_organisation(
        &self,
        id_or_name: &str,
    ) -> Result<Option<Organisation>, StoreError> {
        if let Ok(id) = id_or_name.parse::<OrgId>()
            && let Some(org) = self.organisation(id).await?
        {
            return Ok(Some(org));
        }
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Name.eq(id_or_name.trim()))
            .one(self.db())
            .await?
            .map(Into::into))
    }

    pub async fn all_organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        self.organisations_where(Condition::all()).await
    }

    pub async fn organisations_by_ids(
        &self,
        ids: &[OrgId],
    ) -> Result<Vec<Organisation>, StoreError> {
        self.organisations_where(organisation::Column::Id.is_in(ids.iter().map(|o| o.0)))
            .await
    }

    /// The given organisations and the members of any of them that is a network.
    pub async fn organisations_within(
        &self,
        roots: &[OrgId],
    ) -> Result<Vec<Organisation>, StoreError> {
        let ids: Vec<i64> = roots.iter().map(|o| o.0).collect();
        self.organisations_where(
            organisation::Column::Id
                .is_in(ids.clone())
                .or(organisation::Column::ParentId.is_in(ids)),
        )
        .await
    }

    /// Organisations matching `filter`, by name.
    async fn organisations_where(
        &self,
        filter: impl IntoCondition,
    ) -> Result<Vec<Organisation>, StoreError> {
        Ok(organisation::Entity::find()
            .filter(filter)
            .order_by_asc(organisation::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

//! Counts for the home page: what exists, within what the user may see.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use tonle_domain::ids::OrgId;

use crate::entities::{membership, organisation, project};
use crate::{Store, StoreError};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OrgSummary {
    pub organisations: u64,
    pub users: u64,
    pub projects: u64,
}

impl Store {
    /// Counts over the given organisations.
    pub async fn summary(&self, orgs: &[OrgId]) -> Result<OrgSummary, StoreError> {
        let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
        let organisations = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids.clone()))
            .count(self.db())
            .await?;
        let users = membership::Entity::find()
            .select_only()
            .column(membership::Column::UserId)
            .distinct()
            .filter(membership::Column::OrgId.is_in(ids.clone()))
            .count(self.db())
            .await?;
        let projects = project::Entity::find()
            .filter(project::Column::OrgId.is_in(ids))
            .count(self.db())
            .await?;
        Ok(OrgSummary {
            organisations,
            users,
            projects,
        })
    }
}

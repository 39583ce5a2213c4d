//! Projects: donor, period and budget, belonging to one organisation.

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tonle_domain::ids::{OrgId, ProjectId};
use tonle_domain::money::{Currency, Money};
use tonle_domain::projects::NewProject;

use crate::entities::project;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: ProjectId,
    pub org_id: OrgId,
    pub name: String,
    pub donor: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub budget: Money,
}

fn from_row(m: project::Model) -> Result<Project, StoreError> {
    let currency = Currency::from_code(&m.currency).ok_or_else(|| {
        StoreError::Database(sea_orm::DbErr::Type(format!(
            "unknown currency {}",
            m.currency
        )))
    })?;
    Ok(Project {
        id: ProjectId(m.id),
        org_id: OrgId(m.org_id),
        name: m.name,
        donor: m.donor,
        start_date: m.start_date,
        end_date: m.end_date,
        budget: Money::new(m.budget_minor, currency),
    })
}

impl Store {
    pub async fn create_project(
        &self,
        org: OrgId,
        new: &NewProject,
    ) -> Result<Project, StoreError> {
        if self.organisation(org).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let row = project::ActiveModel {
            org_id: Set(org.0),
            name: Set(new.name.clone()),
            donor: Set(new.donor.clone()),
            start_date: Set(new.start_date),
            end_date: Set(new.end_date),
            budget_minor: Set(new.budget.minor),
            currency: Set(new.budget.currency.code().to_owned()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        from_row(row)
    }

    /// Projects of the given organisations, newest period first.
    pub async fn projects_of(&self, orgs: &[OrgId]) -> Result<Vec<Project>, StoreError> {
        project::Entity::find()
            .filter(project::Column::OrgId.is_in(orgs.iter().map(|o| o.0)))
            .order_by_desc(project::Column::StartDate)
            .order_by_asc(project::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }
}

//! The case list: filters on indexed columns and keyset paging by id (newest first), so a page
//! costs the same on the first page and the ten-thousandth, at a million cases.

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tonle_domain::access::Scope;
use tonle_domain::cases::CaseStatus;
use tonle_domain::ids::{CaseId, UserId};

use super::{Case, case_scope};
use crate::audit::{Actor, Event};
use crate::entities::{case, identification, person};
use crate::people::Person;
use crate::{Store, StoreError};

pub const PAGE_SIZE: u64 = 50;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub worker: Option<UserId>,
    /// A province's two-digit gazetteer code: the person's place of origin lies in it.
    pub origin_province: Option<String>,
    /// An HTCDS type of exploitation.
    pub exploitation: Option<String>,
    pub intake_from: Option<NaiveDate>,
    pub intake_until: Option<NaiveDate>,
}

/// A line of the case list: the case and its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case: Case,
    pub person: Person,
}

impl Store {
    /// One page of cases within scope matching `filter`, older than `before` (a keyset cursor);
    /// with the cursor for the next page when there is one.
    pub async fn list_cases(
        &self,
        actor: &Actor,
        scope: &Scope,
        filter: &CaseFilter,
        before: Option<CaseId>,
    ) -> Result<(Vec<CaseRow>, Option<CaseId>), StoreError> {
        let mut query = case::Entity::find().filter(case_scope(scope));
        if let Some(status) = filter.status {
            query = query.filter(case::Column::Status.eq(status.code()));
        }
        if let Some(worker) = filter.worker {
            query = query.filter(case::Column::WorkerId.eq(worker.0));
        }
        if let Some(from) = filter.intake_from {
            query = query.filter(case::Column::IntakeDate.gte(from));
        }
        if let Some(until) = filter.intake_until {
            query = query.filter(case::Column::IntakeDate.lte(until));
        }
        if let Some(province) = filter
            .origin_province
            .as_deref()
            .filter(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            query = query.filter(
                case::Column::PersonId.in_subquery(
                    Query::select()
                        .column(person::Column::Id)
                        .from(person::Entity)
                        .and_where(person::Column::OriginPlaceCode.like(format!("{province}%")))
                        .to_owned(),
                ),
            );
        }
        if let Some(kind) = &filter.exploitation {
            query = query.filter(
                case::Column::Id.in_subquery(
                    Query::select()
                        .column(identification::Column::CaseId)
                        .from(identification::Entity)
                        .and_where(identification::Column::Exploitation.eq(kind.as_str()))
                        .to_owned(),
                ),
            );
        }
        if let Some(before) = before {
            query = query.filter(case::Column::Id.lt(before.0));
        }
        let mut rows = query
            .order_by_desc(case::Column::Id)
            .limit(PAGE_SIZE + 1)
            .all(self.db())
            .await?;
        let more = rows.len() as u64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        let next = more.then(|| rows.last().map(|r| CaseId(r.id))).flatten();
        let cases = rows
            .into_iter()
            .map(Case::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let people_rows = person::Entity::find()
            .filter(person::Column::Id.is_in(cases.iter().map(|c| c.person.0)))
            .all(self.db())
            .await?;
        let ring = self.keys()?;
        let people = self.unseal(&ring, people_rows).await?;
        let found = cases
            .into_iter()
            .filter_map(|case| {
                let person = people.iter().find(|p| p.id == case.person)?.clone();
                Some(CaseRow { case, person })
            })
            .collect();
        self.audit(actor, &Event::new("case.list").fields(&["names"]))
            .await?;
        Ok((found, next))
    }
}

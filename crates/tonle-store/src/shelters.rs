//! Shelters an organisation runs, who stays there, and how full they are. Only the running
//! organisation's roles that may see shelters reach a facility (others get `NotFound`); a
//! facility's place is kept no finer than a commune and its street address is never stored.

mod stays;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use tonle_domain::access::{Action, Scope};
use tonle_domain::ids::{OrgId, PersonId, ShelterId, StayId};
use tonle_domain::places::PlaceCode;
use tonle_domain::shelters::{Destination, FacilityKind, NewFacility, Span, occupancy};

use crate::audit::{Actor, Event};
use crate::entities::{shelter, shelter_stay};
use crate::{Store, StoreError};

pub use stays::Resident;

/// A facility as its organisation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shelter {
    pub id: ShelterId,
    pub org: OrgId,
    pub name: String,
    pub kind: FacilityKind,
    pub capacity: u32,
    pub planned_days: u32,
    pub place: Option<PlaceCode>,
}

impl From<shelter::Model> for Shelter {
    fn from(row: shelter::Model) -> Self {
        Shelter {
            id: ShelterId(row.id),
            org: OrgId(row.org_id),
            name: row.name,
            kind: FacilityKind::from_code(&row.kind).unwrap_or(FacilityKind::ShortTerm),
            capacity: row.capacity.max(0) as u32,
            planned_days: row.planned_days.max(0) as u32,
            place: PlaceCode::parse(&row.place_code).ok(),
        }
    }
}

/// One stay, with its facility's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    pub id: StayId,
    pub org: OrgId,
    pub shelter: ShelterId,
    pub shelter_name: String,
    pub person: PersonId,
    pub admitted_on: NaiveDate,
    pub planned_until: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
    pub destination: Option<Destination>,
}

impl Stay {
    pub fn span(&self) -> Span {
        Span {
            from: self.admitted_on,
            until: self.discharged_on,
        }
    }

    /// Still there after the planned day, or discharged after it.
    pub fn overstayed(&self, today: NaiveDate) -> bool {
        tonle_domain::shelters::overstayed(&self.span(), self.planned_until, today)
    }

    pub(crate) fn from_row(row: shelter_stay::Model, shelter_name: String) -> Stay {
        Stay {
            id: StayId(row.id),
            org: OrgId(row.org_id),
            shelter: ShelterId(row.shelter_id),
            shelter_name,
            person: PersonId(row.person_id),
            admitted_on: row.admitted_on,
            planned_until: row.planned_until,
            discharged_on: row.discharged_on,
            destination: row.destination.as_deref().and_then(Destination::from_code),
        }
    }
}

/// Today's figures of one facility.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Today {
    pub residents: u32,
    /// Residents still there after their planned day.
    pub overstaying: u32,
}

/// Stays that take a bed on some day from `first` to `last`.
pub(crate) fn in_range(first: NaiveDate, last: NaiveDate) -> Condition {
    Condition::all()
        .add(shelter_stay::Column::AdmittedOn.lte(last))
        .add(
            Condition::any()
                .add(shelter_stay::Column::DischargedOn.is_null())
                .add(shelter_stay::Column::DischargedOn.gt(first)),
        )
}

impl Store {
    /// Adds a facility to `org`.
    pub async fn create_shelter(
        &self,
        actor: &Actor,
        scope: &Scope,
        org: OrgId,
        new: &NewFacility,
        now: DateTime<Utc>,
    ) -> Result<ShelterId, StoreError> {
        if !scope.allows(org, Action::ManageShelters) {
            return Err(StoreError::Forbidden);
        }
        if self.place(&new.place).await?.is_none() {
            return Err(StoreError::Refused("error-place"));
        }
        let txn = self.db().begin().await?;
        let row = shelter::ActiveModel {
            org_id: Set(org.0),
            name: Set(new.name.clone()),
            kind: Set(new.kind.code().to_owned()),
            capacity: Set(new.capacity as i32),
            planned_days: Set(new.planned_days as i32),
            place_code: Set(new.place.as_str().to_owned()),
            created_by: Set(scope.user.0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let event = Event::new("shelter.create")
            .on("shelter", row.id, org)
            .fields(&["name", "kind", "capacity", "planned_days", "place"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(ShelterId(row.id))
    }

    /// The facilities of every organisation where the user may see shelters, by name.
    pub async fn shelters(&self, scope: &Scope) -> Result<Vec<Shelter>, StoreError> {
        let orgs: Vec<i64> = scope
            .orgs_for(Action::ViewShelters)
            .iter()
            .map(|o| o.0)
            .collect();
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        Ok(shelter::Entity::find()
            .filter(shelter::Column::OrgId.is_in(orgs))
            .order_by_asc(shelter::Column::Name)
            .order_by_asc(shelter::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Shelter::from)
            .collect())
    }

    /// One facility, if the user may see its organisation's shelters.
    pub async fn shelter(&self, scope: &Scope, id: ShelterId) -> Result<Shelter, StoreError> {
        let row = shelter::Entity::find_by_id(id.0)
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        if !scope.allows(OrgId(row.org_id), Action::ViewShelters) {
            return Err(StoreError::NotFound);
        }
        Ok(row.into())
    }

    /// Residents and overstays on `today` of every facility the user may see, in one query.
    pub async fn shelters_today(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> Result<HashMap<ShelterId, Today>, StoreError> {
        let orgs: Vec<i64> = scope
            .orgs_for(Action::ViewShelters)
            .iter()
            .map(|o| o.0)
            .collect();
        if orgs.is_empty() {
            return Ok(HashMap::new());
        }
        // One row per bed taken today: at most the beds of the organisation's facilities.
        let rows: Vec<(i64, NaiveDate)> = shelter_stay::Entity::find()
            .select_only()
            .columns([
                shelter_stay::Column::ShelterId,
                shelter_stay::Column::PlannedUntil,
            ])
            .filter(shelter_stay::Column::OrgId.is_in(orgs))
            .filter(in_range(today, today))
            .into_tuple()
            .all(self.db())
            .await?;
        let mut by_shelter: HashMap<ShelterId, Today> = HashMap::new();
        for (id, planned_until) in rows {
            let entry = by_shelter.entry(ShelterId(id)).or_default();
            entry.residents += 1;
            if today > planned_until {
                entry.overstaying += 1;
            }
        }
        Ok(by_shelter)
    }

    /// Beds taken on each day from `first` to `last` (inclusive) in one facility: one query for
    /// the stays that touch the range, then one pass over them.
    pub async fn shelter_occupancy(
        &self,
        scope: &Scope,
        id: ShelterId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<u32>, StoreError> {
        let found = self.shelter(scope, id).await?;
        let rows: Vec<(NaiveDate, Option<NaiveDate>)> = shelter_stay::Entity::find()
            .select_only()
            .columns([
                shelter_stay::Column::AdmittedOn,
                shelter_stay::Column::DischargedOn,
            ])
            .filter(shelter_stay::Column::ShelterId.eq(found.id.0))
            .filter(shelter_stay::Column::OrgId.eq(found.org.0))
            .filter(in_range(first, last))
            .into_tuple()
            .all(self.db())
            .await?;
        let spans: Vec<Span> = rows
            .into_iter()
            .map(|(from, until)| Span { from, until })
            .collect();
        Ok(occupancy(&spans, first, last))
    }

    /// A person's stays, newest first, if the user reaches her (case workers their own people).
    pub async fn stays_of(&self, scope: &Scope, person: PersonId) -> Result<Vec<Stay>, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        let rows = shelter_stay::Entity::find()
            .filter(shelter_stay::Column::PersonId.eq(person.0))
            .filter(shelter_stay::Column::OrgId.eq(found.org.0))
            .order_by_desc(shelter_stay::Column::AdmittedOn)
            .order_by_desc(shelter_stay::Column::Id)
            .all(self.db())
            .await?;
        let names = self.shelter_names(found.org).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let name = names.get(&row.shelter_id).cloned().unwrap_or_default();
                Stay::from_row(row, name)
            })
            .collect())
    }

    /// The names of an organisation's facilities, by id.
    pub(crate) async fn shelter_names(
        &self,
        org: OrgId,
    ) -> Result<HashMap<i64, String>, StoreError> {
        let rows: Vec<(i64, String)> = shelter::Entity::find()
            .select_only()
            .columns([shelter::Column::Id, shelter::Column::Name])
            .filter(shelter::Column::OrgId.eq(org.0))
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows.into_iter().collect())
    }
}

//! Admission, transfer and discharge, each one transaction with its audit entry; and the
//! residents of a facility, whose names are opened and audited as views of each person.
//!
//! Each change appends its audit entry first: that takes the audit head's lock (the write lock
//! on SQLite, a row lock on PostgreSQL), so two changes to stays never check and write at the
//! same time, and two admissions of one person cannot both pass the overlap check.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use tonle_domain::access::{Action, Scope};
use tonle_domain::ids::{PersonId, ShelterId, StayId};
use tonle_domain::shelters::{
    Destination, Span, check_admission, check_discharge, check_transfer, planned_until,
};
use tonle_domain::time::local_date;

use super::{Shelter, Stay, in_range};
use crate::audit::{Actor, Event};
use crate::entities::{person, shelter_stay};
use crate::people::Person;
use crate::{Store, StoreError};

/// Someone living in a facility today, with her stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub stay: Stay,
    pub person: Person,
}

/// The person's other stays (not `except`), read inside the transaction.
async fn spans_of<C: ConnectionTrait>(
    txn: &C,
    person: PersonId,
    except: Option<StayId>,
) -> Result<Vec<Span>, StoreError> {
    let mut query =
        shelter_stay::Entity::find().filter(shelter_stay::Column::PersonId.eq(person.0));
    if let Some(stay) = except {
        query = query.filter(shelter_stay::Column::Id.ne(stay.0));
    }
    Ok(query
        .all(txn)
        .await?
        .into_iter()
        .map(|s| Span {
            from: s.admitted_on,
            until: s.discharged_on,
        })
        .collect())
}

async fn insert_stay(
    txn: &DatabaseTransaction,
    scope: &Scope,
    facility: &Shelter,
    person: PersonId,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<StayId, StoreError> {
    let row = shelter_stay::ActiveModel {
        org_id: Set(facility.org.0),
        shelter_id: Set(facility.id.0),
        person_id: Set(person.0),
        admitted_on: Set(on),
        planned_until: Set(planned_until(on, facility.planned_days)),
        discharged_on: Set(None),
        destination: Set(None),
        admitted_by: Set(scope.user.0),
        admitted_at: Set(now),
        discharged_by: Set(None),
        discharged_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(StayId(row.id))
}

async fn end_stay(
    txn: &DatabaseTransaction,
    scope: &Scope,
    stay: StayId,
    on: NaiveDate,
    destination: Destination,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = shelter_stay::Entity::update_many()
        .col_expr(shelter_stay::Column::DischargedOn, on.into())
        .col_expr(
            shelter_stay::Column::Destination,
            destination.code().to_owned().into(),
        )
        .col_expr(shelter_stay::Column::DischargedBy, scope.user.0.into())
        .col_expr(shelter_stay::Column::DischargedAt, now.into())
        .filter(shelter_stay::Column::Id.eq(stay.0))
        .filter(shelter_stay::Column::DischargedOn.is_null())
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Refused("error-stay-discharged"));
    }
    Ok(())
}

impl Store {
    /// A facility where the user may admit and discharge people.
    async fn managed_shelter(&self, scope: &Scope, id: ShelterId) -> Result<Shelter, StoreError> {
        let facility = self.shelter(scope, id).await?;
        if !scope.allows(facility.org, Action::ManageStays) {
            return Err(StoreError::Forbidden);
        }
        Ok(facility)
    }

    /// One stay in a facility the user manages, with its person in scope.
    pub async fn stay(&self, scope: &Scope, id: StayId) -> Result<Stay, StoreError> {
        let row = shelter_stay::Entity::find_by_id(id.0)
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let facility = self
            .managed_shelter(scope, ShelterId(row.shelter_id))
            .await?;
        self.person_in_scope(scope, PersonId(row.person_id)).await?;
        Ok(Stay::from_row(row, facility.name))
    }

    /// Admits a person of the facility's organisation on `on`.
    pub async fn admit(
        &self,
        actor: &Actor,
        scope: &Scope,
        facility: ShelterId,
        person: PersonId,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<StayId, StoreError> {
        let facility = self.managed_shelter(scope, facility).await?;
        let found = self.person_in_scope(scope, person).await?;
        if found.org != facility.org {
            return Err(StoreError::NotFound);
        }
        if found.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        let txn = self.db().begin().await?;
        let event = Event::new("stay.admit")
            .on("person", person.0, found.org)
            .fields(&["shelter_stay"]);
        self.audit_in(&txn, actor, &event, now).await?;
        check_admission(on, local_date(now), &spans_of(&txn, person, None).await?)
            .map_err(StoreError::Refused)?;
        let id = insert_stay(&txn, scope, &facility, person, on, now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Ends a stay on `on`. A transfer to another facility is `transfer`, not this.
    pub async fn discharge(
        &self,
        actor: &Actor,
        scope: &Scope,
        stay: StayId,
        on: NaiveDate,
        destination: Destination,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if destination == Destination::Transfer {
            return Err(StoreError::Refused("error-discharge-transfer"));
        }
        let current = self.stay(scope, stay).await?;
        check_discharge(&current.span(), on, local_date(now)).map_err(StoreError::Refused)?;
        let txn = self.db().begin().await?;
        let event = Event::new("stay.discharge")
            .on("person", current.person.0, current.org)
            .fields(&["shelter_stay"]);
        self.audit_in(&txn, actor, &event, now).await?;
        end_stay(&txn, scope, stay, on, destination, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Discharges a person to another facility of the same organisation and admits her there
    /// the same day, as one change: both or neither.
    pub async fn transfer(
        &self,
        actor: &Actor,
        scope: &Scope,
        stay: StayId,
        to: ShelterId,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<StayId, StoreError> {
        let current = self.stay(scope, stay).await?;
        let target = match self.managed_shelter(scope, to).await {
            Ok(target) if target.org == current.org => target,
            Ok(_) | Err(StoreError::NotFound) | Err(StoreError::Forbidden) => {
                return Err(StoreError::Refused("error-transfer-target"));
            }
            Err(e) => return Err(e),
        };
        let txn = self.db().begin().await?;
        let event = Event::new("stay.transfer")
            .on("person", current.person.0, current.org)
            .fields(&["shelter_stay"]);
        self.audit_in(&txn, actor, &event, now).await?;
        let others = spans_of(&txn, current.person, Some(stay)).await?;
        check_transfer(
            &current.span(),
            on,
            local_date(now),
            target.id == current.shelter,
            &others,
        )
        .map_err(StoreError::Refused)?;
        end_stay(&txn, scope, stay, on, Destination::Transfer, now).await?;
        let id = insert_stay(&txn, scope, &target, current.person, on, now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Who lives in the facility on `today`, by admission day; each name shown is audited as
    /// a view of that person.
    pub async fn residents(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: ShelterId,
        today: NaiveDate,
    ) -> Result<Vec<Resident>, StoreError> {
        let facility = self.shelter(scope, id).await?;
        let stays = shelter_stay::Entity::find()
            .filter(shelter_stay::Column::ShelterId.eq(facility.id.0))
            .filter(shelter_stay::Column::OrgId.eq(facility.org.0))
            .filter(in_range(today, today))
            .order_by_asc(shelter_stay::Column::AdmittedOn)
            .order_by_asc(shelter_stay::Column::Id)
            .all(self.db())
            .await?;
        if stays.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = stays.iter().map(|s| s.person_id).collect();
        let rows = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .filter(crate::people::scope_condition(scope))
            .all(self.db())
            .await?;
        let ring = self.keys()?;
        let people = self.unseal(&ring, rows).await?;
        let residents: Vec<Resident> = stays
            .into_iter()
            .filter_map(|row| {
                let person = people.iter().find(|p| p.id.0 == row.person_id)?.clone();
                Some(Resident {
                    stay: Stay::from_row(row, facility.name.clone()),
                    person,
                })
            })
            .collect();
        let now = Utc::now();
        let entries: Vec<(&Actor, Event<'_>, DateTime<Utc>)> = residents
            .iter()
            .map(|r| {
                let event = Event::new("person.view")
                    .on("person", r.person.id.0, r.person.org)
                    .fields(&["names"]);
                (actor, event, now)
            })
            .collect();
        let txn = self.db().begin().await?;
        self.audit_many_in(&txn, &entries).await?;
        txn.commit().await?;
        Ok(residents)
    }
}

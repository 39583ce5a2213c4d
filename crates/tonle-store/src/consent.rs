//! Consent records: given, on a date, to a purpose (and for a referral, to one organisation),
//! until withdrawn. Features that share data ask `consent_in_force` first.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use tonle_domain::access::{Action, Scope};
use tonle_domain::consent::{Purpose, in_force};
use tonle_domain::ids::{ConsentId, OrgId, PersonId, UserId};

use crate::audit::{Actor, Event};
use crate::entities::consent;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: ConsentId,
    pub person: PersonId,
    pub purpose: Purpose,
    pub recipient: Option<OrgId>,
    pub given_on: NaiveDate,
    pub recorded_by: UserId,
    pub withdrawn_on: Option<NaiveDate>,
}

impl From<consent::Model> for Consent {
    fn from(row: consent::Model) -> Self {
        Consent {
            id: ConsentId(row.id),
            person: PersonId(row.person_id),
            purpose: Purpose::from_code(&row.purpose).unwrap_or(Purpose::Services),
            recipient: row.recipient_org_id.map(OrgId),
            given_on: row.given_on,
            recorded_by: UserId(row.recorded_by),
            withdrawn_on: row.withdrawn_on,
        }
    }
}

impl Store {
    /// Records a consent. A referral consent must name the receiving organisation.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_consent(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        purpose: Purpose,
        recipient: Option<OrgId>,
        given_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ConsentId, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::ManageConsent) {
            return Err(StoreError::Forbidden);
        }
        if found.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        if purpose.needs_recipient() != recipient.is_some() {
            return Err(StoreError::Refused("error-consent-recipient"));
        }
        if let Some(org) = recipient
            && (org == found.org || self.organisation(org).await?.is_none())
        {
            return Err(StoreError::Refused("error-consent-recipient"));
        }
        if given_on > tonle_domain::time::local_date(now) {
            return Err(StoreError::Refused("error-date-future"));
        }
        // The same consent twice (a double submit) would survive one withdrawal unnoticed.
        if self
            .consent_in_force(
                person,
                purpose,
                recipient,
                tonle_domain::time::local_date(now),
            )
            .await?
        {
            return Err(StoreError::Refused("error-consent-already"));
        }
        let txn = self.db().begin().await?;
        let row = consent::ActiveModel {
            org_id: Set(found.org.0),
            person_id: Set(person.0),
            purpose: Set(purpose.code().to_owned()),
            recipient_org_id: Set(recipient.map(|o| o.0)),
            given_on: Set(given_on),
            recorded_by: Set(scope.user.0),
            recorded_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let event = Event::new("consent.record")
            .on("person", person.0, found.org)
            .fields(&["consent"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(ConsentId(row.id))
    }

    /// Withdraws a consent from `on` (inclusive). A withdrawal is final; a new consent is a new record.
    pub async fn withdraw_consent(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        id: ConsentId,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::ManageConsent) {
            return Err(StoreError::Forbidden);
        }
        let row = consent::Entity::find_by_id(id.0)
            .filter(consent::Column::PersonId.eq(person.0))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.withdrawn_on.is_some() {
            return Err(StoreError::Refused("error-consent-withdrawn"));
        }
        if on < row.given_on || on > tonle_domain::time::local_date(now) {
            return Err(StoreError::Refused("error-consent-withdraw-date"));
        }
        let txn = self.db().begin().await?;
        let updated = consent::Entity::update_many()
            .col_expr(consent::Column::WithdrawnOn, on.into())
            .col_expr(consent::Column::WithdrawnBy, scope.user.0.into())
            .col_expr(consent::Column::WithdrawnAt, now.into())
            .filter(consent::Column::Id.eq(id.0))
            .filter(consent::Column::WithdrawnOn.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Refused("error-consent-withdrawn"));
        }
        let event = Event::new("consent.withdraw")
            .on("person", person.0, found.org)
            .fields(&["consent"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A person's consents, newest first (within scope).
    pub async fn consents_of(
        &self,
        scope: &Scope,
        person: PersonId,
    ) -> Result<Vec<Consent>, StoreError> {
        self.person_in_scope(scope, person).await?;
        Ok(consent::Entity::find()
            .filter(consent::Column::PersonId.eq(person.0))
            .order_by_desc(consent::Column::GivenOn)
            .order_by_desc(consent::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Consent::from)
            .collect())
    }

    /// Whether `person` consents, on `day`, to `purpose` (for a referral: to `recipient`).
    /// Features that share data call this and refuse without it.
    pub async fn consent_in_force(
        &self,
        person: PersonId,
        purpose: Purpose,
        recipient: Option<OrgId>,
        day: NaiveDate,
    ) -> Result<bool, StoreError> {
        let mut query = consent::Entity::find()
            .filter(consent::Column::PersonId.eq(person.0))
            .filter(consent::Column::Purpose.eq(purpose.code()));
        if let Some(org) = recipient {
            query = query.filter(consent::Column::RecipientOrgId.eq(org.0));
        }
        Ok(query
            .all(self.db())
            .await?
            .iter()
            .any(|c| in_force(c.given_on, c.withdrawn_on, day)))
    }
}

//! A case's identification. The codes are stored in the clear; the journey (dates, places,
//! narrative) is sealed with the person's data key, bound to the case (`person:P/case:C/journey`).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};
use tonle_domain::access::{Action, Section};
use tonle_domain::identification::{Identification, Journey};
use tonle_domain::ids::CaseId;
use tonle_protect::crypto;

use crate::audit::{Actor, Event};
use crate::entities::identification;
use crate::people::keys::data_key;
use crate::{Store, StoreError};
use tonle_domain::access::Scope;

fn journey_context(person: i64, case: i64) -> String {
    format!("person:{person}/case:{case}/journey")
}

const SEPARATOR: char = '|';

fn join(codes: &[String]) -> String {
    codes.join(&SEPARATOR.to_string())
}

fn split(text: &str) -> Vec<String> {
    text.split(SEPARATOR)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Store {
    /// Records (or replaces) a case's identification.
    pub async fn save_identification(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CaseId,
        found: &Identification,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let case = self.find_case(scope, id).await?;
        if !scope.allows(case.org, Action::EditPeople)
            || !scope.allows(case.org, Action::ViewSection(Section::Trafficking))
        {
            return Err(StoreError::Forbidden);
        }
        let json = serde_json::to_vec(&found.journey).map_err(|e| {
            StoreError::Database(sea_orm::DbErr::Custom(format!("journey to JSON: {e}")))
        })?;
        let ring = self.keys()?;
        let txn = self.db().begin().await?;
        let key = data_key(&txn, &ring, case.person.0).await?;
        let sealed = crypto::seal(&key, &journey_context(case.person.0, id.0), &json);
        let exists = identification::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .is_some();
        let row = identification::ActiveModel {
            case_id: Set(id.0),
            org_id: Set(case.org.0),
            identified_by: Set(found.identified_by.clone()),
            trafficking_status: Set(found.trafficking_status.clone()),
            recruitment_method: Set(found.recruitment_method.clone()),
            recruiter_relation: Set(found.recruiter_relation.clone()),
            exploitation: Set(found.exploitation.clone()),
            labour_industry: Set(found.labour_industry.clone()),
            sex_exploitation: Set(found.sex_exploitation.clone()),
            means_of_control: Set(join(&found.means_of_control)),
            vulnerabilities: Set(join(&found.vulnerabilities)),
            origin_country: Set(found.origin_country.clone()),
            transit_country: Set(found.transit_country.clone()),
            destination_country: Set(found.destination_country.clone()),
            journey: Set(sealed),
            updated_by: Set(scope.user.0),
            updated_at: Set(now),
        };
        if exists {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        let event = Event::new("identification.save")
            .on("case", id.0, case.org)
            .fields(&["identification"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A case's identification, if recorded; only for roles that see the trafficking section.
    /// The read is audited.
    pub async fn view_identification(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CaseId,
    ) -> Result<Option<Identification>, StoreError> {
        let case = self.find_case(scope, id).await?;
        if !scope.allows(case.org, Action::ViewSection(Section::Trafficking)) {
            return Err(StoreError::Forbidden);
        }
        let Some(row) = identification::Entity::find_by_id(id.0)
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let ring = self.keys()?;
        let journey: Journey = match data_key(self.db(), &ring, case.person.0).await {
            Ok(key) => {
                let json = crypto::open(&key, &journey_context(case.person.0, id.0), &row.journey)?;
                serde_json::from_slice(&json)
                    .map_err(|_| StoreError::Crypto(crypto::CryptoError::Damaged))?
            }
            // Erased: her key is gone, and with it the story; the codes still count.
            Err(StoreError::NotFound) => Journey::default(),
            Err(e) => return Err(e),
        };
        let event = Event::new("identification.view")
            .on("case", id.0, case.org)
            .fields(&["identification"]);
        self.audit(actor, &event).await?;
        Ok(Some(Identification {
            identified_by: row.identified_by,
            trafficking_status: row.trafficking_status,
            recruitment_method: row.recruitment_method,
            recruiter_relation: row.recruiter_relation,
            exploitation: row.exploitation,
            labour_industry: row.labour_industry,
            sex_exploitation: row.sex_exploitation,
            means_of_control: split(&row.means_of_control),
            vulnerabilities: split(&row.vulnerabilities),
            origin_country: row.origin_country,
            transit_country: row.transit_country,
            destination_country: row.destination_country,
            journey,
        }))
    }
}

//! Cases: opened for a person, assigned to a case worker, moved through the HTCDS statuses by
//! the domain's workflow. Every change writes its history row and its audit entry in one
//! transaction. Case workers reach only the cases assigned to them.

mod history;
mod identification;
mod list;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use tonle_domain::access::{Action, Reach, Scope, allows};
use tonle_domain::cases::{CaseState, CaseStatus, ClosureReason, ClosureRequest, Mover, Step};
use tonle_domain::ids::{CaseId, OrgId, PersonId, UserId};

use crate::audit::{Actor, Event};
use crate::entities::{case, case_assignment, case_status_change, person};
use crate::{Store, StoreError};

pub use history::{Assignment, StatusChange};
pub use list::{CaseFilter, CaseRow, PAGE_SIZE};

/// A case as a user in scope sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    pub org: OrgId,
    pub person: PersonId,
    pub state: CaseState,
    pub intake_date: NaiveDate,
    pub worker: Option<UserId>,
    pub closed_by: Option<UserId>,
    pub closure_reason: Option<ClosureReason>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<case::Model> for Case {
    type Error = StoreError;
    fn try_from(row: case::Model) -> Result<Self, StoreError> {
        let status = CaseStatus::from_code(&row.status).ok_or(StoreError::Database(
            sea_orm::DbErr::Custom(format!("case {}: unknown status", row.id)),
        ))?;
        let reason = row
            .closure_reason
            .as_deref()
            .and_then(ClosureReason::from_code);
        let pending = match (status.is_open(), reason, row.closure_requested_by) {
            (true, Some(reason), Some(by)) => Some(ClosureRequest {
                reason,
                requested_by: UserId(by),
            }),
            _ => None,
        };
        Ok(Case {
            id: CaseId(row.id),
            org: OrgId(row.org_id),
            person: PersonId(row.person_id),
            state: CaseState { status, pending },
            intake_date: row.intake_date,
            worker: row.worker_id.map(UserId),
            closed_by: row.closed_by.map(UserId),
            closure_reason: reason,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// The cases a scope reaches: per organisation, all of them, or a case worker's own.
pub(crate) fn case_scope(scope: &Scope) -> Condition {
    let mut any = Condition::any();
    for org in scope.orgs_for(Action::ViewPeople) {
        let in_org = case::Column::OrgId.eq(org.0);
        any = match scope.people_reach(org) {
            Some(Reach::Organisation) => any.add(in_org),
            Some(Reach::Assigned) => any.add(
                Condition::all()
                    .add(in_org)
                    .add(case::Column::WorkerId.eq(scope.user.0)),
            ),
            None => any,
        };
    }
    any
}

/// Whether `worker` may carry cases of `org` (registers and changes its people).
async fn check_worker(store: &Store, org: OrgId, worker: UserId) -> Result<(), StoreError> {
    let member = store
        .memberships(worker)
        .await?
        .into_iter()
        .any(|m| m.org_id == org && allows(m.role, Action::EditPeople));
    if member {
        Ok(())
    } else {
        Err(StoreError::Refused("error-assign-outside"))
    }
}

/// Points the person at the case's worker, so the worker reaches her too.
async fn assign_person<C: ConnectionTrait>(
    txn: &C,
    person: PersonId,
    worker: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    person::ActiveModel {
        id: Set(person.0),
        assigned_to: Set(worker.map(|w| w.0)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

impl Store {
    /// Opens a case for a person. A case worker's case is hers; others may name a worker.
    #[allow(clippy::too_many_arguments)]
    pub async fn open_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        person: PersonId,
        intake_date: NaiveDate,
        worker: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<CaseId, StoreError> {
        let found = self.person_in_scope(scope, person).await?;
        if !scope.allows(found.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        if found.identity.is_none() {
            return Err(StoreError::Refused("error-person-erased"));
        }
        if intake_date > tonle_domain::time::local_date(now) {
            return Err(StoreError::Refused("error-date-future"));
        }
        let worker = match scope.people_reach(found.org) {
            Some(Reach::Assigned) => Some(scope.user),
            _ => worker.or(found.assigned_to),
        };
        if let Some(w) = worker {
            check_worker(self, found.org, w).await?;
        }
        let txn = self.db().begin().await?;
        let open = case::Entity::find()
            .filter(case::Column::OrgId.eq(found.org.0))
            .filter(case::Column::OpenKey.eq(person.0))
            .one(&txn)
            .await?;
        if open.is_some() {
            return Err(StoreError::Refused("error-case-already-open"));
        }
        let row = case::ActiveModel {
            org_id: Set(found.org.0),
            person_id: Set(person.0),
            status: Set(CaseStatus::Active.code().to_owned()),
            open_key: Set(Some(person.0)),
            intake_date: Set(intake_date),
            worker_id: Set(worker.map(|w| w.0)),
            created_by: Set(scope.user.0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        // Two requests at once: the unique index decides, with the same message.
        .map_err(|e| match StoreError::unique("error-case-already-open")(e) {
            StoreError::Conflict(key) => StoreError::Refused(key),
            other => other,
        })?;
        history::record_status(
            &txn,
            row.id,
            "open",
            None,
            CaseStatus::Active,
            None,
            scope.user,
            now,
        )
        .await?;
        if worker.is_some() {
            history::record_assignment(&txn, row.id, None, worker, scope.user, now).await?;
            if worker != found.assigned_to {
                assign_person(&txn, person, worker, now).await?;
            }
        }
        let event = Event::new("case.open")
            .on("case", row.id, found.org)
            .fields(&["status", "intake_date", "worker"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(CaseId(row.id))
    }

    /// A case within scope, unaudited (for callers that audit what they do with it).
    pub async fn find_case(&self, scope: &Scope, id: CaseId) -> Result<Case, StoreError> {
        case::Entity::find_by_id(id.0)
            .filter(case_scope(scope))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?
            .try_into()
    }

    /// A case within scope; the read is audited.
    pub async fn view_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CaseId,
    ) -> Result<Case, StoreError> {
        let found = self.find_case(scope, id).await?;
        let event = Event::new("case.view")
            .on("case", id.0, found.org)
            .fields(&["status"]);
        self.audit(actor, &event).await?;
        Ok(found)
    }

    /// A person's cases the scope reaches, newest first.
    pub async fn cases_of_person(
        &self,
        scope: &Scope,
        person: PersonId,
    ) -> Result<Vec<Case>, StoreError> {
        case::Entity::find()
            .filter(case_scope(scope))
            .filter(case::Column::PersonId.eq(person.0))
            .order_by_desc(case::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Case::try_from)
            .collect()
    }

    /// Whether the user supervises cases in `org` (approves closures, reopens, reassigns).
    pub fn mover(scope: &Scope, org: OrgId) -> Mover {
        Mover {
            user: scope.user,
            supervisor: scope.allows(org, Action::SuperviseCases),
        }
    }

    /// Moves a case one step through the workflow; the domain decides whether it may.
    pub async fn move_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CaseId,
        step: Step,
        now: DateTime<Utc>,
    ) -> Result<Case, StoreError> {
        let old = self.find_case(scope, id).await?;
        if !scope.allows(old.org, Action::EditPeople) {
            return Err(StoreError::Forbidden);
        }
        let new = old
            .state
            .apply(step, Self::mover(scope, old.org))
            .map_err(|e| StoreError::Refused(e.key))?;
        let mut update = case::Entity::update_many()
            .col_expr(case::Column::Status, Expr::value(new.status.code()))
            .col_expr(case::Column::UpdatedAt, Expr::value(now))
            .filter(case::Column::Id.eq(id.0))
            .filter(case::Column::Status.eq(old.state.status.code()));
        // The row must still be as read: a double submit or a colleague's change loses.
        update = match old.state.pending {
            Some(p) => update.filter(case::Column::ClosureRequestedBy.eq(p.requested_by.0)),
            None => update.filter(case::Column::ClosureRequestedBy.is_null()),
        };
        let mut reason = None;
        if let Step::RequestClosure(r) = step {
            reason = Some(r);
            update = update
                .col_expr(case::Column::ClosureReason, Expr::value(r.code()))
                .col_expr(case::Column::ClosureRequestedBy, Expr::value(scope.user.0))
                .col_expr(case::Column::ClosureRequestedAt, Expr::value(now));
        }
        if matches!(
            step,
            Step::DeclineClosure | Step::Reopen | Step::ApproveClosure
        ) {
            update = update
                .col_expr(case::Column::ClosureRequestedBy, Expr::value(None::<i64>))
                .col_expr(
                    case::Column::ClosureRequestedAt,
                    Expr::value(None::<DateTime<Utc>>),
                );
        }
        if matches!(step, Step::DeclineClosure | Step::Reopen) {
            update = update.col_expr(case::Column::ClosureReason, Expr::value(None::<String>));
        }
        if step == Step::ApproveClosure {
            reason = old.state.pending.map(|p| p.reason);
            update = update
                .col_expr(case::Column::OpenKey, Expr::value(None::<i64>))
                .col_expr(case::Column::ClosedBy, Expr::value(scope.user.0))
                .col_expr(case::Column::ClosedAt, Expr::value(now));
        }
        if step == Step::Reopen {
            update = update
                .col_expr(case::Column::OpenKey, Expr::value(old.person.0))
                .col_expr(case::Column::ClosedBy, Expr::value(None::<i64>))
                .col_expr(case::Column::ClosedAt, Expr::value(None::<DateTime<Utc>>));
        }
        let txn = self.db().begin().await?;
        if step == Step::Reopen {
            let open = case::Entity::find()
                .filter(case::Column::OrgId.eq(old.org.0))
                .filter(case::Column::OpenKey.eq(old.person.0))
                .one(&txn)
                .await?;
            if open.is_some() {
                return Err(StoreError::Refused("error-case-already-open"));
            }
        }
        let done = update.exec(&txn).await.map_err(|e| {
            match StoreError::unique("error-case-already-open")(e) {
                StoreError::Conflict(key) => StoreError::Refused(key),
                other => other,
            }
        })?;
        if done.rows_affected != 1 {
            return Err(StoreError::Refused("error-case-changed"));
        }
        let code = step.kind().code();
        history::record_status(
            &txn,
            id.0,
            code,
            Some(old.state.status),
            new.status,
            reason,
            scope.user,
            now,
        )
        .await?;
        let action = format!("case.{code}");
        let event = Event::new(&action)
            .on("case", id.0, old.org)
            .fields(&["status"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        self.find_case(scope, id).await
    }

    /// Gives a case to another case worker (or to nobody), keeping the history; the person
    /// follows the case, so the new worker reaches her and the old one no longer does.
    pub async fn assign_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: CaseId,
        worker: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let old = self.find_case(scope, id).await?;
        if !scope.allows(old.org, Action::SuperviseCases) {
            return Err(StoreError::Forbidden);
        }
        if worker == old.worker {
            return Ok(());
        }
        if let Some(w) = worker {
            check_worker(self, old.org, w).await?;
        }
        let txn = self.db().begin().await?;
        let done = case::Entity::update_many()
            .col_expr(case::Column::WorkerId, Expr::value(worker.map(|w| w.0)))
            .col_expr(case::Column::UpdatedAt, Expr::value(now))
            .filter(case::Column::Id.eq(id.0))
            .filter(match old.worker {
                Some(w) => case::Column::WorkerId.eq(w.0),
                None => case::Column::WorkerId.is_null(),
            })
            .exec(&txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(StoreError::Refused("error-case-changed"));
        }
        history::record_assignment(&txn, id.0, old.worker, worker, scope.user, now).await?;
        assign_person(&txn, old.person, worker, now).await?;
        let event = Event::new("case.assign")
            .on("case", id.0, old.org)
            .fields(&["worker"]);
        self.audit_in(&txn, actor, &event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The history of a case within scope: assignments and status changes, oldest first.
    pub async fn case_history(
        &self,
        scope: &Scope,
        id: CaseId,
    ) -> Result<(Vec<Assignment>, Vec<StatusChange>), StoreError> {
        self.find_case(scope, id).await?;
        let assignments = case_assignment::Entity::find()
            .filter(case_assignment::Column::CaseId.eq(id.0))
            .order_by_asc(case_assignment::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(Assignment::from)
            .collect();
        let changes = case_status_change::Entity::find()
            .filter(case_status_change::Column::CaseId.eq(id.0))
            .order_by_asc(case_status_change::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(StatusChange::from)
            .collect();
        Ok((assignments, changes))
    }
}

//! A case's history rows: who carried it when, and every step of its workflow.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use tonle_domain::cases::{CaseStatus, ClosureReason};
use tonle_domain::ids::UserId;

use crate::StoreError;
use crate::entities::{case_assignment, case_status_change};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub from: Option<UserId>,
    pub to: Option<UserId>,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

impl From<case_assignment::Model> for Assignment {
    fn from(row: case_assignment::Model) -> Self {
        Assignment {
            from: row.from_worker_id.map(UserId),
            to: row.worker_id.map(UserId),
            by: UserId(row.assigned_by),
            at: row.assigned_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// `open`, or the code of a workflow step (`request-closure`, `approve-closure`, …).
    pub step: String,
    pub from: Option<CaseStatus>,
    pub to: CaseStatus,
    pub reason: Option<ClosureReason>,
    pub by: UserId,
    pub at: DateTime<Utc>,
}

impl From<case_status_change::Model> for StatusChange {
    fn from(row: case_status_change::Model) -> Self {
        StatusChange {
            step: row.step,
            from: row.from_status.as_deref().and_then(CaseStatus::from_code),
            to: CaseStatus::from_code(&row.to_status).unwrap_or(CaseStatus::Active),
            reason: row.reason.as_deref().and_then(ClosureReason::from_code),
            by: UserId(row.changed_by),
            at: row.changed_at,
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn record_status<C: ConnectionTrait>(
    txn: &C,
    case: i64,
    step: &str,
    from: Option<CaseStatus>,
    to: CaseStatus,
    reason: Option<ClosureReason>,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    case_status_change::ActiveModel {
        case_id: Set(case),
        step: Set(step.to_owned()),
        from_status: Set(from.map(|s| s.code().to_owned())),
        to_status: Set(to.code().to_owned()),
        reason: Set(reason.map(|r| r.code().to_owned())),
        changed_by: Set(by.0),
        changed_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

pub(super) async fn record_assignment<C: ConnectionTrait>(
    txn: &C,
    case: i64,
    from: Option<UserId>,
    to: Option<UserId>,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    case_assignment::ActiveModel {
        case_id: Set(case),
        from_worker_id: Set(from.map(|w| w.0)),
        worker_id: Set(to.map(|w| w.0)),
        assigned_by: Set(by.0),
        assigned_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

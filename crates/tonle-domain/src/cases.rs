//! A case: the organisation's work with one person, from intake to closure. Statuses are the
//! HTCDS ones (stored by their HTCDS value). Active and Follow up move freely; closing needs a
//! request with a reason and a case manager's approval (never the requester's own); only a
//! case manager reopens a closed case.

use chrono::NaiveDate;

use crate::Invalid;
use crate::ids::UserId;
use crate::projects::parse_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    Active,
    FollowUp,
    Closed,
    ClosedReferred,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 4] = [
        CaseStatus::Active,
        CaseStatus::FollowUp,
        CaseStatus::Closed,
        CaseStatus::ClosedReferred,
    ];

    /// The HTCDS value, stored as is.
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Active => "Active",
            CaseStatus::FollowUp => "Follow up",
            CaseStatus::Closed => "Closed",
            CaseStatus::ClosedReferred => "Closed Referred",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            CaseStatus::Active => "case-status-active",
            CaseStatus::FollowUp => "case-status-follow-up",
            CaseStatus::Closed => "case-status-closed",
            CaseStatus::ClosedReferred => "case-status-closed-referred",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, CaseStatus::Active | CaseStatus::FollowUp)
    }
}

/// Why a case is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClosureReason {
    GoalsMet,
    MovedAway,
    Referred,
    Declined,
    LostContact,
    Died,
    Other,
}

impl ClosureReason {
    pub const ALL: [ClosureReason; 7] = [
        ClosureReason::GoalsMet,
        ClosureReason::MovedAway,
        ClosureReason::Referred,
        ClosureReason::Declined,
        ClosureReason::LostContact,
        ClosureReason::Died,
        ClosureReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClosureReason::GoalsMet => "goals-met",
            ClosureReason::MovedAway => "moved-away",
            ClosureReason::Referred => "referred",
            ClosureReason::Declined => "declined",
            ClosureReason::LostContact => "lost-contact",
            ClosureReason::Died => "died",
            ClosureReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ClosureReason> {
        ClosureReason::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ClosureReason::GoalsMet => "case-reason-goals-met",
            ClosureReason::MovedAway => "case-reason-moved-away",
            ClosureReason::Referred => "case-reason-referred",
            ClosureReason::Declined => "case-reason-declined",
            ClosureReason::LostContact => "case-reason-lost-contact",
            ClosureReason::Died => "case-reason-died",
            ClosureReason::Other => "case-reason-other",
        }
    }

    /// The status a case closed for this reason ends in.
    pub fn closed_status(self) -> CaseStatus {
        match self {
            ClosureReason::Referred => CaseStatus::ClosedReferred,
            _ => CaseStatus::Closed,
        }
    }
}

/// A request to close, waiting for a case manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosureRequest {
    pub reason: ClosureReason,
    pub requested_by: UserId,
}

/// Where a case stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub status: CaseStatus,
    pub pending: Option<ClosureRequest>,
}

/// A move a user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Active → Follow up.
    FollowUp,
    /// Follow up → Active.
    Resume,
    RequestClosure(ClosureReason),
    ApproveClosure,
    /// The case manager declines, or the requester withdraws, a closure request.
    DeclineClosure,
    /// Closed → Active, by a case manager.
    Reopen,
}

/// The kinds of step, for buttons and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    FollowUp,
    Resume,
    RequestClosure,
    ApproveClosure,
    DeclineClosure,
    Reopen,
}

impl StepKind {
    pub const ALL: [StepKind; 6] = [
        StepKind::FollowUp,
        StepKind::Resume,
        StepKind::RequestClosure,
        StepKind::ApproveClosure,
        StepKind::DeclineClosure,
        StepKind::Reopen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepKind::FollowUp => "follow-up",
            StepKind::Resume => "resume",
            StepKind::RequestClosure => "request-closure",
            StepKind::ApproveClosure => "approve-closure",
            StepKind::DeclineClosure => "decline-closure",
            StepKind::Reopen => "reopen",
        }
    }

    pub fn from_code(code: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

impl Step {
    pub fn kind(self) -> StepKind {
        match self {
            Step::FollowUp => StepKind::FollowUp,
            Step::Resume => StepKind::Resume,
            Step::RequestClosure(_) => StepKind::RequestClosure,
            Step::ApproveClosure => StepKind::ApproveClosure,
            Step::DeclineClosure => StepKind::DeclineClosure,
            Step::Reopen => StepKind::Reopen,
        }
    }
}

/// Who asks: the user, and whether they supervise (a case manager of the case's organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mover {
    pub user: UserId,
    pub supervisor: bool,
}

impl CaseState {
    pub fn new() -> Self {
        CaseState {
            status: CaseStatus::Active,
            pending: None,
        }
    }

    /// The state after `step`, or why the workflow refuses it.
    pub fn apply(self, step: Step, by: Mover) -> Result<CaseState, Invalid> {
        let refuse = |key| Err(Invalid::new("step", key));
        match (self.status, self.pending, step) {
            (CaseStatus::Active, None, Step::FollowUp) => Ok(self.with(CaseStatus::FollowUp)),
            (CaseStatus::FollowUp, None, Step::Resume) => Ok(self.with(CaseStatus::Active)),
            (s, None, Step::RequestClosure(reason)) if s.is_open() => Ok(CaseState {
                status: s,
                pending: Some(ClosureRequest {
                    reason,
                    requested_by: by.user,
                }),
            }),
            (_, Some(_), Step::ApproveClosure) if !by.supervisor => refuse("error-case-supervisor"),
            (_, Some(req), Step::ApproveClosure) if req.requested_by == by.user => {
                refuse("error-case-approve-own")
            }
            (_, Some(req), Step::ApproveClosure) => Ok(CaseState {
                status: req.reason.closed_status(),
                pending: None,
            }),
            (_, Some(req), Step::DeclineClosure)
                if by.supervisor || req.requested_by == by.user =>
            {
                Ok(CaseState {
                    status: self.status,
                    pending: None,
                })
            }
            (_, Some(_), Step::DeclineClosure) => refuse("error-case-supervisor"),
            (_, Some(_), _) => refuse("error-case-closure-pending"),
            (s, None, Step::Reopen) if !s.is_open() && !by.supervisor => {
                refuse("error-case-supervisor")
            }
            (s, None, Step::Reopen) if !s.is_open() => Ok(self.with(CaseStatus::Active)),
            _ => refuse("error-case-transition"),
        }
    }

    fn with(self, status: CaseStatus) -> CaseState {
        CaseState { status, ..self }
    }

    /// The steps `by` may take now (what the case page offers as buttons).
    pub fn next_steps(self, by: Mover) -> Vec<StepKind> {
        let probe = |kind| match kind {
            StepKind::FollowUp => Step::FollowUp,
            StepKind::Resume => Step::Resume,
            StepKind::RequestClosure => Step::RequestClosure(ClosureReason::Other),
            StepKind::ApproveClosure => Step::ApproveClosure,
            StepKind::DeclineClosure => Step::DeclineClosure,
            StepKind::Reopen => Step::Reopen,
        };
        StepKind::ALL
            .into_iter()
            .filter(|k| self.apply(probe(*k), by).is_ok())
            .collect()
    }
}

impl Default for CaseState {
    fn default() -> Self {
        Self::new()
    }
}

/// The intake date as typed: a date, not after `today` (Cambodia's date).
pub fn parse_intake_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let date = parse_date("intake_date", text)?;
    if date > today {
        return Err(Invalid::new("intake_date", "error-date-future"));
    }
    Ok(date)
}

#[cfg(test)]
mod tests;

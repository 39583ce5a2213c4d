use super::*;
use proptest::prelude::*;

const WORKER: Mover = Mover {
    user: UserId(1),
    supervisor: false,
};
const MANAGER: Mover = Mover {
    user: UserId(2),
    supervisor: true,
};

fn ok(state: CaseState, step: Step, by: Mover) -> CaseState {
    state
        .apply(step, by)
        .unwrap_or_else(|e| unreachable!("{step:?} refused: {e}"))
}

fn key(state: CaseState, step: Step, by: Mover) -> &'static str {
    state
        .apply(step, by)
        .err()
        .map(|e| e.key)
        .unwrap_or("accepted")
}

#[test]
fn active_and_follow_up_move_freely() {
    let s = ok(CaseState::new(), Step::FollowUp, WORKER);
    assert_eq!(s.status, CaseStatus::FollowUp);
    assert_eq!(ok(s, Step::Resume, WORKER).status, CaseStatus::Active);
    assert_eq!(key(s, Step::FollowUp, WORKER), "error-case-transition");
    assert_eq!(
        key(CaseState::new(), Step::Resume, WORKER),
        "error-case-transition"
    );
}

#[test]
fn closing_needs_a_request_and_another_persons_approval() {
    let s = CaseState::new();
    assert_eq!(
        key(s, Step::ApproveClosure, MANAGER),
        "error-case-transition"
    );
    let requested = ok(s, Step::RequestClosure(ClosureReason::GoalsMet), WORKER);
    assert_eq!(requested.status, CaseStatus::Active);
    assert_eq!(
        key(requested, Step::ApproveClosure, WORKER),
        "error-case-supervisor"
    );
    assert_eq!(
        key(requested, Step::FollowUp, WORKER),
        "error-case-closure-pending"
    );
    let closed = ok(requested, Step::ApproveClosure, MANAGER);
    assert_eq!(closed.status, CaseStatus::Closed);
    assert_eq!(closed.pending, None);

    let own = ok(s, Step::RequestClosure(ClosureReason::Referred), MANAGER);
    assert_eq!(
        key(own, Step::ApproveClosure, MANAGER),
        "error-case-approve-own"
    );
    let other_manager = Mover {
        user: UserId(3),
        supervisor: true,
    };
    assert_eq!(
        ok(own, Step::ApproveClosure, other_manager).status,
        CaseStatus::ClosedReferred
    );
}

#[test]
fn a_request_can_be_withdrawn_or_declined() {
    let requested = ok(
        CaseState::new(),
        Step::RequestClosure(ClosureReason::LostContact),
        WORKER,
    );
    assert_eq!(ok(requested, Step::DeclineClosure, WORKER).pending, None);
    assert_eq!(ok(requested, Step::DeclineClosure, MANAGER).pending, None);
    let stranger = Mover {
        user: UserId(9),
        supervisor: false,
    };
    assert_eq!(
        key(requested, Step::DeclineClosure, stranger),
        "error-case-supervisor"
    );
}

#[test]
fn only_a_case_manager_reopens() {
    let closed = CaseState {
        status: CaseStatus::Closed,
        pending: None,
    };
    assert_eq!(key(closed, Step::Reopen, WORKER), "error-case-supervisor");
    assert_eq!(ok(closed, Step::Reopen, MANAGER).status, CaseStatus::Active);
    assert_eq!(
        key(closed, Step::FollowUp, MANAGER),
        "error-case-transition"
    );
    assert_eq!(
        key(CaseState::new(), Step::Reopen, MANAGER),
        "error-case-transition"
    );
}

#[test]
fn next_steps_are_what_apply_accepts() {
    assert_eq!(
        CaseState::new().next_steps(WORKER),
        vec![StepKind::FollowUp, StepKind::RequestClosure]
    );
    let requested = ok(
        CaseState::new(),
        Step::RequestClosure(ClosureReason::GoalsMet),
        WORKER,
    );
    assert_eq!(requested.next_steps(WORKER), vec![StepKind::DeclineClosure]);
    assert_eq!(
        requested.next_steps(MANAGER),
        vec![StepKind::ApproveClosure, StepKind::DeclineClosure]
    );
}

#[test]
fn codes_round_trip_and_intake_is_not_in_the_future() {
    for s in CaseStatus::ALL {
        assert_eq!(CaseStatus::from_code(s.code()), Some(s));
    }
    for r in ClosureReason::ALL {
        assert_eq!(ClosureReason::from_code(r.code()), Some(r));
    }
    for k in StepKind::ALL {
        assert_eq!(StepKind::from_code(k.code()), Some(k));
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    assert_eq!(parse_intake_date("2026-11-23", today), Ok(today));
    assert_eq!(
        parse_intake_date("2026-11-24", today).map_err(|e| e.key),
        Err("error-date-future")
    );
    assert!(parse_intake_date("23/11/2026", today).is_err());
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::FollowUp),
        Just(Step::Resume),
        (0..ClosureReason::ALL.len()).prop_map(|i| Step::RequestClosure(ClosureReason::ALL[i])),
        Just(Step::ApproveClosure),
        Just(Step::DeclineClosure),
        Just(Step::Reopen),
    ]
}

fn any_mover() -> impl Strategy<Value = Mover> {
    (1i64..4, any::<bool>()).prop_map(|(u, supervisor)| Mover {
        user: UserId(u),
        supervisor,
    })
}

proptest! {
    /// Whatever anyone tries, a case closes only by a supervisor approving someone else's
    /// request, and reopens only by a supervisor.
    #[test]
    fn closing_always_takes_another_supervisors_approval(
        moves in proptest::collection::vec((any_step(), any_mover()), 0..40)
    ) {
        let mut state = CaseState::new();
        for (step, by) in moves {
            let before = state;
            if let Ok(after) = state.apply(step, by) {
                if before.status.is_open() && !after.status.is_open() {
                    prop_assert_eq!(step, Step::ApproveClosure);
                    prop_assert!(by.supervisor);
                    prop_assert!(before.pending.is_some_and(|p| p.requested_by != by.user));
                    prop_assert_eq!(before.pending.map(|p| p.reason.closed_status()), Some(after.status));
                }
                if !before.status.is_open() && after.status.is_open() {
                    prop_assert_eq!(step, Step::Reopen);
                    prop_assert!(by.supervisor);
                }
                prop_assert!(after.pending.is_none() || after.status.is_open());
                state = after;
            }
        }
    }
}

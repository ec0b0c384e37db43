//! Clocks and figures that must not flatter (issue 12, items 12 to 15 and 17): an auto-close is
//! no completion by the agency, a breach survives a postponement, a withdraw is no verification,
//! the national admin hears two working days after a breach, and the reporter gets a full reopen
//! window from the latest completion or auto-close, in the holding agency's zone.

use super::sla::{at, run, state};
use aduan_domain::Status;
use aduan_domain::lifecycle::ActionKind as A;
use aduan_domain::report::{Kind, ReportState};
use aduan_domain::sla::figures::{Figures, PhaseFigures};
use aduan_domain::sla::{Clock, Phase, national_escalation_due, window_open};
use aduan_domain::status::CompletionKind;
use aduan_domain::workdays::{WorkCalendar, Zone};
use chrono::{DateTime, TimeZone, Utc};

fn held(status: Status, agency: &str) -> ReportState {
    state(status, Some(agency))
}

fn completed(agency: &str, kind: CompletionKind) -> ReportState {
    let mut s = held(Status::Completed, agency);
    s.completion_kind = Some(kind);
    s
}

/// Submitted Monday 2 March 09:00 WIB, dispatched at 10:00 to `agency`, then `steps`.
fn dispatched_then(
    agency: &str,
    kind: Kind,
    steps: &[(A, DateTime<Utc>, ReportState)],
) -> Vec<Clock> {
    let with_kind = |mut s: ReportState| {
        s.kind = kind;
        if kind != Kind::Complaint {
            s.handling_class = None;
        }
        s
    };
    let mut all = vec![
        (
            A::Submit,
            at(2, 9),
            with_kind(state(Status::Submitted, None)),
        ),
        (
            A::VerifyDispatch,
            at(2, 10),
            with_kind(held(Status::Dispatched, agency)),
        ),
    ];
    all.extend(steps.iter().map(|(a, t, s)| (*a, *t, with_kind(s.clone()))));
    run(&all)
}

fn figures(reports: &[Vec<Clock>], phase: Phase, now: DateTime<Utc>) -> Vec<PhaseFigures> {
    let cal = WorkCalendar::new([]);
    let mut f = Figures::default();
    for c in reports.iter().flatten() {
        f.add(c, &cal, now);
    }
    f.finish()
        .into_iter()
        .filter(|f| f.phase == phase)
        .collect()
}

fn counts(f: &PhaseFigures) -> (u64, u64, u64, u64) {
    (
        f.decided,
        f.within_limit,
        f.missed,
        f.auto_closed_before_due,
    )
}

#[test]
fn an_auto_close_before_the_completion_deadline_is_neither_within_nor_missed() {
    // Ordinary complaint: completion due Friday 20 March; a follow-up on Tuesday 3rd, then
    // silence: the auto-close timer runs out on Tuesday 17th and closes it on the 18th.
    let clocks = dispatched_then(
        "kota-surabaya",
        Kind::Complaint,
        &[
            (
                A::FollowUp,
                at(3, 10),
                held(Status::InProgress, "kota-surabaya"),
            ),
            (
                A::AutoClose,
                at(18, 1),
                completed("kota-surabaya", CompletionKind::AutoClosed),
            ),
        ],
    );
    let f = &figures(&[clocks], Phase::Completion, at(31, 12))[0];
    assert_eq!(
        counts(f),
        (0, 0, 0, 1),
        "not within the limit, not missed either"
    );
    assert_eq!(
        f.compliance, None,
        "an agency that never completed earns no share"
    );
    assert_eq!((f.median_days, f.auto_closed), (None, 1));
}

#[test]
fn an_auto_close_after_the_completion_deadline_counts_as_a_miss() {
    // Aspiration: completion due Monday 9 March; auto-closed on the 18th without completion.
    let clocks = dispatched_then(
        "kota-surabaya",
        Kind::Aspiration,
        &[
            (
                A::FollowUp,
                at(3, 10),
                held(Status::InProgress, "kota-surabaya"),
            ),
            (
                A::AutoClose,
                at(18, 1),
                completed("kota-surabaya", CompletionKind::AutoClosed),
            ),
        ],
    );
    let f = &figures(&[clocks], Phase::Completion, at(31, 12))[0];
    assert_eq!(counts(f), (1, 0, 1, 0));
    assert_eq!(f.open_past_due, 0);
    assert_eq!(
        f.median_days, None,
        "no completion by the agency, no duration"
    );
}

#[test]
fn confirmed_agency_closed_and_auto_closed_completions_are_shown_apart() {
    let agency = "kota-surabaya";
    let in_progress = (A::FollowUp, at(3, 10), held(Status::InProgress, agency));
    let complete = (
        A::Complete,
        at(4, 10),
        completed(agency, CompletionKind::AgencyClosed),
    );
    let confirmed = dispatched_then(
        agency,
        Kind::Complaint,
        &[
            in_progress.clone(),
            complete.clone(),
            (
                A::Confirm,
                at(5, 10),
                completed(agency, CompletionKind::ReporterConfirmed),
            ),
        ],
    );
    let agency_closed = dispatched_then(
        agency,
        Kind::Complaint,
        &[in_progress.clone(), complete.clone()],
    );
    let silent = dispatched_then(
        agency,
        Kind::Complaint,
        &[
            in_progress,
            complete,
            (
                A::AutoClose,
                at(19, 1),
                completed(agency, CompletionKind::AutoClosed),
            ),
        ],
    );
    let f = &figures(
        &[confirmed, agency_closed, silent],
        Phase::Completion,
        at(31, 12),
    )[0];
    assert_eq!(
        counts(f),
        (3, 3, 0, 0),
        "all three completed by the agency in time"
    );
    assert_eq!((f.confirmed, f.agency_closed, f.auto_closed), (1, 1, 1));
}

#[test]
fn a_postponement_after_the_verification_deadline_keeps_the_breach() {
    // Verification by the national admin due Thursday 5 March; postponed on Friday 6th, the
    // reporter adds information on Monday 9th and the report is dispatched the same day.
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::Postpone, at(6, 10), state(Status::Postponed, None)),
    ]);
    let cal = WorkCalendar::new([]);
    let paused = clocks[0].reading(&cal, at(6, 12));
    assert!(paused.paused && paused.breached, "breached while paused");
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::Postpone, at(6, 10), state(Status::Postponed, None)),
        (A::AddInfo, at(9, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(9, 12),
            held(Status::Dispatched, "kota-surabaya"),
        ),
    ]);
    let verification = clocks
        .iter()
        .find(|c| c.phase == Phase::Verification)
        .unwrap();
    assert!(verification.is_breached(at(9, 12)));
    let f = &figures(&[clocks], Phase::Verification, at(31, 12))[0];
    assert_eq!(
        (f.responsible.as_str(), counts(f)),
        ("national_admin", (1, 0, 1, 0))
    );
}

#[test]
fn a_postponement_before_the_deadline_is_no_breach() {
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::Postpone, at(3, 10), state(Status::Postponed, None)),
        (A::AddInfo, at(9, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(9, 12),
            held(Status::Dispatched, "kota-surabaya"),
        ),
    ]);
    let f = &figures(&[clocks], Phase::Verification, at(31, 12))[0];
    assert_eq!(counts(f), (1, 1, 0, 0));
}

#[test]
fn a_withdraw_counts_in_no_figure_unless_verification_was_already_breached() {
    let withdrawn = |day: u32| {
        let mut archived = state(Status::Archived, None);
        archived.archive_reason = None;
        run(&[
            (A::Submit, at(2, 9), state(Status::Submitted, None)),
            (A::Withdraw, at(day, 10), archived),
        ])
    };
    assert!(
        figures(&[withdrawn(3)], Phase::Verification, at(31, 12)).is_empty(),
        "withdrawn in time: verification ends undecided"
    );
    let f = &figures(&[withdrawn(9)], Phase::Verification, at(31, 12))[0];
    assert_eq!(
        counts(f),
        (1, 0, 1, 0),
        "withdrawn after the deadline: still a miss"
    );
    assert_eq!(
        f.median_days, None,
        "a withdraw is no verification: no duration"
    );
}

#[test]
fn the_national_admin_hears_two_working_days_after_the_breach() {
    let cal = WorkCalendar::new([]);
    // Deadline Monday 9 March 2026 (end of day, WIB): breached at Tuesday 10th 00:00.
    let due = Utc.with_ymd_and_hms(2026, 3, 9, 16, 59, 59).unwrap()
        + chrono::Duration::microseconds(999_999);
    let national = national_escalation_due(&cal, Zone::Wib, due);
    let wib = |d: u32, h: u32, m: u32| {
        Utc.with_ymd_and_hms(2026, 3, d, h, m, 0).unwrap() - chrono::Duration::hours(7)
    };
    assert!(wib(11, 23, 59) <= national, "not on Wednesday");
    assert!(wib(12, 0, 0) > national, "on Thursday 12 March 00:00");
    // A holiday on Tuesday 10th pushes it to Friday 13th.
    let cal = WorkCalendar::new([chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()]);
    let national = national_escalation_due(&cal, Zone::Wib, due);
    assert!(wib(12, 23, 59) <= national && wib(13, 0, 0) > national);
}

fn wita(d: u32, h: u32) -> DateTime<Utc> {
    let (month, day) = if d > 31 { (4, d - 31) } else { (3, d) };
    Utc.with_ymd_and_hms(2026, month, day, h, 0, 0).unwrap() - chrono::Duration::hours(8)
}

#[test]
fn after_complete_and_silence_the_auto_close_gives_a_full_reopen_window_in_the_agencys_zone() {
    let agency = "kota-makassar"; // WITA
    let clocks = dispatched_then(
        agency,
        Kind::Complaint,
        &[
            (A::FollowUp, at(3, 10), held(Status::InProgress, agency)),
            (
                A::Complete,
                wita(4, 10),
                completed(agency, CompletionKind::AgencyClosed),
            ),
            // Ten working days of silence end on Wednesday 18th; closed early on the 19th.
            (
                A::AutoClose,
                wita(19, 0),
                completed(agency, CompletionKind::AutoClosed),
            ),
        ],
    );
    let windows: Vec<&Clock> = clocks
        .iter()
        .filter(|c| c.phase == Phase::ReopenWindow)
        .collect();
    let last = windows.last().unwrap();
    assert_eq!(last.zone, Zone::Wita);
    assert_eq!(last.started_at, wita(19, 0));
    assert!(
        window_open(&clocks, Phase::ReopenWindow, wita(19, 12)),
        "open after the auto-close"
    );
    // Ten working days from Thursday 19 March: Thursday 2 April, end of day in WITA.
    assert!(window_open(&clocks, Phase::ReopenWindow, wita(33, 23)));
    assert!(!window_open(&clocks, Phase::ReopenWindow, wita(34, 0)));
    assert_eq!(
        windows.iter().filter(|c| c.is_open()).count(),
        1,
        "one window at a time"
    );
}

#[test]
fn an_expired_reopen_window_does_not_stand_in_for_a_new_one() {
    let agency = "kota-surabaya";
    let clocks = dispatched_then(
        agency,
        Kind::Complaint,
        &[
            (A::FollowUp, at(3, 10), held(Status::InProgress, agency)),
            (
                A::Complete,
                at(3, 12),
                completed(agency, CompletionKind::AgencyClosed),
            ),
            (A::Reply, at(4, 10), held(Status::InProgress, agency)),
            (A::FollowUp, at(5, 10), held(Status::InProgress, agency)),
            // The first window expired on Tuesday 17th; the timer runs out on the 19th.
            (
                A::AutoClose,
                at(20, 1),
                completed(agency, CompletionKind::AutoClosed),
            ),
        ],
    );
    assert!(window_open(&clocks, Phase::ReopenWindow, at(20, 9)));
    let open: Vec<&Clock> = clocks
        .iter()
        .filter(|c| c.phase == Phase::ReopenWindow && c.is_open())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].started_at, open[0].zone), (at(20, 1), Zone::Wib));
}

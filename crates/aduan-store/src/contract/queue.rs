//! Contract cases for the work queues: deadline order with keyset paging, several statuses or
//! escalation levels at once, and only the breached reports.

use super::{Harness, national_admin, t0};
use crate::{ListScope, ReportFilter, Store, no_deadline, queue_deadline};
use aduan_domain::lifecycle::{Action, decide};
use aduan_domain::report::{Report, ReportState};
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{EscalationLevel, Status, TrackingId};
use chrono::{DateTime, Duration, Utc};

/// A clock of `phase` due at `due` (`None`: paused), open unless `stopped`.
pub(super) fn clock(phase: Phase, due: Option<DateTime<Utc>>, stopped: bool) -> Clock {
    let mut c = Clock::start(
        phase,
        "kota-surabaya",
        Zone::Wib,
        t0(),
        3,
        &WorkCalendar::new([]),
    );
    c.due_at = due;
    c.paused_at = due.is_none().then(t0);
    c.stopped_at = stopped.then(t0);
    c
}

/// Stores a submitted report with `clocks`, then forces its state with `change`.
pub(super) async fn queued(
    store: &dyn Store,
    clocks: Vec<Clock>,
    change: impl FnOnce(&mut ReportState),
) -> TrackingId {
    // The clocks come with the forced transition (a stopped limit is no new report's).
    let (report, _) = super::submit(store, false).await;
    let mut state = report.state.clone();
    change(&mut state);
    noted(store, &report, &state, 1, Some(&clocks)).await;
    report.tracking_id
}

/// Writes a note on `report` at `version` that leaves it in `state`, replacing its clocks when
/// `clocks` is given.
pub(super) async fn noted(
    store: &dyn Store,
    report: &Report,
    state: &ReportState,
    version: i64,
    clocks: Option<&[Clock]>,
) {
    let draft = decide(
        &super::facts(report),
        &national_admin().0,
        &Action::Note { body: "-".into() },
    )
    .unwrap()
    .event;
    let calendar = WorkCalendar::new([]);
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: version,
            state,
            event: draft,
            actor: &national_admin().1,
            at: t0(),
            effects: clocks.map(|clocks| crate::Effects {
                clocks,
                calendar: &calendar,
                outbox: &[],
                picks: &[],
            }),
        })
        .await
        .unwrap();
}

pub(super) async fn ids(
    store: &dyn Store,
    filter: &ReportFilter,
    cursor: Option<&crate::Cursor>,
    limit: u32,
) -> Vec<TrackingId> {
    store
        .list_reports(&ListScope::All, filter, cursor, limit)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.tracking_id)
        .collect()
}

/// In deadline order the breached report comes first, then the nearest deadline; reports whose
/// time limits are paused, stopped or only windows come last; pages follow on by deadline;
/// statuses, escalation levels and "breached as of now" narrow the list.
pub async fn a_work_queue_lists_by_deadline_and_narrows_to_what_is_asked(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let day = |n: i64| Some(t0() + Duration::days(n));
    let in_5 = queued(s, vec![clock(Phase::Verification, day(5), false)], |_| {}).await;
    let late = queued(s, vec![clock(Phase::Verification, day(-2), false)], |_| {}).await;
    let in_2 = queued(
        s,
        vec![
            clock(Phase::FirstFollowUp, day(2), false),
            clock(Phase::Completion, day(9), false),
        ],
        |st| {
            st.status = Status::InProgress;
            st.escalation_level = EscalationLevel::NationalAdmin;
        },
    )
    .await;
    let paused = queued(s, vec![clock(Phase::Verification, None, false)], |st| {
        st.status = Status::Postponed;
    })
    .await;
    let only_window = queued(
        s,
        vec![
            clock(Phase::Verification, day(-9), true),
            clock(Phase::AppealWindow, day(1), false),
        ],
        |st| st.status = Status::Archived,
    )
    .await;

    let queue = ReportFilter {
        by_deadline: true,
        ..Default::default()
    };
    let mut without = [paused, only_window];
    without.sort();
    let mut expected = vec![late, in_2, in_5];
    expected.extend(without);
    assert_eq!(ids(s, &queue, None, 10).await, expected);

    let first = ids(s, &queue, None, 2).await;
    assert_eq!(first, expected[..2]);
    let last = first[1];
    let cursor = (queue_deadline(&s.list_clocks(&last).await.unwrap()), last);
    let second = ids(s, &queue, Some(&cursor), 2).await;
    assert_eq!(
        second,
        expected[2..4],
        "the next page starts after the cursor"
    );
    let cursor = (no_deadline(), second[1]);
    assert_eq!(
        ids(s, &queue, Some(&cursor), 2).await,
        expected[4..],
        "paging goes on among reports without a deadline"
    );

    let open_verification = ReportFilter {
        statuses: vec![Status::Submitted, Status::Postponed],
        ..queue.clone()
    };
    assert_eq!(
        ids(s, &open_verification, None, 10).await,
        vec![late, in_5, paused]
    );
    let escalated = ReportFilter {
        escalations: vec![EscalationLevel::NationalAdmin, EscalationLevel::Ombudsman],
        ..queue.clone()
    };
    assert_eq!(ids(s, &escalated, None, 10).await, vec![in_2]);
    let breached_now = ReportFilter {
        overdue_at: Some(t0()),
        ..queue.clone()
    };
    assert_eq!(
        ids(s, &breached_now, None, 10).await,
        vec![late],
        "a stopped clock or a window past its date is no breach"
    );
    let breached_later = ReportFilter {
        overdue_at: Some(t0() + Duration::days(3)),
        ..Default::default()
    };
    let mut found = ids(s, &breached_later, None, 10).await;
    found.sort();
    let mut both = vec![late, in_2];
    both.sort();
    assert_eq!(found, both);
}

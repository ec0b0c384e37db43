//! Contract cases for a report's place in the work queues: it comes with the report, stays
//! while its clocks do and moves with them; an agency's queue merges what it holds and what
//! it was asked to verify.

use super::queue::{clock, ids, noted, queued};
use super::{Harness, t0};
use crate::{ListScope, ReportFilter, Store, SubmitExtras};
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::{AgencyId, Status, TrackingId};
use chrono::Duration;

/// Files a new report whose running limits come with its submission.
async fn filed(store: &dyn Store, clocks: Vec<Clock>) -> Report {
    let extras = SubmitExtras {
        clocks,
        ..Default::default()
    };
    super::submit_with(store, false, &extras).await.0
}

/// Writes a note on `report` at `version`, replacing its clocks when `clocks` is given.
async fn note(store: &dyn Store, report: &Report, version: i64, clocks: Option<&[Clock]>) {
    noted(store, report, &report.state, version, clocks).await;
}

/// A report filed with a running verification limit is queued by it at once; a step that
/// leaves its clocks alone keeps its place; one that moves its deadline moves it, and one that
/// stops it sends it after every report with a deadline.
pub async fn a_report_keeps_its_place_in_the_queue_until_its_clocks_move(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let day = |n: i64| Some(t0() + Duration::days(n));
    let queue = ReportFilter {
        statuses: vec![Status::Submitted],
        by_deadline: true,
        ..Default::default()
    };
    let in_5 = queued(s, vec![clock(Phase::Verification, day(5), false)], |_| {}).await;
    let filed = filed(s, vec![clock(Phase::Verification, day(3), false)]).await;
    let id = filed.tracking_id;
    assert_eq!(ids(s, &queue, None, 10).await, vec![id, in_5], "filed");
    let late = ReportFilter {
        overdue_at: Some(t0() + Duration::days(4)),
        ..queue.clone()
    };
    assert_eq!(ids(s, &late, None, 10).await, vec![id], "breached by day 4");

    note(s, &filed, 1, None).await;
    assert_eq!(ids(s, &queue, None, 10).await, vec![id, in_5], "kept");

    note(
        s,
        &filed,
        2,
        Some(&[clock(Phase::Verification, day(7), false)]),
    )
    .await;
    assert_eq!(ids(s, &queue, None, 10).await, vec![in_5, id], "moved");
    assert!(
        ids(s, &late, None, 10).await.is_empty(),
        "no longer breached"
    );

    note(
        s,
        &filed,
        3,
        Some(&[clock(Phase::Verification, day(1), true)]),
    )
    .await;
    assert_eq!(ids(s, &queue, None, 10).await, vec![in_5, id], "stopped");
    let cursor = (t0() + Duration::days(5), in_5);
    assert_eq!(
        ids(s, &queue, Some(&cursor), 10).await,
        vec![id],
        "the page after the last deadline holds the report without one"
    );
}

/// An agency's queue holds, in one deadline order, the reports it holds and those it was asked
/// to verify, and nothing of another agency's; a status filter keeps one side.
pub async fn an_agency_queue_merges_what_it_holds_and_what_it_was_asked(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let day = |n: i64| Some(t0() + Duration::days(n));
    let ours = || Some(AgencyId::new("kota-surabaya"));
    let asked_in_4 = queued(s, vec![clock(Phase::Verification, day(4), false)], |st| {
        st.requested_agency = ours();
    })
    .await;
    let held_in_2 = queued(s, vec![clock(Phase::FirstFollowUp, day(2), false)], |st| {
        st.status = Status::Dispatched;
        st.agency = ours();
    })
    .await;
    let working_in_6 = queued(s, vec![clock(Phase::Completion, day(6), false)], |st| {
        st.status = Status::InProgress;
        st.agency = ours();
    })
    .await;
    let postponed = queued(s, vec![clock(Phase::Verification, None, false)], |st| {
        st.status = Status::Postponed;
        st.requested_agency = ours();
    })
    .await;
    queued(s, vec![clock(Phase::FirstFollowUp, day(1), false)], |st| {
        st.status = Status::Dispatched;
        st.agency = Some(AgencyId::new("kota-bandung"));
    })
    .await;

    let scope = ListScope::Agency(AgencyId::new("kota-surabaya"));
    let list = |filter: ReportFilter| {
        let scope = scope.clone();
        async move {
            s.list_reports(&scope, &filter, None, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.tracking_id)
                .collect::<Vec<_>>()
        }
    };
    let queue = ReportFilter {
        by_deadline: true,
        ..Default::default()
    };
    assert_eq!(
        list(queue.clone()).await,
        vec![held_in_2, asked_in_4, working_in_6, postponed]
    );
    let held = ReportFilter {
        statuses: vec![Status::Dispatched, Status::InProgress],
        ..queue.clone()
    };
    assert_eq!(list(held).await, vec![held_in_2, working_in_6]);
    let first = s.list_reports(&scope, &queue, None, 2).await.unwrap();
    let cursor = (t0() + Duration::days(4), first[1].tracking_id);
    let next: Vec<TrackingId> = s
        .list_reports(&scope, &queue, Some(&cursor), 2)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.tracking_id)
        .collect();
    assert_eq!(next, vec![working_in_6, postponed], "the next page");
}

/// The scopes and filters of the back office's deadline-ordered tabs (aduan-office's
/// `pages/queue/tabs.rs`), and an unfiltered national queue as the API allows: the shapes a
/// backend's plan tests check.
pub fn queue_tabs() -> Vec<(ListScope, ReportFilter)> {
    use aduan_domain::{EscalationLevel, UnitId};
    let held = [Status::Dispatched, Status::InProgress];
    let tab = |statuses: &[Status], escalations: &[EscalationLevel], overdue: bool| ReportFilter {
        statuses: statuses.to_vec(),
        escalations: escalations.to_vec(),
        overdue_at: overdue.then(t0),
        by_deadline: true,
        ..Default::default()
    };
    let agency = || AgencyId::new("kota-surabaya");
    let escalated = [
        EscalationLevel::AgencyAdmin,
        EscalationLevel::NationalAdmin,
        EscalationLevel::Ombudsman,
    ];
    vec![
        (ListScope::All, tab(&[Status::Submitted], &[], false)),
        (ListScope::All, tab(&[Status::Postponed], &[], false)),
        (
            ListScope::All,
            tab(&held, &[EscalationLevel::NationalAdmin], false),
        ),
        (ListScope::All, tab(&[], &[], false)),
        (
            ListScope::Agency(agency()),
            tab(&[Status::Submitted, Status::Postponed], &[], false),
        ),
        (ListScope::Agency(agency()), tab(&held, &[], false)),
        (ListScope::Agency(agency()), tab(&held, &[], true)),
        (
            ListScope::Units(agency(), vec![UnitId::new("bidang-jalan")]),
            tab(&held, &[], true),
        ),
        (
            ListScope::Dispatched,
            tab(&[], &[EscalationLevel::Ombudsman], false),
        ),
        (ListScope::Dispatched, tab(&held, &escalated, false)),
        (ListScope::Dispatched, tab(&held, &[], false)),
    ]
}

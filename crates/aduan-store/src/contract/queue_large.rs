//! Contract case for a large work queue loaded in bulk: each report's deadline is stored with
//! it, and the queue pages through them all in deadline order.

use super::{Harness, rng, sample_new_report, t0};
use crate::{
    Cursor, EventActor, History, HistoryStep, ListScope, ReportFilter, Store, queue_deadline,
};
use aduan_domain::actor::{Actor, Role};
use aduan_domain::lifecycle::decide_submit;
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{ReporterId, Status, TrackingId};
use chrono::Duration;

/// A submitted report whose clocks are made from `n`: most have a running verification
/// (some due at the same moment), some a second running limit, some a paused or stopped
/// one, some none.
fn history(n: i64) -> History {
    let mut rng = rng();
    let new = sample_new_report(false);
    let reporter = ReporterId::generate(&mut rng);
    let submit = decide_submit(&Actor::Public, &new, false).unwrap();
    let at = t0() + Duration::minutes(n);
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        submit.state.clone(),
        at,
    );
    let clock = |phase: Phase, hours: i64| {
        let mut c = Clock::start(
            phase,
            "kota-surabaya",
            Zone::Wib,
            at,
            3,
            &WorkCalendar::new([]),
        );
        c.due_at = Some(t0() + Duration::hours(hours));
        c
    };
    let due = (n * 37) % 211 - 40; // spread, repeated, some in the past
    let clocks = match n % 10 {
        0 => vec![],
        1 => {
            let mut paused = clock(Phase::Verification, due);
            paused.due_at = None;
            paused.paused_at = Some(at);
            vec![paused]
        }
        2 => {
            let mut stopped = clock(Phase::Verification, due);
            stopped.stopped_at = Some(at);
            vec![stopped, clock(Phase::AppealWindow, due)]
        }
        3 => vec![
            clock(Phase::Completion, due + 50),
            clock(Phase::FirstFollowUp, due),
        ],
        _ => vec![clock(Phase::Verification, due)],
    };
    History {
        report,
        identity: None,
        steps: vec![HistoryStep {
            event: submit.event,
            actor: EventActor {
                id: reporter.to_string(),
                role: Role::Reporter,
            },
            at,
            state: submit.state,
        }],
        clocks,
    }
}

/// Every page of `filter`'s queue, `size` at a time, following the cursor.
async fn every_page(store: &dyn Store, filter: &ReportFilter, size: u32) -> Vec<TrackingId> {
    let mut out: Vec<TrackingId> = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let page = store
            .list_reports(&ListScope::All, filter, cursor.as_ref(), size)
            .await
            .unwrap();
        out.extend(page.iter().map(|r| r.tracking_id));
        let Some(last) = page.last().filter(|_| page.len() == size as usize) else {
            return out;
        };
        let clocks = store.list_clocks(&last.tracking_id).await.unwrap();
        cursor = Some((queue_deadline(&clocks), last.tracking_id));
    }
}

/// A queue of a few thousand reports loaded in bulk lists, page after page, every report once
/// in deadline order (ties and reports without a running limit by tracking id), and so does a
/// short part of it.
pub async fn a_large_queue_pages_in_the_same_deadline_order_as_a_short_one(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let count = 2_500;
    let histories: Vec<History> = (0..count).map(history).collect();
    for chunk in histories.chunks(500) {
        s.insert_histories(chunk, &WorkCalendar::new([]))
            .await
            .unwrap();
    }
    let mut expected: Vec<(chrono::DateTime<chrono::Utc>, TrackingId, i64)> = histories
        .iter()
        .enumerate()
        .map(|(i, h)| (queue_deadline(&h.clocks), h.report.tracking_id, i as i64))
        .collect();
    expected.sort();

    let large = ReportFilter {
        statuses: vec![Status::Submitted],
        by_deadline: true,
        ..Default::default()
    };
    let listed = every_page(s, &large, 97).await;
    let all: Vec<TrackingId> = expected.iter().map(|e| e.1).collect();
    assert_eq!(listed.len(), all.len(), "every report once");
    assert_eq!(
        listed, all,
        "deadline order, then no deadline by tracking id"
    );

    let breached = ReportFilter {
        overdue_at: Some(t0()),
        ..large.clone()
    };
    let late: Vec<TrackingId> = expected
        .iter()
        .filter(|e| e.0 < t0())
        .map(|e| e.1)
        .collect();
    assert!(!late.is_empty());
    assert_eq!(
        every_page(s, &breached, 97).await,
        late,
        "only the breached, most overdue first"
    );

    let short = ReportFilter {
        from: Some(t0() + Duration::minutes(count - 120)),
        ..large.clone()
    };
    let recent: Vec<TrackingId> = expected
        .iter()
        .filter(|e| e.2 >= count - 120)
        .map(|e| e.1)
        .collect();
    assert_eq!(
        every_page(s, &short, 25).await,
        recent,
        "a short queue, same order"
    );
}

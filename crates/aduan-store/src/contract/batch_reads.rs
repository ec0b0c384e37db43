//! Contract cases for reading what a list page shows of many reports at once: their clocks,
//! the identities the page may show and their follow-ups.

use super::{Harness, rng, sample_identity, sample_new_report, t0};
use crate::{EventActor, Store, SubmitExtras};
use aduan_domain::lifecycle::decide_submit;
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{Actor, ReporterId, Role, TrackingId};
use chrono::Duration;

/// Submits a report with `clocks` verification clocks, started a minute apart.
async fn submitted_with_clocks(store: &dyn Store, anonymous: bool, clocks: usize) -> Report {
    let mut rng = rng();
    let new = sample_new_report(anonymous);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(&mut rng);
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        d.state,
        t0(),
    );
    let cal = WorkCalendar::new([]);
    let extras = SubmitExtras {
        clocks: (0..clocks)
            .map(|i| {
                let at = t0() + Duration::minutes(i as i64);
                Clock::start(Phase::Verification, "kota-surabaya", Zone::Wib, at, 3, &cal)
            })
            .collect(),
        ..Default::default()
    };
    let actor = EventActor {
        id: reporter.to_string(),
        role: Role::Reporter,
    };
    store
        .commit(crate::Commit::Submit {
            report: &report,
            identity: (!anonymous).then(sample_identity).as_ref(),
            event: d.event,
            actor: &actor,
            extras: &extras,
        })
        .await
        .unwrap();
    report
}

/// The clocks of many reports read at once are, report by report and in order, those read one
/// report at a time; a report without clocks is left out, and an empty question reads nothing.
pub async fn many_reports_clocks_read_at_once_match_each_read_alone(h: &dyn Harness) {
    let store = h.store();
    let mut reports = Vec::new();
    for n in [2, 0, 3, 1] {
        reports.push(submitted_with_clocks(store.as_ref(), false, n).await);
    }
    let ids: Vec<TrackingId> = reports.iter().map(|r| r.tracking_id).collect();
    let all = store.list_clocks_of(&ids).await.unwrap();
    assert_eq!(all.len(), 3, "the report without clocks is left out");
    for id in &ids {
        let alone = store.list_clocks(id).await.unwrap();
        assert_eq!(all.get(id).cloned().unwrap_or_default(), alone, "{id}");
    }
    assert_eq!(all[&ids[2]].len(), 3);
    assert!(store.list_clocks_of(&[]).await.unwrap().is_empty());
}

/// The identities of many reporters read at once are those read one at a time; an erased one
/// and one never given are left out.
pub async fn many_identities_read_at_once_match_each_read_alone_and_leave_out_erased_ones(
    h: &dyn Harness,
) {
    let store = h.store();
    let named = submitted_with_clocks(store.as_ref(), false, 0).await;
    let anonymous = submitted_with_clocks(store.as_ref(), true, 0).await;
    let erased = submitted_with_clocks(store.as_ref(), false, 0).await;
    h.exec_sql(&format!(
        "UPDATE reporters SET erased_at = '2026-04-01T00:00:00Z', name = NULL, email = NULL, \
         phone = NULL, nik = NULL WHERE id = '{}'",
        erased.reporter
    ))
    .await;
    let ids = [
        named.reporter.clone(),
        anonymous.reporter.clone(),
        erased.reporter.clone(),
    ];
    let found = store.get_identities(&ids).await.unwrap();
    for id in &ids {
        assert_eq!(
            found.get(id).cloned(),
            store.get_identity(id).await.unwrap(),
            "{id}"
        );
    }
    assert_eq!(found.get(&named.reporter), Some(&sample_identity()));
    assert!(!found.contains_key(&erased.reporter));
    assert!(store.get_identities(&[]).await.unwrap().is_empty());
}

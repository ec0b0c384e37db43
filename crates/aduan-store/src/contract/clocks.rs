//! Contract cases for clocks.

use super::{Harness, national_admin, rng, sample_identity, sample_new_report, t0};
use crate::{EventActor, SubmitExtras};
use aduan_domain::lifecycle::{Action, ActionKind, decide, decide_submit};
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::status::CompletionKind;
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{Actor, ReporterId, Role, TrackingId};
use chrono::Duration;

/// Clocks are stored with the submission, replaced by a transition that carries them, kept by
/// one that does not, and open ones are found.
pub async fn clocks_are_written_with_their_transition_and_read_back(h: &dyn Harness) {
    let store = h.store();
    let cal = WorkCalendar::new([]);
    let mut rng = rng();
    let new = sample_new_report(false);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(&mut rng);
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        d.state,
        t0(),
    );
    let mut verification = Clock::start(
        Phase::Verification,
        "kota-surabaya",
        Zone::Wib,
        t0(),
        3,
        &cal,
    );
    let extras = SubmitExtras {
        clocks: vec![verification.clone()],
        ..Default::default()
    };
    let actor = EventActor {
        id: reporter.to_string(),
        role: Role::Reporter,
    };
    store
        .commit(crate::Commit::Submit {
            report: &report,
            identity: Some(&sample_identity()),
            event: d.event,
            actor: &actor,
            extras: &extras,
        })
        .await
        .unwrap();
    assert_eq!(
        store.list_clocks(&report.tracking_id).await.unwrap(),
        vec![verification.clone()]
    );
    assert_eq!(
        store.reports_with_open_clocks(None, 10).await.unwrap(),
        vec![report.tracking_id]
    );

    let note = |r: &Report| {
        let facts = super::facts(r);
        decide(
            &facts,
            &national_admin().0,
            &Action::Note { body: "cek".into() },
        )
        .unwrap()
    };
    let n = note(&report);
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: 1,
            state: &n.state,
            event: n.event,
            actor: &national_admin().1,
            at: t0(),
            effects: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.list_clocks(&report.tracking_id).await.unwrap().len(),
        1,
        "kept"
    );

    // How each clock ended travels with it: the stopping action, a breach kept through a
    // pause, and the kind of the completion a completion clock ended in.
    verification.stopped_at = Some(t0() + Duration::hours(5));
    verification.stopped_by = Some(ActionKind::VerifyDispatch);
    verification.missed_due = Some(t0() + Duration::hours(3));
    let mut closed = Clock::start(
        Phase::Completion,
        "kota-surabaya",
        Zone::Wita,
        t0() + Duration::hours(1),
        14,
        &cal,
    );
    closed.stopped_at = Some(t0() + Duration::hours(4));
    closed.stopped_by = Some(ActionKind::AutoClose);
    closed.completion = Some(CompletionKind::AutoClosed);
    let completion = Clock::start(
        Phase::Completion,
        "kota-surabaya",
        Zone::Wita,
        t0() + Duration::hours(5),
        14,
        &cal,
    );
    let stored = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    let n = note(&stored);
    let clocks = vec![verification, closed, completion];
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: 2,
            state: &n.state,
            event: n.event,
            actor: &national_admin().1,
            at: t0(),
            effects: Some(crate::Effects {
                clocks: &clocks,
                calendar: &cal,
                outbox: &[],
                picks: &[],
            }),
        })
        .await
        .unwrap();
    assert_eq!(
        store.list_clocks(&report.tracking_id).await.unwrap(),
        clocks,
        "replaced, microseconds and zones intact"
    );
    let stale = store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: 2,
            state: &n.state,
            event: note(&stored).event,
            actor: &national_admin().1,
            at: t0(),
            effects: Some(crate::Effects {
                clocks: &[],
                calendar: &cal,
                outbox: &[],
                picks: &[],
            }),
        })
        .await;
    assert!(matches!(stale, Err(crate::StoreError::Conflict { .. })));
    assert_eq!(
        store.list_clocks(&report.tracking_id).await.unwrap().len(),
        3,
        "a refused move leaves the clocks"
    );
}

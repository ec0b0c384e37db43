//! Contract cases for reports and transitions.

use super::{Harness, apply, dispatch_action, facts, national_admin, sample_identity, submit, t0};
use crate::StoreError;
use aduan_domain::lifecycle::{Action, decide};
use aduan_domain::report::{ArchiveReason, HandlingClass};
use aduan_domain::status::{ArchiveReasonCode, EscalationLevel};
use aduan_domain::{AgencyId, CategoryId, Status, TrackingId, UnitId};
use chrono::Duration;

/// A report, its identity and its first event are stored and read back exactly.
pub async fn a_submitted_report_is_stored_with_its_identity_and_first_event(h: &dyn Harness) {
    let store = h.store();
    let (report, event) = submit(store.as_ref(), false).await;
    let stored = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, report);
    assert_eq!(stored.submitted_at, t0(), "microseconds survive");
    let identity = store.get_identity(&report.reporter).await.unwrap().unwrap();
    assert_eq!(identity, sample_identity());
    let events = store.list_events(&report.tracking_id).await.unwrap();
    assert_eq!(events, vec![event]);
    assert_eq!(events[0].seq, 1);
    assert_eq!(events[0].to, Status::Submitted);
}

/// Events refer to the reporter only by opaque id; no name, e-mail, phone or NIK appears.
pub async fn an_anonymous_reporters_identity_never_enters_the_report_or_its_events(
    h: &dyn Harness,
) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), true).await;
    apply(
        store.as_ref(),
        &report,
        &dispatch_action("kota-surabaya"),
        t0(),
    )
    .await
    .unwrap();
    let events = store.list_events(&report.tracking_id).await.unwrap();
    let text = format!(
        "{:?}{:?}",
        store.get_report(&report.tracking_id).await.unwrap(),
        events
    );
    let who = sample_identity();
    for secret in [who.name, who.email, who.phone, who.nik]
        .into_iter()
        .flatten()
    {
        assert!(
            !text.contains(&secret),
            "{secret} leaked into the report or its events"
        );
    }
    assert!(events[0].actor.starts_with("r_"));
}

/// A transition changes the state, bumps the version and appends a linked event.
pub async fn a_transition_writes_the_new_state_and_its_event_together(h: &dyn Harness) {
    let store = h.store();
    let (report, first) = submit(store.as_ref(), false).await;
    let at = t0() + Duration::hours(3);
    let event = apply(
        store.as_ref(),
        &report,
        &dispatch_action("kota-surabaya"),
        at,
    )
    .await
    .unwrap();
    assert_eq!(
        (event.seq, event.prev_hash.as_str()),
        (2, first.hash.as_str())
    );
    let stored = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state.status, Status::Dispatched);
    assert_eq!(stored.state.agency, Some(AgencyId::new("kota-surabaya")));
    assert_eq!(stored.version, report.version + 1);
    assert_eq!(stored.updated_at, at);
    assert_eq!(
        store.list_events(&report.tracking_id).await.unwrap(),
        vec![first, event]
    );
}

/// Every column of the mutable state is written and read back unchanged.
pub async fn every_field_of_the_state_survives_a_round_trip(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    let mut state = report.state.clone();
    state.status = Status::Archived;
    state.escalation_level = EscalationLevel::AgencyAdmin;
    state.title = Some("Judul yang dikoreksi".into());
    state.category = Some(CategoryId::new("infrastruktur/jalan"));
    state.tags = vec!["jalan".into(), "banjir".into()];
    state.handling_class = Some(HandlingClass::Supervisory);
    state.agency = Some(AgencyId::new("kota-surabaya"));
    state.unit = Some(UnitId::new("kota-surabaya/inspektorat"));
    state.rerouted = true;
    state.archive_reason = Some(ArchiveReason {
        code: ArchiveReasonCode::Duplicate,
        duplicate_of: Some(TrackingId::parse(report.tracking_id.as_str()).unwrap()),
        text: Some("sama".into()),
    });
    state.appeal_used = true;
    state.reopen_used = true;
    state.information_requested = true;
    let (_, actor) = national_admin();
    let draft = decide(
        &facts(&report),
        &national_admin().0,
        &Action::Note {
            body: "catatan".into(),
        },
    )
    .unwrap()
    .event;
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: 1,
            state: &state,
            event: draft,
            actor: &actor,
            at: t0(),
            effects: None,
        })
        .await
        .unwrap();
    let stored = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, state);
}

/// A move decided from an old version is refused with `conflict` and changes nothing.
pub async fn a_move_from_a_stale_version_is_a_conflict(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    apply(
        store.as_ref(),
        &report,
        &dispatch_action("kota-surabaya"),
        t0(),
    )
    .await
    .unwrap();
    let stale = apply(
        store.as_ref(),
        &report,
        &dispatch_action("kota-bandung"),
        t0(),
    )
    .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let stored = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state.agency, Some(AgencyId::new("kota-surabaya")));
    assert_eq!(
        store.list_events(&report.tracking_id).await.unwrap().len(),
        2
    );
}

async fn race(a: &dyn crate::Store, b: &dyn crate::Store, report: &aduan_domain::report::Report) {
    let (to_surabaya, to_bandung) = (
        dispatch_action("kota-surabaya"),
        dispatch_action("kota-bandung"),
    );
    let (ra, rb) = tokio::join!(
        apply(a, report, &to_surabaya, t0()),
        apply(b, report, &to_bandung, t0()),
    );
    let wins = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "exactly one move commits: {ra:?} {rb:?}");
    let loser = if ra.is_ok() { &rb } else { &ra };
    assert!(
        matches!(loser, Err(StoreError::Conflict { .. })),
        "{loser:?}"
    );
    let winner = if ra.is_ok() {
        "kota-surabaya"
    } else {
        "kota-bandung"
    };
    let stored = a.get_report(&report.tracking_id).await.unwrap().unwrap();
    assert_eq!(stored.state.agency, Some(AgencyId::new(winner)));
    assert_eq!(stored.version, 2);
    assert_eq!(a.list_events(&report.tracking_id).await.unwrap().len(), 2);
}

/// Two concurrent moves from one version: exactly one commits, the other gets `conflict`.
pub async fn two_moves_from_the_same_version_never_both_commit(h: &dyn Harness) {
    let store = h.store();
    for _ in 0..5 {
        let (report, _) = submit(store.as_ref(), false).await;
        race(store.as_ref(), store.as_ref(), &report).await;
    }
}

/// The same holds for two instances with their own connections to one database.
pub async fn two_instances_on_one_database_never_both_commit_a_move(h: &dyn Harness) {
    let one = h.store();
    let two = h.reopen().await;
    for _ in 0..5 {
        let (report, _) = submit(one.as_ref(), false).await;
        race(one.as_ref(), two.as_ref(), &report).await;
    }
}

/// A move on a report that does not exist is `not_found`.
pub async fn a_transition_on_a_missing_report_is_not_found(h: &dyn Harness) {
    let store = h.store();
    let (mut report, _) = submit(store.as_ref(), false).await;
    report.tracking_id = TrackingId::generate(&mut super::rng());
    let r = apply(
        store.as_ref(),
        &report,
        &dispatch_action("kota-surabaya"),
        t0(),
    )
    .await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
}

/// A second report with a used tracking id is refused whole: no identity, no event remains.
pub async fn a_duplicate_tracking_id_is_a_conflict_and_leaves_nothing_half_written(
    h: &dyn Harness,
) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    let mut again = report.clone();
    again.reporter = aduan_domain::ReporterId::generate(&mut super::rng());
    let d = aduan_domain::lifecycle::decide_submit(
        &aduan_domain::Actor::Public,
        &super::sample_new_report(false),
        false,
    )
    .unwrap();
    let actor = crate::EventActor {
        id: again.reporter.to_string(),
        role: aduan_domain::Role::Reporter,
    };
    let r = store
        .commit(crate::Commit::Submit {
            report: &again,
            identity: Some(&sample_identity()),
            event: d.event,
            actor: &actor,
            extras: &crate::SubmitExtras::default(),
        })
        .await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    assert_eq!(store.get_identity(&again.reporter).await.unwrap(), None);
    assert_eq!(
        store.list_events(&report.tracking_id).await.unwrap().len(),
        1
    );
    assert_eq!(
        store
            .get_report(&report.tracking_id)
            .await
            .unwrap()
            .unwrap()
            .reporter,
        report.reporter
    );
}

/// Once `commit` has returned, the new report is there for a fresh connection.
pub async fn an_acknowledged_report_survives_reopening_the_database(h: &dyn Harness) {
    let (report, event) = submit(h.store().as_ref(), false).await;
    let again = h.reopen().await;
    assert_eq!(
        again.get_report(&report.tracking_id).await.unwrap(),
        Some(report.clone())
    );
    assert_eq!(
        again.list_events(&report.tracking_id).await.unwrap(),
        vec![event]
    );
}

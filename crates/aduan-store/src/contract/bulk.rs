//! Contract cases for bulk loading: a bulk-written history is indistinguishable from the same
//! history applied step by step, and its chains verify.

use super::{Harness, national_admin, rng, sample_identity, sample_new_report, t0};
use crate::{EventActor, History, HistoryStep, Store, StoreError, verify_history};
use aduan_domain::actor::{Actor, Role, Staff, StaffRole};
use aduan_domain::lifecycle::{Action, AgencyTarget, ReportFacts, Windows, decide, decide_submit};
use aduan_domain::report::{HandlingClass, Report};
use aduan_domain::{AgencyId, ReporterId, TrackingId, UserId};
use chrono::Duration;

/// A history of submit, verify_dispatch, follow_up, complete and auto_close, decided by the
/// domain; `anonymous` reports carry no identity.
pub(super) fn sample_history(anonymous: bool) -> History {
    let mut rng = rng();
    let new = sample_new_report(anonymous);
    let reporter = ReporterId::generate(&mut rng);
    let submit = decide_submit(&Actor::Public, &new, false).unwrap();
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        submit.state.clone(),
        t0(),
    );
    let reporter_actor = EventActor {
        id: reporter.to_string(),
        role: Role::Reporter,
    };
    let mut steps = vec![HistoryStep {
        event: submit.event,
        actor: reporter_actor,
        at: t0(),
        state: submit.state,
    }];
    let (national, national_recorded) = national_admin();
    let agency_admin = Actor::Staff(Staff {
        user: UserId(2),
        role: StaffRole::AgencyAdmin {
            agency: AgencyId::new("kota-surabaya"),
        },
    });
    let agency_recorded = EventActor {
        id: "2".into(),
        role: Role::AgencyAdmin,
    };
    let moves: Vec<(Actor, EventActor, Action, Windows)> = vec![
        (
            national,
            national_recorded,
            Action::VerifyDispatch {
                target: Some(AgencyTarget {
                    agency: AgencyId::new("kota-surabaya"),
                    inspectorate: None,
                }),
                handling_class: Some(HandlingClass::Ordinary),
                kind: None,
                title: None,
                category: None,
                tags: Some(vec!["jalan".into()]),
            },
            Windows::default(),
        ),
        (
            agency_admin.clone(),
            agency_recorded.clone(),
            Action::FollowUp {
                body: "Tim sudah meninjau lokasi.".into(),
            },
            Windows::default(),
        ),
        (
            agency_admin,
            agency_recorded,
            Action::Complete {
                body: "Jalan sudah ditambal.".into(),
            },
            Windows::default(),
        ),
        (
            Actor::System,
            EventActor::system(),
            Action::AutoClose,
            Windows {
                auto_close_due: true,
                ..Windows::default()
            },
        ),
    ];
    for (i, (actor, recorded, action, windows)) in moves.into_iter().enumerate() {
        let last = steps.last().unwrap();
        let facts = ReportFacts {
            state: last.state.clone(),
            reporter: reporter.clone(),
            confidential: report.state.confidential,
            anonymous: report.anonymous,
            show_name: report.show_name,
            unit_path: Vec::new(),
            windows,
        };
        let d = decide(&facts, &actor, &action).unwrap();
        steps.push(HistoryStep {
            event: d.event,
            actor: recorded,
            at: t0() + Duration::hours(26 * (i as i64 + 1)) + Duration::microseconds(7),
            state: d.state,
        });
    }
    let cal = aduan_domain::workdays::WorkCalendar::new([]);
    let limits = aduan_domain::sla::SlaLimits::default();
    let zone_of = |_: &aduan_domain::AgencyId| aduan_domain::workdays::Zone::Wita;
    let ctx = aduan_domain::sla::SlaContext {
        calendar: &cal,
        limits: &limits,
        zone_of: &zone_of,
    };
    let clocks = crate::derive_clocks(&steps, &ctx);
    History {
        report,
        identity: (!anonymous).then(sample_identity),
        steps,
        clocks,
    }
}

/// Writes `history` the slow way: one `commit` of the submission, then one per step.
async fn apply_step_by_step(store: &dyn Store, history: &History) {
    let first = &history.steps[0];
    store
        .commit(crate::Commit::Submit {
            report: &history.report,
            identity: history.identity.as_ref(),
            event: first.event.clone(),
            actor: &first.actor,
            extras: &crate::SubmitExtras::default(),
        })
        .await
        .unwrap();
    for (i, step) in history.steps.iter().enumerate().skip(1) {
        store
            .commit(crate::Commit::Transition {
                id: &history.report.tracking_id,
                expected_version: i as i64,
                state: &step.state,
                event: step.event.clone(),
                actor: &step.actor,
                at: step.at,
                effects: None,
            })
            .await
            .unwrap();
    }
}

/// A bulk-written history reads back exactly as the same history applied step by step: the
/// report row, its identity, every event with its hashes, and the chain head.
pub async fn a_bulk_written_history_reads_back_identical_to_one_applied_step_by_step(
    h: &dyn Harness,
) {
    let store = h.store();
    let bulk = [sample_history(false), sample_history(true)];
    let slow = sample_history(false);
    let counts = store
        .insert_histories(&bulk, &aduan_domain::workdays::WorkCalendar::new([]))
        .await
        .unwrap();
    assert_eq!((counts.reports, counts.events), (2, 10));

    // The same history, step by step, under another tracking id: everything but the id and
    // the hashes that cover it must match.
    let mut twin = bulk[0].clone();
    twin.report.tracking_id = slow.report.tracking_id;
    twin.report.reporter = slow.report.reporter.clone();
    twin.steps[0].actor = slow.steps[0].actor.clone();
    apply_step_by_step(store.as_ref(), &twin).await;

    let fast = store
        .get_report(&bulk[0].report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    let stepped = store
        .get_report(&twin.report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fast, bulk[0].final_report());
    let mut stepped_renamed = stepped.clone();
    stepped_renamed.tracking_id = fast.tracking_id;
    stepped_renamed.reporter = fast.reporter.clone();
    assert_eq!(
        stepped_renamed, fast,
        "bulk and step-by-step reports differ"
    );
    assert_eq!(fast.version, 5);

    let fast_events = store.list_events(&fast.tracking_id).await.unwrap();
    assert_eq!(fast_events, bulk[0].sealed_events());
    let clocks = store.list_clocks(&fast.tracking_id).await.unwrap();
    assert!(
        !clocks.is_empty(),
        "the history's clocks are written with it"
    );
    assert_eq!(clocks, bulk[0].clocks);
    let stepped_events = store.list_events(&stepped.tracking_id).await.unwrap();
    assert_eq!(stepped_events, twin.sealed_events());
    for (a, b) in fast_events.iter().zip(&stepped_events) {
        assert_eq!(
            (a.seq, a.at, a.action, &a.body, &a.payload),
            (b.seq, b.at, b.action, &b.body, &b.payload)
        );
    }

    assert_eq!(
        store.get_identity(&fast.reporter).await.unwrap(),
        Some(sample_identity())
    );
    let anonymous = &bulk[1].report;
    let identity = store.get_identity(&anonymous.reporter).await.unwrap();
    assert_eq!(identity, Some(Default::default()), "an empty identity row");

    let heads = store.list_report_heads(None, 10).await.unwrap();
    let head = heads
        .iter()
        .find(|h| h.tracking_id == fast.tracking_id)
        .unwrap();
    assert_eq!(head.event_count, 5);
    assert_eq!(head.head_hash, fast_events.last().unwrap().hash);
}

/// History verification finds bulk-written chains intact, and a bulk-written report accepts
/// the next live transition on top of its chain.
pub async fn history_verification_finds_bulk_written_histories_intact(h: &dyn Harness) {
    let store = h.store();
    let histories: Vec<History> = (0..30).map(|i| sample_history(i % 3 == 0)).collect();
    store
        .insert_histories(&histories, &aduan_domain::workdays::WorkCalendar::new([]))
        .await
        .unwrap();
    let report = verify_history(store.as_ref(), |_| {}).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!((report.reports, report.events), (30, 150));

    let done = store
        .get_report(&histories[1].report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    let reporter = Actor::Reporter(done.reporter.clone());
    let facts = ReportFacts {
        state: done.state.clone(),
        reporter: done.reporter.clone(),
        confidential: done.state.confidential,
        anonymous: done.anonymous,
        show_name: done.show_name,
        unit_path: Vec::new(),
        windows: Windows::default(),
    };
    let rate = Action::Rate {
        rating: aduan_domain::lifecycle::Rating {
            stars: 2,
            resolved: false,
        },
    };
    let d = decide(&facts, &reporter, &rate).unwrap();
    let actor = EventActor {
        id: done.reporter.to_string(),
        role: Role::Reporter,
    };
    let at = t0() + Duration::days(30);
    let event = store
        .commit(crate::Commit::Transition {
            id: &done.tracking_id,
            expected_version: done.version,
            state: &d.state,
            event: d.event,
            actor: &actor,
            at,
            effects: None,
        })
        .await
        .unwrap();
    assert_eq!(event.seq, 6);
    let report = verify_history(store.as_ref(), |_| {}).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
}

/// A batch that repeats a stored tracking id is refused whole: nothing of it is written.
pub async fn a_bulk_batch_with_a_taken_tracking_id_writes_nothing(h: &dyn Harness) {
    let store = h.store();
    let first = sample_history(false);
    store
        .insert_histories(
            std::slice::from_ref(&first),
            &aduan_domain::workdays::WorkCalendar::new([]),
        )
        .await
        .unwrap();
    let fresh = sample_history(false);
    let mut clash = sample_history(false);
    clash.report.tracking_id = first.report.tracking_id;
    let err = store
        .insert_histories(
            &[fresh.clone(), clash],
            &aduan_domain::workdays::WorkCalendar::new([]),
        )
        .await;
    assert!(matches!(err, Err(StoreError::Conflict { .. })), "{err:?}");
    assert_eq!(
        store.get_report(&fresh.report.tracking_id).await.unwrap(),
        None
    );
    let report = verify_history(store.as_ref(), |_| {}).await.unwrap();
    assert_eq!((report.reports, report.events), (1, 5));
}

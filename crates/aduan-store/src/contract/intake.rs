//! Contract cases for the group commit of new reports: submissions arriving together share
//! write transactions, each is answered only with its own outcome, and one that fails (a
//! tracking id in use, a spent rate limit) leaves the others written and itself not at all.

use super::{Harness, rng, sample_identity, sample_new_report, t0};
use crate::{EventActor, LimitHit, LimitPolicy, LimitVerdict, Store, StoreError, SubmitExtras};
use aduan_domain::event::Event;
use aduan_domain::lifecycle::decide_submit;
use aduan_domain::report::Report;
use aduan_domain::{Actor, ReporterId, Role, TrackingId};
use std::sync::Arc;
use tokio::task::JoinSet;

/// A new report ready to submit.
fn new_report() -> Report {
    let mut rng = rng();
    let new = sample_new_report(false);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    Report::submitted(
        TrackingId::generate(&mut rng),
        ReporterId::generate(&mut rng),
        new,
        d.state,
        t0(),
    )
}

/// Submits `report` with `extras` in a task of its own, as one request of many would.
fn spawn_submit(
    tasks: &mut JoinSet<(TrackingId, Result<Event, StoreError>)>,
    store: &Arc<dyn Store>,
    report: Report,
    extras: SubmitExtras,
) {
    let store = store.clone();
    tasks.spawn(async move {
        let draft = decide_submit(&Actor::Public, &sample_new_report(false), false)
            .unwrap()
            .event;
        let actor = EventActor {
            id: report.reporter.to_string(),
            role: Role::Reporter,
        };
        let result = store
            .commit(crate::Commit::Submit {
                report: &report,
                identity: Some(&sample_identity()),
                event: draft,
                actor: &actor,
                extras: &extras,
            })
            .await;
        (report.tracking_id, result)
    });
}

/// Forty-eight reports submitted at once are all stored with their first event, in fewer
/// write transactions than reports; the same tracking id sent twice among them is stored once
/// and the second is a conflict that takes nothing of the others with it.
pub async fn submissions_arriving_together_share_commits_and_each_gets_its_own_answer(
    h: &dyn Harness,
) {
    let store = h.store();
    let (transactions_before, written_before) = h.intake_counts();
    let reports: Vec<Report> = (0..48).map(|_| new_report()).collect();
    let mut tasks = JoinSet::new();
    for r in &reports {
        spawn_submit(&mut tasks, &store, r.clone(), SubmitExtras::default());
    }
    let twice = reports[5].clone();
    spawn_submit(&mut tasks, &store, twice.clone(), SubmitExtras::default());
    let mut ok = 0;
    let mut conflicts = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            (_, Ok(event)) => {
                assert_eq!(event.seq, 1);
                ok += 1;
            }
            (id, Err(StoreError::Conflict { .. })) => conflicts.push(id),
            (id, Err(e)) => panic!("{id}: {e}"),
        }
    }
    assert_eq!(ok, 48);
    assert_eq!(conflicts, vec![twice.tracking_id]);
    let reopened = h.reopen().await;
    for r in &reports {
        let stored = reopened.get_report(&r.tracking_id).await.unwrap();
        assert!(stored.is_some(), "{} is stored", r.tracking_id);
        assert_eq!(reopened.list_events(&r.tracking_id).await.unwrap().len(), 1);
    }
    let (transactions, written) = h.intake_counts();
    assert_eq!(written - written_before, 48);
    assert!(
        transactions - transactions_before < 48,
        "48 reports took {} transactions",
        transactions - transactions_before
    );
}

/// Four submissions from one address allowed two at a time, sent at once with two others: two
/// of the four are stored, the other two are refused with the time to wait and stored not at
/// all, the two others are stored, and the refusals stay counted.
pub async fn a_spent_rate_limit_refuses_only_its_own_submissions_in_a_shared_commit(
    h: &dyn Harness,
) {
    let store = h.store();
    let hit = LimitHit {
        bucket: "submit_address:contract".into(),
        policy: LimitPolicy::fixed(2, 3_600),
        at: t0(),
    };
    let limited = SubmitExtras {
        limit: Some(hit.clone()),
        ..SubmitExtras::default()
    };
    let mut tasks = JoinSet::new();
    let mut from_address = Vec::new();
    let mut others = Vec::new();
    for i in 0..6 {
        let r = new_report();
        if i % 3 == 2 {
            others.push(r.tracking_id);
            spawn_submit(&mut tasks, &store, r, SubmitExtras::default());
        } else {
            from_address.push(r.tracking_id);
            spawn_submit(&mut tasks, &store, r, limited.clone());
        }
    }
    let mut refused = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            (_, Ok(_)) => {}
            (id, Err(StoreError::Limited { retry_after })) => {
                assert!(retry_after > 0);
                refused.push(id);
            }
            (id, Err(e)) => panic!("{id}: {e}"),
        }
    }
    assert_eq!(refused.len(), 2);
    for id in &refused {
        assert!(from_address.contains(id));
        assert!(store.get_report(id).await.unwrap().is_none(), "{id}");
    }
    let stored_from_address = from_address.iter().filter(|id| !refused.contains(id));
    for id in stored_from_address.chain(others.iter()) {
        assert!(store.get_report(id).await.unwrap().is_some(), "{id}");
    }
    let again = store
        .hit_limit(&hit.bucket, &hit.policy, t0())
        .await
        .unwrap();
    assert!(matches!(again, LimitVerdict::Limited { .. }));
}

//! Retention runs from the schedule: expired identities are erased once a day, the history
//! still verifies, and periodic jobs exist once per period however many workers enqueue them.

use crate::support::Env;
use aduan_domain::TimeSource;
use aduan_domain::lifecycle::Action;
use aduan_domain::report::ArchiveReason;
use aduan_domain::status::ArchiveReasonCode;
use aduan_jobs::{EraseExpiredIdentities, Notifier, Standard, run_pending_jobs, standard_registry};
use aduan_store::contract::{apply, sample_identity, submit, t0};
use aduan_store::{AUDIT_IDENTITY_ERASE, DeploymentKey, JobState, verify_history};
use chrono::{Duration, TimeZone, Utc};

fn standard(retention_days: u32) -> aduan_jobs::Registry {
    standard_registry(Standard {
        notifier: Notifier::production("log").unwrap(),
        key: DeploymentKey::generate(),
        retention_days,
    })
}

fn archive() -> Action {
    Action::Archive {
        reason: Some(ArchiveReason {
            code: ArchiveReasonCode::Spam,
            duplicate_of: None,
            text: None,
        }),
    }
}

async fn the_daily_erasure_removes_identities_past_the_retention_period_and_keeps_history(
    env: Env,
) {
    let registry = standard(30);
    let (old, _) = submit(env.store.as_ref(), false).await;
    apply(env.store.as_ref(), &old, &archive(), t0())
        .await
        .unwrap();
    let (open, _) = submit(env.store.as_ref(), false).await;

    env.clock.advance(Duration::days(29));
    registry
        .enqueue_periodic(env.store.as_ref(), env.clock.now())
        .await
        .unwrap();
    run_pending_jobs(&env.store, &registry, &env.clock())
        .await
        .unwrap();
    assert_eq!(
        env.store.get_identity(&old.reporter).await.unwrap(),
        Some(sample_identity()),
        "kept within the retention period"
    );

    env.clock.advance(Duration::days(2));
    registry
        .enqueue_periodic(env.store.as_ref(), env.clock.now())
        .await
        .unwrap();
    let summary = run_pending_jobs(&env.store, &registry, &env.clock())
        .await
        .unwrap();
    assert_eq!(summary.done, 2, "today's erasure and purge ran");
    assert_eq!(env.store.get_identity(&old.reporter).await.unwrap(), None);
    assert!(
        env.store
            .get_identity(&open.reporter)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        env.store
            .get_report(&old.tracking_id)
            .await
            .unwrap()
            .is_some()
    );
    let history = verify_history(env.store.as_ref(), |_| {}).await.unwrap();
    assert!(history.is_intact(), "{:?}", history.problems);
    let (audit, _, _) = env.store.list_audit().await.unwrap();
    let runs: Vec<_> = audit
        .iter()
        .filter(|e| e.action == AUDIT_IDENTITY_ERASE)
        .collect();
    assert_eq!(runs.len(), 2, "one audit entry per run");
    assert_eq!(runs[1].payload["reporters"], 1);
}

async fn a_periodic_job_is_enqueued_once_per_period_by_any_number_of_instances(env: Env) {
    let a = standard(1825);
    let b = standard(1825);
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 20, 0, 0).unwrap();
    let written = a.enqueue_periodic(env.store.as_ref(), at).await.unwrap();
    assert_eq!(written, 2, "the erasure and the purge");
    let later = at + Duration::hours(3);
    assert_eq!(
        b.enqueue_periodic(env.store.as_ref(), later).await.unwrap(),
        0
    );
    assert_eq!(a.enqueue_periodic(env.store.as_ref(), at).await.unwrap(), 0);
    let jobs = env
        .store
        .list_jobs(Some(JobState::Queued), 10)
        .await
        .unwrap();
    let erase = jobs
        .iter()
        .find(|j| j.name == "erase_expired_identities")
        .unwrap();
    assert_eq!(
        erase.run_at,
        Utc.with_ymd_and_hms(2026, 3, 2, 19, 0, 0).unwrap(),
        "due at 02:00 WIB"
    );
    assert_eq!(
        serde_json::from_value::<EraseExpiredIdentities>(erase.payload.clone())
            .unwrap()
            .retention_days,
        1825
    );
    let next_day = at + Duration::days(1);
    assert_eq!(
        b.enqueue_periodic(env.store.as_ref(), next_day)
            .await
            .unwrap(),
        2
    );
}

on_both!(
    the_daily_erasure_removes_identities_past_the_retention_period_and_keeps_history,
    a_periodic_job_is_enqueued_once_per_period_by_any_number_of_instances,
);

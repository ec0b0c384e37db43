//! Contract cases for the job queue: dedup, order, names, backoff, dead-letter, purging.

use super::{Harness, t0};
use crate::{Failed, JobId, JobState, NewJob, StoreError, backoff};
use chrono::Duration;
use serde_json::json;

const NAMES: &[&str] = &["touch", "other"];

fn job(n: i64) -> NewJob {
    NewJob::new("touch", json!({ "n": n }), t0())
}

fn lease() -> Duration {
    Duration::minutes(5)
}

/// Enqueueing a used dedup key returns the existing job and writes nothing.
pub async fn enqueueing_a_used_dedup_key_returns_the_existing_job_and_writes_nothing(
    h: &dyn Harness,
) {
    let s = h.store();
    let first = s.enqueue_job(&job(1).dedup("touch:a"), t0()).await.unwrap();
    let again = s
        .enqueue_job(&job(2).dedup("touch:a").priority(9), t0())
        .await
        .unwrap();
    let other = s.enqueue_job(&job(3).dedup("touch:b"), t0()).await.unwrap();
    let plain = s.enqueue_job(&job(4), t0()).await.unwrap();
    let plain2 = s.enqueue_job(&job(5), t0()).await.unwrap();
    assert!(first.created && other.created && plain.created && plain2.created);
    assert!(!again.created);
    assert_eq!(again.id, first.id);
    assert_ne!(
        plain.id, plain2.id,
        "jobs without a dedup key never collide"
    );
    let stored = s.get_job(first.id).await.unwrap().unwrap();
    assert_eq!(stored.payload, json!({ "n": 1 }), "the first job is kept");
    assert_eq!(stored.priority, 0);
    assert_eq!(stored.state, JobState::Queued);
    assert_eq!(stored.created_at, t0());
    assert_eq!(s.count_jobs().await.unwrap().queued, 4);
}

/// Due jobs are claimed by priority then due time and future jobs wait.
pub async fn due_jobs_are_claimed_by_priority_then_due_time_and_future_jobs_wait(h: &dyn Harness) {
    let s = h.store();
    let at = |mins| t0() + Duration::minutes(mins);
    let low_early = s.enqueue_job(&job(1), t0()).await.unwrap().id;
    let mut high_late = job(2).priority(5);
    high_late.run_at = at(2);
    let high_late = s.enqueue_job(&high_late, t0()).await.unwrap().id;
    let mut low_late = job(3);
    low_late.run_at = at(1);
    let low_late = s.enqueue_job(&low_late, t0()).await.unwrap().id;
    let mut future = job(4).priority(100);
    future.run_at = at(60);
    let future = s.enqueue_job(&future, t0()).await.unwrap().id;

    let claimed = s.claim_jobs("w1", NAMES, at(3), lease(), 10).await.unwrap();
    let ids: Vec<JobId> = claimed.iter().map(|j| j.id).collect();
    assert_eq!(ids, vec![high_late, low_early, low_late]);
    for j in &claimed {
        assert_eq!(j.state, JobState::Running);
        assert_eq!(j.attempts, 1);
        assert_eq!(j.locked_by.as_deref(), Some("w1"));
        assert_eq!(j.locked_until, Some(at(3) + lease()));
        s.complete_job(j.id, "w1", at(3)).await.unwrap();
    }
    assert!(
        s.claim_jobs("w1", NAMES, at(59), lease(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let later = s
        .claim_jobs("w1", NAMES, at(60), lease(), 10)
        .await
        .unwrap();
    assert_eq!(later.iter().map(|j| j.id).collect::<Vec<_>>(), vec![future]);
}

/// A claim takes no more than its limit.
pub async fn a_claim_takes_no_more_than_its_limit(h: &dyn Harness) {
    let s = h.store();
    for n in 0..5 {
        s.enqueue_job(&job(n), t0()).await.unwrap();
    }
    assert_eq!(
        s.claim_jobs("w", NAMES, t0(), lease(), 2)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        s.claim_jobs("w", NAMES, t0(), lease(), 9)
            .await
            .unwrap()
            .len(),
        3
    );
}

/// Jobs only go to workers that know their name.
pub async fn jobs_only_go_to_workers_that_know_their_name(h: &dyn Harness) {
    let s = h.store();
    let unknown = s
        .enqueue_job(&NewJob::new("from_a_newer_version", json!({}), t0()), t0())
        .await
        .unwrap()
        .id;
    assert!(
        s.claim_jobs("old", NAMES, t0(), lease(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let new = s
        .claim_jobs("new", &["from_a_newer_version"], t0(), lease(), 10)
        .await
        .unwrap();
    assert_eq!(new[0].id, unknown);
}

/// A failed job is retried after an exponential backoff.
pub async fn a_failed_job_is_retried_after_an_exponential_backoff(h: &dyn Harness) {
    let s = h.store();
    let id = s.enqueue_job(&job(1), t0()).await.unwrap().id;
    let mut now = t0();
    for attempt in 1..=3 {
        let claimed = s.claim_jobs("w", NAMES, now, lease(), 1).await.unwrap();
        assert_eq!(claimed.len(), 1, "attempt {attempt} is due");
        assert_eq!(claimed[0].attempts, attempt);
        let failed = s.fail_job(id, "w", "gateway timeout", now).await.unwrap();
        let wait = Duration::seconds(30 * (1 << (attempt - 1)));
        assert_eq!(backoff(attempt), wait);
        assert_eq!(failed, Failed::Retry(now + wait));
        let stored = s.get_job(id).await.unwrap().unwrap();
        assert_eq!(stored.state, JobState::Queued);
        assert_eq!(stored.last_error.as_deref(), Some("gateway timeout"));
        assert_eq!(stored.locked_by, None);
        let early = now + wait - Duration::seconds(1);
        assert!(
            s.claim_jobs("w", NAMES, early, lease(), 1)
                .await
                .unwrap()
                .is_empty(),
            "not retried before its backoff"
        );
        now += wait;
    }
    assert_eq!(backoff(30), Duration::hours(6), "backoff is capped");
}

/// A job is dead lettered after its last attempt and can be requeued.
pub async fn a_job_is_dead_lettered_after_its_last_attempt_and_can_be_requeued(h: &dyn Harness) {
    let s = h.store();
    let id = s
        .enqueue_job(&job(1).max_attempts(2), t0())
        .await
        .unwrap()
        .id;
    s.claim_jobs("w", NAMES, t0(), lease(), 1).await.unwrap();
    let Failed::Retry(next) = s.fail_job(id, "w", "first", t0()).await.unwrap() else {
        panic!("the first failure retries");
    };
    s.claim_jobs("w", NAMES, next, lease(), 1).await.unwrap();
    assert_eq!(
        s.fail_job(id, "w", "second", next).await.unwrap(),
        Failed::Dead
    );
    let dead = s.get_job(id).await.unwrap().unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert_eq!(dead.finished_at, Some(next));
    assert_eq!(dead.last_error.as_deref(), Some("second"));
    let far = next + Duration::days(30);
    assert!(
        s.claim_jobs("w", NAMES, far, lease(), 9)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.count_jobs().await.unwrap().dead, 1);
    assert_eq!(
        s.list_jobs(Some(JobState::Dead), 10).await.unwrap()[0].id,
        id
    );

    s.requeue_dead_job(id, far).await.unwrap();
    let again = s.claim_jobs("w", NAMES, far, lease(), 1).await.unwrap();
    assert_eq!(again[0].id, id);
    assert_eq!(again[0].attempts, 1, "a requeued job has its attempts back");
    assert!(matches!(
        s.requeue_dead_job(id, far).await,
        Err(StoreError::NotFound)
    ));
}

/// Done jobs are purged and others kept.
pub async fn done_jobs_are_purged_and_others_kept(h: &dyn Harness) {
    let s = h.store();
    let done = s.enqueue_job(&job(1).dedup("k1"), t0()).await.unwrap().id;
    s.enqueue_job(&job(2), t0() + Duration::days(9))
        .await
        .unwrap();
    s.claim_jobs("w", NAMES, t0(), lease(), 1).await.unwrap();
    s.complete_job(done, "w", t0()).await.unwrap();
    assert_eq!(s.purge_done_jobs(t0()).await.unwrap(), 0, "strictly before");
    assert_eq!(
        s.purge_done_jobs(t0() + Duration::days(1)).await.unwrap(),
        1
    );
    assert_eq!(s.get_job(done).await.unwrap(), None);
    let counts = s.count_jobs().await.unwrap();
    assert_eq!((counts.queued, counts.done), (1, 0));
    assert!(
        s.enqueue_job(&job(3).dedup("k1"), t0())
            .await
            .unwrap()
            .created
    );
}

/// How far the workers are behind is the wait of the longest-waiting due job: a job due later
/// is not waiting yet, and a claimed one no longer is.
pub async fn the_oldest_due_job_tells_how_far_the_workers_are_behind(h: &dyn Harness) {
    let s = h.store();
    let at = |mins| t0() + Duration::minutes(mins);
    assert_eq!(s.oldest_due_job(at(0)).await.unwrap(), None, "empty");
    let mut later = job(1);
    later.run_at = at(10);
    s.enqueue_job(&later, t0()).await.unwrap();
    assert_eq!(s.oldest_due_job(at(5)).await.unwrap(), None, "not due");
    s.enqueue_job(&job(2), t0()).await.unwrap();
    assert_eq!(s.oldest_due_job(at(5)).await.unwrap(), Some(at(0)));
    assert_eq!(s.oldest_due_job(at(20)).await.unwrap(), Some(at(0)));
    let claimed = s.claim_jobs("w1", NAMES, at(5), lease(), 1).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(s.oldest_due_job(at(20)).await.unwrap(), Some(at(10)));
}

//! Contract cases for leases: a dead worker's jobs come back when its lease runs out, and
//! concurrent claimers never share a job.

use super::{Harness, t0};
use crate::{JobId, JobState, NewJob, Store, StoreError};
use chrono::Duration;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;

const NAMES: &[&str] = &["touch"];

fn job(n: i64) -> NewJob {
    NewJob::new("touch", json!({ "n": n }), t0())
}

fn lease() -> Duration {
    Duration::minutes(5)
}

/// A job whose worker died is claimed again when the lease runs out.
pub async fn a_job_whose_worker_died_is_claimed_again_when_the_lease_runs_out(h: &dyn Harness) {
    let s = h.store();
    let id = s.enqueue_job(&job(1), t0()).await.unwrap().id;
    assert_eq!(
        s.claim_jobs("dead-worker", NAMES, t0(), lease(), 1)
            .await
            .unwrap()
            .len(),
        1
    );
    let within = t0() + lease() - Duration::seconds(1);
    assert!(
        s.claim_jobs("w2", NAMES, within, lease(), 1)
            .await
            .unwrap()
            .is_empty(),
        "a held lease is respected"
    );
    let after = t0() + lease() + Duration::seconds(1);
    let taken = s.claim_jobs("w2", NAMES, after, lease(), 1).await.unwrap();
    assert_eq!(taken[0].id, id);
    assert_eq!(taken[0].attempts, 2);
    assert!(
        matches!(
            s.complete_job(id, "dead-worker", after).await,
            Err(StoreError::Conflict { .. })
        ),
        "the worker that lost its lease cannot finish the job"
    );
    assert!(matches!(
        s.fail_job(id, "dead-worker", "late", after).await,
        Err(StoreError::Conflict { .. })
    ));
    s.complete_job(id, "w2", after).await.unwrap();
    let done = s.get_job(id).await.unwrap().unwrap();
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.finished_at, Some(after));
    assert_eq!(done.locked_by, None);
}

/// A lease that runs out on the last attempt dead letters the job.
pub async fn a_lease_that_runs_out_on_the_last_attempt_dead_letters_the_job(h: &dyn Harness) {
    let s = h.store();
    let id = s
        .enqueue_job(&job(1).max_attempts(1), t0())
        .await
        .unwrap()
        .id;
    s.claim_jobs("crashing", NAMES, t0(), lease(), 1)
        .await
        .unwrap();
    let after = t0() + lease() + Duration::seconds(1);
    assert!(
        s.claim_jobs("w2", NAMES, after, lease(), 1)
            .await
            .unwrap()
            .is_empty()
    );
    let dead = s.get_job(id).await.unwrap().unwrap();
    assert_eq!(dead.state, JobState::Dead);
    assert!(dead.last_error.unwrap().contains("lease ran out"));
}

async fn drain(store: Arc<dyn Store>, worker: &'static str) -> Vec<JobId> {
    let mut mine = Vec::new();
    loop {
        let claimed = store
            .claim_jobs(worker, NAMES, t0(), lease(), 7)
            .await
            .unwrap();
        if claimed.is_empty() {
            return mine;
        }
        for j in claimed {
            store.complete_job(j.id, worker, t0()).await.unwrap();
            mine.push(j.id);
        }
    }
}

/// Two concurrent claimers never get the same job.
pub async fn two_concurrent_claimers_never_get_the_same_job(h: &dyn Harness) {
    let a = h.store();
    let b = h.reopen().await;
    let mut all = BTreeSet::new();
    for n in 0..300 {
        all.insert(a.enqueue_job(&job(n), t0()).await.unwrap().id);
    }
    let (mine_a, mine_b) = tokio::join!(
        tokio::spawn(drain(a.clone(), "a")),
        tokio::spawn(drain(b, "b"))
    );
    let (mine_a, mine_b) = (mine_a.unwrap(), mine_b.unwrap());
    let set_a: BTreeSet<JobId> = mine_a.iter().copied().collect();
    let set_b: BTreeSet<JobId> = mine_b.iter().copied().collect();
    assert_eq!(set_a.len(), mine_a.len());
    assert!(set_a.is_disjoint(&set_b), "a job went to both claimers");
    assert_eq!(&set_a | &set_b, all, "every job was claimed");
    let counts = a.count_jobs().await.unwrap();
    assert_eq!((counts.done, counts.queued, counts.running), (300, 0, 0));
}

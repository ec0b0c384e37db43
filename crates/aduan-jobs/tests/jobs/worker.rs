//! The worker: runs every due job once at its concurrency, finishes the job it is running when
//! told to stop, survives a panicking handler, and leaves jobs it cannot run to others.

use crate::support::{Env, Touch, Toucher};
use aduan_jobs::{
    Job, JobContext, JobError, JobHandler, Registry, Worker, WorkerConfig, enqueue,
    run_pending_jobs,
};
use aduan_store::contract::t0;
use aduan_store::{JobState, NewJob};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::{Notify, mpsc, oneshot};

/// A safety net for a broken worker; a working one finishes in milliseconds.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

fn config(concurrency: usize) -> WorkerConfig {
    WorkerConfig {
        concurrency,
        poll_interval: std::time::Duration::from_millis(20),
        ..WorkerConfig::new("test-worker")
    }
}

async fn a_worker_runs_every_due_job_once_and_stops_when_told(env: Env) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut registry = Registry::new();
    registry.register(Toucher(tx));
    for n in 0..40 {
        enqueue(env.store.as_ref(), &Touch { n }, t0(), t0())
            .await
            .unwrap();
    }
    let worker = Worker::new(
        env.store.clone(),
        env.clock(),
        Arc::new(registry),
        config(3),
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    let mut seen = BTreeSet::new();
    while seen.len() < 40 {
        let n = tokio::time::timeout(PATIENCE, rx.recv())
            .await
            .expect("the worker runs the jobs")
            .unwrap();
        assert!(seen.insert(n), "job {n} ran twice");
    }
    stop.send(()).unwrap();
    let summary = running.await.unwrap();
    assert_eq!(summary.done, 40);
    let counts = env.store.count_jobs().await.unwrap();
    assert_eq!((counts.done, counts.queued, counts.running), (40, 0, 0));
}

/// A job whose handler waits for the test's go-ahead.
#[derive(Serialize, Deserialize)]
struct Slow;

impl Job for Slow {
    const NAME: &'static str = "slow";
}

struct SlowHandler {
    started: mpsc::UnboundedSender<()>,
    release: Arc<Notify>,
}

#[async_trait]
impl JobHandler for SlowHandler {
    type Job = Slow;

    async fn run(&self, _ctx: &JobContext, _job: Slow) -> Result<(), JobError> {
        let _ = self.started.send(());
        self.release.notified().await;
        Ok(())
    }
}

async fn a_stopping_worker_finishes_the_job_it_is_running(env: Env) {
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let release = Arc::new(Notify::new());
    let mut registry = Registry::new();
    registry.register(SlowHandler {
        started: started_tx,
        release: release.clone(),
    });
    let id = enqueue(env.store.as_ref(), &Slow, t0(), t0())
        .await
        .unwrap()
        .id;
    let worker = Worker::new(
        env.store.clone(),
        env.clock(),
        Arc::new(registry),
        config(1),
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    tokio::time::timeout(PATIENCE, started.recv())
        .await
        .unwrap()
        .unwrap();
    stop.send(()).unwrap();
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert!(!running.is_finished(), "the worker waits for its job");
    assert_eq!(
        env.store.get_job(id).await.unwrap().unwrap().state,
        JobState::Running
    );
    release.notify_one();
    let summary = tokio::time::timeout(PATIENCE, running)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(summary.done, 1);
    assert_eq!(
        env.store.get_job(id).await.unwrap().unwrap().state,
        JobState::Done
    );
}

async fn a_panicking_handler_fails_its_job_and_the_others_still_run(env: Env) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut registry = Registry::new();
    registry.register(Toucher(tx));
    let bad = enqueue(env.store.as_ref(), &Touch { n: -1 }, t0(), t0())
        .await
        .unwrap()
        .id;
    enqueue(env.store.as_ref(), &Touch { n: 7 }, t0(), t0())
        .await
        .unwrap();
    let summary = run_pending_jobs(&env.store, &registry, &env.clock())
        .await
        .unwrap();
    assert_eq!((summary.done, summary.retried), (1, 1));
    assert_eq!(rx.recv().await, Some(7));
    let job = env.store.get_job(bad).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.last_error.as_deref(), Some("the handler panicked"));
}

async fn a_job_this_worker_cannot_run_is_left_for_one_that_can(env: Env) {
    let registry = Registry::new();
    let id = env
        .store
        .enqueue_job(
            &NewJob::new("escalate_overdue_reports", serde_json::json!({}), t0()),
            t0(),
        )
        .await
        .unwrap()
        .id;
    let summary = run_pending_jobs(&env.store, &registry, &env.clock())
        .await
        .unwrap();
    assert_eq!(summary, Default::default());
    let job = env.store.get_job(id).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Queued, 0));
}

async fn a_payload_that_does_not_fit_its_job_fails_with_the_reason(env: Env) {
    let (tx, _rx) = mpsc::unbounded_channel();
    let mut registry = Registry::new();
    registry.register(Toucher(tx));
    let id = env
        .store
        .enqueue_job(
            &NewJob::new("touch", serde_json::json!({ "m": 1 }), t0()),
            t0(),
        )
        .await
        .unwrap()
        .id;
    run_pending_jobs(&env.store, &registry, &env.clock())
        .await
        .unwrap();
    let job = env.store.get_job(id).await.unwrap().unwrap();
    assert!(job.last_error.unwrap().starts_with("payload:"));
}

on_both!(
    a_worker_runs_every_due_job_once_and_stops_when_told,
    a_stopping_worker_finishes_the_job_it_is_running,
    a_panicking_handler_fails_its_job_and_the_others_still_run,
    a_job_this_worker_cannot_run_is_left_for_one_that_can,
    a_payload_that_does_not_fit_its_job_fails_with_the_reason,
);

//! The worker: claim → run → complete or fail, in `concurrency` loops, until told to stop.
//! A stop lets every loop finish the job it is running; a worker killed outright loses its
//! claims when their leases run out, and other workers run those jobs again.

use crate::job::{JobContext, JobError};
use crate::registry::Registry;
use aduan_domain::TimeSource;
use aduan_store::{Failed, Job, Store, StoreError};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::watch;

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// This worker's name in `locked_by` (host and process id make a good one).
    pub id: String,
    /// Jobs run at the same time.
    pub concurrency: usize,
    /// How long to wait before looking again when no job is due.
    pub poll_interval: std::time::Duration,
    /// How long a claim lasts; a run is cut off shortly before its lease runs out.
    pub lease: chrono::Duration,
    /// Jobs each loop claims at once and runs one after another (fewer claims under load).
    pub batch: u32,
}

impl WorkerConfig {
    /// Two loops claiming four jobs at a time, a one-second poll and a five-minute lease.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            concurrency: 2,
            poll_interval: std::time::Duration::from_secs(1),
            lease: chrono::Duration::minutes(5),
            batch: 4,
        }
    }
}

/// What happened to one claimed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Ran to completion.
    Done,
    /// Failed; queued again.
    Retried,
    /// Failed on its last attempt.
    Dead,
    /// The lease ran out and another worker holds the job now.
    Lost,
}

/// Jobs a worker or a drain has handled, by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Completed.
    pub done: u64,
    /// Failed and queued again.
    pub retried: u64,
    /// Dead-lettered.
    pub dead: u64,
    /// Taken over by another worker after the lease ran out.
    pub lost: u64,
}

#[derive(Default)]
struct Counters([AtomicU64; 4]);

impl Counters {
    fn add(&self, o: Outcome) {
        let i = match o {
            Outcome::Done => 0,
            Outcome::Retried => 1,
            Outcome::Dead => 2,
            Outcome::Lost => 3,
        };
        self.0[i].fetch_add(1, Ordering::Relaxed);
    }

    fn summary(&self) -> RunSummary {
        let n = |i: usize| self.0[i].load(Ordering::Relaxed);
        RunSummary {
            done: n(0),
            retried: n(1),
            dead: n(2),
            lost: n(3),
        }
    }
}

/// Runs one claimed job to its outcome and records it in the store.
async fn execute(
    store: &Arc<dyn Store>,
    clock: &Arc<dyn TimeSource>,
    registry: &Registry,
    worker: &str,
    lease: chrono::Duration,
    job: Job,
) -> Result<Outcome, StoreError> {
    let (id, name, attempt) = (job.id, job.name.clone(), job.attempts);
    // Cut the run off before the lease runs out, when another worker could take the job.
    let deadline = job.locked_until.unwrap_or_else(|| clock.now() + lease) - lease / 10;
    let Ok(budget) = (deadline - clock.now()).to_std() else {
        // Claimed in a batch and left waiting too long: its lease is nearly gone, so leave it
        // to whoever claims it next.
        return Ok(Outcome::Lost);
    };
    let result = match registry.handler(&name) {
        None => Err(JobError::Unknown(name.clone())),
        Some(handler) => {
            let payload = job.payload.clone();
            let ctx = JobContext {
                store: store.clone(),
                clock: clock.clone(),
                job,
                worker: worker.to_owned(),
            };
            // The handler runs as its own task so that a panic fails the job, not the worker.
            let mut task = tokio::spawn(async move { handler.run_json(&ctx, payload).await });
            match tokio::time::timeout(budget, &mut task).await {
                Ok(Ok(result)) => result,
                Ok(Err(_)) => Err(JobError::Panicked),
                Err(_) => {
                    task.abort();
                    Err(JobError::TimedOut(budget.as_secs() as i64))
                }
            }
        }
    };
    let now = clock.now();
    let outcome = match result {
        Ok(()) => store
            .complete_job(id, worker, now)
            .await
            .map(|()| Outcome::Done),
        Err(e) => {
            let error = e.to_string();
            match store.fail_job(id, worker, &error, now).await {
                Ok(Failed::Retry(at)) => {
                    tracing::warn!(job = %name, %id, attempt, %error, retry_at = %at, "job failed; will retry");
                    Ok(Outcome::Retried)
                }
                Ok(Failed::Dead) => {
                    tracing::error!(job = %name, %id, attempt, %error, "job failed on its last attempt; dead-lettered");
                    Ok(Outcome::Dead)
                }
                Err(e) => Err(e),
            }
        }
    };
    match outcome {
        Err(StoreError::Conflict { .. }) => {
            tracing::warn!(job = %name, %id, "lost the job's lease; another worker runs it");
            Ok(Outcome::Lost)
        }
        other => other,
    }
}

/// Runs every job due now, one after another, until none is due, and returns what happened.
/// Jobs that fail are queued again after their backoff, so they are not run twice in one call.
/// For tests and one-off tools: time comes from `clock`, nothing sleeps.
pub async fn run_pending_jobs(
    store: &Arc<dyn Store>,
    registry: &Registry,
    clock: &Arc<dyn TimeSource>,
) -> Result<RunSummary, StoreError> {
    let counters = Counters::default();
    let names = registry.names();
    let lease = chrono::Duration::minutes(5);
    loop {
        let claimed = store
            .claim_jobs("run_pending_jobs", &names, clock.now(), lease, 1)
            .await?;
        let Some(job) = claimed.into_iter().next() else {
            return Ok(counters.summary());
        };
        let o = execute(store, clock, registry, "run_pending_jobs", lease, job).await?;
        counters.add(o);
    }
}

/// A worker on a store.
pub struct Worker {
    store: Arc<dyn Store>,
    clock: Arc<dyn TimeSource>,
    registry: Arc<Registry>,
    config: WorkerConfig,
}

impl Worker {
    /// A worker running `registry`'s jobs.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn TimeSource>,
        registry: Arc<Registry>,
        config: WorkerConfig,
    ) -> Self {
        Self {
            store,
            clock,
            registry,
            config,
        }
    }

    /// Runs until `shutdown` completes, then lets each loop finish its current job and
    /// returns what was handled.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> RunSummary {
        let (stop_tx, stop_rx) = watch::channel(false);
        let counters = Arc::new(Counters::default());
        let me = Arc::new(self);
        tracing::info!(
            worker = %me.config.id,
            concurrency = me.config.concurrency,
            jobs = ?me.registry.names(),
            "worker started"
        );
        let mut loops = tokio::task::JoinSet::new();
        for n in 0..me.config.concurrency.max(1) {
            loops.spawn(me.clone().work(n, stop_rx.clone(), counters.clone()));
        }
        shutdown.await;
        tracing::info!(worker = %me.config.id, "worker stopping after the jobs it is running");
        let _ = stop_tx.send(true);
        while loops.join_next().await.is_some() {}
        let summary = counters.summary();
        tracing::info!(worker = %me.config.id, ?summary, "worker stopped");
        summary
    }

    async fn work(
        self: Arc<Self>,
        n: usize,
        mut stop: watch::Receiver<bool>,
        counters: Arc<Counters>,
    ) {
        let names = self.registry.names();
        let mut seen = BTreeMap::new();
        while !*stop.borrow() {
            if n == 0
                && let Err(e) = self
                    .registry
                    .enqueue_periodic_since(self.store.as_ref(), self.clock.now(), &mut seen)
                    .await
            {
                tracing::error!(error = %e, "could not enqueue periodic jobs");
            }
            let claimed = self
                .store
                .claim_jobs(
                    &self.config.id,
                    &names,
                    self.clock.now(),
                    self.config.lease,
                    self.config.batch.max(1),
                )
                .await;
            let ran = match claimed {
                Ok(jobs) => {
                    let ran = !jobs.is_empty();
                    for job in jobs {
                        let r = execute(
                            &self.store,
                            &self.clock,
                            &self.registry,
                            &self.config.id,
                            self.config.lease,
                            job,
                        )
                        .await;
                        match r {
                            Ok(o) => counters.add(o),
                            Err(e) => {
                                tracing::error!(error = %e, "could not record a job's outcome")
                            }
                        }
                    }
                    ran
                }
                Err(e) => {
                    tracing::error!(error = %e, "could not claim jobs");
                    false
                }
            };
            if !ran {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll_interval) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

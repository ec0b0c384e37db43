//! What a job is: a named, serializable payload ([`Job`]) and the handler that runs it
//! ([`JobHandler`]), in the manner of the registry server's `BackgroundJob`.

use aduan_domain::TimeSource;
use aduan_store::{Enqueued, NewJob, Store, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Why a run failed. Every failure is retried with backoff until the job's attempts run out.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The job's own failure, in words for the operator (stored as `last_error`).
    #[error("{0}")]
    Failed(String),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The payload does not fit the job's type.
    #[error("payload: {0}")]
    Payload(#[from] serde_json::Error),
    /// No handler is registered under the job's name.
    #[error("no handler is registered for job `{0}`")]
    Unknown(String),
    /// The run took longer than the lease allows.
    #[error("timed out after {0} s")]
    TimedOut(i64),
    /// The handler panicked.
    #[error("the handler panicked")]
    Panicked,
}

impl JobError {
    /// A failure described in words.
    pub fn failed(message: impl std::fmt::Display) -> Self {
        Self::Failed(message.to_string())
    }
}

/// A kind of job: its name, defaults, and payload (the implementing type, serialized as JSON).
/// Names are imperative (`DeliverOutbox`, `EraseExpiredIdentities`); the stored `NAME` is
/// snake_case and never changes once jobs of the kind may be queued.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The stored name.
    const NAME: &'static str;
    /// Higher runs first among due jobs.
    const PRIORITY: i32 = 0;
    /// Runs before the job is dead-lettered.
    const MAX_ATTEMPTS: i32 = 5;

    /// The dedup key that makes enqueueing this job idempotent, if it has one.
    fn dedup_key(&self) -> Option<String> {
        None
    }

    /// The job to store, due at `run_at`.
    fn to_new_job(&self, run_at: DateTime<Utc>) -> Result<NewJob, JobError> {
        Ok(NewJob {
            name: Self::NAME.into(),
            payload: serde_json::to_value(self)?,
            priority: Self::PRIORITY,
            run_at,
            max_attempts: Self::MAX_ATTEMPTS,
            dedup_key: self.dedup_key(),
        })
    }
}

/// Enqueues `job`, due at `run_at`; a job with the same dedup key already queued, running or
/// done is left as it is.
pub async fn enqueue<J: Job>(
    store: &dyn Store,
    job: &J,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Enqueued, JobError> {
    Ok(store.enqueue_job(&job.to_new_job(run_at)?, now).await?)
}

/// What a running job may use.
#[derive(Clone)]
pub struct JobContext {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The time source.
    pub clock: Arc<dyn TimeSource>,
    /// The job as claimed (id, attempts so far including this one, ...).
    pub job: aduan_store::Job,
    /// The worker running it.
    pub worker: String,
}

impl JobContext {
    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Runs jobs of one kind. A handler holds what it needs besides the store (a notifier, a
/// key, settings) and must be idempotent: after a crash or a lost lease it runs again, and
/// the database effect must still happen once (guard it with state checks or unique keys).
#[async_trait]
pub trait JobHandler: Send + Sync + 'static {
    /// The kind of job it runs.
    type Job: Job;

    /// Runs one job.
    async fn run(&self, ctx: &JobContext, job: Self::Job) -> Result<(), JobError>;
}

/// A handler with its payload type erased, as the registry keeps it.
#[async_trait]
pub(crate) trait ErasedHandler: Send + Sync {
    async fn run_json(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<(), JobError>;
}

pub(crate) struct Typed<H>(pub H);

#[async_trait]
impl<H: JobHandler> ErasedHandler for Typed<H> {
    async fn run_json(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<(), JobError> {
        let job: H::Job = serde_json::from_value(payload)?;
        self.0.run(ctx, job).await
    }
}

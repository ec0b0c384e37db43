//! The job queue in the database: work that must happen once, later or again after a failure
//! (delivering a notification, erasing expired identities, escalating a missed deadline).
//!
//! A worker *claims* due jobs with a lease; a worker that dies loses its claim when the lease
//! runs out and the job is claimed again. A job's database effect happens exactly once because
//! jobs are idempotent and enqueueing with a used `dedup_key` is a no-op returning the existing
//! job. Failures are retried with exponential backoff and dead-lettered after `max_attempts`.
//!
//! With it, the outbox of notifications the jobs deliver and the cross-channel delivery
//! records.

pub mod delivery;
pub mod outbox;

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

/// A job's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub i64);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobState {
    /// Waiting for `run_at` and a worker.
    Queued,
    /// Claimed by a worker until `locked_until`.
    Running,
    /// Finished successfully.
    Done,
    /// Failed `max_attempts` times; kept for an operator to inspect or requeue.
    Dead,
}

impl JobState {
    /// Every state, in life order.
    pub const ALL: [JobState; 4] = [Self::Queued, Self::Running, Self::Done, Self::Dead];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// The handler's name (`deliver_outbox`, `erase_expired_identities`, ...).
    pub name: String,
    /// The handler's input.
    pub payload: serde_json::Value,
    /// Higher runs first among due jobs.
    pub priority: i32,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// Runs allowed before the job is dead-lettered (at least 1).
    pub max_attempts: i32,
    /// Unique across all jobs ever kept: enqueueing a second job with it changes nothing.
    pub dedup_key: Option<String>,
}

impl NewJob {
    /// A job due at `run_at` with priority 0, five attempts and no dedup key.
    pub fn new(name: impl Into<String>, payload: serde_json::Value, run_at: DateTime<Utc>) -> Self {
        Self {
            name: name.into(),
            payload,
            priority: 0,
            run_at,
            max_attempts: 5,
            dedup_key: None,
        }
    }

    /// With a dedup key.
    pub fn dedup(mut self, key: impl Into<String>) -> Self {
        self.dedup_key = Some(key.into());
        self
    }

    /// With a priority.
    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    /// With a number of attempts.
    pub fn max_attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

/// What enqueueing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enqueued {
    /// The job, new or the one already holding the dedup key.
    pub id: JobId,
    /// Whether a new job was written.
    pub created: bool,
}

/// A stored job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Id.
    pub id: JobId,
    /// Handler name.
    pub name: String,
    /// Handler input.
    pub payload: serde_json::Value,
    /// Higher runs first.
    pub priority: i32,
    /// Not before this instant.
    pub run_at: DateTime<Utc>,
    /// Runs started so far (a claim counts as a run).
    pub attempts: i32,
    /// Runs allowed.
    pub max_attempts: i32,
    /// The last failure.
    pub last_error: Option<String>,
    /// State.
    pub state: JobState,
    /// The worker holding it while running.
    pub locked_by: Option<String>,
    /// The end of that worker's lease.
    pub locked_until: Option<DateTime<Utc>>,
    /// Dedup key.
    pub dedup_key: Option<String>,
    /// When enqueued.
    pub created_at: DateTime<Utc>,
    /// When it became done or dead.
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    /// Whether a failure of the current run dead-letters the job.
    pub fn is_last_attempt(&self) -> bool {
        self.attempts >= self.max_attempts
    }
}

/// What a failure did to the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// Queued again, due at this instant.
    Retry(DateTime<Utc>),
    /// Out of attempts: dead-lettered.
    Dead,
}

/// Jobs per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Waiting.
    pub queued: u64,
    /// Claimed.
    pub running: u64,
    /// Finished.
    pub done: u64,
    /// Dead-lettered.
    pub dead: u64,
}

impl JobCounts {
    /// Adds `n` jobs in `state`.
    pub fn add(&mut self, state: JobState, n: u64) {
        match state {
            JobState::Queued => self.queued += n,
            JobState::Running => self.running += n,
            JobState::Done => self.done += n,
            JobState::Dead => self.dead += n,
        }
    }
}

/// The first retry waits this long; each further one twice as long as the one before.
pub const BACKOFF_BASE_SECONDS: i64 = 30;
/// No retry waits longer than this (six hours).
pub const BACKOFF_CAP_SECONDS: i64 = 6 * 3600;

/// How long to wait before the next run after the `attempts`-th run failed:
/// 30 s × 2^(attempts − 1), capped at six hours.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    let secs = BACKOFF_BASE_SECONDS.saturating_mul(1i64 << doublings);
    Duration::seconds(secs.min(BACKOFF_CAP_SECONDS))
}

/// The queue's side of the store. Every method takes the time from the caller, so that tests
/// run on a fake clock.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Enqueues a job. A job already holding `dedup_key` is left as it is and its id returned.
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<Enqueued>;

    /// Claims up to `limit` due jobs whose name is in `names` for `worker` until `now + lease`:
    /// queued jobs with `run_at <= now`, and running jobs whose lease ran out, highest priority
    /// first, then earliest `run_at`. Each claim counts as an attempt. A job whose lease ran out
    /// on its last attempt is dead-lettered instead. No job is ever handed to two claimers at
    /// once.
    async fn claim_jobs(
        &self,
        worker: &str,
        names: &[&str],
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// Marks a job `worker` holds as done. [`crate::StoreError::Conflict`] when the worker no
    /// longer holds it (its lease ran out and another worker claimed it).
    async fn complete_job(&self, id: JobId, worker: &str, now: DateTime<Utc>) -> StoreResult<()>;

    /// Records a failed run of a job `worker` holds: queued again after [`backoff`], or dead
    /// after `max_attempts` runs. A dead delivery job takes its outbox message with it (dead,
    /// secret wiped). [`crate::StoreError::Conflict`] when the worker no longer holds it.
    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Failed>;

    /// A job by id.
    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>>;

    /// Jobs in `state` (all when `None`), oldest first, at most `limit`.
    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>>;

    /// How many jobs are in each state.
    async fn count_jobs(&self) -> StoreResult<JobCounts>;

    /// When the longest-waiting queued job became due, if one due by `now` waits: how far the
    /// workers are behind.
    async fn oldest_due_job(&self, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>>;

    /// Queues a dead job again, due now, with its attempts reset.
    /// [`crate::StoreError::NotFound`] unless the job exists and is dead.
    async fn requeue_dead_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<()>;

    /// Deletes done jobs finished before `before` (their dedup keys become free again);
    /// returns how many.
    async fn purge_done_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

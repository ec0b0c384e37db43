//! Aduan's background work on the database job queue: the [`Job`] and [`JobHandler`]
//! abstraction with a [`Registry`] of handlers and periodic jobs, the [`Worker`] that claims
//! and runs jobs (any number of them on PostgreSQL, one claimer at a time on SQLite), the
//! outbox delivery job with its [`Notifier`] backends (the channels' gateways behind the
//! [`Transport`] trait), and retention.
//!
//! Tests drain the queue with [`run_pending_jobs`] on a fake clock; nothing sleeps.
//!
//! Adding a kind of job: a serializable struct implementing [`Job`] (its stored `NAME`,
//! priority, attempts, dedup key), a handler implementing [`JobHandler`], and
//! `registry.register(handler)`; `registry.schedule(Every::day_at(..), |period| job)` makes it
//! periodic.

mod deliver;
mod job;
pub mod mask;
mod notifier;
mod registry;
mod retention;
mod worker;

pub use deliver::{DeliverOutbox, OutboxDelivery};
pub use job::{Job, JobContext, JobError, JobHandler, enqueue};
pub use notifier::{Delivered, MemoryNotifier, Notifier, NotifierError, Outgoing, Transport};
pub use registry::{Every, Registry};
pub use retention::{EraseExpiredIdentities, IdentityEraser, JobPurger, PurgeDoneJobs};
pub use worker::{Outcome, RunSummary, Worker, WorkerConfig, run_pending_jobs};

use aduan_store::DeploymentKey;

/// The default retention period: five years.
pub const DEFAULT_RETENTION_DAYS: u32 = 1825;
/// Done jobs are kept this long before they are purged.
pub const DONE_JOBS_KEEP_DAYS: u32 = 90;

/// What the standard jobs need.
#[derive(Debug, Clone)]
pub struct Standard {
    /// Where messages go.
    pub notifier: Notifier,
    /// Opens the secrets in outbox messages.
    pub key: DeploymentKey,
    /// Reporter identities are erased this many days after their last report closed.
    pub retention_days: u32,
}

/// A registry with the standard jobs: outbox delivery, the daily identity erasure at 02:00 WIB
/// and the daily purge of old done jobs at 02:30 WIB.
pub fn standard_registry(standard: Standard) -> Registry {
    let mut r = Registry::new();
    let retention_days = standard.retention_days;
    r.register(OutboxDelivery::new(standard.notifier, standard.key))
        .register(IdentityEraser)
        .register(JobPurger)
        .schedule(Every::day_at(19, 0), move |_| EraseExpiredIdentities {
            retention_days,
        })
        .schedule(Every::day_at(19, 30), |_| PurgeDoneJobs {
            keep_days: DONE_JOBS_KEEP_DAYS,
        });
    r
}

//! Scheduled housekeeping: erasing expired reporter identities (UU 27/2022) and purging old
//! finished jobs.

use crate::job::{Job, JobContext, JobError, JobHandler};
use async_trait::async_trait;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// Erase the identity of reporters whose reports all closed more than `retention_days` ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseExpiredIdentities {
    /// The deployment's retention period, in days.
    pub retention_days: u32,
}

impl Job for EraseExpiredIdentities {
    const NAME: &'static str = "erase_expired_identities";
    const PRIORITY: i32 = -10;
}

/// Runs [`EraseExpiredIdentities`]. Idempotent: an erased identity is not erased again, and
/// each run writes its own audit entry with the counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityEraser;

#[async_trait]
impl JobHandler for IdentityEraser {
    type Job = EraseExpiredIdentities;

    async fn run(&self, ctx: &JobContext, job: EraseExpiredIdentities) -> Result<(), JobError> {
        let now = ctx.now();
        let cutoff = now - Duration::days(i64::from(job.retention_days));
        let counts = ctx.store.erase_expired_identities(cutoff, now).await?;
        tracing::info!(
            reporters = counts.reporters,
            outbox_addresses = counts.outbox_addresses,
            retention_days = job.retention_days,
            "erased expired identities"
        );
        Ok(())
    }
}

/// Delete done jobs finished more than `keep_days` ago (dead jobs stay for the operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeDoneJobs {
    /// How long done jobs, and so their dedup keys, are kept.
    pub keep_days: u32,
}

impl Job for PurgeDoneJobs {
    const NAME: &'static str = "purge_done_jobs";
    const PRIORITY: i32 = -20;
}

/// Runs [`PurgeDoneJobs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JobPurger;

#[async_trait]
impl JobHandler for JobPurger {
    type Job = PurgeDoneJobs;

    async fn run(&self, ctx: &JobContext, job: PurgeDoneJobs) -> Result<(), JobError> {
        let before = ctx.now() - Duration::days(i64::from(job.keep_days));
        let purged = ctx.store.purge_done_jobs(before).await?;
        tracing::info!(purged, keep_days = job.keep_days, "purged done jobs");
        Ok(())
    }
}

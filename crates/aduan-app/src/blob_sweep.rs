//! The orphan sweep. An attachment's blobs are stored before the record that names them
//! commits, so a crash (or a failed insert) in between leaves blobs no attachment names. Every
//! `orphan_sweep_minutes` a job lists the blob store, asks the database which of the blobs
//! last written more than that long ago no attachment records, and deletes those, with the
//! temporary files of uploads a crash cut short. An orphan is thus gone at most twice the
//! interval after it was written, while a worker runs.
//!
//! The periodic job exists once per period however many workers enqueue it, and deleting a
//! blob that another sweep already deleted is no error, so instances never get in each
//! other's way. A blob younger than the interval is never touched: its upload may still be
//! about to commit its record.

use crate::AppState;
use aduan_attachments::BlobKey;
use aduan_jobs::{Every, Job, JobContext, JobError, JobHandler, Registry};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

/// The sweep's interval when none is set: an hour.
pub const DEFAULT_ORPHAN_SWEEP_MINUTES: u32 = 60;
/// The shortest interval accepted: far longer than an upload takes between storing its blobs
/// and committing its record.
pub const MIN_ORPHAN_SWEEP_MINUTES: u32 = 5;
/// Blob keys asked about in one question to the database.
const KEYS_PER_QUESTION: usize = 500;

/// Delete the blobs no attachment records that were last written more than
/// `older_than_minutes` ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepOrphanBlobs {
    /// How old an unrecorded blob must be to go.
    pub older_than_minutes: u32,
}

impl Job for SweepOrphanBlobs {
    const NAME: &'static str = "sweep_orphan_blobs";
    const PRIORITY: i32 = -15;
}

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Blobs looked at (every blob stored).
    pub seen: u64,
    /// Orphans deleted (not counting those another instance deleted first).
    pub deleted: u64,
    /// Temporary files of cut-short uploads removed.
    pub abandoned: u64,
}

/// Sweeps the blobs of `state` once, as of `now`: deletes those last written before
/// `now - older_than` that no attachment records.
pub async fn sweep_orphan_blobs(
    state: &AppState,
    now: DateTime<Utc>,
    older_than: Duration,
) -> Result<Swept, JobError> {
    let cutoff = now - older_than;
    let blobs = &state.attachments.blobs;
    let mut swept = Swept::default();
    let mut old: Vec<String> = Vec::new();
    let mut listing = blobs.list();
    while let Some(blob) = listing.next().await {
        let blob = blob.map_err(JobError::failed)?;
        swept.seen += 1;
        if blob.last_modified < cutoff {
            old.push(blob.key.as_str().to_owned());
        }
        if old.len() == KEYS_PER_QUESTION {
            swept.deleted += delete_orphans(state, &std::mem::take(&mut old)).await?;
        }
    }
    swept.deleted += delete_orphans(state, &old).await?;
    swept.abandoned = blobs
        .remove_abandoned(cutoff)
        .await
        .map_err(JobError::failed)?;
    Ok(swept)
}

/// Deletes those of `keys` that no attachment records; returns how many this call deleted.
async fn delete_orphans(state: &AppState, keys: &[String]) -> Result<u64, JobError> {
    if keys.is_empty() {
        return Ok(0);
    }
    let mut deleted = 0;
    for key in state.store.unreferenced_blob_keys(keys).await? {
        let key = BlobKey::parse(&key).map_err(JobError::failed)?;
        if state
            .attachments
            .blobs
            .delete(&key)
            .await
            .map_err(JobError::failed)?
        {
            tracing::info!(blob = %key, "deleted a blob no attachment records");
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Registers the sweep and schedules it every `orphan_sweep_minutes` of `state`'s attachments
/// (at least [`MIN_ORPHAN_SWEEP_MINUTES`]).
pub fn register(registry: &mut Registry, state: &AppState) {
    let minutes = state
        .attachments
        .orphan_sweep_minutes
        .max(MIN_ORPHAN_SWEEP_MINUTES);
    registry
        .register(OrphanSweeper(state.clone()))
        .schedule(Every::minutes(minutes), move |_| SweepOrphanBlobs {
            older_than_minutes: minutes,
        });
}

struct OrphanSweeper(AppState);

#[async_trait]
impl JobHandler for OrphanSweeper {
    type Job = SweepOrphanBlobs;

    async fn run(&self, ctx: &JobContext, job: SweepOrphanBlobs) -> Result<(), JobError> {
        let older_than = Duration::minutes(i64::from(job.older_than_minutes));
        let swept = sweep_orphan_blobs(&self.0, ctx.now(), older_than).await?;
        tracing::info!(
            seen = swept.seen,
            deleted = swept.deleted,
            abandoned = swept.abandoned,
            older_than_minutes = job.older_than_minutes,
            "swept orphan blobs"
        );
        Ok(())
    }
}

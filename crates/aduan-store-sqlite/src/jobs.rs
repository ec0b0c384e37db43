//! The job queue on SQLite. One claimer at a time: a claim is a `BEGIN IMMEDIATE`
//! transaction (the database's write lock) with `UPDATE ... RETURNING`.

use crate::SqliteStore;
use aduan_store::{
    Enqueued, Failed, Job, JobCounts, JobId, JobState, JobStore, NewJob, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<Enqueued> {
        self.sql.enqueue_job(job, now).await
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        names: &[&str],
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        self.sql.claim_jobs(worker, names, now, lease, limit).await
    }

    async fn complete_job(&self, id: JobId, worker: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.sql.complete_job(id, worker, now).await
    }

    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Failed> {
        self.sql.fail_job(id, worker, error, now).await
    }

    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>> {
        self.sql.get_job(id).await
    }

    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>> {
        self.sql.list_jobs(state, limit).await
    }

    async fn count_jobs(&self) -> StoreResult<JobCounts> {
        self.sql.count_jobs().await
    }

    async fn requeue_dead_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<()> {
        self.sql.requeue_dead_job(id, now).await
    }

    async fn purge_done_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        self.sql.purge_done_jobs(before).await
    }
}

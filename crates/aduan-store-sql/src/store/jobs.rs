//! The job queue. A claim runs in a write transaction: on SQLite one claimer at a time holds
//! the database's write lock; on PostgreSQL any number of claimers pass over each other's
//! due rows (`FOR UPDATE SKIP LOCKED`). The claiming statement is the dialect's
//! ([`crate::Dialect::claim_due_jobs`]).

use crate::store::{db_err, sql_impl};
use crate::{
    BURY_EXPIRED_JOBS, BURY_MESSAGES_OF_DEAD_JOBS, COMPLETE_JOB, COUNT_JOBS, INSERT_JOB,
    JOB_BY_DEDUP, JOB_COLUMNS, JobRow, KILL_JOB, OLDEST_DUE_JOB, PURGE_DONE_JOBS, REQUEUE_DEAD_JOB,
    REQUEUE_EXPIRED_JOBS, RETRY_JOB, Stmt, fold_counts, other,
};
use aduan_store::{
    Enqueued, Failed, Job, JobCounts, JobId, JobState, JobStore, NewJob, StoreError, StoreResult,
    backoff,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sqlx::Transaction;

/// A running job's attempts, if `worker` holds it (locked until the transaction ends).
static HELD: Stmt = Stmt::locking(
    "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND state = 'running' AND locked_by = ?",
);
static GET: Stmt = Stmt::built(|| format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?"));
static LIST: Stmt = Stmt::built(|| {
    format!("SELECT {JOB_COLUMNS} FROM jobs WHERE state = COALESCE(?, state) ORDER BY id LIMIT ?")
});

fn lost_lease() -> StoreError {
    StoreError::Conflict {
        constraint: "jobs.lease".into(),
    }
}

sql_impl! {
impl SqlStore {
    /// Enqueues `job` inside `tx` (for example in the same transaction as a state change). A job
    /// already holding the dedup key is left as it is and its id returned.
    pub(crate) async fn enqueue_job_in(
        tx: &mut Transaction<'static, D::DB>,
        job: &NewJob,
        now: DateTime<Utc>,
    ) -> StoreResult<Enqueued> {
        let new: Option<(i64,)> = sqlx::query_as(INSERT_JOB.sql::<D>())
            .bind(&job.name)
            .bind(job.payload.to_string())
            .bind(job.priority)
            .bind(D::ts(job.run_at))
            .bind(job.max_attempts.max(1))
            .bind(&job.dedup_key)
            .bind(D::ts(now))
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        if let Some((id,)) = new {
            return Ok(Enqueued {
                id: JobId(id),
                created: true,
            });
        }
        let (id,): (i64,) = sqlx::query_as(JOB_BY_DEDUP.sql::<D>())
            .bind(&job.dedup_key)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(Enqueued {
            id: JobId(id),
            created: false,
        })
    }

    /// Kills the outbox messages of dead delivery jobs, wiping their secrets.
    pub(crate) async fn bury_messages_in(tx: &mut Transaction<'static, D::DB>) -> StoreResult<()> {
        sqlx::query(BURY_MESSAGES_OF_DEAD_JOBS.sql::<D>())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl JobStore for SqlStore {
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<Enqueued> {
        let mut tx = self.write_tx().await?;
        let out = Self::enqueue_job_in(&mut tx, job, now).await?;
        tx.commit().await.map_err(other)?;
        Ok(out)
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        names: &[&str],
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let mut tx = self.write_tx().await?;
        sqlx::query(REQUEUE_EXPIRED_JOBS.sql::<D>())
            .bind(D::ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let buried = sqlx::query(BURY_EXPIRED_JOBS.sql::<D>())
            .bind(D::ts(now))
            .bind(D::ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&buried) > 0 {
            Self::bury_messages_in(&mut tx).await?;
        }
        let rows = D::claim_due_jobs(
            &mut tx,
            worker,
            D::ts(now + lease),
            D::ts(now),
            names,
            limit,
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        let mut jobs = rows
            .into_iter()
            .map(JobRow::into_job)
            .collect::<StoreResult<Vec<_>>>()?;
        jobs.sort_by(|a, b| {
            b.priority
                .cmp(&a.priority)
                .then((a.run_at, a.id).cmp(&(b.run_at, b.id)))
        });
        Ok(jobs)
    }

    async fn complete_job(&self, id: JobId, worker: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query(COMPLETE_JOB.sql::<D>())
            .bind(D::ts(now))
            .bind(id.0)
            .bind(worker)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(lost_lease());
        }
        Ok(())
    }

    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Failed> {
        let mut tx = self.write_tx().await?;
        let held: Option<(i32, i32)> = sqlx::query_as(HELD.sql::<D>())
            .bind(id.0)
            .bind(worker)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some((attempts, max_attempts)) = held else {
            return Err(lost_lease());
        };
        let outcome = if attempts >= max_attempts {
            sqlx::query(KILL_JOB.sql::<D>())
                .bind(error)
                .bind(D::ts(now))
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            Self::bury_messages_in(&mut tx).await?;
            Failed::Dead
        } else {
            let at = now + backoff(attempts);
            sqlx::query(RETRY_JOB.sql::<D>())
                .bind(error)
                .bind(D::ts(at))
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            Failed::Retry(at)
        };
        tx.commit().await.map_err(other)?;
        Ok(outcome)
    }

    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>> {
        let row: Option<JobRow> = sqlx::query_as(GET.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(JobRow::into_job).transpose()
    }

    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>> {
        let rows: Vec<JobRow> = sqlx::query_as(LIST.sql::<D>())
            .bind(state.map(JobState::as_str))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn count_jobs(&self) -> StoreResult<JobCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(COUNT_JOBS.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        fold_counts(rows, JobState::parse, JobCounts::add)
    }

    async fn oldest_due_job(&self, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>> {
        let row: Option<JobRow> = sqlx::query_as(OLDEST_DUE_JOB.sql::<D>())
            .bind(D::ts(now))
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|job| job.run_at))
    }

    async fn requeue_dead_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query(REQUEUE_DEAD_JOB.sql::<D>())
            .bind(D::ts(now))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn purge_done_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(PURGE_DONE_JOBS.sql::<D>())
            .bind(D::ts(before))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done))
    }
}
}

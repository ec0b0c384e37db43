//! The job queue on SQLite. One claimer at a time: a claim is a `BEGIN IMMEDIATE`
//! transaction (the database's write lock) with `UPDATE ... RETURNING`.

use crate::{SqliteStore, db_err, ts};
use aduan_store::{
    Enqueued, Failed, Job, JobCounts, JobId, JobState, JobStore, NewJob, StoreError, StoreResult,
    backoff,
};
use aduan_store_sql::{
    BURY_EXPIRED_JOBS, BURY_MESSAGES_OF_DEAD_JOBS, COMPLETE_JOB, COUNT_JOBS, INSERT_JOB,
    JOB_BY_DEDUP, JOB_COLUMNS, JobRow, KILL_JOB, PURGE_DONE_JOBS, REQUEUE_DEAD_JOB,
    REQUEUE_EXPIRED_JOBS, RETRY_JOB, fold_counts, other,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Sqlite, Transaction};
use std::sync::LazyLock;

static CLAIM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? \
             AND name IN (SELECT value FROM json_each(?)) \
             ORDER BY priority DESC, run_at, id LIMIT ?) \
         RETURNING {JOB_COLUMNS}"
    )
});
static GET: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?"));
static LIST: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {JOB_COLUMNS} FROM jobs WHERE state = COALESCE(?, state) ORDER BY id LIMIT ?")
});

/// Enqueues `job` inside `tx` (for example in the same transaction as a state change). A job
/// already holding the dedup key is left as it is and its id returned.
pub(crate) async fn enqueue_tx(
    tx: &mut Transaction<'static, Sqlite>,
    job: &NewJob,
    now: DateTime<Utc>,
) -> StoreResult<Enqueued> {
    let new: Option<(i64,)> = sqlx::query_as(INSERT_JOB)
        .bind(&job.name)
        .bind(job.payload.to_string())
        .bind(job.priority)
        .bind(ts(job.run_at))
        .bind(job.max_attempts.max(1))
        .bind(&job.dedup_key)
        .bind(ts(now))
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    if let Some((id,)) = new {
        return Ok(Enqueued {
            id: JobId(id),
            created: true,
        });
    }
    let (id,): (i64,) = sqlx::query_as(JOB_BY_DEDUP)
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
pub(crate) async fn bury_messages(tx: &mut Transaction<'static, Sqlite>) -> StoreResult<()> {
    sqlx::query(BURY_MESSAGES_OF_DEAD_JOBS)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

fn lost_lease() -> StoreError {
    StoreError::Conflict {
        constraint: "jobs.lease".into(),
    }
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<Enqueued> {
        let mut tx = self.write_tx().await?;
        let out = enqueue_tx(&mut tx, job, now).await?;
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
        sqlx::query(REQUEUE_EXPIRED_JOBS)
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let buried = sqlx::query(BURY_EXPIRED_JOBS)
            .bind(ts(now))
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if buried.rows_affected() > 0 {
            bury_messages(&mut tx).await?;
        }
        let names = serde_json::to_string(names).map_err(other)?;
        let rows: Vec<JobRow> = sqlx::query_as(CLAIM.as_str())
            .bind(worker)
            .bind(ts(now + lease))
            .bind(ts(now))
            .bind(names)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
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
        let done = sqlx::query(COMPLETE_JOB)
            .bind(ts(now))
            .bind(id.0)
            .bind(worker)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
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
        let held: Option<(i32, i32)> = sqlx::query_as(
            "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND state = 'running' AND locked_by = ?",
        )
        .bind(id.0)
        .bind(worker)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let Some((attempts, max_attempts)) = held else {
            return Err(lost_lease());
        };
        let outcome = if attempts >= max_attempts {
            sqlx::query(KILL_JOB)
                .bind(error)
                .bind(ts(now))
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            bury_messages(&mut tx).await?;
            Failed::Dead
        } else {
            let at = now + backoff(attempts);
            sqlx::query(RETRY_JOB)
                .bind(error)
                .bind(ts(at))
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
        let row: Option<JobRow> = sqlx::query_as(GET.as_str())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(JobRow::into_job).transpose()
    }

    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>> {
        let rows: Vec<JobRow> = sqlx::query_as(LIST.as_str())
            .bind(state.map(JobState::as_str))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn count_jobs(&self) -> StoreResult<JobCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(COUNT_JOBS)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        fold_counts(rows, JobState::parse, JobCounts::add)
    }

    async fn requeue_dead_job(&self, id: JobId, now: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query(REQUEUE_DEAD_JOB)
            .bind(ts(now))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn purge_done_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(PURGE_DONE_JOBS)
            .bind(ts(before))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }
}

//! The job queue on PostgreSQL. Any number of claimers: due rows are locked with
//! `FOR UPDATE SKIP LOCKED`, so concurrent claimers pass over each other's rows instead of
//! waiting for them or taking them twice.

use crate::{PgStore, db_err};
use aduan_store::{
    Enqueued, Failed, Job, JobCounts, JobId, JobState, JobStore, NewJob, StoreError, StoreResult,
    backoff,
};
use aduan_store_sql::numbered;
use aduan_store_sql::{COUNT_JOBS, JOB_COLUMNS, JobRow, fold_counts, other};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Postgres, Transaction};
use std::sync::LazyLock;

static BURY_EXPIRED_JOBS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::BURY_EXPIRED_JOBS));
static BURY_MESSAGES_OF_DEAD_JOBS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::BURY_MESSAGES_OF_DEAD_JOBS));
static COMPLETE_JOB: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::COMPLETE_JOB));
static INSERT_JOB: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::INSERT_JOB));
static JOB_BY_DEDUP: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::JOB_BY_DEDUP));
static KILL_JOB: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::KILL_JOB));
static PURGE_DONE_JOBS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::PURGE_DONE_JOBS));
static REQUEUE_DEAD_JOB: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REQUEUE_DEAD_JOB));
static REQUEUE_EXPIRED_JOBS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REQUEUE_EXPIRED_JOBS));
static RETRY_JOB: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::RETRY_JOB));
static CLAIM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH due AS (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3 \
             AND name = ANY($4) ORDER BY priority DESC, run_at, id LIMIT $5 \
             FOR UPDATE SKIP LOCKED) \
         UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $2, \
             attempts = attempts + 1 FROM due WHERE jobs.id = due.id RETURNING {}",
        JOB_COLUMNS
            .split(", ")
            .map(|c| format!("jobs.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
});
static GET: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"));
static LIST: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {JOB_COLUMNS} FROM jobs WHERE state = COALESCE($1, state) ORDER BY id LIMIT $2")
});

/// Enqueues `job` inside `tx` (for example in the same transaction as a state change). A job
/// already holding the dedup key is left as it is and its id returned.
pub(crate) async fn enqueue_tx(
    tx: &mut Transaction<'static, Postgres>,
    job: &NewJob,
    now: DateTime<Utc>,
) -> StoreResult<Enqueued> {
    let new: Option<(i64,)> = sqlx::query_as(INSERT_JOB.as_str())
        .bind(&job.name)
        .bind(job.payload.to_string())
        .bind(job.priority)
        .bind(job.run_at)
        .bind(job.max_attempts.max(1))
        .bind(&job.dedup_key)
        .bind(now)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    if let Some((id,)) = new {
        return Ok(Enqueued {
            id: JobId(id),
            created: true,
        });
    }
    let (id,): (i64,) = sqlx::query_as(JOB_BY_DEDUP.as_str())
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
pub(crate) async fn bury_messages(tx: &mut Transaction<'static, Postgres>) -> StoreResult<()> {
    sqlx::query(BURY_MESSAGES_OF_DEAD_JOBS.as_str())
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
impl JobStore for PgStore {
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
        sqlx::query(REQUEUE_EXPIRED_JOBS.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let buried = sqlx::query(BURY_EXPIRED_JOBS.as_str())
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if buried.rows_affected() > 0 {
            bury_messages(&mut tx).await?;
        }
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let rows: Vec<JobRow> = sqlx::query_as(CLAIM.as_str())
            .bind(worker)
            .bind(now + lease)
            .bind(now)
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
        let done = sqlx::query(COMPLETE_JOB.as_str())
            .bind(now)
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
            "SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND state = 'running' \
             AND locked_by = $2 FOR UPDATE",
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
            sqlx::query(KILL_JOB.as_str())
                .bind(error)
                .bind(now)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            bury_messages(&mut tx).await?;
            Failed::Dead
        } else {
            let at = now + backoff(attempts);
            sqlx::query(RETRY_JOB.as_str())
                .bind(error)
                .bind(at)
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
        let done = sqlx::query(REQUEUE_DEAD_JOB.as_str())
            .bind(now)
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
        let done = sqlx::query(PURGE_DONE_JOBS.as_str())
            .bind(before)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }
}

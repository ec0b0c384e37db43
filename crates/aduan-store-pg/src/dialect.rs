//! PostgreSQL's dialect: numbered placeholders, times bound as `timestamptz`, and read-committed
//! write transactions in which row versions and row locks (`FOR UPDATE` on the rows a
//! transaction reads before writing them) order concurrent writers, from any instance.

use crate::MIGRATOR;
use aduan_store::{BulkCounts, History, StoreResult};
use aduan_store_sql::{Dialect, JOB_COLUMNS, JobRow, Stmt, other};
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult};
use sqlx::{Pool, Postgres, Transaction};
use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

/// Claims due jobs, passing over rows other claimers hold; binds now, the names (an array),
/// the limit, worker and locked_until.
static CLAIM_JOBS: Stmt = Stmt::built(|| {
    let columns = JOB_COLUMNS
        .split(", ")
        .map(|c| format!("jobs.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH due AS (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? \
             AND name = ANY(?) ORDER BY priority DESC, run_at, id LIMIT ? \
             FOR UPDATE SKIP LOCKED) \
         UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, \
             attempts = attempts + 1 FROM due WHERE jobs.id = due.id RETURNING {columns}"
    )
});

/// Holds an advisory lock until the transaction ends; binds the key.
static ADVISORY_LOCK: Stmt = Stmt::new("SELECT pg_advisory_xact_lock(?)");

/// PostgreSQL as the shared SQL store sees it.
#[derive(Debug, Clone, Copy)]
pub struct PgDialect;

impl Dialect for PgDialect {
    type DB = Postgres;
    type Ts = DateTime<Utc>;

    const NAME: &'static str = "postgres";
    const SLOT: usize = 1;
    const NUMBERED: bool = true;
    const LOCKS_ROWS: bool = true;
    const INTAKE_LANES: usize = 4;
    const ROW_LOCK: &'static str = " FOR UPDATE";

    const INDEX_HINTS: bool = false;
    const COLLATE_BYTES: &'static str = " COLLATE \"C\"";
    const SEARCH: aduan_store_sql::SearchDialect = crate::search::SEARCH;
    /// Frees the old row versions for reuse without locking writers out; `VACUUM FULL
    /// reporters` (which does) rewrites the table's files (docs/deployment.md).
    const COMPACT: &'static [&'static str] = &[
        "VACUUM reporters",
        "VACUUM users",
        "VACUUM outbox",
        "VACUUM chat_conversations",
    ];
    const COMPACT_CHECK: Option<&'static str> = None;

    /// Connects to the database at `url` (`postgres://...`).
    async fn open(url: &str) -> StoreResult<Pool<Postgres>> {
        let options = PgConnectOptions::from_str(url)
            .map_err(other)?
            .options([("synchronous_commit", "on")]);
        PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(other)
    }

    async fn migrate(pool: &Pool<Postgres>) -> StoreResult<()> {
        MIGRATOR.run(pool).await.map_err(other)
    }

    async fn insert_histories_in(
        tx: &mut Transaction<'static, Postgres>,
        keyring: &aduan_store::Keyring,
        histories: &[History],
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts> {
        crate::bulk::insert_histories_in(tx, keyring, histories, cal).await
    }

    async fn write_search_docs(
        tx: &mut Transaction<'static, Postgres>,
        docs: &[aduan_store_sql::SearchDoc],
    ) -> StoreResult<()> {
        crate::search::write(tx, docs).await
    }

    async fn check_search_structure(_pool: &Pool<Postgres>) -> StoreResult<()> {
        Ok(())
    }

    fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
        at
    }

    fn begin_write(
        pool: &Pool<Postgres>,
    ) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        pool.begin()
    }

    async fn claim_due_jobs(
        tx: &mut Transaction<'static, Postgres>,
        worker: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
        names: &[&str],
        limit: u32,
    ) -> Result<Vec<JobRow>, sqlx::Error> {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        sqlx::query_as(CLAIM_JOBS.sql::<Self>())
            .bind(now)
            .bind(names)
            .bind(i64::from(limit))
            .bind(worker)
            .bind(until)
            .fetch_all(&mut **tx)
            .await
    }

    async fn serialise(
        tx: &mut Transaction<'static, Postgres>,
        key: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(ADVISORY_LOCK.sql::<Self>())
            .bind(key)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }
}

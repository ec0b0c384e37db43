//! SQLite's dialect: `?` placeholders, times as canonical text, and write transactions that
//! take the database's write lock at once (`BEGIN IMMEDIATE`), so that concurrent writers wait
//! for each other (within the busy timeout) instead of failing on upgrade, and need no row
//! locks.

use crate::MIGRATOR;
use aduan_store::{BulkCounts, History, StoreResult};
use aduan_store_sql::{Dialect, JOB_COLUMNS, JobRow, Stmt, other};
use chrono::{DateTime, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult,
    SqliteSynchronous,
};
use sqlx::{Pool, Sqlite, Transaction};
use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

/// Claims due jobs under the write lock; binds worker, locked_until, now, the names (a JSON
/// array) and the limit.
static CLAIM_JOBS: Stmt = Stmt::built(|| {
    format!(
        "UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? \
             AND name IN (SELECT value FROM json_each(?)) \
             ORDER BY priority DESC, run_at, id LIMIT ?) \
         RETURNING {JOB_COLUMNS}"
    )
});

/// SQLite as the shared SQL store sees it.
#[derive(Debug, Clone, Copy)]
pub struct SqliteDialect;

impl Dialect for SqliteDialect {
    type DB = Sqlite;
    type Ts = String;

    const NAME: &'static str = "sqlite";
    const SLOT: usize = 0;
    const NUMBERED: bool = false;
    const LOCKS_ROWS: bool = false;
    const INTAKE_LANES: usize = 1;
    const ROW_LOCK: &'static str = "";

    const INDEX_HINTS: bool = true;
    const COLLATE_BYTES: &'static str = "";
    const SEARCH: aduan_store_sql::SearchDialect = crate::search::SEARCH;
    /// Empties the WAL, rebuilds the file (which writes it through the WAL) and empties the
    /// WAL again, so neither file keeps a page written before.
    const COMPACT: &'static [&'static str] = &["PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM"];
    const COMPACT_CHECK: Option<&'static str> = Some("PRAGMA wal_checkpoint(TRUNCATE)");

    /// Opens (creating if needed) the database at `url` (`sqlite://path` or a plain path).
    async fn open(url: &str) -> StoreResult<Pool<Sqlite>> {
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite://{url}")
        };
        let options = SqliteConnectOptions::from_str(&url)
            .map_err(other)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // What is deleted or overwritten (an identity sealed again, an erased one) is
            // zeroed on disk, not left in free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(other)
    }

    async fn migrate(pool: &Pool<Sqlite>) -> StoreResult<()> {
        MIGRATOR.run(pool).await.map_err(other)
    }

    async fn insert_histories_in(
        tx: &mut Transaction<'static, Sqlite>,
        keyring: &aduan_store::Keyring,
        histories: &[History],
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts> {
        crate::bulk::insert_histories_in(tx, keyring, histories, cal).await
    }

    async fn write_search_docs(
        tx: &mut Transaction<'static, Sqlite>,
        docs: &[aduan_store_sql::SearchDoc],
    ) -> StoreResult<()> {
        crate::search::write(tx, docs).await
    }

    async fn check_search_structure(pool: &Pool<Sqlite>) -> StoreResult<()> {
        crate::search::check_structure(pool).await
    }

    fn ts(at: DateTime<Utc>) -> String {
        aduan_domain::event::canonical_time(at)
    }

    fn begin_write(
        pool: &Pool<Sqlite>,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        pool.begin_with("BEGIN IMMEDIATE")
    }

    async fn claim_due_jobs(
        tx: &mut Transaction<'static, Sqlite>,
        worker: &str,
        until: String,
        now: String,
        names: &[&str],
        limit: u32,
    ) -> Result<Vec<JobRow>, sqlx::Error> {
        let names = serde_json::to_string(names).map_err(|e| sqlx::Error::Encode(e.into()))?;
        sqlx::query_as(CLAIM_JOBS.sql::<Self>())
            .bind(worker)
            .bind(until)
            .bind(now)
            .bind(names)
            .bind(i64::from(limit))
            .fetch_all(&mut **tx)
            .await
    }

    async fn serialise(
        _tx: &mut Transaction<'static, Sqlite>,
        _key: i64,
    ) -> Result<(), sqlx::Error> {
        Ok(())
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }
}

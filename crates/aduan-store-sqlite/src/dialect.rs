//! SQLite's dialect: `?` placeholders, times as canonical text, and write transactions that
//! take the database's write lock at once (`BEGIN IMMEDIATE`), so that concurrent writers wait
//! for each other (within the busy timeout) instead of failing on upgrade, and need no row
//! locks.

use aduan_store_sql::Dialect;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteQueryResult;
use sqlx::{Pool, Sqlite, Transaction};
use std::future::Future;

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
    const ROW_LOCK: &'static str = "";

    fn ts(at: DateTime<Utc>) -> String {
        aduan_domain::event::canonical_time(at)
    }

    fn begin_write(
        pool: &Pool<Sqlite>,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        pool.begin_with("BEGIN IMMEDIATE")
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }
}

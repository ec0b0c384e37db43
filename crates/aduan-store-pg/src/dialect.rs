//! PostgreSQL's dialect: numbered placeholders, times bound as `timestamptz`, and read-committed
//! write transactions in which row versions and row locks (`FOR UPDATE` on the rows a
//! transaction reads before writing them) order concurrent writers, from any instance.

use aduan_store_sql::Dialect;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgQueryResult;
use sqlx::{Pool, Postgres, Transaction};
use std::future::Future;

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
    const ROW_LOCK: &'static str = " FOR UPDATE";

    fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
        at
    }

    fn begin_write(
        pool: &Pool<Postgres>,
    ) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        pool.begin()
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }
}

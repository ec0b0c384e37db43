//! Direct connections to the data set (and the baseline's scratch database) with the
//! durability the application configures: SQLite in WAL with `synchronous=FULL`, foreign keys
//! on, as `aduan-store-sqlite` opens it; PostgreSQL as it comes (`synchronous_commit` on).

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

/// The application's pool sizes (`aduan-store-sqlite` and `aduan-store-pg`), so that the
/// baseline has the same number of connections the server has.
pub const SQLITE_POOL: u32 = 8;
/// See [`SQLITE_POOL`].
pub const PG_POOL: u32 = 16;

/// A pool on either backend.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Pg(PgPool),
}

impl Db {
    /// Opens `url` (`sqlite://PATH` or `postgres://…`) with the application's pool size.
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("postgres") {
            let pool = PgPoolOptions::new()
                .max_connections(PG_POOL)
                .connect(url)
                .await
                .with_context(|| format!("connecting to {url}"))?;
            return Ok(Db::Pg(pool));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(SQLITE_POOL)
            .connect_with(options)
            .await
            .with_context(|| format!("opening {url}"))?;
        Ok(Db::Sqlite(pool))
    }

    /// The first column, as text, of every row of `sql` (no parameters).
    pub async fn strings(&self, sql: &str) -> anyhow::Result<Vec<String>> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        Ok(match self {
            Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await?,
            Db::Pg(p) => sqlx::query_scalar(sql).fetch_all(p).await?,
        })
    }

    /// Runs `sql` (no parameters).
    pub async fn execute(&self, sql: &str) -> anyhow::Result<()> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Db::Sqlite(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
            Db::Pg(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
        }
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Pg(p) => p.close().await,
        }
    }
}

/// `text` as an SQL string literal.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The URL of database `db` on the server of `url` (its query string kept).
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let root = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_replaces_the_one_in_the_url() {
        assert_eq!(
            with_database(
                "postgres://postgres@127.0.0.1:5432/postgres",
                "aduan_bench_1000"
            ),
            "postgres://postgres@127.0.0.1:5432/aduan_bench_1000"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(literal("it's"), "'it''s'");
    }
}

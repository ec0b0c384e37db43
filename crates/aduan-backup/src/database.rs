//! The database's part of a backup: a consistent snapshot (SQLite's `VACUUM INTO`, or
//! `pg_dump` of a snapshot PostgreSQL exports), the facts read from that same snapshot (the rows
//! of every table, the blobs it refers to, the keys its identities need), and its restoration
//! into a database that does not exist yet (SQLite) or holds no table (PostgreSQL).

use crate::pgtools;
use anyhow::{Context, bail};
use sqlx::postgres::PgConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The deployment's database, as its URL names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The SQLite file at this path.
    Sqlite(PathBuf),
    /// The PostgreSQL database at this URL.
    Postgres(String),
}

impl Database {
    /// The database `url` names (`sqlite://PATH` or `postgres://…`).
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        else {
            bail!("database_url must start with sqlite:// or postgres://");
        };
        Ok(Self::Sqlite(PathBuf::from(
            path.split('?').next().unwrap_or(path),
        )))
    }

    /// The backend's name in a manifest.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgresql",
        }
    }

    /// The name of the database's file in a backup.
    pub fn file_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "database.sqlite",
            Self::Postgres(_) => "database.pgdump",
        }
    }
}

/// What a snapshot holds, read from the snapshot itself.
#[derive(Debug, Default)]
pub struct Facts {
    /// Rows of every table.
    pub rows: BTreeMap<String, u64>,
    /// Every blob key its attachments refer to, originals and sanitized copies.
    pub blob_keys: Vec<String>,
    /// The ids of the keys its identities are sealed with.
    pub sealing_keys: Vec<String>,
}

const ATTACHMENT_KEYS: &str = "SELECT original_key, sanitized_key FROM attachments ORDER BY id";
const SEALING_KEYS: &str = "SELECT key_id FROM reporters WHERE key_id IS NOT NULL \
     UNION SELECT key_id FROM users WHERE key_id IS NOT NULL ORDER BY 1";
const SQLITE_TABLES: &str = "SELECT name FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
const PG_TABLES: &str = "SELECT tablename::text FROM pg_tables \
     WHERE schemaname = current_schema() ORDER BY tablename";

/// The rows of every table `tables` lists, on `conn`.
macro_rules! count_rows {
    ($conn:expr, $tables:expr) => {{
        let tables: Vec<String> = sqlx::query_scalar($tables).fetch_all(&mut *$conn).await?;
        let mut rows = BTreeMap::new();
        for table in tables {
            let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut *$conn)
                .await?;
            rows.insert(table, u64::try_from(n).unwrap_or(0));
        }
        rows
    }};
}

/// The [`Facts`] of the database on `conn`, whose tables `tables` lists.
macro_rules! facts {
    ($conn:expr, $tables:expr) => {{
        let rows = count_rows!($conn, $tables);
        let pairs: Vec<(String, String)> = sqlx::query_as(ATTACHMENT_KEYS)
            .fetch_all(&mut *$conn)
            .await?;
        let sealing_keys: Vec<String> = sqlx::query_scalar(SEALING_KEYS)
            .fetch_all(&mut *$conn)
            .await?;
        let blob_keys = pairs.into_iter().flat_map(|(a, b)| [a, b]).collect();
        Facts {
            rows,
            blob_keys,
            sealing_keys,
        }
    }};
}

fn sqlite_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::from_secs(30))
}

/// Writes a consistent snapshot of `db` to `out` and returns what it holds. The service may
/// keep writing meanwhile.
pub async fn snapshot(db: &Database, out: &Path) -> anyhow::Result<Facts> {
    match db {
        Database::Sqlite(path) => {
            let mut conn = SqliteConnection::connect_with(&sqlite_options(path))
                .await
                .with_context(|| format!("opening {}", path.display()))?;
            let target = out.to_str().context("the backup's path is not UTF-8")?;
            sqlx::query("VACUUM INTO ?")
                .bind(target)
                .execute(&mut conn)
                .await
                .context("VACUUM INTO the backup")?;
            conn.close().await?;
            let mut copy = SqliteConnection::connect_with(&sqlite_options(out)).await?;
            let facts = facts!(&mut copy, SQLITE_TABLES);
            copy.close().await?;
            // SQLite does not sync what VACUUM INTO wrote.
            std::fs::File::open(out)?.sync_all()?;
            Ok(facts)
        }
        Database::Postgres(url) => {
            let mut conn = PgConnection::connect(url)
                .await
                .context("connecting to PostgreSQL")?;
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await?;
            let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
                .fetch_one(&mut conn)
                .await?;
            let facts = facts!(&mut conn, PG_TABLES);
            // pg_dump reads the same snapshot, which lives as long as this transaction.
            pgtools::dump(url, &snapshot, out).await?;
            conn.execute("COMMIT").await?;
            conn.close().await?;
            Ok(facts)
        }
    }
}

/// Checks that `db` holds nothing a restore could overwrite.
pub async fn ensure_empty(db: &Database) -> anyhow::Result<()> {
    match db {
        Database::Sqlite(path) => {
            for p in [
                path.clone(),
                with_suffix(path, "-wal"),
                with_suffix(path, "-shm"),
            ] {
                if p.exists() {
                    bail!(
                        "{} exists: a restore never overwrites a database (move it away first)",
                        p.display()
                    );
                }
            }
        }
        Database::Postgres(url) => {
            let mut conn = PgConnection::connect(url)
                .await
                .context("connecting to PostgreSQL")?;
            let tables: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
            )
            .fetch_one(&mut conn)
            .await?;
            conn.close().await?;
            if tables > 0 {
                bail!(
                    "the PostgreSQL database already holds {tables} tables: a restore goes into \
                     an empty database (createdb a new one)"
                );
            }
        }
    }
    Ok(())
}

/// Restores the database file `from` into `db`, which [`ensure_empty`] accepted: all of it or
/// nothing.
pub async fn restore(from: &Path, db: &Database) -> anyhow::Result<()> {
    match db {
        Database::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let part = with_suffix(path, ".restoring");
            tokio::fs::copy(from, &part)
                .await
                .with_context(|| format!("copying the database to {}", part.display()))?;
            std::fs::File::open(&part)?.sync_all()?;
            // A link never replaces a database made meanwhile (a service started on it), as a
            // rename would.
            ensure_empty(db).await?;
            let linked = std::fs::hard_link(&part, path);
            std::fs::remove_file(&part)?;
            linked.with_context(|| {
                format!(
                    "{} appeared during the restore: left as it is",
                    path.display()
                )
            })?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::File::open(dir)?.sync_all()?;
            }
            Ok(())
        }
        Database::Postgres(url) => pgtools::restore(url, from).await,
    }
}

/// The rows of every table of `db`.
pub async fn rows(db: &Database) -> anyhow::Result<BTreeMap<String, u64>> {
    Ok(match db {
        Database::Sqlite(path) => {
            let mut conn = SqliteConnection::connect_with(&sqlite_options(path)).await?;
            let rows = count_rows!(&mut conn, SQLITE_TABLES);
            conn.close().await?;
            rows
        }
        Database::Postgres(url) => {
            let mut conn = PgConnection::connect(url).await?;
            let rows = count_rows!(&mut conn, PG_TABLES);
            conn.close().await?;
            rows
        }
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

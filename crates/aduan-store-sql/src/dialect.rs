//! What differs between the SQL backends, and the one way statements reach them.
//!
//! Every shared statement is written once, with `?` placeholders, as a [`Stmt`]. A backend
//! names its differences in a [`Dialect`]: its `sqlx` database, how a time is bound, how a
//! write transaction begins, and how a statement's text is rendered for it (PostgreSQL numbers
//! the placeholders and locks the rows a transaction reads before writing them). Each rendered
//! text is made once per process and reused, so every call sends the same SQL and the driver's
//! prepared-statement cache keeps working.

use crate::JobRow;
use aduan_store::{BulkCounts, History, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, Pool, Transaction, Type};
use std::future::Future;
use std::sync::OnceLock;

/// One SQL backend's differences from the others.
pub trait Dialect: Send + Sync + Sized + 'static {
    /// The `sqlx` database.
    type DB: Database;
    /// How a time is bound: SQLite stores canonical text, PostgreSQL `timestamptz`.
    type Ts: for<'e> Encode<'e, Self::DB> + Type<Self::DB> + Send + Sync;

    /// The backend's name, as `Store::backend` gives it.
    const NAME: &'static str;
    /// This dialect's slot in a [`Stmt`]'s cache of rendered texts (0 or 1).
    const SLOT: usize;
    /// Whether placeholders are numbered (`$1, $2, ...`) rather than `?`.
    const NUMBERED: bool;
    /// Whether a write transaction orders writers by row locks (PostgreSQL) rather than by the
    /// database's write lock (SQLite): rows it reads to write must exist and be locked first.
    const LOCKS_ROWS: bool;
    /// How many committers write new reports, each grouping what waits into one transaction
    /// (see `store/intake.rs`): one where a single writer holds the database, a few where
    /// writers run side by side.
    const INTAKE_LANES: usize;
    /// What follows a locking read ([`Stmt::locking`]): `FOR UPDATE` where rows are locked one
    /// by one, nothing where a write transaction already holds the database's write lock.
    const ROW_LOCK: &'static str;

    /// What makes an `ORDER BY` of text sort by bytes, as SQLite always does (PostgreSQL:
    /// ` COLLATE "C"`), so both backends list in the same order. A statement asks for it by
    /// writing ` COLLATE_BYTES` after the sort key.
    const COLLATE_BYTES: &'static str;

    /// Whether a query names the partial index it must read (`INDEXED BY`, see [`indexed_by`]):
    /// SQLite's planner, without statistics, passes over partial indexes for wider ones (the
    /// large work queue's walk took the scheduler's index of every open clock, the public feed
    /// sorted every public report, the live count of open limits past due scanned every
    /// clock); PostgreSQL's needs no such hint.
    const INDEX_HINTS: bool;

    /// How this backend searches its full-text index (`crate::search`): PostgreSQL a
    /// `tsvector` with a GIN index, SQLite an FTS5 table.
    const SEARCH: crate::SearchDialect;

    /// The statements that, after identities were sealed again, leave no old text in the
    /// database's files (`KeyStore::compact_identities`), run one by one outside a transaction.
    const COMPACT: &'static [&'static str];

    /// A statement run after [`Dialect::COMPACT`] answering one row whose first column is
    /// non-zero when the compaction could not finish (SQLite's WAL checkpoint); `None` when
    /// there is nothing to check.
    const COMPACT_CHECK: Option<&'static str>;

    /// Opens a pool on the database at `url` with the backend's settings, without migrating.
    fn open(url: &str) -> impl Future<Output = StoreResult<Pool<Self::DB>>> + Send;

    /// Applies the backend's pending migrations.
    fn migrate(pool: &Pool<Self::DB>) -> impl Future<Output = StoreResult<()>> + Send;

    /// Writes a batch of histories inside `tx`, a write transaction, the backend's fastest way
    /// (see `aduan_store::BulkStore`), identities sealed with `keyring`; the caller commits.
    fn insert_histories_in(
        tx: &mut Transaction<'static, Self::DB>,
        keyring: &aduan_store::Keyring,
        histories: &[History],
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> impl Future<Output = StoreResult<BulkCounts>> + Send;

    /// Writes the search documents `docs` inside `tx`, each replacing the report's entry.
    fn write_search_docs(
        tx: &mut Transaction<'static, Self::DB>,
        docs: &[crate::SearchDoc],
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// The backend's own check of its full-text index's structure (nothing to check where the
    /// database keeps the index itself consistent).
    fn check_search_structure(
        pool: &Pool<Self::DB>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// A time as this backend binds it.
    fn ts(at: DateTime<Utc>) -> Self::Ts;

    /// Begins a write transaction: one that orders concurrent writers, by a database-wide
    /// write lock (SQLite's `BEGIN IMMEDIATE`) or by row versions and row locks (PostgreSQL).
    fn begin_write(
        pool: &Pool<Self::DB>,
    ) -> impl Future<Output = Result<Transaction<'static, Self::DB>, sqlx::Error>> + Send;

    /// Claims up to `limit` due queued jobs named in `names` for `worker` until `until`, in
    /// priority order, inside `tx`, a write transaction; the claimed jobs' rows, in any order.
    /// The statement differs: SQLite claims under its write lock, PostgreSQL passes over rows
    /// other claimers hold (`SKIP LOCKED`).
    fn claim_due_jobs(
        tx: &mut Transaction<'static, Self::DB>,
        worker: &str,
        until: Self::Ts,
        now: Self::Ts,
        names: &[&str],
        limit: u32,
    ) -> impl Future<Output = Result<Vec<JobRow>, sqlx::Error>> + Send;

    /// Serialises the write transactions that call this with the same `key` (directory
    /// imports and edits): nothing to do under SQLite's write lock, an advisory lock on
    /// PostgreSQL.
    fn serialise(
        tx: &mut Transaction<'static, Self::DB>,
        key: i64,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// The number of rows a statement changed.
    fn rows_affected(done: &<Self::DB as Database>::QueryResult) -> u64;
}

/// The text a [`Stmt`] is made from.
#[derive(Debug, Clone, Copy)]
enum Text {
    Fixed(&'static str),
    Built(fn() -> String),
}

/// A statement written once with `?` placeholders, rendered once per dialect.
#[derive(Debug)]
pub struct Stmt {
    text: Text,
    locking: bool,
    rendered: [OnceLock<String>; 2],
}

impl Stmt {
    /// A statement of fixed text.
    pub const fn new(text: &'static str) -> Self {
        Self::make(Text::Fixed(text), false)
    }

    /// A statement whose text is built (from column lists), once per process.
    pub const fn built(text: fn() -> String) -> Self {
        Self::make(Text::Built(text), false)
    }

    /// A read of rows the transaction goes on to write: [`Dialect::ROW_LOCK`] follows it.
    pub const fn locking(text: &'static str) -> Self {
        Self::make(Text::Fixed(text), true)
    }

    /// A built read of rows the transaction goes on to write (see [`Stmt::locking`]).
    pub const fn built_locking(text: fn() -> String) -> Self {
        Self::make(Text::Built(text), true)
    }

    const fn make(text: Text, locking: bool) -> Self {
        Self {
            text,
            locking,
            rendered: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The statement as written, with `?` placeholders.
    pub fn text(&self) -> String {
        match self.text {
            Text::Fixed(text) => text.to_owned(),
            Text::Built(build) => build(),
        }
    }

    /// The statement as dialect `D` runs it.
    pub fn sql<D: Dialect>(&'static self) -> &'static str {
        if let (Text::Fixed(text), false, false) = (self.text, self.locking, D::NUMBERED) {
            return text;
        }
        self.rendered[D::SLOT].get_or_init(|| {
            let text = self.text();
            let mut out = if D::NUMBERED { numbered(&text) } else { text };
            if self.locking {
                out.push_str(D::ROW_LOCK);
            }
            out.replace(" COLLATE_BYTES", D::COLLATE_BYTES)
        })
    }
}

/// A statement built per call (a search with optional conditions) as dialect `D` runs it.
pub fn dynamic<D: Dialect>(sql: String) -> String {
    if D::NUMBERED { numbered(&sql) } else { sql }
}

/// `n` placeholders separated by commas, for an `IN (...)` list (`?, ?, ?`).
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Rewrites `?` placeholders as PostgreSQL's `$1, $2, ...` (no `?` may appear in literals).
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `INDEXED BY index` where the dialect takes [`Dialect::INDEX_HINTS`], else nothing: it
/// follows a table's name (and alias) in `FROM`.
pub fn indexed_by<D: Dialect>(index: &str) -> String {
    if D::INDEX_HINTS {
        format!("INDEXED BY {index}")
    } else {
        String::new()
    }
}

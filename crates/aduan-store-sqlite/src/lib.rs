//! Aduan's embedded storage backend on SQLite: one file, WAL journal, `synchronous=FULL` so an
//! acknowledged report survives a crash, and a busy timeout so the CLI and a running server can
//! share the file.

mod access;
mod attachments;
mod bulk;
mod calendar;
mod clocks;
mod delivery;
mod dialect;
mod directory;
mod jobs;
mod limits;
mod mail_in;
mod outbox;
mod portal;
mod sms;
mod staff;

use aduan_domain::event::{AuditEntry, Event};
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{ReportState, ReporterIdentity};
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    EventActor, NewUser, ReportHead, Store, StoreResult, StoredReport, Tag, TagStore, User,
};
pub(crate) use aduan_store_sql::db_err;
use aduan_store_sql::{SqlStore, other};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// The embedded migrations of this backend.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    sql: Sql,
}

/// The shared SQL store on this backend.
pub(crate) type Sql = SqlStore<SqliteDialect>;

pub use dialect::SqliteDialect;

/// Formats a time the way this backend stores it: UTC, six fractional digits.
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    aduan_domain::event::canonical_time(at)
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or a plain path),
    /// without migrating.
    pub async fn open(url: &str) -> StoreResult<Self> {
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
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(other)?;
        Ok(Self {
            sql: SqlStore::new(pool),
        })
    }

    /// Opens the database and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::open(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(self.pool()).await.map_err(other)
    }

    /// The connection pool, for backend-specific tools and tests.
    pub fn pool(&self) -> &SqlitePool {
        self.sql.pool()
    }

    /// Starts a write transaction that takes the write lock at once, so that concurrent
    /// writers wait for each other (within the busy timeout) instead of failing on upgrade.
    pub(crate) async fn write_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.sql.write_tx().await
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.sql.close().await;
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(self.pool())
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn insert_report(
        &self,
        report: &StoredReport,
        identity: Option<&ReporterIdentity>,
        first_event: EventDraft,
        actor: &EventActor,
    ) -> StoreResult<Event> {
        self.sql
            .submit_report_in(report, identity, first_event, actor, &Default::default())
            .await
    }

    async fn get_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>> {
        self.sql.fetch_report(id).await
    }

    async fn apply_transition(
        &self,
        id: &TrackingId,
        expected_version: i64,
        state: &ReportState,
        event: EventDraft,
        actor: &EventActor,
        at: DateTime<Utc>,
    ) -> StoreResult<Event> {
        self.sql
            .commit_transition(id, expected_version, state, event, actor, at, None)
            .await
    }

    async fn list_events(&self, id: &TrackingId) -> StoreResult<Vec<Event>> {
        self.sql.fetch_events_between(id, id).await
    }

    async fn get_identity(&self, id: &ReporterId) -> StoreResult<Option<ReporterIdentity>> {
        self.sql.fetch_identity(id).await
    }

    async fn list_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>> {
        self.sql.fetch_report_heads(after, limit).await
    }

    async fn list_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>> {
        self.sql.fetch_events_between(first, last).await
    }

    async fn append_audit(
        &self,
        actor: &str,
        at: DateTime<Utc>,
        action: &str,
        subject: &str,
        payload: serde_json::Value,
    ) -> StoreResult<AuditEntry> {
        let mut tx = self.write_tx().await?;
        let entry = Sql::append_audit_in(&mut tx, actor, at, action, subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(entry)
    }

    async fn list_audit(&self) -> StoreResult<(Vec<AuditEntry>, i64, String)> {
        self.sql.list_audit_entries().await
    }

    async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.sql.create_user_audited(user, actor, at).await
    }

    async fn find_user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
        self.sql.find_user_by_login_in(login).await
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
        self.sql.get_user_in(id).await
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        self.sql.list_users_in().await
    }

    async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.sql
            .set_user_disabled_audited(id, disabled, actor, at)
            .await
    }
}

#[async_trait]
impl TagStore for SqliteStore {
    async fn list_tags(&self) -> StoreResult<Vec<Tag>> {
        self.sql.list_tags().await
    }

    async fn upsert_tag(
        &self,
        slug: &str,
        label: &str,
        active: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Tag> {
        self.sql.upsert_tag(slug, label, active, actor, at).await
    }
}

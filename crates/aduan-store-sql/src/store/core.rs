//! The core [`Store`]: opening and migrating through the dialect, reports, the audit chain and
//! accounts; and the bulk loader, which each dialect writes its own way.

use crate::store::sql_impl;
use crate::{Dialect, SqlStore, Stmt, other};
use aduan_domain::event::{AuditEntry, Event};
use aduan_domain::report::ReporterIdentity;
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    BulkCounts, BulkStore, Commit, History, NewUser, ReportHead, Store, StoreResult, StoredReport,
    User,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

static PING: Stmt = Stmt::new("SELECT 1");

impl<D: Dialect> SqlStore<D> {
    /// Opens the database at `url` without migrating ([`Dialect::open`]).
    pub async fn open(url: &str) -> StoreResult<Self> {
        Ok(Self::new(D::open(url).await?))
    }

    /// Opens the database and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::open(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations (the backend's own sequence).
    pub async fn migrate(&self) -> StoreResult<()> {
        D::migrate(self.pool()).await
    }
}

sql_impl! {
#[async_trait]
impl BulkStore for SqlStore {
    async fn insert_histories(&self, histories: &[History]) -> StoreResult<BulkCounts> {
        D::insert_histories(self, histories).await
    }
}
}

sql_impl! {
#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        D::NAME
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query(PING.sql::<D>())
            .execute(self.pool())
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn commit(&self, change: Commit<'_>) -> StoreResult<Event> {
        self.commit_in(change).await
    }

    async fn get_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>> {
        self.fetch_report(id).await
    }

    async fn list_events(&self, id: &TrackingId) -> StoreResult<Vec<Event>> {
        self.fetch_events_between(id, id).await
    }

    async fn get_identity(&self, id: &ReporterId) -> StoreResult<Option<ReporterIdentity>> {
        self.fetch_identity(id).await
    }

    async fn list_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>> {
        self.fetch_report_heads(after, limit).await
    }

    async fn list_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>> {
        self.fetch_events_between(first, last).await
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
        let entry = Self::append_audit_in(&mut tx, actor, at, action, subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(entry)
    }

    async fn list_audit(&self) -> StoreResult<(Vec<AuditEntry>, i64, String)> {
        self.list_audit_entries().await
    }

    async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.create_user_audited(user, actor, at).await
    }

    async fn find_user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
        self.find_user_by_login_in(login).await
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
        self.get_user_in(id).await
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        self.list_users_in().await
    }

    async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.set_user_disabled_audited(id, disabled, actor, at)
            .await
    }
}
}

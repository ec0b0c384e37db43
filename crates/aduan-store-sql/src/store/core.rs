//! The core [`Store`]: opening and migrating through the dialect, reports, the audit chain and
//! accounts.

use crate::store::sql_impl;
use crate::{Dialect, SqlStore, Stmt, other};
use aduan_domain::event::{AuditEntry, Event};
use aduan_domain::report::Report;
use aduan_domain::report::ReporterIdentity;
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    AccountStore, AuditStore, Comment, CommentId, Commit, CommunityStore, ContactMatch, Cursor,
    IdentityLook, ListScope, LooksOf, NewOutboxMessage, NewUser, Preferences, RecordedLook,
    ReportFilter, ReportHead, ReportStore, Session, Store, StoreResult, StoredReport, User,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

static PING: Stmt = Stmt::new("SELECT 1");

impl<D: Dialect> SqlStore<D> {
    /// Opens the database at `url` without migrating ([`Dialect::open`]); identities are
    /// sealed and opened with `keyring`.
    pub async fn open(
        url: &str,
        keyring: std::sync::Arc<aduan_store::Keyring>,
    ) -> StoreResult<Self> {
        Ok(Self::new(D::open(url).await?, keyring))
    }

    /// Applies pending migrations (the backend's own sequence).
    pub async fn migrate(&self) -> StoreResult<()> {
        D::migrate(self.pool()).await
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

    fn pool_use(&self) -> aduan_store::PoolUse {
        let pool = self.pool();
        aduan_store::PoolUse {
            open: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            max: pool.options().get_max_connections(),
        }
    }
}
}

sql_impl! {
#[async_trait]
impl ReportStore for SqlStore {
    async fn commit(&self, change: Commit<'_>) -> StoreResult<Event> {
        self.commit_in(change).await
    }

    async fn get_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>> {
        self.fetch_report(id).await
    }

    async fn list_events(&self, id: &TrackingId) -> StoreResult<Vec<Event>> {
        self.fetch_events_between(id, id).await
    }

    async fn list_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>> {
        self.fetch_events_between(first, last).await
    }

    async fn list_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>> {
        self.fetch_report_heads(after, limit).await
    }

    async fn get_identity(&self, id: &ReporterId) -> StoreResult<Option<ReporterIdentity>> {
        self.fetch_identity(id).await
    }

    async fn get_identities(
        &self,
        ids: &[ReporterId],
    ) -> StoreResult<std::collections::HashMap<ReporterId, ReporterIdentity>> {
        self.fetch_identities(ids).await
    }

    async fn list_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        self.list_reports_in(scope, filter, cursor, limit).await
    }

    async fn page_end(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        nth: u32,
    ) -> StoreResult<Option<Cursor>> {
        self.page_end_in(scope, filter, after, nth).await
    }

    async fn list_reports_for_export(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        upto: Option<&Cursor>,
    ) -> StoreResult<Vec<aduan_store::ExportedReport>> {
        self.list_reports_for_export_in(scope, filter, after, upto)
            .await
    }

    async fn confidential_choice(&self, id: &TrackingId) -> StoreResult<Option<bool>> {
        self.confidential_choice_in(id).await
    }

    async fn find_idempotent(&self, scope: &str, key: &str) -> StoreResult<Option<TrackingId>> {
        self.find_idempotent_in(scope, key).await
    }

    async fn find_idempotent_request(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>> {
        self.find_idempotent_request_in(scope, key).await
    }

    async fn find_access_code(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>> {
        self.find_access_code_in(code_hash).await
    }

    async fn reports_by_contact(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>> {
        self.reports_by_contact_in(email, phone, limit).await
    }

    async fn offer_access_code(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.offer_access_code_in(report, reporter, code_hash, message, at)
            .await
    }

    async fn promote_access_code(&self, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool> {
        self.promote_access_code_in(code_hash, at).await
    }
}
}

sql_impl! {
#[async_trait]
impl AccountStore for SqlStore {
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

    async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.create_session_in(user, token_hash, created_at, expires_at, None)
            .await
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        self.find_session_in(token_hash).await
    }

    async fn revoke_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.revoke_session_in(token_hash, at).await
    }

    async fn revoke_user_sessions(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<u64> {
        self.revoke_user_sessions_in(user, at).await
    }

    async fn reporter_of_user(&self, user: UserId) -> StoreResult<Option<ReporterId>> {
        self.reporter_of_user_in(user).await
    }

    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.create_password_reset_in(user, token_hash, expires_at, message, at)
            .await
    }

    async fn consume_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        self.consume_password_reset_in(token_hash, password_hash, now)
            .await
    }

    async fn get_preferences(&self, user: UserId) -> StoreResult<Preferences> {
        self.get_preferences_in(user).await
    }

    async fn set_preferences(&self, user: UserId, prefs: &Preferences) -> StoreResult<()> {
        self.set_preferences_in(user, prefs).await
    }

    async fn erase_user_identity(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        self.erase_user_identity_in(user, at).await
    }
}
}

sql_impl! {
#[async_trait]
impl AuditStore for SqlStore {
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

    async fn record_identity_looks(&self, looks: &[IdentityLook]) -> StoreResult<()> {
        self.record_looks(looks).await
    }

    async fn list_identity_looks(
        &self,
        of: &LooksOf,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<RecordedLook>> {
        self.list_looks(of, before, limit).await
    }
}
}

sql_impl! {
#[async_trait]
impl CommunityStore for SqlStore {
    async fn add_support(
        &self,
        report: &TrackingId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.add_support_in(report, user, at).await
    }

    async fn support_count(&self, report: &TrackingId) -> StoreResult<u64> {
        self.support_count_in(report).await
    }

    async fn has_supported(&self, report: &TrackingId, user: UserId) -> StoreResult<bool> {
        self.has_supported_in(report, user).await
    }

    async fn add_comment(
        &self,
        report: &TrackingId,
        user: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        self.add_comment_in(report, user, body, at).await
    }

    async fn list_comments(
        &self,
        report: &TrackingId,
        include_hidden: bool,
    ) -> StoreResult<Vec<Comment>> {
        self.list_comments_in(report, include_hidden).await
    }

    async fn moderate_comment(
        &self,
        id: CommentId,
        hidden: bool,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        self.moderate_comment_in(id, hidden, reason, actor, at)
            .await
    }
}
}

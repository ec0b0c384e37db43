//! The citizens' portal on PostgreSQL: support votes, moderated comments, password resets,
//! notification preferences, access recovery by contact and erasure on request.

use crate::PgStore;
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    Comment, CommentId, ContactMatch, NewOutboxMessage, PortalStore, Preferences, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl PortalStore for PgStore {
    async fn add_support(
        &self,
        report: &TrackingId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.sql.add_support(report, user, at).await
    }

    async fn support_count(&self, report: &TrackingId) -> StoreResult<u64> {
        self.sql.support_count(report).await
    }

    async fn has_supported(&self, report: &TrackingId, user: UserId) -> StoreResult<bool> {
        self.sql.has_supported(report, user).await
    }

    async fn add_comment(
        &self,
        report: &TrackingId,
        user: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        self.sql.add_comment(report, user, body, at).await
    }

    async fn list_comments(
        &self,
        report: &TrackingId,
        include_hidden: bool,
    ) -> StoreResult<Vec<Comment>> {
        self.sql.list_comments(report, include_hidden).await
    }

    async fn moderate_comment(
        &self,
        id: CommentId,
        hidden: bool,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        self.sql
            .moderate_comment(id, hidden, reason, actor, at)
            .await
    }

    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.sql
            .create_password_reset(user, token_hash, expires_at, message, at)
            .await
    }

    async fn consume_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        self.sql
            .consume_password_reset(token_hash, password_hash, now)
            .await
    }

    async fn get_preferences(&self, user: UserId) -> StoreResult<Preferences> {
        self.sql.get_preferences(user).await
    }

    async fn set_preferences(&self, user: UserId, prefs: &Preferences) -> StoreResult<()> {
        self.sql.set_preferences(user, prefs).await
    }

    async fn reports_by_contact(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>> {
        self.sql.reports_by_contact(email, phone, limit).await
    }

    async fn offer_access_code(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.sql
            .offer_access_code(report, reporter, code_hash, message, at)
            .await
    }

    async fn promote_access_code(&self, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool> {
        self.sql.promote_access_code(code_hash, at).await
    }

    async fn erase_user_identity(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        self.sql.erase_user_identity(user, at).await
    }
}

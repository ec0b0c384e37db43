//! Sessions, access codes, idempotency keys and listings on SQLite.

use crate::SqliteStore;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{Report, ReporterIdentity};
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    AccessStore, Cursor, EventActor, ListScope, ReportFilter, Session, StoreResult, SubmitExtras,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl AccessStore for SqliteStore {
    async fn submit_report(
        &self,
        report: &Report,
        identity: Option<&ReporterIdentity>,
        first_event: EventDraft,
        actor: &EventActor,
        extras: &SubmitExtras,
    ) -> StoreResult<Event> {
        self.sql
            .submit_report(report, identity, first_event, actor, extras)
            .await
    }

    async fn confidential_choice(&self, id: &TrackingId) -> StoreResult<Option<bool>> {
        self.sql.confidential_choice(id).await
    }

    async fn find_idempotent(&self, scope: &str, key: &str) -> StoreResult<Option<TrackingId>> {
        self.sql.find_idempotent(scope, key).await
    }

    async fn find_idempotent_request(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>> {
        self.sql.find_idempotent_request(scope, key).await
    }

    async fn find_access_code(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>> {
        self.sql.find_access_code(code_hash).await
    }

    async fn reporter_of_user(&self, user: UserId) -> StoreResult<Option<ReporterId>> {
        self.sql.reporter_of_user(user).await
    }

    async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.sql
            .create_session(user, token_hash, created_at, expires_at)
            .await
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        self.sql.find_session(token_hash).await
    }

    async fn revoke_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.sql.revoke_session(token_hash, at).await
    }

    async fn revoke_user_sessions(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<u64> {
        self.sql.revoke_user_sessions(user, at).await
    }

    async fn list_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        self.sql.list_reports(scope, filter, cursor, limit).await
    }
}

//! Staff administration, own sessions and the overview's feedback on SQLite; every change is
//! written with its audit entry in one transaction.

use crate::SqliteStore;
use aduan_domain::event::Event;
use aduan_domain::{AgencyId, UserId};
use aduan_store::{LiveSession, StaffScope, StaffStore, StoreResult, User};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl StaffStore for SqliteStore {
    async fn list_staff(&self, agency: Option<&AgencyId>) -> StoreResult<Vec<User>> {
        self.sql.list_staff(agency).await
    }

    async fn update_user_scope(
        &self,
        id: UserId,
        scope: &StaffScope,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.sql.update_user_scope(id, scope, actor, at).await
    }

    async fn set_user_password(
        &self,
        id: UserId,
        password_hash: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        self.sql
            .set_user_password(id, password_hash, actor, at)
            .await
    }

    async fn list_live_sessions(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<LiveSession>> {
        self.sql.list_live_sessions(user, now).await
    }

    async fn revoke_session_by_handle(
        &self,
        user: UserId,
        handle: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.sql.revoke_session_by_handle(user, handle, at).await
    }

    async fn revoke_other_sessions(
        &self,
        user: UserId,
        keep_token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.sql
            .revoke_other_sessions(user, keep_token_hash, at)
            .await
    }

    async fn list_feedback(&self, agency: &AgencyId, limit: u32) -> StoreResult<Vec<Event>> {
        self.sql.list_feedback(agency, limit).await
    }
}

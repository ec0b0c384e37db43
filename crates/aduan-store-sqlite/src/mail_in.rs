//! E-mail intake's message record on SQLite.

use crate::SqliteStore;
use aduan_domain::TrackingId;
use aduan_store::{MailClaim, MailInStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl MailInStore for SqliteStore {
    async fn claim_mail_in(
        &self,
        key: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<MailClaim> {
        self.sql.claim_mail_in(key, now, stale_before).await
    }

    async fn finish_mail_in(
        &self,
        key: &str,
        outcome: &str,
        tracking_id: Option<&TrackingId>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.sql.finish_mail_in(key, outcome, tracking_id, at).await
    }

    async fn release_mail_in(&self, key: &str) -> StoreResult<()> {
        self.sql.release_mail_in(key).await
    }

    async fn forget_mail_in(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        self.sql.forget_mail_in(before).await
    }
}

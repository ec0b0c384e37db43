//! The notification outbox and identity retention on SQLite.

use crate::SqliteStore;
use aduan_store::{
    ErasureCounts, NewOutboxMessage, OutboxCounts, OutboxId, OutboxMessage, OutboxQueued,
    OutboxState, OutboxStore, RetentionStore, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn insert_outbox(
        &self,
        messages: &[NewOutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>> {
        self.sql.insert_outbox(messages, now).await
    }

    async fn start_delivery(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        self.sql.start_delivery(id).await
    }

    async fn mark_outbox_sent(&self, id: OutboxId, now: DateTime<Utc>) -> StoreResult<bool> {
        self.sql.mark_outbox_sent(id, now).await
    }

    async fn record_outbox_failure(&self, id: OutboxId, error: &str) -> StoreResult<()> {
        self.sql.record_outbox_failure(id, error).await
    }

    async fn get_outbox(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        self.sql.get_outbox(id).await
    }

    async fn list_outbox(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> StoreResult<Vec<OutboxMessage>> {
        self.sql.list_outbox(state, limit).await
    }

    async fn count_outbox(&self) -> StoreResult<OutboxCounts> {
        self.sql.count_outbox().await
    }
}

#[async_trait]
impl RetentionStore for SqliteStore {
    async fn erase_expired_identities(
        &self,
        closed_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<ErasureCounts> {
        self.sql.erase_expired_identities(closed_before, now).await
    }
}

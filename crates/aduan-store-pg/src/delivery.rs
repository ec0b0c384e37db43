//! Delivery across channels on PostgreSQL: the reporter's channel choice and the failed
//! deliveries staff send again.

use crate::PgStore;
use aduan_domain::ReporterId;
use aduan_store::{DeliveryStore, OutboxId, OutboxMessage, ReporterDelivery, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl DeliveryStore for PgStore {
    async fn reporter_delivery(
        &self,
        reporter: &ReporterId,
    ) -> StoreResult<Option<ReporterDelivery>> {
        self.sql.reporter_delivery(reporter).await
    }

    async fn list_failed_outbox(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        self.sql.list_failed_outbox(limit).await
    }

    async fn requeue_outbox(
        &self,
        id: OutboxId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.sql.requeue_outbox(id, actor, now).await
    }
}

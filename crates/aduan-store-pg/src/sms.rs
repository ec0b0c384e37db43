//! The SMS channel's tables on PostgreSQL: claims on gateway message ids, per-sender counts
//! and delivery reports. A claim's insert waits for a concurrent one on the same id and the
//! count is one atomic upsert, so two instances never both claim a message or lose a count.

use crate::PgStore;
use aduan_domain::TrackingId;
use aduan_store::{OutboxId, SealedSecret, SmsClaim, SmsDelivery, SmsStore, StoreResult};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl SmsStore for PgStore {
    async fn claim_sms(
        &self,
        gateway_id: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<SmsClaim> {
        self.sql
            .claim_sms(gateway_id, now, stale_before, forget_before)
            .await
    }

    async fn answer_sms(
        &self,
        gateway_id: &str,
        answer: &SealedSecret,
        report: Option<&TrackingId>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.sql.answer_sms(gateway_id, answer, report, now).await
    }

    async fn release_sms(&self, gateway_id: &str) -> StoreResult<()> {
        self.sql.release_sms(gateway_id).await
    }

    async fn count_sms(
        &self,
        sender: &str,
        window: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<u32> {
        self.sql.count_sms(sender, window, forget_before).await
    }

    async fn record_sms_delivery(&self, report: &SmsDelivery) -> StoreResult<bool> {
        self.sql.record_sms_delivery(report).await
    }

    async fn list_sms_deliveries(&self, outbox: OutboxId) -> StoreResult<Vec<SmsDelivery>> {
        self.sql.list_sms_deliveries(outbox).await
    }
}

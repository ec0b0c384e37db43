//! The SMS channel's tables on PostgreSQL: claims on gateway message ids, per-sender counts
//! and delivery reports. A claim's insert waits for a concurrent one on the same id and the
//! count is one atomic upsert, so two instances never both claim a message or lose a count.

use crate::{PgStore, db_err};
use aduan_domain::TrackingId;
use aduan_store::{
    OutboxId, SealedSecret, SmsClaim, SmsDelivery, SmsStore, StoreError, StoreResult,
};
use aduan_store_sql::{SmsDeliveryRow, numbered, other};
use std::sync::LazyLock;

macro_rules! numbered_sql {
    ($($name:ident),+ $(,)?) => {
        $(static $name: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::$name));)+
    };
}

numbered_sql!(
    SMS_CLAIM,
    SMS_TAKE_OVER,
    SMS_ANSWER_OF,
    SMS_FORGET,
    SMS_ANSWER,
    SMS_RELEASE,
    SMS_COUNT,
    SMS_FORGET_COUNTS,
    SMS_OUTBOX_EXISTS,
    INSERT_SMS_DELIVERY,
    LIST_SMS_DELIVERIES,
);
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
        let mut tx = self.write_tx().await?;
        sqlx::query(SMS_FORGET.as_str())
            .bind(forget_before)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let fresh: Option<(String,)> = sqlx::query_as(SMS_CLAIM.as_str())
            .bind(gateway_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let claim = if fresh.is_some() {
            SmsClaim::Fresh
        } else {
            let taken: Option<(String,)> = sqlx::query_as(SMS_TAKE_OVER.as_str())
                .bind(now)
                .bind(gateway_id)
                .bind(stale_before)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if taken.is_some() {
                SmsClaim::Fresh
            } else {
                let (answer,): (Option<String>,) = sqlx::query_as(SMS_ANSWER_OF.as_str())
                    .bind(gateway_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                answer.map_or(SmsClaim::Busy, |a| SmsClaim::Answered(SealedSecret(a)))
            }
        };
        tx.commit().await.map_err(other)?;
        Ok(claim)
    }

    async fn answer_sms(
        &self,
        gateway_id: &str,
        answer: &SealedSecret,
        report: Option<&TrackingId>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(SMS_ANSWER.as_str())
            .bind(&answer.0)
            .bind(report.map(ToString::to_string))
            .bind(now)
            .bind(gateway_id)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn release_sms(&self, gateway_id: &str) -> StoreResult<()> {
        sqlx::query(SMS_RELEASE.as_str())
            .bind(gateway_id)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn count_sms(
        &self,
        sender: &str,
        window: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<u32> {
        let mut tx = self.write_tx().await?;
        sqlx::query(SMS_FORGET_COUNTS.as_str())
            .bind(forget_before)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let (count,): (i64,) = sqlx::query_as(SMS_COUNT.as_str())
            .bind(sender)
            .bind(window)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn record_sms_delivery(&self, report: &SmsDelivery) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let exists: Option<(i64,)> = sqlx::query_as(SMS_OUTBOX_EXISTS.as_str())
            .bind(report.outbox.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let new: Option<(i64,)> = sqlx::query_as(INSERT_SMS_DELIVERY.as_str())
            .bind(report.outbox.0)
            .bind(report.part)
            .bind(report.status.as_str())
            .bind(&report.detail)
            .bind(report.received_at)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(new.is_some())
    }

    async fn list_sms_deliveries(&self, outbox: OutboxId) -> StoreResult<Vec<SmsDelivery>> {
        let rows: Vec<SmsDeliveryRow> = sqlx::query_as(LIST_SMS_DELIVERIES.as_str())
            .bind(outbox.0)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(SmsDelivery::try_from).collect()
    }
}

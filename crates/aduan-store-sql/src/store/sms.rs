//! The SMS channel's tables: claims on gateway message ids, per-sender counts and
//! delivery reports. Each write runs in a write transaction; on SQLite it holds the database's
//! write lock, on PostgreSQL a claim's insert waits for a concurrent one on the same id and the
//! count is one atomic upsert, so two requests (or instances) never both claim a message and no
//! count is lost.

use crate::store::{db_err, sql_impl};
use crate::{
    INSERT_SMS_DELIVERY, LIST_SMS_DELIVERIES, SMS_ANSWER, SMS_ANSWER_OF, SMS_CLAIM, SMS_COUNT,
    SMS_FORGET, SMS_FORGET_COUNTS, SMS_OUTBOX_EXISTS, SMS_RELEASE, SMS_TAKE_OVER, SmsDeliveryRow,
    other,
};
use aduan_domain::TrackingId;
use aduan_store::{
    OutboxId, SealedSecret, SmsClaim, SmsDelivery, SmsStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

sql_impl! {
#[async_trait]
impl SmsStore for SqlStore {
    async fn claim_sms(
        &self,
        gateway_id: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<SmsClaim> {
        let mut tx = self.write_tx().await?;
        sqlx::query(SMS_FORGET.sql::<D>())
            .bind(D::ts(forget_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let fresh: Option<(String,)> = sqlx::query_as(SMS_CLAIM.sql::<D>())
            .bind(gateway_id)
            .bind(D::ts(now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let claim = if fresh.is_some() {
            SmsClaim::Fresh
        } else {
            let taken: Option<(String,)> = sqlx::query_as(SMS_TAKE_OVER.sql::<D>())
                .bind(D::ts(now))
                .bind(gateway_id)
                .bind(D::ts(stale_before))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if taken.is_some() {
                SmsClaim::Fresh
            } else {
                let (answer,): (Option<String>,) = sqlx::query_as(SMS_ANSWER_OF.sql::<D>())
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
        let done = sqlx::query(SMS_ANSWER.sql::<D>())
            .bind(&answer.0)
            .bind(report.map(ToString::to_string))
            .bind(D::ts(now))
            .bind(gateway_id)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn release_sms(&self, gateway_id: &str) -> StoreResult<()> {
        sqlx::query(SMS_RELEASE.sql::<D>())
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
        sqlx::query(SMS_FORGET_COUNTS.sql::<D>())
            .bind(D::ts(forget_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let (count,): (i64,) = sqlx::query_as(SMS_COUNT.sql::<D>())
            .bind(sender)
            .bind(D::ts(window))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn record_sms_delivery(&self, report: &SmsDelivery) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let exists: Option<(i64,)> = sqlx::query_as(SMS_OUTBOX_EXISTS.sql::<D>())
            .bind(report.outbox.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let new: Option<(i64,)> = sqlx::query_as(INSERT_SMS_DELIVERY.sql::<D>())
            .bind(report.outbox.0)
            .bind(report.part)
            .bind(report.status.as_str())
            .bind(&report.detail)
            .bind(D::ts(report.received_at))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(new.is_some())
    }

    async fn list_sms_deliveries(&self, outbox: OutboxId) -> StoreResult<Vec<SmsDelivery>> {
        let rows: Vec<SmsDeliveryRow> = sqlx::query_as(LIST_SMS_DELIVERIES.sql::<D>())
            .bind(outbox.0)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(SmsDelivery::try_from).collect()
    }
}
}

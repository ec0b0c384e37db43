//! Delivery across channels on PostgreSQL: the reporter's channel choice and the failed
//! deliveries staff send again.

use crate::{PgStore, Sql, db_err, jobs};
use aduan_domain::{ReporterId, UserId};
use aduan_store::{
    AUDIT_OUTBOX_REQUEUE, DELIVER_OUTBOX_JOB, DeliveryStore, NewJob, OutboxId, OutboxMessage,
    ReporterDelivery, ReporterNotify, StoreResult, delivery_job,
};
use aduan_store_sql::{OutboxRow, list_failed_outbox, numbered, other, reporter_notify};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use std::sync::LazyLock;

static LIST_FAILED: LazyLock<String> = LazyLock::new(|| numbered(&list_failed_outbox()));
static SET_REPORTER_NOTIFY: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::SET_REPORTER_NOTIFY));
static REPORTER_DELIVERY: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REPORTER_DELIVERY));
// The row is locked: of two retries of one message, the second finds it pending.
static DEAD_OUTBOX_JOB: LazyLock<String> =
    LazyLock::new(|| numbered(&format!("{} FOR UPDATE", aduan_store_sql::DEAD_OUTBOX_JOB)));
static REVIVE_OUTBOX: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::REVIVE_OUTBOX));
static REQUEUE_DEAD_JOB: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REQUEUE_DEAD_JOB));
static SET_OUTBOX_JOB: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::SET_OUTBOX_JOB));

/// Stores a new reporter's channel choice inside the submission's transaction.
pub(crate) async fn set_notify_tx(
    tx: &mut Transaction<'static, Postgres>,
    reporter: &ReporterId,
    notify: &ReporterNotify,
) -> StoreResult<()> {
    sqlx::query(SET_REPORTER_NOTIFY.as_str())
        .bind(notify.via.as_str())
        .bind(notify.language.as_str())
        .bind(reporter.as_str())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

#[async_trait]
impl DeliveryStore for PgStore {
    async fn reporter_delivery(
        &self,
        reporter: &ReporterId,
    ) -> StoreResult<Option<ReporterDelivery>> {
        let row: Option<(Option<i64>, Option<String>, Option<String>)> =
            sqlx::query_as(REPORTER_DELIVERY.as_str())
                .bind(reporter.as_str())
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        Ok(row.map(|(user, notify, language)| ReporterDelivery {
            user: user.map(UserId),
            notify: reporter_notify(notify, language),
        }))
    }

    async fn list_failed_outbox(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(LIST_FAILED.as_str())
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(OutboxRow::into_message).collect()
    }

    async fn requeue_outbox(
        &self,
        id: OutboxId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let dead: Option<(Option<i64>, String, String)> = sqlx::query_as(DEAD_OUTBOX_JOB.as_str())
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some((job, template, channel)) = dead else {
            return Ok(false);
        };
        sqlx::query(REVIVE_OUTBOX.as_str())
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut revived = false;
        if let Some(job) = job {
            let done = sqlx::query(REQUEUE_DEAD_JOB.as_str())
                .bind(now)
                .bind(job)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            revived = done.rows_affected() == 1;
        }
        if !revived {
            // Its job is gone or finished: a new one, under a key of its own.
            let fresh: NewJob = delivery_job(id, now).dedup(format!(
                "{DELIVER_OUTBOX_JOB}:{id}:again:{}",
                aduan_domain::event::canonical_time(now)
            ));
            let job = jobs::enqueue_tx(&mut tx, &fresh, now).await?;
            sqlx::query(SET_OUTBOX_JOB.as_str())
                .bind(job.id.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        Sql::append_audit_in(
            &mut tx,
            actor,
            now,
            AUDIT_OUTBOX_REQUEUE,
            &format!("outbox:{id}"),
            json!({ "message": id.0, "template": template, "channel": channel }),
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }
}

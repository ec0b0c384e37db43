//! Delivery across channels: the reporter's channel choice and the failed
//! deliveries staff send again.

use crate::store::{db_err, sql_impl};
use crate::{
    DEAD_OUTBOX_JOB, OutboxRow, REPORTER_DELIVERY, REQUEUE_DEAD_JOB, REVIVE_OUTBOX, SET_OUTBOX_JOB,
    SET_REPORTER_NOTIFY, Stmt, list_failed_outbox, other, reporter_notify,
};
use aduan_domain::{ReporterId, UserId};
use aduan_store::{
    AUDIT_OUTBOX_REQUEUE, DELIVER_OUTBOX_JOB, DeliveryStore, NewJob, OutboxId, OutboxMessage,
    ReporterDelivery, ReporterNotify, StoreResult, delivery_job,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

static LIST_FAILED: Stmt = Stmt::built(list_failed_outbox);
// The row is locked: of two retries of one message, the second finds it pending.
static LOCK_DEAD: Stmt = Stmt::built_locking(|| DEAD_OUTBOX_JOB.text());

sql_impl! {
impl SqlStore {
    /// Stores a new reporter's channel choice inside the submission's transaction.
    pub(crate) async fn set_notify_in(
        tx: &mut Transaction<'static, D::DB>,
        reporter: &ReporterId,
        notify: &ReporterNotify,
    ) -> StoreResult<()> {
        sqlx::query(SET_REPORTER_NOTIFY.sql::<D>())
            .bind(notify.via.as_str())
            .bind(notify.language.as_str())
            .bind(reporter.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl DeliveryStore for SqlStore {
    async fn reporter_delivery(
        &self,
        reporter: &ReporterId,
    ) -> StoreResult<Option<ReporterDelivery>> {
        let row: Option<(Option<i64>, Option<String>, Option<String>)> =
            sqlx::query_as(REPORTER_DELIVERY.sql::<D>())
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
        let rows: Vec<OutboxRow> = sqlx::query_as(LIST_FAILED.sql::<D>())
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let key = self.keyring().deployment_key();
        rows.into_iter().map(|r| r.into_message(&key)).collect()
    }

    async fn requeue_outbox(
        &self,
        id: OutboxId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let dead: Option<(Option<i64>, String, String)> = sqlx::query_as(LOCK_DEAD.sql::<D>())
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some((job, template, channel)) = dead else {
            return Ok(false);
        };
        sqlx::query(REVIVE_OUTBOX.sql::<D>())
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut revived = false;
        if let Some(job) = job {
            let done = sqlx::query(REQUEUE_DEAD_JOB.sql::<D>())
                .bind(D::ts(now))
                .bind(job)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            revived = D::rows_affected(&done) == 1;
        }
        if !revived {
            // Its job is gone or finished: a new one, under a key of its own.
            let fresh: NewJob = delivery_job(id, now).dedup(format!(
                "{DELIVER_OUTBOX_JOB}:{id}:again:{}",
                aduan_domain::event::canonical_time(now)
            ));
            let job = Self::enqueue_job_in(&mut tx, &fresh, now).await?;
            sqlx::query(SET_OUTBOX_JOB.sql::<D>())
                .bind(job.id.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        Self::append_audit_in(
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
}

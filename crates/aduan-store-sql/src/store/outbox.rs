//! The notification outbox and identity retention.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{
    COUNT_OUTBOX, ERASE_OUTBOX_ADDRESSES, ERASE_REPORTERS, INSERT_OUTBOX, MARK_OUTBOX_SENT,
    OUTBOX_BY_DEDUP, OUTBOX_COLUMNS, OutboxRow, RECORD_OUTBOX_FAILURE, SET_OUTBOX_JOB, fold_counts,
    other,
};
use aduan_store::{
    AUDIT_IDENTITY_ERASE, ErasureCounts, NewOutboxMessage, OutboxCounts, OutboxId, OutboxMessage,
    OutboxQueued, OutboxState, OutboxStore, RetentionStore, StoreError, StoreResult, delivery_job,
    erasure_audit_payload,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

static START: Stmt = Stmt::built(|| {
    format!(
        "UPDATE outbox SET attempts = attempts + 1 WHERE id = ? AND state = 'pending' \
         RETURNING {OUTBOX_COLUMNS}"
    )
});
static GET: Stmt = Stmt::built(|| format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?"));
static LIST: Stmt = Stmt::built(|| {
    format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = COALESCE(?, state) ORDER BY id LIMIT ?"
    )
});

sql_impl! {
impl SqlStore {
    /// Writes `messages` inside `tx` (the transaction of the transition they tell about), each with
    /// its delivery job. A message whose dedup key is already used is left as it is.
    pub(crate) async fn insert_outbox_in(
        tx: &mut Transaction<'static, D::DB>,
        messages: &[NewOutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>> {
        let mut out = Vec::with_capacity(messages.len());
        for m in messages {
            let new: Option<(i64,)> = sqlx::query_as(INSERT_OUTBOX.sql::<D>())
                .bind(m.recipient_kind.as_str())
                .bind(&m.recipient)
                .bind(m.channel.as_str())
                .bind(&m.template)
                .bind(m.language.as_str())
                .bind(m.payload.to_string())
                .bind(m.secret.as_ref().map(|s| s.0.as_str()))
                .bind(&m.dedup_key)
                .bind(D::ts(now))
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_err)?;
            let Some((id,)) = new else {
                let (id,): (i64,) = sqlx::query_as(OUTBOX_BY_DEDUP.sql::<D>())
                    .bind(&m.dedup_key)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(db_err)?;
                out.push(OutboxQueued {
                    id: OutboxId(id),
                    created: false,
                });
                continue;
            };
            let job = Self::enqueue_job_in(tx, &delivery_job(OutboxId(id), now), now).await?;
            sqlx::query(SET_OUTBOX_JOB.sql::<D>())
                .bind(job.id.0)
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
            out.push(OutboxQueued {
                id: OutboxId(id),
                created: true,
            });
        }
        Ok(out)
    }
}
}

sql_impl! {
#[async_trait]
impl OutboxStore for SqlStore {
    async fn insert_outbox(
        &self,
        messages: &[NewOutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>> {
        let mut tx = self.write_tx().await?;
        let out = Self::insert_outbox_in(&mut tx, messages, now).await?;
        tx.commit().await.map_err(other)?;
        Ok(out)
    }

    async fn start_delivery(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        let row: Option<OutboxRow> = sqlx::query_as(START.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(OutboxRow::into_message).transpose()
    }

    async fn mark_outbox_sent(&self, id: OutboxId, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(MARK_OUTBOX_SENT.sql::<D>())
            .bind(D::ts(now))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done) == 1)
    }

    async fn record_outbox_failure(&self, id: OutboxId, error: &str) -> StoreResult<()> {
        sqlx::query(RECORD_OUTBOX_FAILURE.sql::<D>())
            .bind(error)
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn get_outbox(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        let row: Option<OutboxRow> = sqlx::query_as(GET.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(OutboxRow::into_message).transpose()
    }

    async fn list_outbox(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> StoreResult<Vec<OutboxMessage>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(LIST.sql::<D>())
            .bind(state.map(OutboxState::as_str))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(OutboxRow::into_message).collect()
    }

    async fn count_outbox(&self) -> StoreResult<OutboxCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(COUNT_OUTBOX.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        fold_counts(rows, OutboxState::parse, OutboxCounts::add)
    }
}
}

sql_impl! {
#[async_trait]
impl RetentionStore for SqlStore {
    async fn erase_expired_identities(
        &self,
        closed_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<ErasureCounts> {
        let mut tx = self.write_tx().await?;
        let reporters = sqlx::query(ERASE_REPORTERS.sql::<D>())
            .bind(D::ts(now))
            .bind(D::ts(closed_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let reporters = D::rows_affected(&reporters);
        let outbox_addresses = sqlx::query(ERASE_OUTBOX_ADDRESSES.sql::<D>())
            .bind(D::ts(now))
            .bind(D::ts(closed_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let outbox_addresses = D::rows_affected(&outbox_addresses);
        let counts = ErasureCounts {
            reporters,
            outbox_addresses,
        };
        Self::append_audit_in(
            &mut tx,
            "system",
            now,
            AUDIT_IDENTITY_ERASE,
            "reporters",
            erasure_audit_payload(&counts, closed_before),
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(counts)
    }
}
}

sql_impl! {
impl SqlStore {
    /// Writes the one message a change sends; a dedup key already used would leave the change
    /// unsent, so it is a conflict.
    pub(crate) async fn insert_message_in(
        tx: &mut Transaction<'static, D::DB>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let queued = Self::insert_outbox_in(tx, std::slice::from_ref(message), at).await?;
        if queued.iter().all(|q| q.created) {
            Ok(())
        } else {
            Err(StoreError::Conflict {
                constraint: "outbox.dedup_key".into(),
            })
        }
    }
}
}

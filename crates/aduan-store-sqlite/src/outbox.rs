//! The notification outbox and identity retention on SQLite.

use crate::{Sql, SqliteStore, db_err, jobs, ts};
use aduan_store::{
    AUDIT_IDENTITY_ERASE, ErasureCounts, NewOutboxMessage, OutboxCounts, OutboxId, OutboxMessage,
    OutboxQueued, OutboxState, OutboxStore, RetentionStore, StoreResult, delivery_job,
    erasure_audit_payload,
};
use aduan_store_sql::{
    COUNT_OUTBOX, ERASE_OUTBOX_ADDRESSES, ERASE_REPORTERS, INSERT_OUTBOX, MARK_OUTBOX_SENT,
    OUTBOX_BY_DEDUP, OUTBOX_COLUMNS, OutboxRow, RECORD_OUTBOX_FAILURE, SET_OUTBOX_JOB, fold_counts,
    other,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};
use std::sync::LazyLock;

static START: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE outbox SET attempts = attempts + 1 WHERE id = ? AND state = 'pending' \
         RETURNING {OUTBOX_COLUMNS}"
    )
});
static GET: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?"));
static LIST: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = COALESCE(?, state) ORDER BY id LIMIT ?"
    )
});

/// Writes `messages` inside `tx` (the transaction of the transition they tell about), each with
/// its delivery job. A message whose dedup key is already used is left as it is.
pub(crate) async fn insert_outbox_tx(
    tx: &mut Transaction<'static, Sqlite>,
    messages: &[NewOutboxMessage],
    now: DateTime<Utc>,
) -> StoreResult<Vec<OutboxQueued>> {
    let mut out = Vec::with_capacity(messages.len());
    for m in messages {
        let new: Option<(i64,)> = sqlx::query_as(INSERT_OUTBOX)
            .bind(m.recipient_kind.as_str())
            .bind(&m.recipient)
            .bind(m.channel.as_str())
            .bind(&m.template)
            .bind(m.language.as_str())
            .bind(m.payload.to_string())
            .bind(m.secret.as_ref().map(|s| s.0.as_str()))
            .bind(&m.dedup_key)
            .bind(ts(now))
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        let Some((id,)) = new else {
            let (id,): (i64,) = sqlx::query_as(OUTBOX_BY_DEDUP)
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
        let job = jobs::enqueue_tx(tx, &delivery_job(OutboxId(id), now), now).await?;
        sqlx::query(SET_OUTBOX_JOB)
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

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn insert_outbox(
        &self,
        messages: &[NewOutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>> {
        let mut tx = self.write_tx().await?;
        let out = insert_outbox_tx(&mut tx, messages, now).await?;
        tx.commit().await.map_err(other)?;
        Ok(out)
    }

    async fn start_delivery(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        let row: Option<OutboxRow> = sqlx::query_as(START.as_str())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(OutboxRow::into_message).transpose()
    }

    async fn mark_outbox_sent(&self, id: OutboxId, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(MARK_OUTBOX_SENT)
            .bind(ts(now))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn record_outbox_failure(&self, id: OutboxId, error: &str) -> StoreResult<()> {
        sqlx::query(RECORD_OUTBOX_FAILURE)
            .bind(error)
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn get_outbox(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        let row: Option<OutboxRow> = sqlx::query_as(GET.as_str())
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
        let rows: Vec<OutboxRow> = sqlx::query_as(LIST.as_str())
            .bind(state.map(OutboxState::as_str))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(OutboxRow::into_message).collect()
    }

    async fn count_outbox(&self) -> StoreResult<OutboxCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(COUNT_OUTBOX)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        fold_counts(rows, OutboxState::parse, OutboxCounts::add)
    }
}

#[async_trait]
impl RetentionStore for SqliteStore {
    async fn erase_expired_identities(
        &self,
        closed_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<ErasureCounts> {
        let mut tx = self.write_tx().await?;
        let reporters = sqlx::query(ERASE_REPORTERS)
            .bind(ts(now))
            .bind(ts(closed_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        let outbox_addresses = sqlx::query(ERASE_OUTBOX_ADDRESSES)
            .bind(ts(now))
            .bind(ts(closed_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        let counts = ErasureCounts {
            reporters,
            outbox_addresses,
        };
        Sql::append_audit_in(
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

//! The notification outbox and identity retention.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{
    COUNT_OUTBOX, ERASE_OUTBOX_ADDRESSES, ERASE_REPORTER, ERASE_REPORTERS, INSERT_OUTBOX,
    MARK_OUTBOX_SENT, OUTBOX_BY_DEDUP, OUTBOX_COLUMNS, OutboxRow, RECORD_OUTBOX_FAILURE,
    REPORTER_HOLDS, SET_OUTBOX_JOB, fold_counts, other,
};
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::{
    AUDIT_IDENTITY_ERASE, AUDIT_IDENTITY_ERASE_OWN, DeploymentKey, ErasureCounts, NewOutboxMessage,
    OutboxCounts, OutboxId, OutboxMessage, OutboxQueued, OutboxState, OutboxStore, OwnErasure,
    RecipientKind, RetentionStore, SealedSecret, StoreError, StoreResult, delivery_job,
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

/// What a sealed bare address starts with (no e-mail address, phone number or chat handle
/// does).
const SEALED_RECIPIENT: &str = "sealed:";

/// Outbox messages ready to be written, each bare address sealed with the deployment key for
/// its message ([`SqlStore::seal_outbox`]): the only form [`SqlStore::insert_outbox_in`]
/// takes, so no address reaches the table in plain text.
#[derive(Debug, Clone, Default)]
pub(crate) struct SealedOutbox(Vec<NewOutboxMessage>);

impl SealedOutbox {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message's recipient as it is stored.
    pub(crate) fn first_recipient(&self) -> String {
        self.0
            .first()
            .map(|m| m.recipient.clone())
            .unwrap_or_default()
    }
}

/// The recipient of a stored message: a sealed address opened with `key` (an address stored
/// before issue 20 is read as it is).
pub(crate) fn open_recipient(
    key: &DeploymentKey,
    recipient: String,
    dedup_key: &str,
) -> StoreResult<String> {
    match recipient.strip_prefix(SEALED_RECIPIENT) {
        None => Ok(recipient),
        Some(sealed) => key
            .open(
                &SealedSecret(sealed.to_owned()),
                &recipient_context(dedup_key),
            )
            .map(|a| a.as_str().to_owned())
            .map_err(|e| StoreError::Other(Box::new(e))),
    }
}

fn recipient_context(dedup_key: &str) -> String {
    format!("recipient:{dedup_key}")
}

sql_impl! {
impl SqlStore {
    /// `messages` with each bare address sealed, ready for [`SqlStore::insert_outbox_in`].
    pub(crate) fn seal_outbox(&self, messages: &[NewOutboxMessage]) -> SealedOutbox {
        let key = self.keyring().deployment_key();
        SealedOutbox(
            messages
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    if m.recipient_kind == RecipientKind::Address {
                        let sealed = key.seal(&m.recipient, &recipient_context(&m.dedup_key));
                        m.recipient = format!("{SEALED_RECIPIENT}{}", sealed.0);
                    }
                    m
                })
                .collect(),
        )
    }

    /// Writes `messages` inside `tx` (the transaction of the transition they tell about), each with
    /// its delivery job. A message whose dedup key is already used is left as it is.
    pub(crate) async fn insert_outbox_in(
        tx: &mut Transaction<'static, D::DB>,
        messages: &SealedOutbox,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>> {
        let mut out = Vec::with_capacity(messages.0.len());
        for m in &messages.0 {
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
        let messages = self.seal_outbox(messages);
        let mut tx = self.write_tx().await?;
        let out = Self::insert_outbox_in(&mut tx, &messages, now).await?;
        tx.commit().await.map_err(other)?;
        Ok(out)
    }

    async fn start_delivery(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>> {
        let row: Option<OutboxRow> = sqlx::query_as(START.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|r| r.into_message(&self.keyring().deployment_key()))
            .transpose()
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
        row.map(|r| r.into_message(&self.keyring().deployment_key()))
            .transpose()
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
        let key = self.keyring().deployment_key();
        rows.into_iter().map(|r| r.into_message(&key)).collect()
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

    async fn erase_reporter_identity(
        &self,
        reporter: &ReporterId,
        report: &TrackingId,
        channel: &str,
        at: DateTime<Utc>,
        notice: &[NewOutboxMessage],
        chat_answers: Option<&str>,
    ) -> StoreResult<OwnErasure> {
        let mut tx = self.write_tx().await?;
        let holds: Option<(String,)> = sqlx::query_as(REPORTER_HOLDS.sql::<D>())
            .bind(reporter.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let outcome = match holds.as_ref().map(|(h,)| h.as_str()) {
            Some("account") => OwnErasure::Account,
            Some("held") => OwnErasure::Erased,
            _ => OwnErasure::NothingHeld,
        };
        if outcome == OwnErasure::Erased {
            sqlx::query(ERASE_REPORTER.sql::<D>())
                .bind(D::ts(at))
                .bind(reporter.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            let (messages, sms_answers) = self.erase_report_residue_in(&mut tx, report, at).await?;
            let chat_answers = match chat_answers {
                Some(prefix) => Self::erase_chat_answers_in(&mut tx, prefix, at).await?,
                None => 0,
            };
            if !notice.is_empty() {
                Self::insert_outbox_in(&mut tx, &self.seal_outbox(notice), at).await?;
            }
            Self::append_audit_in(
                &mut tx,
                "reporter",
                at,
                AUDIT_IDENTITY_ERASE_OWN,
                &format!("report:{report}"),
                serde_json::json!({
                    "channel": channel, "messages": messages, "sms_answers": sms_answers,
                    "chat_answers": chat_answers,
                }),
            )
            .await?;
        }
        tx.commit().await.map_err(other)?;
        Ok(outcome)
    }
}
}

sql_impl! {
impl SqlStore {
    /// Writes the one message a change sends; a dedup key already used would leave the change
    /// unsent, so it is a conflict.
    pub(crate) async fn insert_message_in(
        tx: &mut Transaction<'static, D::DB>,
        message: &SealedOutbox,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let queued = Self::insert_outbox_in(tx, message, at).await?;
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

//! What a report's reporter leaves outside `reporters` that an erasure of their identity must
//! clear too: the report's messages to a bare address still held in the outbox (a waiting one
//! is not sent any more; a dead one keeps no address and cannot be sent again), and the SMS
//! answers kept to answer a gateway's retry (a `DATA` answer holds the identity), which a retry
//! then gets empty (and the gateway, with `omit-empty`, sends nothing). The messages of a
//! report are those whose dedup key starts with its tracking id and a colon. A chat
//! conversation's answers (`chat:<handle's digest>:...`) are found by their own prefix: those
//! sent or dead keep no text (a dead one no handle either); those still waiting go out.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use aduan_domain::TrackingId;
use aduan_store::{StoreResult, sms_answer_context};
use chrono::{DateTime, Utc};
use sqlx::Transaction;

/// The report's messages to a bare address not yet erased, by their dedup key's prefix (the
/// tracking id, upper-case Crockford with no `%` or `_`, and a colon). `LIKE` matches the same
/// on both backends whatever the collation; the partial index of unerased address messages
/// bounds what it reads. Binds: now, pattern.
static ERASE_REPORT_ADDRESSES: Stmt = Stmt::new(
    "UPDATE outbox SET recipient = 'erased', payload = '{}', secret = NULL, \
     last_error = CASE WHEN state = 'pending' THEN 'the reporter erased their identity' \
     ELSE last_error END, \
     state = CASE WHEN state = 'pending' THEN 'dead' ELSE state END, erased_at = ? \
     WHERE recipient_kind = 'address' AND erased_at IS NULL \
     AND dedup_key LIKE ?",
);
/// The answers of one chat conversation that are sent or dead, by their dedup key's prefix
/// (`chat:` and a hex digest, no `%` or `_`). Binds: now, pattern.
static ERASE_CHAT_ANSWERS: Stmt = Stmt::new(
    "UPDATE outbox SET recipient = 'erased', payload = '{}', secret = NULL, erased_at = ? \
     WHERE recipient_kind = 'address' AND erased_at IS NULL AND state <> 'pending' \
     AND dedup_key LIKE ?",
);
static REPORT_SMS_ANSWERS: Stmt =
    Stmt::new("SELECT gateway_id FROM sms_inbound WHERE report_id = ? AND answer IS NOT NULL");
static SET_SMS_ANSWER: Stmt = Stmt::new("UPDATE sms_inbound SET answer = ? WHERE gateway_id = ?");

sql_impl! {
impl SqlStore {
    /// Clears the report's copies of its reporter's contact details inside `tx`; returns the
    /// outbox messages and SMS answers cleared.
    pub(crate) async fn erase_report_residue_in(
        &self,
        tx: &mut Transaction<'static, D::DB>,
        report: &TrackingId,
        at: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)> {
        let messages = sqlx::query(ERASE_REPORT_ADDRESSES.sql::<D>())
            .bind(D::ts(at))
            .bind(format!("{report}:%"))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        let answered: Vec<(String,)> = sqlx::query_as(REPORT_SMS_ANSWERS.sql::<D>())
            .bind(report.as_str())
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
        let key = self.keyring().deployment_key();
        for (gateway_id,) in &answered {
            let empty = key.seal("", &sms_answer_context(gateway_id));
            sqlx::query(SET_SMS_ANSWER.sql::<D>())
                .bind(&empty.0)
                .bind(gateway_id)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok((D::rows_affected(&messages), answered.len() as u64))
    }

    /// Clears the chat conversation's answers whose dedup keys start with `prefix` inside
    /// `tx`; returns how many.
    pub(crate) async fn erase_chat_answers_in(
        tx: &mut Transaction<'static, D::DB>,
        prefix: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let done = sqlx::query(ERASE_CHAT_ANSWERS.sql::<D>())
            .bind(D::ts(at))
            .bind(format!("{prefix}%"))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done))
    }
}
}

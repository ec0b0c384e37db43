//! What a report's reporter leaves outside `reporters` that an erasure of their identity must
//! clear too: the report's messages to a bare address still held in the outbox (a waiting one
//! is not sent any more; a dead one keeps no address and cannot be sent again), and the SMS
//! answers kept to answer a gateway's retry (a `DATA` answer holds the identity), which a retry
//! then gets empty (and the gateway, with `omit-empty`, sends nothing). The messages of a
//! report are those whose dedup key starts with its tracking id and a colon; a chat
//! conversation's answers (`chat:...`) are not among them and keep their sealed handle until
//! retention erases it.

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
}
}

//! The SMS channel's tables (`sms_inbound`, `sms_senders`, `sms_deliveries`): the SQL both
//! backends share (written with `?`; PostgreSQL numbers it) and the row of a delivery report.

use crate::Stmt;
use aduan_store::{OutboxId, SmsDelivery, SmsDeliveryStatus, StoreError};
use chrono::{DateTime, Utc};

/// Claims an unseen gateway message id; returns a row only when it was unseen. Binds the id
/// and the time.
pub static SMS_CLAIM: Stmt = Stmt::new(
    "INSERT INTO sms_inbound (gateway_id, claimed_at) VALUES (?, ?) \
    ON CONFLICT (gateway_id) DO NOTHING RETURNING gateway_id",
);

/// Takes over a claim made before a time and never answered; returns a row when it did.
/// Binds the new claim time, the id and the staleness limit.
pub static SMS_TAKE_OVER: Stmt = Stmt::new(
    "UPDATE sms_inbound SET claimed_at = ? \
    WHERE gateway_id = ? AND answer IS NULL AND claimed_at < ? RETURNING gateway_id",
);

/// The answer given to a message, if any; binds the id.
pub static SMS_ANSWER_OF: Stmt = Stmt::new("SELECT answer FROM sms_inbound WHERE gateway_id = ?");

/// Forgets answered messages claimed before a time; binds the time.
pub static SMS_FORGET: Stmt =
    Stmt::new("DELETE FROM sms_inbound WHERE claimed_at < ? AND answer IS NOT NULL");

/// Stores the answer; binds the sealed answer, the report (or NULL), the time and the id.
pub static SMS_ANSWER: Stmt = Stmt::new(
    "UPDATE sms_inbound SET answer = ?, report_id = ?, answered_at = ? WHERE gateway_id = ?",
);

/// Drops an unanswered claim; binds the id.
pub static SMS_RELEASE: Stmt =
    Stmt::new("DELETE FROM sms_inbound WHERE gateway_id = ? AND answer IS NULL");

/// Counts one message of a sender in a window and returns the count; binds the sender key and
/// the window's start.
pub static SMS_COUNT: Stmt = Stmt::new(
    "INSERT INTO sms_senders (sender, window_start, count) \
    VALUES (?, ?, 1) ON CONFLICT (sender, window_start) \
    DO UPDATE SET count = sms_senders.count + 1 RETURNING count",
);

/// Drops the counts of windows that started before a time; binds the time.
pub static SMS_FORGET_COUNTS: Stmt = Stmt::new("DELETE FROM sms_senders WHERE window_start < ?");

/// Whether an outbox message exists; binds its id.
pub static SMS_OUTBOX_EXISTS: Stmt = Stmt::new("SELECT id FROM outbox WHERE id = ?");

/// Records a delivery report unless the same one is there; returns a row when it was new.
/// Binds outbox id, part, status, detail and the time.
pub static INSERT_SMS_DELIVERY: Stmt = Stmt::new(
    "INSERT INTO sms_deliveries \
    (outbox_id, part, status, detail, received_at) VALUES (?, ?, ?, ?, ?) \
    ON CONFLICT (outbox_id, part, status) DO NOTHING RETURNING id",
);

/// The delivery reports of a message in arrival order; binds the outbox id.
pub static LIST_SMS_DELIVERIES: Stmt = Stmt::new(
    "SELECT outbox_id, part, status, detail, received_at \
    FROM sms_deliveries WHERE outbox_id = ? ORDER BY id",
);

/// A row of `sms_deliveries`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct SmsDeliveryRow {
    pub outbox_id: i64,
    pub part: i32,
    pub status: String,
    pub detail: String,
    pub received_at: DateTime<Utc>,
}

impl TryFrom<SmsDeliveryRow> for SmsDelivery {
    type Error = StoreError;

    fn try_from(r: SmsDeliveryRow) -> Result<Self, StoreError> {
        let status = SmsDeliveryStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("delivery status `{}`", r.status)))?;
        Ok(SmsDelivery {
            outbox: OutboxId(r.outbox_id),
            part: r.part,
            status,
            detail: r.detail,
            received_at: r.received_at,
        })
    }
}

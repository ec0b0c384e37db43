//! Retention of personal data (UU 27/2022): a reporter's identity is kept while any of their
//! reports is open and for the deployment's retention period after the last one closed, then
//! erased. The reports and their hash-chained events stay intact: they refer to the reporter
//! only by an opaque id.

use crate::StoreResult;
use aduan_domain::ReporterId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action of an erasure run.
pub const AUDIT_IDENTITY_ERASE: &str = "identity.erase";

/// The audit action of a reporter erasing their own identity through their channel.
pub const AUDIT_IDENTITY_ERASE_OWN: &str = "identity.erase_own";

/// What a reporter's own erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnErasure {
    /// The identity was erased now.
    Erased,
    /// Nothing was held (erased before, or never given).
    NothingHeld,
    /// The reporter is an account's: nothing erased here.
    Account,
}

/// Statuses in which a report is closed for retention.
pub const CLOSED_STATUSES: [&str; 3] = ["archived", "deleted", "completed"];

/// What an erasure run erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErasureCounts {
    /// Reporter identities erased (name, e-mail, phone and NIK set to NULL).
    pub reporters: u64,
    /// Delivered or dead outbox messages to a bare address whose address and payload were
    /// erased.
    pub outbox_addresses: u64,
}

/// The audit payload of an erasure run: counts and the cutoff, nothing that identifies anyone.
pub fn erasure_audit_payload(
    counts: &ErasureCounts,
    closed_before: DateTime<Utc>,
) -> serde_json::Value {
    serde_json::json!({
        "reporters": counts.reporters,
        "outbox_addresses": counts.outbox_addresses,
        "closed_before": aduan_domain::event::canonical_time(closed_before),
    })
}

/// The retention side of the store.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Erases the identity of every reporter all of whose reports are closed (archived,
    /// deleted or completed) and last changed before `closed_before`, and the address and
    /// payload of finished outbox messages to bare addresses written before `closed_before`.
    /// Writes one audit entry `identity.erase` with the counts (and nothing that identifies
    /// anyone), in the same transaction, even when nothing was erased.
    async fn erase_expired_identities(
        &self,
        closed_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<ErasureCounts>;

    /// Erases one reporter's identity at their own request (name, e-mail, phone, NIK and chat
    /// handle, sealed and indexed alike), with an audit entry `identity.erase_own` naming the
    /// report asked from and the channel (`portal`, `api`, `sms`, `email`) and nothing that
    /// identifies them, in one transaction. Their reports stay, with nobody named. A reporter
    /// linked to an account is left as it is ([`OwnErasure::Account`]): the account holds the
    /// identity, and is erased as a whole. The report's messages still waiting for the
    /// reporter's bare address are not sent; `notice` (the answer that says it is done, to the
    /// address that asked) is written in the same transaction when an identity was erased.
    /// `chat_answers`, for a reporter who filed by chat, starts the dedup keys of their
    /// conversation's answers: those sent or dead keep no text after (those still waiting go
    /// out, and keep no address once sent).
    async fn erase_reporter_identity(
        &self,
        reporter: &ReporterId,
        report: &aduan_domain::TrackingId,
        channel: &str,
        at: DateTime<Utc>,
        notice: &[crate::NewOutboxMessage],
        chat_answers: Option<&str>,
    ) -> StoreResult<OwnErasure>;
}

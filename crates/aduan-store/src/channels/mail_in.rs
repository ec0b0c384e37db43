//! Intake of e-mail: each message is processed once, however often the MTA hands it over. A
//! message is claimed before it is read and marked done with what became of it; a retry of a
//! done message is answered from the record, and a claim whose process died is taken over
//! once it is old enough.

use crate::StoreResult;
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What a claim on a message found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailClaim {
    /// The caller now holds the message: first delivery, or a stale claim taken over.
    Claimed,
    /// The message was already processed.
    Done {
        /// What became of it (`filed`, `reply`, `ignored:<why>`).
        outcome: String,
        /// The report it was filed as or attached to.
        tracking_id: Option<TrackingId>,
    },
    /// Another process holds a recent claim on it.
    Busy,
}

/// The record of e-mail messages taken in.
#[async_trait]
pub trait MailInStore: Send + Sync {
    /// Claims message `key` (a digest of its Message-ID) at `now`. A claim not finished and
    /// made before `stale_before` belongs to a process that died and is taken over.
    async fn claim_mail_in(
        &self,
        key: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<MailClaim>;

    /// Records what became of a claimed message.
    async fn finish_mail_in(
        &self,
        key: &str,
        outcome: &str,
        tracking_id: Option<&TrackingId>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Gives up an unfinished claim (a transient failure: the MTA will hand the message over
    /// again).
    async fn release_mail_in(&self, key: &str) -> StoreResult<()>;

    /// Forgets messages finished before `before` (an MTA stops retrying long before); returns
    /// how many.
    async fn forget_mail_in(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

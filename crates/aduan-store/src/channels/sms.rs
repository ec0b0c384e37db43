//! What the SMS channel keeps: each gateway message id it has seen with the answer it gave (so
//! that a gateway retrying a request whose answer was lost gets the same answer and files
//! nothing new), a per-sender message count per time window (a flood limit that holds across
//! instances), and the delivery reports the gateway sends back for each outgoing message.

use crate::StoreResult;
use crate::jobs::outbox::OutboxId;
use crate::sealed::SealedSecret;
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What a claim on a gateway message id found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsClaim {
    /// First sight (or a claim abandoned long ago): the caller handles the message.
    Fresh,
    /// Handled before: the answer given then, sealed with the deployment key for
    /// [`sms_answer_context`].
    Answered(SealedSecret),
    /// Another request is handling it right now.
    Busy,
}

/// The context a stored answer is sealed for: the gateway message id.
pub fn sms_answer_context(gateway_id: &str) -> String {
    format!("sms:{gateway_id}")
}

macro_rules! delivery_status {
    ($($(#[$doc:meta])* $variant:ident = $text:literal),+ $(,)?) => {
        /// What a delivery report says happened to one part of an outgoing SMS.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum SmsDeliveryStatus { $($(#[$doc])* $variant),+ }

        impl SmsDeliveryStatus {
            /// Every value.
            pub const ALL: &'static [SmsDeliveryStatus] = &[$(SmsDeliveryStatus::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $(SmsDeliveryStatus::$variant => $text),+ }
            }

            /// Parses a stored name.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s)
            }
        }
    };
}

delivery_status!(
    /// Delivered to the phone.
    Delivered = "delivered",
    /// Not delivered to the phone.
    Failed = "failed",
    /// Waiting at the operator (the phone is off or out of reach).
    Buffered = "buffered",
    /// Accepted by the operator's centre.
    Accepted = "accepted",
    /// Refused by the operator's centre.
    Rejected = "rejected",
);

impl std::fmt::Display for SmsDeliveryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery report for one part of an outgoing SMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsDelivery {
    /// The outbox message.
    pub outbox: OutboxId,
    /// Which part of the message (1 for a message sent in one SMS).
    pub part: i32,
    /// What happened.
    pub status: SmsDeliveryStatus,
    /// The gateway's or operator's own words.
    pub detail: String,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
}

/// The SMS channel's side of the store.
#[async_trait]
pub trait SmsStore: Send + Sync {
    /// Claims gateway message `gateway_id` at `now`. [`SmsClaim::Fresh`] when it was never
    /// seen, or when its claim was made before `stale_before` and never answered (a handler
    /// that died); [`SmsClaim::Answered`] with the answer given; [`SmsClaim::Busy`] while
    /// another claim on it is younger than `stale_before`. Answered messages claimed before
    /// `forget_before` are forgotten on the way (a gateway stops retrying long before).
    async fn claim_sms(
        &self,
        gateway_id: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<SmsClaim>;

    /// Stores the answer given to a claimed message, and the report it concerned, if any.
    async fn answer_sms(
        &self,
        gateway_id: &str,
        answer: &SealedSecret,
        report: Option<&TrackingId>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Drops an unanswered claim (its handling failed) so that a retry handles it afresh.
    async fn release_sms(&self, gateway_id: &str) -> StoreResult<()>;

    /// Counts one more message from `sender` (an opaque key, never a phone number) in the
    /// window that starts at `window`, and returns the window's count so far, this one
    /// included; counts of windows that started before `forget_before` are dropped. Two
    /// instances counting at once never lose a message.
    async fn count_sms(
        &self,
        sender: &str,
        window: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<u32>;

    /// Records a delivery report; `false` when the same status for the same part was already
    /// recorded (a gateway's repeat). [`crate::StoreError::NotFound`] when no such outbox
    /// message exists.
    async fn record_sms_delivery(&self, report: &SmsDelivery) -> StoreResult<bool>;

    /// The delivery reports of one outbox message, in arrival order.
    async fn list_sms_deliveries(&self, outbox: OutboxId) -> StoreResult<Vec<SmsDelivery>>;
}

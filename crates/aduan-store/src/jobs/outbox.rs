//! The notification outbox. A transition someone should hear about writes its messages here in
//! the same transaction as the state change, each with a delivery job; a worker sends them
//! later, with retries. Messages go out at least once, each carrying its dedup key (so a
//! receiver can drop a repeat). A secret in a message (an access code) is stored sealed with
//! the deployment key and wiped once the message is sent or dead.

use crate::StoreResult;
use crate::jobs::{JobId, NewJob};
use crate::sealed::SealedSecret;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The name of the job that delivers one outbox message; its payload is `{"message": id}`.
pub const DELIVER_OUTBOX_JOB: &str = "deliver_outbox";
/// Delivery jobs run before routine work.
pub const DELIVER_OUTBOX_PRIORITY: i32 = 10;
/// Attempts before a message is dead (with backoff, about two hours of retries).
pub const DELIVER_OUTBOX_ATTEMPTS: i32 = 8;

/// An outbox message's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutboxId(pub i64);

impl std::fmt::Display for OutboxId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The job that delivers message `id`, due at `now`.
pub fn delivery_job(id: OutboxId, now: DateTime<Utc>) -> NewJob {
    NewJob::new(
        DELIVER_OUTBOX_JOB,
        serde_json::json!({ "message": id.0 }),
        now,
    )
    .priority(DELIVER_OUTBOX_PRIORITY)
    .max_attempts(DELIVER_OUTBOX_ATTEMPTS)
    .dedup(format!("{DELIVER_OUTBOX_JOB}:{id}"))
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a stored name.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// Who a message is for, which says how `recipient` is read.
    RecipientKind {
        /// A reporter, by opaque reporter id; the address is looked up at delivery.
        Reporter = "reporter",
        /// An account, by user id.
        User = "user",
        /// A bare e-mail address, phone number or chat handle (a reporter without an account).
        Address = "address",
        /// A partner system, by slug; its webhook URL is looked up at delivery.
        Partner = "partner",
    }
);

text_enum!(
    /// How a message travels.
    NotifyChannel {
        /// E-mail.
        Email = "email",
        /// SMS.
        Sms = "sms",
        /// Only the service log (deployments without a gateway).
        Log = "log",
        /// A partner system's webhook: the payload posted as JSON, signed.
        Webhook = "webhook",
        /// A chat or social network (Telegram, WhatsApp, X): to the handle
        /// `<network>:<id>`, the reporter's or the bare address.
        Chat = "chat",
    }
);

text_enum!(
    /// The language a message is written in.
    Language {
        /// Bahasa Indonesia.
        Id = "id",
        /// English.
        En = "en",
    }
);

text_enum!(
    /// Where a message is in its life.
    OutboxState {
        /// Not yet delivered.
        Pending = "pending",
        /// Handed to the channel.
        Sent = "sent",
        /// Out of attempts.
        Dead = "dead",
    }
);

/// A message to write to the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutboxMessage {
    /// How `recipient` is read.
    pub recipient_kind: RecipientKind,
    /// Reporter id, user id, or e-mail address / phone number.
    pub recipient: String,
    /// How it travels.
    pub channel: NotifyChannel,
    /// Template name: `report_received`, `access_code`, `follow_up_posted`, ...
    pub template: String,
    /// Language.
    pub language: Language,
    /// The template's values. Never a reporter's identity when the recipient is staff.
    pub payload: serde_json::Value,
    /// A secret for the template (an access code), sealed with the deployment key for
    /// `dedup_key`: see [`crate::DeploymentKey::seal`].
    pub secret: Option<SealedSecret>,
    /// Unique per message: writing the same message twice keeps one; also sent with it.
    pub dedup_key: String,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    /// Id.
    pub id: OutboxId,
    /// How `recipient` is read.
    pub recipient_kind: RecipientKind,
    /// Reporter id, user id, or address (replaced by `erased` after the retention period).
    pub recipient: String,
    /// How it travels.
    pub channel: NotifyChannel,
    /// Template name.
    pub template: String,
    /// Language.
    pub language: Language,
    /// The template's values.
    pub payload: serde_json::Value,
    /// The sealed secret, until delivery or dead-letter.
    pub secret: Option<SealedSecret>,
    /// Dedup key.
    pub dedup_key: String,
    /// State.
    pub state: OutboxState,
    /// Delivery attempts started.
    pub attempts: i32,
    /// The last delivery failure.
    pub last_error: Option<String>,
    /// Its delivery job.
    pub job: Option<JobId>,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// When sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// What writing a message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxQueued {
    /// The message, new or the one already holding the dedup key.
    pub id: OutboxId,
    /// Whether a new message (and its delivery job) was written.
    pub created: bool,
}

/// Messages per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting for delivery.
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up.
    pub dead: u64,
}

impl OutboxCounts {
    /// Adds `n` messages in `state`.
    pub fn add(&mut self, state: OutboxState, n: u64) {
        match state {
            OutboxState::Pending => self.pending += n,
            OutboxState::Sent => self.sent += n,
            OutboxState::Dead => self.dead += n,
        }
    }
}

/// The outbox's side of the store.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Writes messages, each with its delivery job, in one transaction (outside a transition:
    /// a transition writes its messages itself). A message whose dedup key is already used is
    /// left as it is.
    async fn insert_outbox(
        &self,
        messages: &[NewOutboxMessage],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxQueued>>;

    /// Starts a delivery attempt: counts it and returns the message, or `None` when the message
    /// is no longer pending (sent or dead already).
    async fn start_delivery(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>>;

    /// Marks a pending message sent and wipes its secret; `false` when it was not pending.
    async fn mark_outbox_sent(&self, id: OutboxId, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Records why a delivery attempt failed (the delivery job decides about retrying).
    async fn record_outbox_failure(&self, id: OutboxId, error: &str) -> StoreResult<()>;

    /// A message by id.
    async fn get_outbox(&self, id: OutboxId) -> StoreResult<Option<OutboxMessage>>;

    /// Messages in `state` (all when `None`), oldest first, at most `limit`.
    async fn list_outbox(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> StoreResult<Vec<OutboxMessage>>;

    /// How many messages are in each state.
    async fn count_outbox(&self) -> StoreResult<OutboxCounts>;
}

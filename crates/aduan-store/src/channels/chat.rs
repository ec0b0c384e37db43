//! What the chat and social channels keep: each conversation's state (so that any instance
//! can take the next message), each network message taken (so that a second delivery does
//! nothing), and the reports a chat handle made. A message is claimed before it is handled;
//! a step of a conversation (its new state, the message marked done and the answers for the
//! outbox) is written in one transaction.

use crate::StoreResult;
use crate::jobs::outbox::Language;
use crate::jobs::outbox::NewOutboxMessage;
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// One conversation with one sender on one network.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatConversation {
    /// The network (`telegram`, `whatsapp`, `x`).
    pub network: String,
    /// The sender's id on it.
    pub sender: String,
    /// The language the conversation is held in.
    pub language: Language,
    /// The question waiting for an answer; `None` when nothing is asked.
    pub step: Option<String>,
    /// What the sender has said so far in the open step's flow (a report's draft).
    pub draft: Value,
    /// When the sender last wrote.
    pub last_inbound_at: DateTime<Utc>,
    /// When the open step lapses (`None` when nothing is asked).
    pub expires_at: Option<DateTime<Utc>>,
    /// Bumped by every step: two steps made from the same version cannot both be written.
    pub version: i64,
}

/// What a claim on a network message found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatClaim {
    /// First sight (or a claim abandoned long ago): the caller handles the message.
    Fresh,
    /// Another request is handling it right now.
    Busy,
    /// Handled before.
    Done,
}

/// The conversation's state a step leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatState {
    /// The version the step was made from; `None` when there was no conversation yet.
    pub from_version: Option<i64>,
    /// The conversation's language from now on.
    pub language: Language,
    /// The question now waiting; `None` when nothing is asked.
    pub step: Option<String>,
    /// The draft from now on.
    pub draft: Value,
    /// When the question lapses (with `step`).
    pub expires_at: Option<DateTime<Utc>>,
    /// When the sender last wrote, from now on.
    pub last_inbound_at: DateTime<Utc>,
}

/// A conversation's step: the message handled, the conversation's new state, the answers.
#[derive(Debug, Clone)]
pub struct ChatStep {
    /// The network.
    pub network: String,
    /// The sender's id on it.
    pub sender: String,
    /// The network's id for the message handled, claimed before (`None` for a step no
    /// message made, such as an expiry).
    pub message_id: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// The conversation's new state; `None` leaves it as it is (only the answers go out).
    pub state: Option<ChatState>,
    /// The answers to send, through the outbox.
    pub answers: Vec<NewOutboxMessage>,
}

/// What writing a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatStepOutcome {
    /// Written.
    Written,
    /// The message was marked done before: nothing written.
    Duplicate,
    /// The conversation moved since it was read: nothing written; read it again and retry,
    /// or write the answers alone.
    Moved,
}

/// The chat channels' records.
#[async_trait]
pub trait ChatStore: Send + Sync {
    /// Claims a network message for handling: `Fresh` the first time (or when a claim made
    /// before `stale_before` was never finished), `Busy` while another claim runs, `Done`
    /// once a step marked it done.
    async fn claim_chat_message(
        &self,
        network: &str,
        message_id: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<ChatClaim>;

    /// The conversation with `sender` on `network`, if there is one.
    async fn get_chat_conversation(
        &self,
        network: &str,
        sender: &str,
    ) -> StoreResult<Option<ChatConversation>>;

    /// Writes a step in one transaction: marks its claimed message done, stores the
    /// conversation's new state if it is still at `from_version`, queues its answers.
    async fn write_chat_step(&self, step: &ChatStep) -> StoreResult<ChatStepOutcome>;

    /// Conversations whose open question lapsed before `now`, oldest first.
    async fn lapsed_chat_conversations(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<ChatConversation>>;

    /// The reports filed by the chat handle `handle` (`<network>:<id>`), newest first.
    async fn reports_by_chat(&self, handle: &str, limit: u32) -> StoreResult<Vec<TrackingId>>;

    /// Forgets the messages claimed before `before` (networks do not redeliver after a day)
    /// and the conversations idle since before `idle_before` (nothing asked); returns how
    /// many of each.
    async fn forget_chat_records(
        &self,
        before: DateTime<Utc>,
        idle_before: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)>;
}

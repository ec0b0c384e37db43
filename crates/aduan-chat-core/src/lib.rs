//! The shape every chat and social network shares: what a network's adapter hands the
//! conversation ([`Incoming`], through [`ChatInbox`]), and what the conversation asks a
//! network to send or fetch ([`Outgoing`], [`MediaRef`], through [`ChatNetwork`]).
//!
//! An adapter (Telegram, WhatsApp, X) knows its network's payloads, signatures and API and
//! nothing of reports; the conversation (`aduan-chat`) knows reports and nothing of any
//! network's wire format. Neither depends on the other: the server joins them.

mod message;

pub use message::{
    Content, Incoming, Media, MediaRef, Network, Outgoing, Sender, TemplateNotice, Via,
};

use async_trait::async_trait;

/// Whether two secrets (a webhook token, a verify token) are the same, comparing every byte
/// whatever the first difference, so that the time taken tells nothing of where it is. The
/// length is no secret.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Why a network call failed, and whether trying again later may help.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// The network could not be reached, timed out, answered 5xx or 429: try again later.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The network refused the request for good (4xx other than 429, a blocked user, an
    /// unknown media id): trying again will not help.
    #[error("refused: {0}")]
    Permanent(String),
}

/// What a network answered to a message sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The network's id for the message (post) it made.
    pub id: String,
}

/// A network as the conversation uses it: fetch a file a sender sent, send a message.
#[async_trait]
pub trait ChatNetwork: Send + Sync {
    /// Which network this is.
    fn network(&self) -> Network;

    /// Downloads a file a sender sent (Telegram `getFile`, the Graph API media endpoint).
    async fn fetch_media(&self, media: &MediaRef) -> Result<Media, NetworkError>;

    /// Sends `message` to the sender whose id on this network is `to` (a Telegram chat id, a
    /// WhatsApp number, an X user id).
    async fn send(&self, to: &str, message: &Outgoing) -> Result<Sent, NetworkError>;
}

/// What became of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Taken: its answer is on its way through the outbox.
    Accepted,
    /// The same message was taken before; nothing was done again.
    Duplicate,
    /// The sender sent too much: nothing was done and nothing is answered.
    Limited,
    /// Nothing to do with it (a post that does not mention the account or hashtag, a
    /// delivery about the account's own posts).
    Ignored,
}

/// Why a delivery could not be taken now: the adapter answers 500 so that the network
/// delivers it again.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InboxError(pub String);

/// The conversation as an adapter sees it: hand it each message, once verified.
#[async_trait]
pub trait ChatInbox: Send + Sync {
    /// Takes one message (idempotent on its network's message id).
    async fn receive(&self, incoming: Incoming) -> Result<Received, InboxError>;
}

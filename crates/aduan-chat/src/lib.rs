//! The conversation on chat and social networks (Telegram, WhatsApp, X): one dialogue,
//! whatever the network, in Bahasa Indonesia or English. A sender files a report by
//! answering a few questions (title, text, photos, place, named or anonymous — asked, never
//! assumed — then a summary to send), asks a report's status, replies to the agency, and
//! confirms, rates, reopens, appeals, takes to the Ombudsman or withdraws it with the words
//! of the SMS channel. A public post on X that mentions the account is filed at once with its
//! public text and answered with a public reply holding only the tracking id and a link.
//!
//! The conversation's state is in the database, so any instance takes the next message; a
//! step (the message marked taken, the new state and the answers for the outbox) is written
//! in one transaction, so a delivery taken twice does nothing the second time. Answers and
//! notices go out through the outbox ([`deliver::ChatTransport`]), retried and dead-lettered
//! like every message. A question left unanswered lapses with a notice ([`lapse`]).
//!
//! The networks' adapters (`aduan-telegram`, `aduan-whatsapp`, `aduan-x`) hand messages in
//! through [`aduan_chat_core::ChatInbox`] and send through [`aduan_chat_core::ChatNetwork`].

mod act;
pub mod deliver;
mod file;
mod flow;
mod handle;
pub mod lapse;
mod questions;
mod rights;
mod texts;
mod turn;
mod words;

use aduan_app::AppState;
use aduan_chat_core::{ChatInbox, ChatNetwork, InboxError, Incoming, Network, Received};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// The conversation's settings (`[chat]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatSettings {
    /// Minutes a question waits for its answer before the draft lapses (with a notice).
    pub conversation_minutes: u32,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            conversation_minutes: 30,
        }
    }
}

/// The networks that are switched on, by network.
pub type Networks = HashMap<Network, Arc<dyn ChatNetwork>>;

/// The conversation, over the application and the networks that are switched on.
#[derive(Clone)]
pub struct ChatService {
    app: AppState,
    settings: ChatSettings,
    networks: Arc<Networks>,
    public_url: String,
}

impl std::fmt::Debug for ChatService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatService")
            .field("settings", &self.settings)
            .field("networks", &self.networks.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ChatService {
    /// The conversation on `app`, answering through `networks`; links point under
    /// `public_url`.
    pub fn new(
        app: AppState,
        settings: ChatSettings,
        networks: Arc<Networks>,
        public_url: &str,
    ) -> Self {
        ChatService {
            app,
            settings,
            networks,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    fn network(&self, network: Network) -> Option<&Arc<dyn ChatNetwork>> {
        self.networks.get(&network)
    }

    /// A key for `parts` (a handle, a message id) that names no one: keyed with the
    /// deployment key, so what is stored beside the outbox and the filings (dedup and
    /// idempotency keys) outlives no identity.
    fn digest(&self, parts: &[&str]) -> String {
        digest(&self.app, parts)
    }
}

/// A key for `parts` keyed with `app`'s deployment key (see [`ChatService::digest`]).
pub(crate) fn digest(app: &AppState, parts: &[&str]) -> String {
    aduan_app::auth::chat_digest(&app.deployment_key, parts)
}

/// The dedup key of the answer `n` (a number or a word) to `handle` about `parts`: the
/// handle's answers share a prefix ([`aduan_app::auth::chat_answers_prefix`]), so erasing the
/// reporter's identity finds them.
pub(crate) fn answer_key(app: &AppState, handle: &str, parts: &[&str], n: &str) -> String {
    let prefix = aduan_app::auth::chat_answers_prefix(&app.deployment_key, handle);
    format!("{prefix}{}:{n}", digest(app, parts))
}

/// The sender's handle, `<network>:<id>`: their identity on the report.
pub fn handle(incoming: &Incoming) -> String {
    format!("{}:{}", incoming.network, incoming.sender.id)
}

#[async_trait]
impl ChatInbox for ChatService {
    async fn receive(&self, incoming: Incoming) -> Result<Received, InboxError> {
        turn::receive(self, &incoming).await.map_err(|e| {
            tracing::error!(network = %incoming.network, error = %e, "a chat message could not be taken");
            InboxError(e.to_string())
        })
    }
}

//! The chat channels' rows.

use aduan_store::{ChatConversation, Language, StoreError, StoreResult};
use chrono::{DateTime, Utc};

/// A row of `chat_conversations`.
#[derive(sqlx::FromRow)]
#[allow(missing_docs)]
pub struct ChatConversationRow {
    pub network: String,
    pub sender: String,
    pub language: String,
    pub step: Option<String>,
    pub draft: String,
    pub last_inbound_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// What a sealed conversation state starts with (plain JSON never does).
pub const SEALED_STATE: &str = "sealed:";

/// What a conversation's sealed state is bound to.
pub fn conversation_context(network: &str) -> String {
    format!("chat-conversation:{network}")
}

/// What is sealed of a conversation: who is writing and what they said so far.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConversationState {
    /// The sender's id on the network.
    pub sender: String,
    /// The draft.
    pub draft: serde_json::Value,
}

impl ChatConversationRow {
    /// The conversation, its sender and draft opened with `key` (a conversation stored before
    /// issue 20 is read as it is).
    pub fn open(self, key: &aduan_store::DeploymentKey) -> StoreResult<ChatConversation> {
        let (sender, draft) = match self.draft.strip_prefix(SEALED_STATE) {
            Some(sealed) => {
                let json = key
                    .open(
                        &aduan_store::SealedSecret(sealed.to_owned()),
                        &conversation_context(&self.network),
                    )
                    .map_err(|e| StoreError::Other(Box::new(e)))?;
                let state: ConversationState = serde_json::from_str(&json)
                    .map_err(|e| StoreError::Corrupt(format!("chat state: {e}")))?;
                (state.sender, state.draft)
            }
            None => (
                self.sender,
                serde_json::from_str(&self.draft)
                    .map_err(|e| StoreError::Corrupt(format!("chat draft: {e}")))?,
            ),
        };
        Ok(ChatConversation {
            language: Language::parse(&self.language)
                .ok_or_else(|| StoreError::Corrupt(format!("chat language {}", self.language)))?,
            draft,
            network: self.network,
            sender,
            step: self.step,
            last_inbound_at: self.last_inbound_at,
            expires_at: self.expires_at,
            version: self.version,
        })
    }
}

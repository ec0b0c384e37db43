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

impl TryFrom<ChatConversationRow> for ChatConversation {
    type Error = StoreError;

    fn try_from(r: ChatConversationRow) -> StoreResult<Self> {
        Ok(ChatConversation {
            language: Language::parse(&r.language)
                .ok_or_else(|| StoreError::Corrupt(format!("chat language {}", r.language)))?,
            draft: serde_json::from_str(&r.draft)
                .map_err(|e| StoreError::Corrupt(format!("chat draft: {e}")))?,
            network: r.network,
            sender: r.sender,
            step: r.step,
            last_inbound_at: r.last_inbound_at,
            expires_at: r.expires_at,
            version: r.version,
        })
    }
}

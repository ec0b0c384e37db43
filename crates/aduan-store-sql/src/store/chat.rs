//! The chat channels' tables: conversations, the messages taken, and the reports a chat handle
//! made. A step is one write transaction: the message is marked taken first (a second
//! delivery finds it and writes nothing), the conversation moves only from the version it was
//! read at (two instances taking two messages of one sender at once cannot both write), and
//! the answers go to the outbox with it.

use crate::store::{db_err, sql_impl};
use crate::{ChatConversationRow, Stmt, other};
use aduan_domain::TrackingId;
use aduan_store::{
    ChatConversation, ChatStep, ChatStepOutcome, ChatStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

const CONVERSATION_COLUMNS: &str =
    "network, sender, language, step, draft, last_inbound_at, expires_at, version";

static TAKEN: Stmt =
    Stmt::new("SELECT message_id FROM chat_inbox WHERE network = ? AND message_id = ?");
static TAKE: Stmt = Stmt::new(
    "INSERT INTO chat_inbox (network, message_id, received_at) VALUES (?, ?, ?) \
     ON CONFLICT (network, message_id) DO NOTHING RETURNING message_id",
);
static GET: Stmt = Stmt::built(|| {
    format!(
        "SELECT {CONVERSATION_COLUMNS} FROM chat_conversations WHERE network = ? AND sender = ?"
    )
});
static INSERT: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO chat_conversations ({CONVERSATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 1) \
         ON CONFLICT (network, sender) DO NOTHING RETURNING version"
    )
});
static UPDATE: Stmt = Stmt::new(
    "UPDATE chat_conversations SET language = ?, step = ?, draft = ?, last_inbound_at = ?, \
     expires_at = ?, version = version + 1 WHERE network = ? AND sender = ? AND version = ?",
);
static LAPSED: Stmt = Stmt::built(|| {
    format!(
        "SELECT {CONVERSATION_COLUMNS} FROM chat_conversations \
         WHERE expires_at IS NOT NULL AND expires_at < ? ORDER BY expires_at LIMIT ?"
    )
});
static BY_CHAT: Stmt = Stmt::new(
    "SELECT r.tracking_id FROM reports r JOIN reporters p ON p.id = r.reporter_id \
     WHERE p.chat = ? AND p.erased_at IS NULL AND r.status <> 'deleted' \
     ORDER BY r.submitted_at DESC, r.tracking_id DESC LIMIT ?",
);
static FORGET: Stmt = Stmt::new("DELETE FROM chat_inbox WHERE received_at < ?");

sql_impl! {
#[async_trait]
impl ChatStore for SqlStore {
    async fn chat_message_taken(&self, network: &str, message_id: &str) -> StoreResult<bool> {
        let row: Option<(String,)> = sqlx::query_as(TAKEN.sql::<D>())
            .bind(network)
            .bind(message_id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.is_some())
    }

    async fn get_chat_conversation(
        &self,
        network: &str,
        sender: &str,
    ) -> StoreResult<Option<ChatConversation>> {
        let row: Option<ChatConversationRow> = sqlx::query_as(GET.sql::<D>())
            .bind(network)
            .bind(sender)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(ChatConversation::try_from).transpose()
    }

    async fn write_chat_step(&self, step: &ChatStep) -> StoreResult<ChatStepOutcome> {
        let mut tx = self.write_tx().await?;
        if let Some(message_id) = &step.message_id {
            let taken: Option<(String,)> = sqlx::query_as(TAKE.sql::<D>())
                .bind(&step.network)
                .bind(message_id)
                .bind(D::ts(step.at))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if taken.is_none() {
                return Ok(ChatStepOutcome::Duplicate);
            }
        }
        let draft = step.draft.to_string();
        let moved = match step.from_version {
            None => {
                let row: Option<(i64,)> = sqlx::query_as(INSERT.sql::<D>())
                    .bind(&step.network)
                    .bind(&step.sender)
                    .bind(step.language.as_str())
                    .bind(&step.step)
                    .bind(&draft)
                    .bind(D::ts(step.last_inbound_at))
                    .bind(step.expires_at.map(D::ts))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                row.is_none()
            }
            Some(version) => {
                let done = sqlx::query(UPDATE.sql::<D>())
                    .bind(step.language.as_str())
                    .bind(&step.step)
                    .bind(&draft)
                    .bind(D::ts(step.last_inbound_at))
                    .bind(step.expires_at.map(D::ts))
                    .bind(&step.network)
                    .bind(&step.sender)
                    .bind(version)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                D::rows_affected(&done) == 0
            }
        };
        if moved {
            return Ok(ChatStepOutcome::Moved);
        }
        Self::insert_outbox_in(&mut tx, &step.answers, step.at).await?;
        tx.commit().await.map_err(other)?;
        Ok(ChatStepOutcome::Written)
    }

    async fn lapsed_chat_conversations(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<ChatConversation>> {
        let rows: Vec<ChatConversationRow> = sqlx::query_as(LAPSED.sql::<D>())
            .bind(D::ts(now))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ChatConversation::try_from).collect()
    }

    async fn reports_by_chat(&self, handle: &str, limit: u32) -> StoreResult<Vec<TrackingId>> {
        let rows: Vec<(String,)> = sqlx::query_as(BY_CHAT.sql::<D>())
            .bind(handle)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(id,)| {
                TrackingId::parse(&id).map_err(|_| StoreError::Corrupt(format!("tracking id {id}")))
            })
            .collect()
    }

    async fn forget_chat_inbox(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(FORGET.sql::<D>())
            .bind(D::ts(before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(D::rows_affected(&done))
    }
}
}

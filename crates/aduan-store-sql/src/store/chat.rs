//! The chat channels' tables: conversations, the messages claimed, and the reports a chat
//! handle made. A message is claimed in its own transaction before it is handled (a second
//! delivery finds the claim); a step is one write transaction: the message is marked done
//! first (a step for a message done already writes nothing), the conversation moves only from
//! the version it was read at (two instances taking two messages of one sender at once cannot
//! both write), and the answers go to the outbox with it.

use crate::store::{db_err, sql_impl};
use crate::{ChatConversationRow, Stmt, other};
use aduan_domain::TrackingId;
use aduan_store::{
    ChatClaim, ChatConversation, ChatStep, ChatStepOutcome, ChatStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

const CONVERSATION_COLUMNS: &str =
    "network, sender, language, step, draft, last_inbound_at, expires_at, version";

static CLAIM: Stmt = Stmt::new(
    "INSERT INTO chat_inbox (network, message_id, received_at) VALUES (?, ?, ?) \
     ON CONFLICT (network, message_id) DO NOTHING RETURNING message_id",
);
static TAKE_OVER: Stmt = Stmt::new(
    "UPDATE chat_inbox SET received_at = ? WHERE network = ? AND message_id = ? \
     AND done_at IS NULL AND received_at < ? RETURNING message_id",
);
static DONE_AT: Stmt =
    Stmt::new("SELECT done_at FROM chat_inbox WHERE network = ? AND message_id = ?");
static MARK_DONE: Stmt = Stmt::new(
    "UPDATE chat_inbox SET done_at = ? WHERE network = ? AND message_id = ? AND done_at IS NULL",
);
static GET: Stmt = Stmt::built(|| {
    format!(
        "SELECT {CONVERSATION_COLUMNS} FROM chat_conversations WHERE network = ? \
         AND sender IN (?, ?)"
    )
});
static INSERT: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO chat_conversations ({CONVERSATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 1) \
         ON CONFLICT (network, sender) DO NOTHING RETURNING version"
    )
});
static UPDATE: Stmt = Stmt::new(
    "UPDATE chat_conversations SET sender = ?, language = ?, step = ?, draft = ?, \
     last_inbound_at = ?, expires_at = ?, version = version + 1 \
     WHERE network = ? AND sender IN (?, ?) AND version = ?",
);
static LAPSED: Stmt = Stmt::built(|| {
    format!(
        "SELECT {CONVERSATION_COLUMNS} FROM chat_conversations \
         WHERE expires_at IS NOT NULL AND expires_at < ? ORDER BY expires_at LIMIT ?"
    )
});
static BY_CHAT: Stmt = Stmt::new(
    "SELECT r.tracking_id FROM reports r JOIN reporters p ON p.id = r.reporter_id \
     WHERE p.chat_ix IN (?, ?) AND p.erased_at IS NULL AND r.status <> 'deleted' \
     ORDER BY r.submitted_at DESC, r.tracking_id DESC LIMIT ?",
);
static FORGET: Stmt = Stmt::new("DELETE FROM chat_inbox WHERE received_at < ?");
static FORGET_IDLE: Stmt =
    Stmt::new("DELETE FROM chat_conversations WHERE step IS NULL AND last_inbound_at < ?");

sql_impl! {
impl SqlStore {
    /// The key of a sender's conversation: the blind index of `<network>:<sender>`.
    fn conversation_index(&self, network: &str, sender: &str) -> aduan_store::BlindIndex {
        self.keyring().blind(
            aduan_store::Contact::Conversation,
            &format!("{network}:{sender}"),
        )
    }

    /// A conversation's row key (its sender's index under the current key) and its sealed
    /// state (sender and draft, with the deployment key).
    pub(crate) fn sealed_conversation(
        &self,
        network: &str,
        sender: &str,
        draft: &serde_json::Value,
    ) -> StoreResult<(String, String)> {
        let plain = serde_json::to_string(&crate::ConversationState {
            sender: sender.to_owned(),
            draft: draft.clone(),
        })
        .map_err(|e| StoreError::Other(Box::new(e)))?;
        let sealed = self
            .keyring()
            .deployment_key()
            .seal(&plain, &crate::conversation_context(network));
        Ok((
            self.conversation_index(network, sender).current,
            format!("{}{}", crate::SEALED_STATE, sealed.0),
        ))
    }
}
}

sql_impl! {
#[async_trait]
impl ChatStore for SqlStore {
    async fn claim_chat_message(
        &self,
        network: &str,
        message_id: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<ChatClaim> {
        let mut tx = self.write_tx().await?;
        let fresh: Option<(String,)> = sqlx::query_as(CLAIM.sql::<D>())
            .bind(network)
            .bind(message_id)
            .bind(D::ts(now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let claim = if fresh.is_some() {
            ChatClaim::Fresh
        } else {
            let taken: Option<(String,)> = sqlx::query_as(TAKE_OVER.sql::<D>())
                .bind(D::ts(now))
                .bind(network)
                .bind(message_id)
                .bind(D::ts(stale_before))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if taken.is_some() {
                ChatClaim::Fresh
            } else {
                let (done,): (Option<DateTime<Utc>>,) = sqlx::query_as(DONE_AT.sql::<D>())
                    .bind(network)
                    .bind(message_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if done.is_some() {
                    ChatClaim::Done
                } else {
                    ChatClaim::Busy
                }
            }
        };
        tx.commit().await.map_err(other)?;
        Ok(claim)
    }

    async fn get_chat_conversation(
        &self,
        network: &str,
        sender: &str,
    ) -> StoreResult<Option<ChatConversation>> {
        let ix = self.conversation_index(network, sender);
        let row: Option<ChatConversationRow> = sqlx::query_as(GET.sql::<D>())
            .bind(network)
            .bind(&ix.current)
            .bind(&ix.previous)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let key = self.keyring().deployment_key();
        row.map(|r| r.open(&key)).transpose()
    }

    async fn write_chat_step(&self, step: &ChatStep) -> StoreResult<ChatStepOutcome> {
        let mut tx = self.write_tx().await?;
        if let Some(message_id) = &step.message_id {
            let done = sqlx::query(MARK_DONE.sql::<D>())
                .bind(D::ts(step.at))
                .bind(&step.network)
                .bind(message_id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            if D::rows_affected(&done) == 0 {
                return Ok(ChatStepOutcome::Duplicate);
            }
        }
        if let Some(state) = &step.state {
            // The sender and the draft sealed together; the row is found by the sender's index.
            let ix = self.conversation_index(&step.network, &step.sender);
            let (_, draft) = self.sealed_conversation(&step.network, &step.sender, &state.draft)?;
            let moved = match state.from_version {
                None => {
                    let row: Option<(i64,)> = sqlx::query_as(INSERT.sql::<D>())
                        .bind(&step.network)
                        .bind(&ix.current)
                        .bind(state.language.as_str())
                        .bind(&state.step)
                        .bind(&draft)
                        .bind(D::ts(state.last_inbound_at))
                        .bind(state.expires_at.map(D::ts))
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    row.is_none()
                }
                Some(version) => {
                    let done = sqlx::query(UPDATE.sql::<D>())
                        .bind(&ix.current)
                        .bind(state.language.as_str())
                        .bind(&state.step)
                        .bind(&draft)
                        .bind(D::ts(state.last_inbound_at))
                        .bind(state.expires_at.map(D::ts))
                        .bind(&step.network)
                        .bind(&ix.current)
                        .bind(&ix.previous)
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
        }
        Self::insert_outbox_in(&mut tx, &self.seal_outbox(&step.answers), step.at).await?;
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
        let key = self.keyring().deployment_key();
        rows.into_iter().map(|r| r.open(&key)).collect()
    }

    async fn reports_by_chat(&self, handle: &str, limit: u32) -> StoreResult<Vec<TrackingId>> {
        let ix = self.keyring().blind(aduan_store::Contact::Chat, handle);
        let rows: Vec<(String,)> = sqlx::query_as(BY_CHAT.sql::<D>())
            .bind(ix.current)
            .bind(ix.previous)
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

    async fn forget_chat_records(
        &self,
        before: DateTime<Utc>,
        idle_before: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)> {
        let mut tx = self.write_tx().await?;
        let messages = sqlx::query(FORGET.sql::<D>())
            .bind(D::ts(before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let idle = sqlx::query(FORGET_IDLE.sql::<D>())
            .bind(D::ts(idle_before))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok((D::rows_affected(&messages), D::rows_affected(&idle)))
    }
}
}

//! Identities a version before issue 20 left in plain text: sealed on the first start of this
//! one (reporters and accounts with the current key, outbox addresses and chat conversations
//! with the deployment key, sent messages' addresses dropped), then compacted; and the check
//! that every key sealing an identity is one the keyring holds.

use crate::store::{db_err, sql_impl};
use crate::{Stmt, other};
use aduan_store::{KeyStore, StoreError, StoreResult};

/// Reporters (and accounts) per batch when plain identities are sealed at start.
const START_BATCH: u32 = 500;

static ANY_PLAIN: Stmt = Stmt::new(
    "SELECT id FROM reporters WHERE key_id IS NULL AND erased_at IS NULL \
     AND (name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR nik IS NOT NULL \
     OR chat IS NOT NULL) LIMIT 1",
);
static ANY_PLAIN_USER: Stmt =
    Stmt::new("SELECT id FROM users WHERE key_id IS NULL AND erased_at IS NULL LIMIT 1");
/// A sent message keeps no address.
static DROP_SENT_ADDRESSES: Stmt = Stmt::new(
    "UPDATE outbox SET recipient = 'sent' WHERE recipient_kind = 'address' AND state = 'sent' \
     AND recipient NOT IN ('sent', 'erased')",
);
static PLAIN_ADDRESSES: Stmt = Stmt::new(
    "SELECT id, recipient, dedup_key FROM outbox WHERE recipient_kind = 'address' \
     AND state <> 'sent' AND recipient <> 'erased' AND recipient NOT LIKE 'sealed:%' \
     ORDER BY id LIMIT ?",
);
static SEAL_ADDRESS: Stmt = Stmt::new("UPDATE outbox SET recipient = ? WHERE id = ?");
static PLAIN_CONVERSATIONS: Stmt = Stmt::new(
    "SELECT network, sender, draft FROM chat_conversations WHERE draft NOT LIKE 'sealed:%' \
     LIMIT ?",
);
static SEAL_CONVERSATION: Stmt = Stmt::new(
    "UPDATE chat_conversations SET sender = ?, draft = ? WHERE network = ? AND sender = ?",
);

sql_impl! {
impl SqlStore {
    /// [`KeyStore::seal_plain_identities`].
    pub(crate) async fn seal_plain(&self) -> StoreResult<u64> {
        let mut sealed = self.seal_plain_people().await?;
        sealed += self.seal_plain_outbox().await?;
        sealed += self.seal_plain_conversations().await?;
        if sealed > 0 {
            self.compact_identities().await?;
        }
        Ok(sealed)
    }

    /// Reporters and accounts, pass after pass until none is left in plain text.
    async fn seal_plain_people(&self) -> StoreResult<u64> {
        let mut sealed = 0;
        loop {
            let any: Option<String> = sqlx::query_scalar(ANY_PLAIN.sql::<D>())
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
            let any_user: Option<i64> = sqlx::query_scalar(ANY_PLAIN_USER.sql::<D>())
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
            if any.is_none() && any_user.is_none() {
                return Ok(sealed);
            }
            let mut after: Option<String> = None;
            let mut this_pass = 0;
            loop {
                let step = self
                    .reseal_batch(after.as_deref(), START_BATCH, true)
                    .await?;
                this_pass += step.resealed;
                match step.last {
                    Some(last) => after = Some(last),
                    None => break,
                }
            }
            if this_pass == 0 {
                // Something keeps writing plain rows (an instance of an earlier version still
                // running) or a row the passes cannot reach: stop rather than spin.
                return Err(StoreError::Other(
                    "identities in plain text remain after a full pass: stop every instance of \
                     an earlier version, then start again"
                        .into(),
                ));
            }
            sealed += this_pass;
        }
    }

    /// Outbox addresses: dropped from sent messages, sealed in waiting and dead ones.
    async fn seal_plain_outbox(&self) -> StoreResult<u64> {
        let dropped = sqlx::query(DROP_SENT_ADDRESSES.sql::<D>())
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        let mut sealed = D::rows_affected(&dropped);
        loop {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(PLAIN_ADDRESSES.sql::<D>())
                .bind(i64::from(START_BATCH))
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
            if rows.is_empty() {
                return Ok(sealed);
            }
            let mut tx = self.write_tx().await?;
            for (id, recipient, dedup_key) in rows {
                let messages = [aduan_store::NewOutboxMessage {
                    recipient_kind: aduan_store::RecipientKind::Address,
                    recipient,
                    channel: aduan_store::NotifyChannel::Log,
                    template: String::new(),
                    language: aduan_store::Language::Id,
                    payload: serde_json::Value::Null,
                    secret: None,
                    dedup_key,
                }];
                let sealed_address = self.seal_outbox(&messages).first_recipient();
                sqlx::query(SEAL_ADDRESS.sql::<D>())
                    .bind(sealed_address)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                sealed += 1;
            }
            tx.commit().await.map_err(other)?;
        }
    }

    /// Chat conversations: the sender becomes its index, sender and draft are sealed.
    async fn seal_plain_conversations(&self) -> StoreResult<u64> {
        let mut sealed = 0;
        loop {
            let rows: Vec<(String, String, String)> =
                sqlx::query_as(PLAIN_CONVERSATIONS.sql::<D>())
                    .bind(i64::from(START_BATCH))
                    .fetch_all(self.pool())
                    .await
                    .map_err(db_err)?;
            if rows.is_empty() {
                return Ok(sealed);
            }
            let mut tx = self.write_tx().await?;
            for (network, sender, draft) in rows {
                let draft: serde_json::Value = serde_json::from_str(&draft)
                    .map_err(|e| StoreError::Corrupt(format!("chat draft: {e}")))?;
                let (index, state) = self.sealed_conversation(&network, &sender, &draft)?;
                sqlx::query(SEAL_CONVERSATION.sql::<D>())
                    .bind(&index)
                    .bind(&state)
                    .bind(&network)
                    .bind(&sender)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                sealed += 1;
            }
            tx.commit().await.map_err(other)?;
        }
    }

    /// [`KeyStore::unknown_key_in_use`].
    pub(crate) async fn unknown_key(&self) -> StoreResult<Option<String>> {
        let held = self.keyring().ids();
        for table in ["reporters", "users"] {
            let sql = crate::dynamic::<D>(format!(
                "SELECT key_id FROM {table} WHERE key_id IS NOT NULL AND key_id NOT IN ({}) \
                 LIMIT 1",
                crate::placeholders(held.len())
            ));
            let mut q = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            for id in &held {
                q = q.bind(*id);
            }
            if let Some((key,)) = q.fetch_optional(self.pool()).await.map_err(db_err)? {
                return Ok(Some(key));
            }
        }
        Ok(None)
    }
}
}

//! Reporters' identities at rest: written sealed with the keyring's current key, with the
//! blind index of their contacts; read and opened; sealed again batch by batch by a rotation
//! (see `aduan_store::keyring` and [`KeyStore`]).

use crate::store::{db_err, sql_impl};
use crate::{IDENTITY_COLUMNS, IdentityRow, Stmt, USER_COLUMNS, UserRow, other};
use aduan_domain::ReporterId;
use aduan_domain::report::ReporterIdentity;
use aduan_store::{KeyStore, KeyUse, ResealBatch, SealedIdentity, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Transaction;
use std::collections::HashMap;

static INSERT_REPORTER: Stmt = Stmt::new(
    "INSERT INTO reporters (id, user_id, key_id, sealed, email_ix, phone_ix, chat_ix, created_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
);
static SELECT_IDENTITY: Stmt = Stmt::built(|| {
    format!("SELECT {IDENTITY_COLUMNS} FROM reporters WHERE id = ? AND erased_at IS NULL")
});
static SELECT_BATCH: Stmt = Stmt::built(|| {
    format!(
        "SELECT {IDENTITY_COLUMNS} FROM reporters WHERE id > ? AND erased_at IS NULL \
         ORDER BY id LIMIT ?"
    )
});
static RESEAL: Stmt = Stmt::new(
    "UPDATE reporters SET key_id = ?, sealed = ?, email_ix = ?, phone_ix = ?, chat_ix = ?, \
     name = NULL, email = NULL, phone = NULL, nik = NULL, chat = NULL \
     WHERE id = ? AND erased_at IS NULL",
);
static KEY_USE: Stmt = Stmt::new(
    "SELECT COUNT(*), key_id, NULL FROM (SELECT key_id FROM reporters WHERE erased_at IS NULL \
     AND (key_id IS NOT NULL OR name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL \
     OR nik IS NOT NULL OR chat IS NOT NULL) \
     UNION ALL SELECT key_id FROM users WHERE erased_at IS NULL) x \
     GROUP BY key_id ORDER BY key_id",
);
static USER_BATCH: Stmt = Stmt::built(|| {
    format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id > ? AND erased_at IS NULL ORDER BY id LIMIT ?"
    )
});

sql_impl! {
impl SqlStore {
    /// Opens the database, applies pending migrations and seals any identity still stored
    /// in plain text (from before migration 0030).
    pub async fn connect(
        url: &str,
        keyring: std::sync::Arc<aduan_store::Keyring>,
    ) -> StoreResult<Self> {
        let store = Self::open(url, keyring).await?;
        store.migrate().await?;
        store.seal_plain_identities().await?;
        Ok(store)
    }

    /// Writes the reporter `id` (of the account `user`, if any) with its identity, sealed with
    /// [`SqlStore::keyring`] for that id.
    pub(crate) async fn insert_reporter_in(
        tx: &mut Transaction<'static, D::DB>,
        id: &ReporterId,
        user: Option<i64>,
        sealed: Option<&SealedIdentity>,
        at: D::Ts,
    ) -> StoreResult<()> {
        sqlx::query(INSERT_REPORTER.sql::<D>())
            .bind(id.as_str())
            .bind(user)
            .bind(sealed.map(|s| s.key_id.as_str()))
            .bind(sealed.map(|s| s.sealed.as_str()))
            .bind(sealed.and_then(|s| s.email_ix.as_deref()))
            .bind(sealed.and_then(|s| s.phone_ix.as_deref()))
            .bind(sealed.and_then(|s| s.chat_ix.as_deref()))
            .bind(at)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// A reporter's identity, unless erased.
    pub(crate) async fn fetch_identity(
        &self,
        id: &ReporterId,
    ) -> StoreResult<Option<ReporterIdentity>> {
        let row: Option<IdentityRow> = sqlx::query_as(SELECT_IDENTITY.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|r| r.open(self.keyring())).transpose()
    }

    /// Many reporters' identities in one read, by id, leaving out erased ones.
    pub(crate) async fn fetch_identities(
        &self,
        ids: &[ReporterId],
    ) -> StoreResult<HashMap<ReporterId, ReporterIdentity>> {
        let mut out = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = crate::dynamic::<D>(format!(
            "SELECT {IDENTITY_COLUMNS} FROM reporters WHERE id IN ({}) AND erased_at IS NULL",
            crate::placeholders(ids.len())
        ));
        let mut q = sqlx::query_as::<_, IdentityRow>(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(id.as_str());
        }
        for r in q.fetch_all(self.pool()).await.map_err(db_err)? {
            let id = ReporterId::from_stored(r.id.clone());
            out.insert(id, r.open(self.keyring())?);
        }
        Ok(out)
    }

    /// One batch of [`KeyStore::reseal_identities`]: reporters by id (a cursor `r:<id>`),
    /// then accounts (`u:<id>`); with `plain_only`, identities sealed with an older key are
    /// left as they are.
    pub(crate) async fn reseal_batch(
        &self,
        after: Option<&str>,
        batch: u32,
        plain_only: bool,
    ) -> StoreResult<ResealBatch> {
        let after = after.unwrap_or("r:");
        if let Some(user) = after.strip_prefix("u:") {
            let user = user.parse::<i64>().unwrap_or(0);
            return self.reseal_users(user, batch, plain_only).await;
        }
        let after = after.strip_prefix("r:").unwrap_or(after);
        let step = self.reseal_reporters(after, batch, plain_only).await?;
        if step.last.is_some() {
            return Ok(step);
        }
        self.reseal_users(0, batch, plain_only).await
    }

    async fn reseal_users(
        &self,
        after: i64,
        batch: u32,
        plain_only: bool,
    ) -> StoreResult<ResealBatch> {
        let mut tx = self.write_tx().await?;
        let rows: Vec<UserRow> = sqlx::query_as(USER_BATCH.sql::<D>())
            .bind(after)
            .bind(i64::from(batch))
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut out = ResealBatch {
            last: rows.last().map(|r| format!("u:{}", r.id)),
            scanned: rows.len() as u64,
            resealed: 0,
        };
        let ring = self.keyring();
        for row in rows {
            let stale = match &row.key_id {
                Some(key) => !plain_only && key != ring.current_id(),
                None => true,
            };
            if !stale {
                continue;
            }
            let id = row.id;
            let user = row.into_user(ring)?;
            let who = ReporterIdentity {
                name: Some(user.name),
                email: user.email,
                phone: user.phone,
                nik: user.nik,
                chat: None,
            };
            if Self::seal_user_in(&mut tx, ring, id, &who).await?.is_some() {
                out.resealed += 1;
            }
        }
        tx.commit().await.map_err(other)?;
        Ok(out)
    }

    async fn reseal_reporters(
        &self,
        after: &str,
        batch: u32,
        plain_only: bool,
    ) -> StoreResult<ResealBatch> {
        let mut tx = self.write_tx().await?;
        let rows: Vec<IdentityRow> = sqlx::query_as(SELECT_BATCH.sql::<D>())
            .bind(after)
            .bind(i64::from(batch))
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut out = ResealBatch {
            last: rows.last().map(|r| format!("r:{}", r.id)),
            scanned: 0,
            resealed: 0,
        };
        let current = self.keyring().current_id().to_owned();
        for row in rows {
            let plain = row.name.is_some()
                || row.email.is_some()
                || row.phone.is_some()
                || row.nik.is_some()
                || row.chat.is_some();
            if row.key_id.is_some() || plain {
                out.scanned += 1;
            }
            let stale = match &row.key_id {
                Some(key) => !plain_only && *key != current,
                None => plain,
            };
            if !stale {
                continue;
            }
            let id = row.id.clone();
            let identity = row.open(self.keyring())?;
            let sealed = self.keyring().seal(&id, &identity);
            let sealed = sealed.as_ref();
            sqlx::query(RESEAL.sql::<D>())
                .bind(sealed.map(|s| s.key_id.as_str()))
                .bind(sealed.map(|s| s.sealed.as_str()))
                .bind(sealed.and_then(|s| s.email_ix.as_deref()))
                .bind(sealed.and_then(|s| s.phone_ix.as_deref()))
                .bind(sealed.and_then(|s| s.chat_ix.as_deref()))
                .bind(id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            out.resealed += 1;
        }
        tx.commit().await.map_err(other)?;
        Ok(out)
    }
}
}

sql_impl! {
#[async_trait]
impl KeyStore for SqlStore {
    fn keyring_ids(&self) -> Vec<String> {
        self.keyring()
            .ids()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    async fn identity_keys(&self) -> StoreResult<Vec<KeyUse>> {
        let rows: Vec<(Option<i64>, Option<String>, Option<String>)> =
            sqlx::query_as(KEY_USE.sql::<D>())
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(n, key_id, _)| KeyUse {
                key_id,
                identities: n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            })
            .collect())
    }

    async fn reseal_identities(&self, after: Option<&str>, batch: u32) -> StoreResult<ResealBatch> {
        self.reseal_batch(after, batch.max(1), false).await
    }

    async fn compact_identities(&self) -> StoreResult<()> {
        for sql in D::COMPACT {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*sql))
                .execute(self.pool())
                .await
                .map_err(other)?;
        }
        if let Some(check) = D::COMPACT_CHECK {
            // SQLite's checkpoint answers (busy, frames in the WAL, frames checkpointed): busy
            // means a reader kept the WAL from being emptied.
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(check))
                .fetch_one(self.pool())
                .await
                .map_err(other)?;
            if busy != 0 {
                return Err(StoreError::Other(
                    "the WAL could not be emptied while readers held it: run the compaction \
                     again when the service is quieter"
                        .into(),
                ));
            }
        }
        Ok(())
    }

    async fn seal_plain_identities(&self) -> StoreResult<u64> {
        self.seal_plain().await
    }

    async fn unknown_key_in_use(&self) -> StoreResult<Option<String>> {
        self.unknown_key().await
    }
}
}

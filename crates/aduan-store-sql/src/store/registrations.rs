//! Registrations waiting for their address to be confirmed: kept sealed with the message that
//! carries their link, taken once.

use crate::store::{db_err, sql_impl};
use crate::{Stmt, other};
use aduan_store::{NewOutboxMessage, RegistrationStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Keeps a registration. Binds: token hash, sealed, expires at, at.
static INSERT_PENDING: Stmt = Stmt::new(
    "INSERT INTO pending_registrations (token_hash, sealed, expires_at, created_at) \
    VALUES (?, ?, ?, ?)",
);
/// Forgets the registrations expired by then. Binds: now.
static DELETE_EXPIRED: Stmt = Stmt::new("DELETE FROM pending_registrations WHERE expires_at <= ?");
/// A live registration. Binds: token hash, now.
static GET_PENDING: Stmt =
    Stmt::new("SELECT sealed FROM pending_registrations WHERE token_hash = ? AND expires_at > ?");
/// Forgets a registration. Binds: token hash.
static DELETE_PENDING: Stmt = Stmt::new("DELETE FROM pending_registrations WHERE token_hash = ?");

sql_impl! {
#[async_trait]
impl RegistrationStore for SqlStore {
    async fn create_pending_registration(
        &self,
        token_hash: &str,
        sealed: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(DELETE_EXPIRED.sql::<D>())
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query(INSERT_PENDING.sql::<D>())
            .bind(token_hash)
            .bind(sealed)
            .bind(D::ts(expires_at))
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        Self::insert_message_in(
            &mut tx,
            &self.seal_outbox(std::slice::from_ref(message)),
            at,
        )
        .await?;
        tx.commit().await.map_err(other)
    }

    async fn pending_registration(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        let found: Option<(String,)> = sqlx::query_as(GET_PENDING.sql::<D>())
            .bind(token_hash)
            .bind(D::ts(now))
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(found.map(|(s,)| s))
    }

    async fn forget_pending_registration(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(DELETE_PENDING.sql::<D>())
            .bind(token_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)
    }
}
}

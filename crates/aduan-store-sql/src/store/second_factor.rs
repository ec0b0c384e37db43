//! Staff's second factor: the sealed TOTP secret, its last accepted step (a conditional update,
//! so one code is good once even under two logins at the same moment), recovery codes.

use crate::store::{db_err, sql_impl};
use crate::{SecondFactorRow, Stmt, other};
use aduan_domain::UserId;
use aduan_store::{
    AUDIT_RECOVERY_CODES, AUDIT_SECOND_FACTOR_OFF, AUDIT_SECOND_FACTOR_ON, SealedSecret,
    SecondFactor, SecondFactorStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

static GET: Stmt = Stmt::new(
    "SELECT f.secret, f.created_at, f.confirmed_at, f.last_step, \
     (SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = f.user_id AND c.used_at IS NULL) \
     AS recovery_left FROM second_factors f WHERE f.user_id = ?",
);
static CONFIRMED: Stmt = Stmt::new(
    "SELECT confirmed_at FROM second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL",
);
static REMOVE_WAITING: Stmt =
    Stmt::new("DELETE FROM second_factors WHERE user_id = ? AND confirmed_at IS NULL");
static INSERT: Stmt = Stmt::new(
    "INSERT INTO second_factors (user_id, secret, created_at, last_step) VALUES (?, ?, ?, 0)",
);
static CONFIRM: Stmt = Stmt::new(
    "UPDATE second_factors SET confirmed_at = ?, last_step = ? \
     WHERE user_id = ? AND confirmed_at IS NULL AND last_step < ?",
);
static USE_STEP: Stmt = Stmt::new(
    "UPDATE second_factors SET last_step = ? \
     WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?",
);
static USE_CODE: Stmt = Stmt::new(
    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
);
static DELETE_CODES: Stmt = Stmt::new("DELETE FROM recovery_codes WHERE user_id = ?");
static INSERT_CODE: Stmt =
    Stmt::new("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)");
static DELETE: Stmt = Stmt::new("DELETE FROM second_factors WHERE user_id = ?");
static FORGET_SESSIONS: Stmt =
    Stmt::new("UPDATE sessions SET second_factor_at = NULL WHERE user_id = ?");

sql_impl! {
impl SqlStore {
    /// Replaces the account's recovery codes inside `tx`.
    async fn put_codes_in(
        tx: &mut Transaction<'static, D::DB>,
        user: UserId,
        hashes: &[String],
    ) -> StoreResult<()> {
        sqlx::query(DELETE_CODES.sql::<D>())
            .bind(user.0)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        for hash in hashes {
            sqlx::query(INSERT_CODE.sql::<D>())
                .bind(user.0)
                .bind(hash)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl SecondFactorStore for SqlStore {
    async fn second_factor(&self, user: UserId) -> StoreResult<Option<SecondFactor>> {
        let row: Option<SecondFactorRow> = sqlx::query_as(GET.sql::<D>())
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|r| SecondFactor {
            secret: SealedSecret(r.secret),
            created_at: r.created_at,
            confirmed_at: r.confirmed_at,
            last_step: r.last_step,
            recovery_left: r.recovery_left,
        }))
    }

    async fn begin_second_factor(
        &self,
        user: UserId,
        secret: &SealedSecret,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let confirmed: Option<(Option<DateTime<Utc>>,)> = sqlx::query_as(CONFIRMED.sql::<D>())
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if confirmed.is_some() {
            return Err(StoreError::Conflict {
                constraint: "second_factors.confirmed".into(),
            });
        }
        sqlx::query(REMOVE_WAITING.sql::<D>())
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query(INSERT.sql::<D>())
            .bind(user.0)
            .bind(&secret.0)
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(crate::store::ref_err)?;
        tx.commit().await.map_err(other)
    }

    async fn confirm_second_factor(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(CONFIRM.sql::<D>())
            .bind(D::ts(at))
            .bind(step)
            .bind(user.0)
            .bind(step)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Ok(false);
        }
        Self::put_codes_in(&mut tx, user, recovery_hashes).await?;
        let actor = user.to_string();
        let subject = format!("user:{user}");
        let payload = json!({ "recovery_codes": recovery_hashes.len() });
        Self::append_audit_in(
            &mut tx,
            &actor,
            at,
            AUDIT_SECOND_FACTOR_ON,
            &subject,
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn use_second_factor_step(&self, user: UserId, step: i64) -> StoreResult<bool> {
        let done = sqlx::query(USE_STEP.sql::<D>())
            .bind(step)
            .bind(user.0)
            .bind(step)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done) == 1)
    }

    async fn use_recovery_code(
        &self,
        user: UserId,
        code_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(USE_CODE.sql::<D>())
            .bind(D::ts(at))
            .bind(user.0)
            .bind(code_hash)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done) == 1)
    }

    async fn replace_recovery_codes(
        &self,
        user: UserId,
        hashes: &[String],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        Self::put_codes_in(&mut tx, user, hashes).await?;
        let subject = format!("user:{user}");
        let payload = json!({ "recovery_codes": hashes.len() });
        Self::append_audit_in(&mut tx, actor, at, AUDIT_RECOVERY_CODES, &subject, payload).await?;
        tx.commit().await.map_err(other)
    }

    async fn remove_second_factor(
        &self,
        user: UserId,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let gone = sqlx::query(DELETE.sql::<D>())
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&gone) == 0 {
            return Ok(false);
        }
        Self::put_codes_in(&mut tx, user, &[]).await?;
        sqlx::query(FORGET_SESSIONS.sql::<D>())
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let subject = format!("user:{user}");
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_SECOND_FACTOR_OFF,
            &subject,
            json!({}),
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn create_session_with_second_factor(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.create_session_in(user, token_hash, created_at, expires_at, Some(created_at))
            .await
    }
}
}

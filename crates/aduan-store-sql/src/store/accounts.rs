//! Accounts' own records: login sessions, the reporter an account reports as, password
//! resets, notification preferences and erasure on request (UU 27/2022).

use crate::store::{db_err, ref_err, sql_impl};
use crate::{
    DELETE_USER_PREFERENCES, DELETE_USER_RESETS, ERASE_USER, ERASE_USER_REPORTERS, GET_PREFERENCES,
    INSERT_PASSWORD_RESET, PreferencesRow, REVOKE_USER_SESSIONS, SET_PASSWORD, SET_PREFERENCES,
    SessionRow, Stmt, USE_PASSWORD_RESET, USER_COLUMNS, USER_ERASED, other,
};
use aduan_domain::{ReporterId, UserId};
use aduan_store::{
    AUDIT_IDENTITY_ERASE_REQUEST, NewOutboxMessage, Preferences, Session, StoreError, StoreResult,
};
use chrono::{DateTime, Utc};
use serde_json::json;

static SELECT_SESSION: Stmt = Stmt::built(|| {
    let cols = USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {cols}, s.token_hash, s.created_at AS s_created_at, s.expires_at, s.revoked_at, \
         s.second_factor_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"
    )
});
static SELECT_REPORTER_OF_USER: Stmt = Stmt::new("SELECT id FROM reporters WHERE user_id = ?");
static INSERT_SESSION: Stmt = Stmt::new(
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, second_factor_at) \
     VALUES (?, ?, ?, ?, ?)",
);
static REVOKE_ONE_SESSION: Stmt =
    Stmt::new("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");

sql_impl! {
impl SqlStore {
    pub(crate) async fn reporter_of_user_in(
        &self,
        user: UserId,
    ) -> StoreResult<Option<ReporterId>> {
        let row: Option<(String,)> = sqlx::query_as(SELECT_REPORTER_OF_USER.sql::<D>())
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|(r,)| ReporterId::from_stored(r)))
    }

    /// Stores a new session; `second_factor_at` when its login passed the second factor.
    pub(crate) async fn create_session_in(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        second_factor_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        sqlx::query(INSERT_SESSION.sql::<D>())
            .bind(token_hash)
            .bind(user.0)
            .bind(D::ts(created_at))
            .bind(D::ts(expires_at))
            .bind(second_factor_at.map(D::ts))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    pub(crate) async fn find_session_in(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        let row: Option<SessionRow> = sqlx::query_as(SELECT_SESSION.sql::<D>())
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Session {
            token_hash: row.token_hash,
            user: row.user.into_user(self.keyring())?,
            created_at: row.s_created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            second_factor_at: row.second_factor_at,
        }))
    }

    pub(crate) async fn revoke_session_in(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(REVOKE_ONE_SESSION.sql::<D>())
            .bind(D::ts(at))
            .bind(token_hash)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    pub(crate) async fn revoke_user_sessions_in(
        &self,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let done = sqlx::query(REVOKE_USER_SESSIONS.sql::<D>())
            .bind(D::ts(at))
            .bind(user.0)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done))
    }

    pub(crate) async fn create_password_reset_in(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(INSERT_PASSWORD_RESET.sql::<D>())
            .bind(token_hash)
            .bind(user.0)
            .bind(D::ts(expires_at))
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(ref_err)?;
        Self::insert_message_in(
            &mut tx,
            &self.seal_outbox(std::slice::from_ref(message)),
            at,
        )
        .await?;
        tx.commit().await.map_err(other)
    }

    pub(crate) async fn consume_password_reset_in(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        let mut tx = self.write_tx().await?;
        let used: Option<(i64,)> = sqlx::query_as(USE_PASSWORD_RESET.sql::<D>())
            .bind(D::ts(now))
            .bind(token_hash)
            .bind(D::ts(now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some((user,)) = used else {
            return Ok(None);
        };
        sqlx::query(SET_PASSWORD.sql::<D>())
            .bind(password_hash)
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query(REVOKE_USER_SESSIONS.sql::<D>())
            .bind(D::ts(now))
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(Some(UserId(user)))
    }

    pub(crate) async fn get_preferences_in(&self, user: UserId) -> StoreResult<Preferences> {
        let row: Option<PreferencesRow> = sqlx::query_as(GET_PREFERENCES.sql::<D>())
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map_or_else(
            || Ok(Preferences::default()),
            PreferencesRow::into_preferences,
        )
    }

    pub(crate) async fn set_preferences_in(
        &self,
        user: UserId,
        prefs: &Preferences,
    ) -> StoreResult<()> {
        sqlx::query(SET_PREFERENCES.sql::<D>())
            .bind(user.0)
            .bind(prefs.email)
            .bind(prefs.sms)
            .bind(prefs.language.as_str())
            .execute(self.pool())
            .await
            .map_err(ref_err)?;
        Ok(())
    }

    pub(crate) async fn erase_user_identity_in(
        &self,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let erased: Option<(bool,)> = sqlx::query_as(USER_ERASED.sql::<D>())
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        match erased {
            None => return Err(StoreError::NotFound),
            Some((true,)) => return Ok(()),
            Some((false,)) => {}
        }
        let run = |sql: &'static Stmt| sqlx::query(sql.sql::<D>()).bind(D::ts(at)).bind(user.0);
        run(&ERASE_USER).execute(&mut *tx).await.map_err(db_err)?;
        let reporters = run(&ERASE_USER_REPORTERS)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let reporters = D::rows_affected(&reporters);
        let sessions = run(&REVOKE_USER_SESSIONS)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let sessions = D::rows_affected(&sessions);
        for sql in [&DELETE_USER_RESETS, &DELETE_USER_PREFERENCES] {
            sqlx::query(sql.sql::<D>())
                .bind(user.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let payload = json!({ "reporters": reporters, "sessions": sessions });
        let subject = format!("user:{user}");
        Self::append_audit_in(
            &mut tx,
            &user.to_string(),
            at,
            AUDIT_IDENTITY_ERASE_REQUEST,
            &subject,
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)
    }
}
}

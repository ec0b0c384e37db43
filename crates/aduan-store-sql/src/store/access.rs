//! Sessions, access codes, idempotency keys and listings.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{
    REVOKE_USER_SESSIONS, ReportRow, SessionRow, USER_COLUMNS, corrupt, list_reports_planned,
};
use aduan_domain::report::Report;
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    Cursor, ListScope, ReportFilter, Session, StoreError, StoreResult, SubmitExtras,
};
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Transaction};

static SELECT_SESSION: Stmt = Stmt::built(|| {
    let cols = USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {cols}, s.token_hash, s.created_at AS s_created_at, s.expires_at, s.revoked_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"
    )
});

static SET_CONFIDENTIAL_CHOICE: Stmt =
    Stmt::new("UPDATE reports SET confidential_choice = ? WHERE tracking_id = ?");
static NEW_ACCESS_CODE: Stmt = Stmt::new(
    "INSERT INTO access_codes (code_hash, report_id, reporter_id, created_at) VALUES (?, ?, ?, ?)",
);
static INSERT_IDEMPOTENCY_KEY: Stmt = Stmt::new(
    "INSERT INTO idempotency_keys (scope, key, report_id, created_at, fingerprint) \
     VALUES (?, ?, ?, ?, ?)",
);
static SELECT_CONFIDENTIAL_CHOICE: Stmt =
    Stmt::new("SELECT confidential_choice FROM reports WHERE tracking_id = ?");
static SELECT_IDEMPOTENT: Stmt =
    Stmt::new("SELECT report_id FROM idempotency_keys WHERE scope = ? AND key = ?");
static SELECT_IDEMPOTENT_REQUEST: Stmt =
    Stmt::new("SELECT report_id, fingerprint FROM idempotency_keys WHERE scope = ? AND key = ?");
static SELECT_ACCESS_CODE: Stmt = Stmt::new(
    "SELECT report_id, reporter_id FROM access_codes WHERE code_hash = ? AND revoked_at IS NULL",
);
static SELECT_REPORTER_OF_USER: Stmt = Stmt::new("SELECT id FROM reporters WHERE user_id = ?");
static INSERT_SESSION: Stmt = Stmt::new(
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
);
static REVOKE_ONE_SESSION: Stmt =
    Stmt::new("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");

sql_impl! {
impl SqlStore {
    /// Writes a new report's access code and idempotency key inside its transaction.
    pub(crate) async fn insert_extras_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &Report,
        extras: &SubmitExtras,
    ) -> StoreResult<()> {
        if let Some(choice) = extras.confidential_choice {
            sqlx::query(SET_CONFIDENTIAL_CHOICE.sql::<D>())
                .bind(choice)
                .bind(report.tracking_id.as_str())
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        if let Some(hash) = &extras.access_code_hash {
            sqlx::query(NEW_ACCESS_CODE.sql::<D>())
                .bind(hash)
                .bind(report.tracking_id.as_str())
                .bind(report.reporter.as_str())
                .bind(D::ts(report.submitted_at))
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        if let Some(notify) = &extras.notify {
            Self::set_notify_in(tx, &report.reporter, notify).await?;
        }
        if !extras.clocks.is_empty() {
            Self::replace_clocks_in(tx, &report.tracking_id, &extras.clocks).await?;
        }
        if !extras.outbox.is_empty() {
            Self::insert_outbox_in(tx, &extras.outbox, report.submitted_at).await?;
        }
        if let Some((scope, key)) = &extras.idempotency {
            sqlx::query(INSERT_IDEMPOTENCY_KEY.sql::<D>())
                .bind(scope)
                .bind(key)
                .bind(report.tracking_id.as_str())
                .bind(D::ts(report.submitted_at))
                .bind(extras.idempotency_fingerprint.as_deref())
                .execute(&mut **tx)
                .await
                .map_err(|e| match db_err(e) {
                    StoreError::Conflict { .. } => StoreError::Conflict {
                        constraint: "idempotency_keys".into(),
                    },
                    other => other,
                })?;
        }
        Ok(())
    }
}
}

sql_impl! {
impl SqlStore {
    pub(crate) async fn confidential_choice_in(
        &self,
        id: &TrackingId,
    ) -> StoreResult<Option<bool>> {
        let row: Option<(Option<bool>,)> = sqlx::query_as(SELECT_CONFIDENTIAL_CHOICE.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.and_then(|(c,)| c))
    }

    pub(crate) async fn find_idempotent_in(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<TrackingId>> {
        let row: Option<(String,)> = sqlx::query_as(SELECT_IDEMPOTENT.sql::<D>())
            .bind(scope)
            .bind(key)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|(t,)| TrackingId::parse(&t).map_err(corrupt))
            .transpose()
    }

    pub(crate) async fn find_idempotent_request_in(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as(SELECT_IDEMPOTENT_REQUEST.sql::<D>())
                .bind(scope)
                .bind(key)
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        row.map(|(t, f)| TrackingId::parse(&t).map(|t| (t, f)).map_err(corrupt))
            .transpose()
    }

    pub(crate) async fn find_access_code_in(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>> {
        let row: Option<(String, String)> = sqlx::query_as(SELECT_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|(t, r)| {
            Ok((
                TrackingId::parse(&t).map_err(corrupt)?,
                ReporterId::from_stored(r),
            ))
        })
        .transpose()
    }

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

    pub(crate) async fn create_session_in(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(INSERT_SESSION.sql::<D>())
            .bind(token_hash)
            .bind(user.0)
            .bind(D::ts(created_at))
            .bind(D::ts(expires_at))
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
            user: row.user.into_user()?,
            created_at: row.s_created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
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

    pub(crate) async fn list_reports_in(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        let pool = self.pool();
        let rows = |mut q: QueryBuilder<D::DB>| async move {
            q.build_query_as::<ReportRow>()
                .fetch_all(pool)
                .await
                .map_err(db_err)
        };
        let count = |mut q: QueryBuilder<D::DB>| async move {
            q.build_query_scalar::<i64>()
                .fetch_one(pool)
                .await
                .map_err(db_err)
        };
        list_reports_planned::<D::DB, D::Ts, _, _, _, _, _>(
            D::QUEUE_WALK,
            scope,
            filter,
            cursor,
            limit,
            D::ts,
            rows,
            count,
        )
        .await
    }
}
}

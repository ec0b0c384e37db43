//! Sessions, access codes, idempotency keys and listings on SQLite.

use crate::{SqliteStore, db_err, reports, ts};
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{Report, ReporterIdentity};
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    AccessStore, Cursor, EventActor, ListScope, ReportFilter, Session, StoreError, StoreResult,
    SubmitExtras,
};
use aduan_store_sql::{
    ReportRow, SQLITE_QUEUE_WALK, USER_COLUMNS, UserRow, corrupt, list_reports_planned,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use std::sync::LazyLock;

static SELECT_SESSION: LazyLock<String> = LazyLock::new(|| {
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

/// Writes a new report's access code and idempotency key inside its transaction.
pub(crate) async fn insert_extras(
    tx: &mut Transaction<'static, Sqlite>,
    report: &Report,
    extras: &SubmitExtras,
) -> StoreResult<()> {
    if let Some(choice) = extras.confidential_choice {
        sqlx::query("UPDATE reports SET confidential_choice = ? WHERE tracking_id = ?")
            .bind(choice)
            .bind(report.tracking_id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    if let Some(hash) = &extras.access_code_hash {
        sqlx::query(
            "INSERT INTO access_codes (code_hash, report_id, reporter_id, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(hash)
        .bind(report.tracking_id.as_str())
        .bind(report.reporter.as_str())
        .bind(ts(report.submitted_at))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    if let Some(notify) = &extras.notify {
        crate::Sql::set_notify_in(tx, &report.reporter, notify).await?;
    }
    if !extras.clocks.is_empty() {
        crate::clocks::replace_tx(tx, &report.tracking_id, &extras.clocks).await?;
    }
    if !extras.outbox.is_empty() {
        crate::Sql::insert_outbox_in(tx, &extras.outbox, report.submitted_at).await?;
    }
    if let Some((scope, key)) = &extras.idempotency {
        sqlx::query(
            "INSERT INTO idempotency_keys (scope, key, report_id, created_at, fingerprint) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(scope)
        .bind(key)
        .bind(report.tracking_id.as_str())
        .bind(ts(report.submitted_at))
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

#[async_trait]
impl AccessStore for SqliteStore {
    async fn submit_report(
        &self,
        report: &Report,
        identity: Option<&ReporterIdentity>,
        first_event: EventDraft,
        actor: &EventActor,
        extras: &SubmitExtras,
    ) -> StoreResult<Event> {
        reports::submit_report(self, report, identity, first_event, actor, extras).await
    }

    async fn confidential_choice(&self, id: &TrackingId) -> StoreResult<Option<bool>> {
        let row: Option<(Option<bool>,)> =
            sqlx::query_as("SELECT confidential_choice FROM reports WHERE tracking_id = ?")
                .bind(id.as_str())
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        Ok(row.and_then(|(c,)| c))
    }

    async fn find_idempotent(&self, scope: &str, key: &str) -> StoreResult<Option<TrackingId>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT report_id FROM idempotency_keys WHERE scope = ? AND key = ?")
                .bind(scope)
                .bind(key)
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        row.map(|(t,)| TrackingId::parse(&t).map_err(corrupt))
            .transpose()
    }

    async fn find_idempotent_request(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>> {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT report_id, fingerprint FROM idempotency_keys WHERE scope = ? AND key = ?",
        )
        .bind(scope)
        .bind(key)
        .fetch_optional(self.pool())
        .await
        .map_err(db_err)?;
        row.map(|(t, f)| TrackingId::parse(&t).map(|t| (t, f)).map_err(corrupt))
            .transpose()
    }

    async fn find_access_code(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT report_id, reporter_id FROM access_codes WHERE code_hash = ? AND revoked_at IS NULL",
        )
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

    async fn reporter_of_user(&self, user: UserId) -> StoreResult<Option<ReporterId>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT id FROM reporters WHERE user_id = ?")
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|(r,)| ReporterId::from_stored(r)))
    }

    async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user.0)
            .bind(ts(created_at))
            .bind(ts(expires_at))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        use sqlx::{FromRow, Row};
        let row = sqlx::query(SELECT_SESSION.as_str())
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let user = UserRow::from_row(&row).map_err(db_err)?.into_user()?;
        Ok(Some(Session {
            token_hash: row.try_get("token_hash").map_err(db_err)?,
            user,
            created_at: row.try_get("s_created_at").map_err(db_err)?,
            expires_at: row.try_get("expires_at").map_err(db_err)?,
            revoked_at: row.try_get("revoked_at").map_err(db_err)?,
        }))
    }

    async fn revoke_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(ts(at))
        .bind(token_hash)
        .execute(self.pool())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn revoke_user_sessions(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        )
        .bind(ts(at))
        .bind(user.0)
        .execute(self.pool())
        .await
        .map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn list_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        let pool = self.pool();
        let rows = |mut q: QueryBuilder<Sqlite>| async move {
            q.build_query_as::<ReportRow>()
                .fetch_all(pool)
                .await
                .map_err(db_err)
        };
        let count = |mut q: QueryBuilder<Sqlite>| async move {
            q.build_query_scalar::<i64>()
                .fetch_one(pool)
                .await
                .map_err(db_err)
        };
        list_reports_planned::<Sqlite, String, _, _, _, _, _>(
            SQLITE_QUEUE_WALK,
            scope,
            filter,
            cursor,
            limit,
            ts,
            rows,
            count,
        )
        .await
    }
}

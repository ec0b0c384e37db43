//! The citizens' portal on PostgreSQL: support votes, moderated comments, password resets,
//! notification preferences, access recovery by contact and erasure on request.

use crate::{PgStore, Sql, db_err};
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    AUDIT_ACCESS_CODE_REPLACE, AUDIT_COMMENT_MODERATE, AUDIT_IDENTITY_ERASE_REQUEST, Comment,
    CommentId, ContactMatch, NewOutboxMessage, PortalStore, Preferences, StoreError, StoreResult,
};
use aduan_store_sql::{CommentRow, PreferencesRow, contact_match, numbered, other};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use std::sync::LazyLock;

static ADD_SUPPORT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::ADD_SUPPORT));
static COUNT_SUPPORT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::COUNT_SUPPORT));
static DELETE_USER_PREFERENCES: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::DELETE_USER_PREFERENCES));
static DELETE_USER_RESETS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::DELETE_USER_RESETS));
static ERASE_USER: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::ERASE_USER));
static ERASE_USER_REPORTERS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::ERASE_USER_REPORTERS));
static GET_COMMENT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::GET_COMMENT));
static GET_PREFERENCES: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::GET_PREFERENCES));
static HAS_SUPPORTED: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::HAS_SUPPORTED));
static HIDE_COMMENT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::HIDE_COMMENT));
static INSERT_COMMENT: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::INSERT_COMMENT));
static INSERT_PASSWORD_RESET: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::INSERT_PASSWORD_RESET));
static LIST_COMMENTS: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIST_COMMENTS));
static REPORTER_OF_REPORT: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REPORTER_OF_REPORT));
static REPORTS_BY_CONTACT: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REPORTS_BY_CONTACT));
static REVOKE_PENDING_ACCESS_CODES: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REVOKE_PENDING_ACCESS_CODES));
static INSERT_PENDING_ACCESS_CODE: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::INSERT_PENDING_ACCESS_CODE));
static PENDING_ACCESS_CODE: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::PENDING_ACCESS_CODE));
static PROMOTE_ACCESS_CODE: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::PROMOTE_ACCESS_CODE));
static REVOKE_OTHER_ACCESS_CODES: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REVOKE_OTHER_ACCESS_CODES));
static REVOKE_USER_SESSIONS: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::REVOKE_USER_SESSIONS));
static SET_PASSWORD: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::SET_PASSWORD));
static SET_PREFERENCES: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::SET_PREFERENCES));
static SHOW_COMMENT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::SHOW_COMMENT));
static USE_PASSWORD_RESET: LazyLock<String> =
    LazyLock::new(|| numbered(aduan_store_sql::USE_PASSWORD_RESET));
static USER_ERASED: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::USER_ERASED));

/// Like [`db_err`], but a missing report or account (a foreign key) is [`StoreError::NotFound`].
fn ref_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::NotFound,
        _ => db_err(e),
    }
}

/// Writes the one message a change sends; a dedup key already used would leave the change
/// unsent, so it is a conflict.
async fn insert_message(
    tx: &mut Transaction<'static, Postgres>,
    message: &NewOutboxMessage,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let queued = crate::Sql::insert_outbox_in(tx, std::slice::from_ref(message), at).await?;
    if queued.iter().all(|q| q.created) {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            constraint: "outbox.dedup_key".into(),
        })
    }
}

async fn get_comment(tx: &mut Transaction<'static, Postgres>, id: i64) -> StoreResult<Comment> {
    let row: Option<CommentRow> = sqlx::query_as(GET_COMMENT.as_str())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)?.into_comment()
}

#[async_trait]
impl PortalStore for PgStore {
    async fn add_support(
        &self,
        report: &TrackingId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(ADD_SUPPORT.as_str())
            .bind(report.as_str())
            .bind(user.0)
            .bind(at)
            .execute(self.pool())
            .await
            .map_err(ref_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn support_count(&self, report: &TrackingId) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as(COUNT_SUPPORT.as_str())
            .bind(report.as_str())
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        u64::try_from(n).map_err(other)
    }

    async fn has_supported(&self, report: &TrackingId, user: UserId) -> StoreResult<bool> {
        let (yes,): (bool,) = sqlx::query_as(HAS_SUPPORTED.as_str())
            .bind(report.as_str())
            .bind(user.0)
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        Ok(yes)
    }

    async fn add_comment(
        &self,
        report: &TrackingId,
        user: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(INSERT_COMMENT.as_str())
            .bind(report.as_str())
            .bind(user.0)
            .bind(body)
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(ref_err)?;
        let comment = get_comment(&mut tx, id).await?;
        tx.commit().await.map_err(other)?;
        Ok(comment)
    }

    async fn list_comments(
        &self,
        report: &TrackingId,
        include_hidden: bool,
    ) -> StoreResult<Vec<Comment>> {
        let rows: Vec<CommentRow> = sqlx::query_as(LIST_COMMENTS.as_str())
            .bind(report.as_str())
            .bind(include_hidden)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(CommentRow::into_comment).collect()
    }

    async fn moderate_comment(
        &self,
        id: CommentId,
        hidden: bool,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        let mut tx = self.write_tx().await?;
        let updated: Option<(String,)> = if hidden {
            sqlx::query_as(HIDE_COMMENT.as_str())
                .bind(at)
                .bind(reason)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
        } else {
            sqlx::query_as(SHOW_COMMENT.as_str())
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
        }
        .map_err(db_err)?;
        let (report,) = updated.ok_or(StoreError::NotFound)?;
        let payload = json!({ "report": report, "hidden": hidden, "reason": reason });
        let subject = format!("comment:{id}");
        Sql::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_COMMENT_MODERATE,
            &subject,
            payload,
        )
        .await?;
        let comment = get_comment(&mut tx, id.0).await?;
        tx.commit().await.map_err(other)?;
        Ok(comment)
    }

    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(INSERT_PASSWORD_RESET.as_str())
            .bind(token_hash)
            .bind(user.0)
            .bind(expires_at)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(ref_err)?;
        insert_message(&mut tx, message, at).await?;
        tx.commit().await.map_err(other)
    }

    async fn consume_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        let mut tx = self.write_tx().await?;
        let used: Option<(i64,)> = sqlx::query_as(USE_PASSWORD_RESET.as_str())
            .bind(now)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some((user,)) = used else {
            return Ok(None);
        };
        sqlx::query(SET_PASSWORD.as_str())
            .bind(password_hash)
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query(REVOKE_USER_SESSIONS.as_str())
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(Some(UserId(user)))
    }

    async fn get_preferences(&self, user: UserId) -> StoreResult<Preferences> {
        let row: Option<PreferencesRow> = sqlx::query_as(GET_PREFERENCES.as_str())
            .bind(user.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map_or_else(
            || Ok(Preferences::default()),
            PreferencesRow::into_preferences,
        )
    }

    async fn set_preferences(&self, user: UserId, prefs: &Preferences) -> StoreResult<()> {
        sqlx::query(SET_PREFERENCES.as_str())
            .bind(user.0)
            .bind(prefs.email)
            .bind(prefs.sms)
            .bind(prefs.language.as_str())
            .execute(self.pool())
            .await
            .map_err(ref_err)?;
        Ok(())
    }

    async fn reports_by_contact(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>> {
        if email.is_none() && phone.is_none() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String)> = sqlx::query_as(REPORTS_BY_CONTACT.as_str())
            .bind(email)
            .bind(phone)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(contact_match).collect()
    }

    async fn offer_access_code(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let owner: Option<(String,)> = sqlx::query_as(REPORTER_OF_REPORT.as_str())
            .bind(report.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if owner.is_none_or(|(r,)| r != reporter.as_str()) {
            return Err(StoreError::NotFound);
        }
        let revoked = sqlx::query(REVOKE_PENDING_ACCESS_CODES.as_str())
            .bind(at)
            .bind(report.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        sqlx::query(INSERT_PENDING_ACCESS_CODE.as_str())
            .bind(code_hash)
            .bind(report.as_str())
            .bind(reporter.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        insert_message(&mut tx, message, at).await?;
        let payload = json!({ "revoked_pending": revoked });
        Sql::append_audit_in(
            &mut tx,
            reporter.as_str(),
            at,
            AUDIT_ACCESS_CODE_REPLACE,
            report.as_str(),
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)
    }

    async fn promote_access_code(&self, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool> {
        // A read first: nearly every use is of an ordinary code, which needs no write.
        let pending: Option<(String,)> = sqlx::query_as(PENDING_ACCESS_CODE.as_str())
            .bind(code_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some((report,)) = pending else {
            return Ok(false);
        };
        let mut tx = self.write_tx().await?;
        let promoted = sqlx::query(PROMOTE_ACCESS_CODE.as_str())
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        if promoted == 0 {
            // Promoted or revoked by a concurrent request meanwhile.
            return Ok(false);
        }
        sqlx::query(REVOKE_OTHER_ACCESS_CODES.as_str())
            .bind(at)
            .bind(&report)
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn erase_user_identity(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let erased: Option<(bool,)> = sqlx::query_as(USER_ERASED.as_str())
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        match erased {
            None => return Err(StoreError::NotFound),
            Some((true,)) => return Ok(()),
            Some((false,)) => {}
        }
        let run = |sql: &'static str| sqlx::query(sql).bind(at).bind(user.0);
        run(ERASE_USER.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let reporters = run(ERASE_USER_REPORTERS.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        let sessions = run(REVOKE_USER_SESSIONS.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        for sql in [
            DELETE_USER_RESETS.as_str(),
            DELETE_USER_PREFERENCES.as_str(),
        ] {
            sqlx::query(sql)
                .bind(user.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let payload = json!({ "reporters": reporters, "sessions": sessions });
        let subject = format!("user:{user}");
        Sql::append_audit_in(
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

//! The citizens' portal: support votes, moderated comments, password resets,
//! notification preferences, access recovery by contact and erasure on request.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{
    ADD_SUPPORT, COUNT_SUPPORT, CommentRow, DELETE_USER_PREFERENCES, DELETE_USER_RESETS,
    ERASE_USER, ERASE_USER_REPORTERS, GET_COMMENT, GET_PREFERENCES, HAS_SUPPORTED, HIDE_COMMENT,
    INSERT_COMMENT, INSERT_PASSWORD_RESET, INSERT_PENDING_ACCESS_CODE, LIST_COMMENTS,
    PENDING_ACCESS_CODE, PROMOTE_ACCESS_CODE, PreferencesRow, REPORTER_OF_REPORT,
    REPORTS_BY_CONTACT, REVOKE_OTHER_ACCESS_CODES, REVOKE_PENDING_ACCESS_CODES,
    REVOKE_USER_SESSIONS, SET_PASSWORD, SET_PREFERENCES, SHOW_COMMENT, USE_PASSWORD_RESET,
    USER_ERASED, contact_match, other,
};
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{
    AUDIT_ACCESS_CODE_REPLACE, AUDIT_COMMENT_MODERATE, AUDIT_IDENTITY_ERASE_REQUEST, Comment,
    CommentId, ContactMatch, NewOutboxMessage, Preferences, StoreError, StoreResult,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

/// Like [`db_err`], but a missing report or account (a foreign key) is [`StoreError::NotFound`].
fn ref_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::NotFound,
        _ => db_err(e),
    }
}

sql_impl! {
impl SqlStore {
    /// Writes the one message a change sends; a dedup key already used would leave the change
    /// unsent, so it is a conflict.
    async fn insert_message_in(
        tx: &mut Transaction<'static, D::DB>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let queued = Self::insert_outbox_in(tx, std::slice::from_ref(message), at).await?;
        if queued.iter().all(|q| q.created) {
            Ok(())
        } else {
            Err(StoreError::Conflict {
                constraint: "outbox.dedup_key".into(),
            })
        }
    }

    async fn get_comment_in(tx: &mut Transaction<'static, D::DB>, id: i64) -> StoreResult<Comment> {
        let row: Option<CommentRow> = sqlx::query_as(GET_COMMENT.sql::<D>())
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        row.ok_or(StoreError::NotFound)?.into_comment()
    }
}
}

sql_impl! {
impl SqlStore {
    pub(crate) async fn add_support_in(
        &self,
        report: &TrackingId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(ADD_SUPPORT.sql::<D>())
            .bind(report.as_str())
            .bind(user.0)
            .bind(D::ts(at))
            .execute(self.pool())
            .await
            .map_err(ref_err)?;
        Ok(D::rows_affected(&done) == 1)
    }

    pub(crate) async fn support_count_in(&self, report: &TrackingId) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as(COUNT_SUPPORT.sql::<D>())
            .bind(report.as_str())
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        u64::try_from(n).map_err(other)
    }

    pub(crate) async fn has_supported_in(
        &self,
        report: &TrackingId,
        user: UserId,
    ) -> StoreResult<bool> {
        let (yes,): (bool,) = sqlx::query_as(HAS_SUPPORTED.sql::<D>())
            .bind(report.as_str())
            .bind(user.0)
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        Ok(yes)
    }

    pub(crate) async fn add_comment_in(
        &self,
        report: &TrackingId,
        user: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        let mut tx = self.write_tx().await?;
        let (id,): (i64,) = sqlx::query_as(INSERT_COMMENT.sql::<D>())
            .bind(report.as_str())
            .bind(user.0)
            .bind(body)
            .bind(D::ts(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(ref_err)?;
        let comment = Self::get_comment_in(&mut tx, id).await?;
        tx.commit().await.map_err(other)?;
        Ok(comment)
    }

    pub(crate) async fn list_comments_in(
        &self,
        report: &TrackingId,
        include_hidden: bool,
    ) -> StoreResult<Vec<Comment>> {
        let rows: Vec<CommentRow> = sqlx::query_as(LIST_COMMENTS.sql::<D>())
            .bind(report.as_str())
            .bind(include_hidden)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(CommentRow::into_comment).collect()
    }

    pub(crate) async fn moderate_comment_in(
        &self,
        id: CommentId,
        hidden: bool,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        let mut tx = self.write_tx().await?;
        let updated: Option<(String,)> = if hidden {
            sqlx::query_as(HIDE_COMMENT.sql::<D>())
                .bind(D::ts(at))
                .bind(reason)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
        } else {
            sqlx::query_as(SHOW_COMMENT.sql::<D>())
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
        }
        .map_err(db_err)?;
        let (report,) = updated.ok_or(StoreError::NotFound)?;
        let payload = json!({ "report": report, "hidden": hidden, "reason": reason });
        let subject = format!("comment:{id}");
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_COMMENT_MODERATE,
            &subject,
            payload,
        )
        .await?;
        let comment = Self::get_comment_in(&mut tx, id.0).await?;
        tx.commit().await.map_err(other)?;
        Ok(comment)
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
        Self::insert_message_in(&mut tx, message, at).await?;
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

    pub(crate) async fn reports_by_contact_in(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>> {
        if email.is_none() && phone.is_none() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String)> = sqlx::query_as(REPORTS_BY_CONTACT.sql::<D>())
            .bind(email)
            .bind(phone)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(contact_match).collect()
    }

    pub(crate) async fn offer_access_code_in(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let owner: Option<(String,)> = sqlx::query_as(REPORTER_OF_REPORT.sql::<D>())
            .bind(report.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if owner.is_none_or(|(r,)| r != reporter.as_str()) {
            return Err(StoreError::NotFound);
        }
        let revoked = sqlx::query(REVOKE_PENDING_ACCESS_CODES.sql::<D>())
            .bind(D::ts(at))
            .bind(report.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let revoked = D::rows_affected(&revoked);
        sqlx::query(INSERT_PENDING_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .bind(report.as_str())
            .bind(reporter.as_str())
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        Self::insert_message_in(&mut tx, message, at).await?;
        let payload = json!({ "revoked_pending": revoked });
        Self::append_audit_in(
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

    pub(crate) async fn promote_access_code_in(
        &self,
        code_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // A read first: nearly every use is of an ordinary code, which needs no write.
        let pending: Option<(String,)> = sqlx::query_as(PENDING_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some((report,)) = pending else {
            return Ok(false);
        };
        let mut tx = self.write_tx().await?;
        let promoted = sqlx::query(PROMOTE_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let promoted = D::rows_affected(&promoted);
        if promoted == 0 {
            // Promoted or revoked by a concurrent request meanwhile.
            return Ok(false);
        }
        sqlx::query(REVOKE_OTHER_ACCESS_CODES.sql::<D>())
            .bind(D::ts(at))
            .bind(&report)
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(true)
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

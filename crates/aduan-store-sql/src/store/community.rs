//! Support votes ("dukung") and moderated comments on public reports.

use crate::store::{db_err, ref_err, sql_impl};
use crate::{
    ADD_SUPPORT, COUNT_SUPPORT, CommentRow, GET_COMMENT, HAS_SUPPORTED, HIDE_COMMENT,
    INSERT_COMMENT, LIST_COMMENTS, SHOW_COMMENT, other,
};
use aduan_domain::{TrackingId, UserId};
use aduan_store::{AUDIT_COMMENT_MODERATE, Comment, CommentId, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

sql_impl! {
impl SqlStore {
    async fn get_comment_in(
        &self,
        tx: &mut Transaction<'static, D::DB>,
        id: i64,
    ) -> StoreResult<Comment> {
        let row: Option<CommentRow> = sqlx::query_as(GET_COMMENT.sql::<D>())
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        row.ok_or(StoreError::NotFound)?
            .into_comment(self.keyring())
    }

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
        let comment = self.get_comment_in(&mut tx, id).await?;
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
        rows.into_iter()
            .map(|r| r.into_comment(self.keyring()))
            .collect()
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
        let comment = self.get_comment_in(&mut tx, id.0).await?;
        tx.commit().await.map_err(other)?;
        Ok(comment)
    }
}
}

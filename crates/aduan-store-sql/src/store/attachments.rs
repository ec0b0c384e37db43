//! Attachment records; publishing is written with its audit entry in one transaction.

use crate::store::{db_err, sql_impl};
use crate::{
    AttachmentRow, BLOB_KEYS_PER_QUERY, GET_ATTACHMENT, INSERT_ATTACHMENT, LIST_ATTACHMENTS,
    SET_ATTACHMENT_PUBLIC, dynamic, other, referenced_blob_keys_sql,
};
use aduan_domain::TrackingId;
use aduan_store::{
    AUDIT_ATTACHMENT_PUBLISH, AUDIT_ATTACHMENT_UNPUBLISH, Attachment, AttachmentId,
    AttachmentStore, NewAttachment, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

/// A missing report is not found; a reused blob key is a conflict.
fn insert_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::NotFound,
        _ => db_err(e),
    }
}

sql_impl! {
impl SqlStore {
    /// Records an attachment through `ex` (the pool, or an import batch's transaction).
    pub(crate) async fn insert_attachment_in<'e>(
        ex: impl sqlx::Executor<'e, Database = D::DB>,
        a: &NewAttachment,
    ) -> StoreResult<Attachment> {
        let row: AttachmentRow = sqlx::query_as(INSERT_ATTACHMENT.sql::<D>())
            .bind(a.report.as_str())
            .bind(&a.uploader.id)
            .bind(a.uploader.role.as_str())
            .bind(&a.original_key)
            .bind(&a.sanitized_key)
            .bind(&a.mime)
            .bind(a.size)
            .bind(a.sanitized_size)
            .bind(&a.sha256)
            .bind(&a.file_name)
            .bind(a.public)
            .bind(D::ts(a.created_at))
            .fetch_one(ex)
            .await
            .map_err(insert_err)?;
        row.into_attachment()
    }
}
}

sql_impl! {
#[async_trait]
impl AttachmentStore for SqlStore {
    async fn insert_attachment(&self, a: &NewAttachment) -> StoreResult<Attachment> {
        Self::insert_attachment_in(self.pool(), a).await
    }

    async fn list_attachments(&self, report: &TrackingId) -> StoreResult<Vec<Attachment>> {
        let rows: Vec<AttachmentRow> = sqlx::query_as(LIST_ATTACHMENTS.sql::<D>())
            .bind(report.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(AttachmentRow::into_attachment)
            .collect()
    }

    async fn get_attachment(&self, id: AttachmentId) -> StoreResult<Option<Attachment>> {
        let row: Option<AttachmentRow> = sqlx::query_as(GET_ATTACHMENT.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(AttachmentRow::into_attachment).transpose()
    }

    async fn set_attachment_public(
        &self,
        id: AttachmentId,
        public: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Attachment> {
        let mut tx = self.write_tx().await?;
        let row: Option<AttachmentRow> = sqlx::query_as(SET_ATTACHMENT_PUBLIC.sql::<D>())
            .bind(public)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let attachment = row.ok_or(StoreError::NotFound)?.into_attachment()?;
        let action = if public {
            AUDIT_ATTACHMENT_PUBLISH
        } else {
            AUDIT_ATTACHMENT_UNPUBLISH
        };
        let payload = json!({ "report": attachment.report.as_str(), "public": public });
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            action,
            &format!("attachment:{id}"),
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(attachment)
    }

    async fn unreferenced_blob_keys(&self, keys: &[String]) -> StoreResult<Vec<String>> {
        let mut referenced = std::collections::HashSet::new();
        for chunk in keys.chunks(BLOB_KEYS_PER_QUERY) {
            let sql = dynamic::<D>(referenced_blob_keys_sql(chunk.len()));
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
            for key in chunk.iter().chain(chunk) {
                q = q.bind(key.as_str());
            }
            referenced.extend(q.fetch_all(self.pool()).await.map_err(db_err)?);
        }
        Ok(keys
            .iter()
            .filter(|k| !referenced.contains(*k))
            .cloned()
            .collect())
    }
}
}

//! Attachment records on SQLite; publishing is written with its audit entry in one transaction.

use crate::SqliteStore;
use aduan_domain::TrackingId;
use aduan_store::{Attachment, AttachmentId, AttachmentStore, NewAttachment, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl AttachmentStore for SqliteStore {
    async fn insert_attachment(&self, a: &NewAttachment) -> StoreResult<Attachment> {
        self.sql.insert_attachment(a).await
    }

    async fn list_attachments(&self, report: &TrackingId) -> StoreResult<Vec<Attachment>> {
        self.sql.list_attachments(report).await
    }

    async fn get_attachment(&self, id: AttachmentId) -> StoreResult<Option<Attachment>> {
        self.sql.get_attachment(id).await
    }

    async fn set_attachment_public(
        &self,
        id: AttachmentId,
        public: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Attachment> {
        self.sql.set_attachment_public(id, public, actor, at).await
    }
}

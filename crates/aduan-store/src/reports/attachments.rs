//! Attachment records: which files belong to which report, where their two copies are kept
//! (the original, kept as evidence, and the sanitized copy others download) and whether the
//! public may see them. The bytes themselves live in a blob store, not in the database.

use crate::{EventActor, StoreResult};
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// An attachment's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttachmentId(pub i64);

impl std::fmt::Display for AttachmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An attachment to record; its bytes are already in the blob store under both keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// The report it belongs to.
    pub report: TrackingId,
    /// Who uploaded it: a user id or the reporter's opaque id, with the role.
    pub uploader: EventActor,
    /// Blob key of the original, byte for byte as uploaded (evidence).
    pub original_key: String,
    /// Blob key of the copy without identifying metadata.
    pub sanitized_key: String,
    /// Media type found in the content (`image/jpeg`, `application/pdf`, `video/mp4`, ...).
    pub mime: String,
    /// Size of the original in bytes.
    pub size: i64,
    /// Size of the sanitized copy in bytes.
    pub sanitized_size: i64,
    /// SHA-256 of the original, lower-case hex.
    pub sha256: String,
    /// The name the uploader gave the file. It may name the reporter: never show it to an
    /// agency for an anonymous report.
    pub file_name: String,
    /// Whether the public may see it (default off; staff publish).
    pub public: bool,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// A recorded attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Id.
    pub id: AttachmentId,
    /// The report it belongs to.
    pub report: TrackingId,
    /// Who uploaded it.
    pub uploader: EventActor,
    /// Blob key of the original.
    pub original_key: String,
    /// Blob key of the sanitized copy.
    pub sanitized_key: String,
    /// Media type found in the content.
    pub mime: String,
    /// Size of the original in bytes.
    pub size: i64,
    /// Size of the sanitized copy in bytes.
    pub sanitized_size: i64,
    /// SHA-256 of the original, lower-case hex.
    pub sha256: String,
    /// The uploader's file name (may name the reporter).
    pub file_name: String,
    /// Whether the public may see it.
    pub public: bool,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// The audit action recorded when an attachment is made public.
pub const AUDIT_ATTACHMENT_PUBLISH: &str = "attachment.publish";
/// The audit action recorded when an attachment is withdrawn from the public.
pub const AUDIT_ATTACHMENT_UNPUBLISH: &str = "attachment.unpublish";

/// Attachment records, kept by every backend.
#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// Records an attachment. A missing report gives [`crate::StoreError::NotFound`]; a blob
    /// key already recorded gives [`crate::StoreError::Conflict`].
    async fn insert_attachment(&self, attachment: &NewAttachment) -> StoreResult<Attachment>;

    /// A report's attachments in upload order.
    async fn list_attachments(&self, report: &TrackingId) -> StoreResult<Vec<Attachment>>;

    /// An attachment by id.
    async fn get_attachment(&self, id: AttachmentId) -> StoreResult<Option<Attachment>>;

    /// Publishes or withdraws an attachment and records `attachment.publish` or
    /// `attachment.unpublish` in the audit log, atomically. A missing id gives
    /// [`crate::StoreError::NotFound`] and records nothing.
    async fn set_attachment_public(
        &self,
        id: AttachmentId,
        public: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Attachment>;

    /// Of `keys`, those no attachment records as its original or its sanitized copy, in the
    /// order given: blobs stored for an attachment whose record never committed (the orphan
    /// sweep removes them). Any number of keys may be asked about at once.
    async fn unreferenced_blob_keys(&self, keys: &[String]) -> StoreResult<Vec<String>>;
}

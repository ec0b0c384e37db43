//! What the public adds to a public report: support votes ("dukung") and moderated comments;
//! and the audit actions of access recovery and erasure on request.

use crate::StoreResult;
use aduan_domain::{TrackingId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action when staff hide or show a comment.
pub const AUDIT_COMMENT_MODERATE: &str = "comment.moderate";
/// The audit action when a person erases their own identity.
pub const AUDIT_IDENTITY_ERASE_REQUEST: &str = "identity.erase_request";
/// The audit action when a new access code replaces the old ones (access recovery).
pub const AUDIT_ACCESS_CODE_REPLACE: &str = "access_code.replace";

/// A comment's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommentId(pub i64);

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A comment on a public report.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Id.
    pub id: CommentId,
    /// The report.
    pub report: TrackingId,
    /// The author's account.
    pub user: UserId,
    /// The author's name as shown: the first word of the account's name.
    pub author: String,
    /// The text.
    pub body: String,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// When staff hid it; hidden comments are shown to staff only.
    pub hidden_at: Option<DateTime<Utc>>,
}

/// Support votes and comments on public reports.
#[async_trait]
pub trait CommunityStore: Send + Sync {
    /// Records `user`'s support for `report`; `false` when they had already supported it.
    async fn add_support(
        &self,
        report: &TrackingId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// How many people support `report`.
    async fn support_count(&self, report: &TrackingId) -> StoreResult<u64>;

    /// Whether `user` supports `report`.
    async fn has_supported(&self, report: &TrackingId, user: UserId) -> StoreResult<bool>;

    /// Adds a comment.
    async fn add_comment(
        &self,
        report: &TrackingId,
        user: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment>;

    /// The comments on `report`, oldest first; hidden ones only when `include_hidden`.
    async fn list_comments(
        &self,
        report: &TrackingId,
        include_hidden: bool,
    ) -> StoreResult<Vec<Comment>>;

    /// Hides (or shows again) a comment and writes an audit entry `comment.moderate` with the
    /// reason, atomically. `NotFound` for an unknown comment.
    async fn moderate_comment(
        &self,
        id: CommentId,
        hidden: bool,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Comment>;
}

//! What the citizens' portal keeps beyond reports: support votes ("dukung"), moderated
//! comments, password resets, notification preferences, access recovery by contact, and
//! erasure of a reporter's identity on request (UU 27/2022).

use crate::StoreResult;
use crate::outbox::{Language, NewOutboxMessage};
use aduan_domain::{ReporterId, TrackingId, UserId};
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

/// How a person wants to hear about their reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    /// By e-mail.
    pub email: bool,
    /// By SMS.
    pub sms: bool,
    /// In which language.
    pub language: Language,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            email: true,
            sms: false,
            language: Language::Id,
        }
    }
}

/// A report found by the contact its reporter gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMatch {
    /// The report.
    pub report: TrackingId,
    /// Its reporter.
    pub reporter: ReporterId,
}

/// The portal's side of the store.
#[async_trait]
pub trait PortalStore: Send + Sync {
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

    /// Stores a password-reset token (its hash) for `user`, valid until `expires_at`, and
    /// the outbox message that carries it, atomically.
    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Uses a reset token once: when it exists, is unused and unexpired, sets the password,
    /// marks the token used and revokes every session of the account, atomically, and
    /// returns the account. `None` otherwise.
    async fn consume_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>>;

    /// The account's notification preferences (the defaults when never set).
    async fn get_preferences(&self, user: UserId) -> StoreResult<Preferences>;

    /// Replaces the account's notification preferences.
    async fn set_preferences(&self, user: UserId, prefs: &Preferences) -> StoreResult<()>;

    /// Reports whose reporter gave this e-mail address or phone number (exact, normalised
    /// by the caller), excluding erased identities and deleted reports, newest first, at
    /// most `limit`.
    async fn reports_by_contact(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>>;

    /// Offers `report` a new access code (access recovery): stores `code_hash` as pending
    /// beside the report's current code, which keeps working, revokes any code offered before
    /// and never used, and writes the outbox message that sends the new code and an audit entry
    /// `access_code.replace`, atomically. The first use of the new code
    /// ([`PortalStore::promote_access_code`]) revokes the others.
    async fn offer_access_code(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Called when an access code was used: if it is a pending one, it becomes the report's only
    /// code (every other is revoked at `at`), and `true` is returned.
    async fn promote_access_code(&self, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool>;

    /// Erases the identity behind `user`'s account on their request: the reporter identity
    /// (name, e-mail, phone, NIK) and the account's personal fields, disables the account and
    /// revokes its sessions, and writes an audit entry `identity.erase_request` naming no one,
    /// atomically. Reports and their events stay, anonymised.
    async fn erase_user_identity(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()>;
}

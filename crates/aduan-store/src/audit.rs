//! The audit log: every administrative act, in one hash chain; and beside it the log of every
//! look by staff at a reporter's identity.

use crate::StoreResult;
use aduan_domain::event::AuditEntry;
use aduan_domain::{TrackingId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// One look by staff at a reporter's identity (name or contact details).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityLook {
    /// When.
    pub at: DateTime<Utc>,
    /// The staff account.
    pub user: UserId,
    /// Its role then (`national_admin`, `agency_admin`, ...).
    pub role: String,
    /// The report whose reporter was shown.
    pub report: TrackingId,
    /// The path: `api`, `office`, `portal`, ...
    pub via: String,
    /// What showed it: `report` (one report), `list` (a row of a list), `export`, `action`.
    pub what: String,
}

/// A recorded look, with its place in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedLook {
    /// Its id, rising with each look recorded (the cursor of the next page).
    pub id: i64,
    /// The look.
    pub look: IdentityLook,
}

/// Whose looks to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LooksOf {
    /// Every look at one report's reporter.
    Report(TrackingId),
    /// Every look by one staff account.
    User(UserId),
}

/// The audit log's chain.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry to the audit log's chain.
    async fn append_audit(
        &self,
        actor: &str,
        at: DateTime<Utc>,
        action: &str,
        subject: &str,
        payload: serde_json::Value,
    ) -> StoreResult<AuditEntry>;

    /// The whole audit log in order, with its recorded head (count, last hash).
    async fn list_audit(&self) -> StoreResult<(Vec<AuditEntry>, i64, String)>;

    /// Records `looks` together (one statement; nothing for none).
    async fn record_identity_looks(&self, looks: &[IdentityLook]) -> StoreResult<()>;

    /// Looks of `of`, newest first, older than the look `before` when given; at most `limit`.
    async fn list_identity_looks(
        &self,
        of: &LooksOf,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<RecordedLook>>;
}

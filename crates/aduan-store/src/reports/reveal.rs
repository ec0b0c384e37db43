//! The two-person reveal as stored: a national admin's request to reveal an anonymous
//! reporter's identity, and the decision of a second authorised person. An approval is
//! carried out in the same transaction as the report's `reveal_identity` event and the notice
//! to the reporter (or the recorded reason to defer it), with their audit entries.

use crate::{Commit, StoreResult};
use aduan_domain::{Role, TrackingId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action of a request.
pub const AUDIT_REVEAL_REQUEST: &str = "identity.reveal_request";
/// The audit action of an approval.
pub const AUDIT_REVEAL_APPROVE: &str = "identity.reveal_approve";
/// The audit action of a refusal.
pub const AUDIT_REVEAL_REFUSE: &str = "identity.reveal_refuse";
/// The audit action of a deferred notice to the reporter.
pub const AUDIT_REVEAL_DEFER: &str = "identity.reveal_defer";
/// The audit action of a deferred notice sent at last.
pub const AUDIT_REVEAL_NOTIFY: &str = "identity.reveal_notify";

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealRequest {
    /// Its number.
    pub id: i64,
    /// The report.
    pub report: TrackingId,
    /// The national admin who asked.
    pub requested_by: UserId,
    /// Why.
    pub reason: String,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    /// Who decided.
    pub decided_by: Option<UserId>,
    /// Their role.
    pub decided_role: Option<Role>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The decider's note (why refused, or anything the approver adds).
    pub note: Option<String>,
    /// The legal reason the reporter is not told yet.
    pub defer_reason: Option<String>,
    /// When the reporter's notice was written to the outbox.
    pub notified_at: Option<DateTime<Utc>>,
}

/// A new request.
#[derive(Debug, Clone)]
pub struct NewRevealRequest<'a> {
    /// The report.
    pub report: &'a TrackingId,
    /// Who asks.
    pub requested_by: UserId,
    /// Why.
    pub reason: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// A decision on a waiting request.
#[derive(Debug, Clone)]
pub struct RevealDecision<'a> {
    /// The request.
    pub id: i64,
    /// Who decides.
    pub by: UserId,
    /// Their role.
    pub role: Role,
    /// Approved (`true`) or refused.
    pub approve: bool,
    /// A note.
    pub note: Option<&'a str>,
    /// The legal reason to defer the reporter's notice (approval only).
    pub defer_reason: Option<&'a str>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Which requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevealsOf<'a> {
    /// Every request in this status, newest first.
    Status(&'a str),
    /// Every request of one report, newest first.
    Report(&'a TrackingId),
}

/// The store's side of the two-person reveal.
#[async_trait]
pub trait RevealStore: Send + Sync {
    /// Records a request with its audit entry `identity.reveal_request` and the messages to
    /// the approvers (`outbox`); a request already waiting for the report is a conflict.
    async fn create_reveal_request(
        &self,
        new: &NewRevealRequest<'_>,
        outbox: &[crate::NewOutboxMessage],
    ) -> StoreResult<RevealRequest>;

    /// One request.
    async fn get_reveal_request(&self, id: i64) -> StoreResult<Option<RevealRequest>>;

    /// Requests, newest first, at most `limit`.
    async fn list_reveal_requests(
        &self,
        of: RevealsOf<'_>,
        limit: u32,
    ) -> StoreResult<Vec<RevealRequest>>;

    /// Decides a waiting request with its audit entries (and `identity.reveal_defer` when the
    /// notice is deferred). An approval carries `reveal`, the report's `reveal_identity`
    /// transition (its outbox holds the reporter's notice unless deferred), committed in the
    /// same transaction. A request no longer waiting is a conflict; an unknown one not found.
    async fn decide_reveal_request(
        &self,
        decision: &RevealDecision<'_>,
        reveal: Option<Commit<'_>>,
    ) -> StoreResult<RevealRequest>;

    /// Whether the account `actor` made the account `account`, changed its role or scope, or set
    /// its password (the audit log says so): such an account may not approve `actor`'s request.
    async fn shaped_by(&self, actor: UserId, account: UserId) -> StoreResult<bool>;

    /// Writes the deferred notice of an approved request (`outbox`) with its audit entry by
    /// `actor`; a request not approved, not deferred or already notified is a conflict.
    async fn notify_deferred_reveal(
        &self,
        id: i64,
        outbox: &[crate::NewOutboxMessage],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<RevealRequest>;
}

//! What a new report is stored with, and the listing of reports: scopes, filters, cursors and
//! the deadline order of a work queue.

use aduan_domain::report::Kind;
use aduan_domain::sla::Clock;
use aduan_domain::{
    AgencyId, CategoryId, EscalationLevel, ReporterId, Status, TrackingId, UnitId, UserId,
};
use chrono::{DateTime, Utc};

/// What is stored with a new report besides the report itself, in the same transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmitExtras {
    /// SHA-256 (hex) of the access code handed to a reporter without an account.
    pub access_code_hash: Option<String>,
    /// `(scope, key)` of the caller's `Idempotency-Key`; a second use is a conflict.
    pub idempotency: Option<(String, String)>,
    /// A fingerprint of the request the key came with, kept with the key.
    pub idempotency_fingerprint: Option<String>,
    /// The account that submitted it as reporter, linked to the reporter id.
    pub user: Option<UserId>,
    /// The clocks the submission starts.
    pub clocks: Vec<aduan_domain::sla::Clock>,
    /// The messages the submission causes (the reporter's receipt with the access code).
    pub outbox: Vec<crate::NewOutboxMessage>,
    /// How a reporter without an account chose to hear about the report, stored with the
    /// reporter.
    pub notify: Option<crate::ReporterNotify>,
    /// The reporter's explicit choice about confidentiality (`None`: the category's default),
    /// kept so that a sensitive category chosen later by staff respects it.
    pub confidential_choice: Option<bool>,
    /// A rate limit the submission counts against in its own transaction: refused with
    /// [`crate::StoreError::Limited`] (and nothing written) when the bucket is spent.
    pub limit: Option<LimitHit>,
    /// The partner that files it and its own reference for it: a second report under the
    /// same reference is a conflict (constraint `partner_reports`).
    pub partner_ref: Option<PartnerRef>,
}

/// A partner's own reference for a report it files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRef {
    /// The partner's slug.
    pub partner: String,
    /// Its reference.
    pub reference: String,
    /// The fingerprint of the filing request.
    pub fingerprint: String,
}

/// One attempt counted against a rate limiter's bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitHit {
    /// The stored bucket (already hashed by the caller).
    pub bucket: String,
    /// Its limits.
    pub policy: crate::LimitPolicy,
    /// When the attempt happened.
    pub at: DateTime<Utc>,
}

/// Which reports a caller may list: the visibility policy pushed down into the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListScope {
    /// Dispatched, in progress or completed, and not confidential.
    Public,
    /// Everything (the national admin).
    All,
    /// Held by the agency after dispatch, or awaiting verification with it requested.
    Agency(AgencyId),
    /// Held by the agency in one of these units (a unit and its sub-units).
    Units(AgencyId, Vec<UnitId>),
    /// Dispatched, in progress or completed, confidential or not (supervisors).
    Dispatched,
    /// One reporter's own reports.
    Reporter(ReporterId),
}

/// Filters of `GET /reports`; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFilter {
    /// Status.
    pub status: Option<Status>,
    /// Any of these statuses (empty: any status).
    pub statuses: Vec<Status>,
    /// Any of these escalation levels (empty: any level).
    pub escalations: Vec<EscalationLevel>,
    /// Only reports with an open time limit (verification, first follow-up or completion)
    /// whose deadline passed before this instant: the breached ones, as of now.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Target (holding) agency.
    pub agency: Option<AgencyId>,
    /// Agency the reporter asked for.
    pub requested_agency: Option<AgencyId>,
    /// Category, or any of its sub-categories.
    pub category: Option<CategoryId>,
    /// Kind.
    pub kind: Option<Kind>,
    /// Channel text (`web`, `sms`, `api:partner`).
    pub channel: Option<String>,
    /// Region code prefix (a province code matches its kabupaten/kota).
    pub region: Option<String>,
    /// Submitted at or after.
    pub from: Option<DateTime<Utc>>,
    /// Submitted before.
    pub until: Option<DateTime<Utc>>,
    /// Order by the deadline due soonest (breached first, reports without a running time limit
    /// last) instead of newest first; a work queue's order. The cursor is then the
    /// [`queue_deadline`] and tracking id of the last report of the previous page.
    pub by_deadline: bool,
}

/// Keyset position: list strictly older than this (submitted_at, tracking_id); in deadline
/// order, strictly after this ([`queue_deadline`], tracking_id).
pub type Cursor = (DateTime<Utc>, TrackingId);

/// The clock phases a work queue is ordered by: the legal time limits
/// ([`aduan_domain::sla::Phase::is_limit`]), not the reporter's windows or the auto-close timer.
pub const QUEUE_PHASES: [&str; 3] = ["verification", "first_follow_up", "completion"];

/// Where a report without a running time limit sorts in deadline order: after every deadline.
pub fn no_deadline() -> DateTime<Utc> {
    DateTime::from_timestamp(253_402_300_799, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A report's place in deadline order: the earliest deadline of its open, running time limits
/// ([`QUEUE_PHASES`]), or [`no_deadline`].
pub fn queue_deadline(clocks: &[Clock]) -> DateTime<Utc> {
    clocks
        .iter()
        .filter(|c| c.is_open() && c.phase.is_limit())
        .filter_map(|c| c.due_at)
        .min()
        .unwrap_or_else(no_deadline)
}

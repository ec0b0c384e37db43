//! Aduan's storage contract: the [`Store`] trait that every backend implements, its error
//! type, the history verification built on it, and (feature `contract`) the one contract test
//! story that runs on every backend.
//!
//! Web, jobs and channels depend on this crate, never on a backend; only the binary picks one.

mod access;
mod attachments;
mod bulk;
mod calendar;
mod clocks;
mod commit;
mod delivery;
mod directory;
mod error;
mod jobs;
pub mod limits;
mod mail_in;
mod model;
mod outbox;
mod portal;
mod retention;
mod sealed;
mod sms;
mod staff;
mod tags;
mod verify;

#[cfg(feature = "contract")]
pub mod contract;

pub use access::{
    AccessStore, Cursor, LARGE_QUEUE, ListScope, QUEUE_PHASES, ReportFilter, Session, SubmitExtras,
    no_deadline, queue_deadline,
};
pub use attachments::{
    AUDIT_ATTACHMENT_PUBLISH, AUDIT_ATTACHMENT_UNPUBLISH, Attachment, AttachmentId,
    AttachmentStore, NewAttachment,
};
pub use bulk::{BulkCounts, BulkStore, History, HistoryStep, derive_clocks, seal_histories};
pub use calendar::{
    AUDIT_CALENDAR_ADD, AUDIT_CALENDAR_REMOVE, AUDIT_CALENDAR_SEED, CalendarStore, Holiday,
    HolidayKind, NewHoliday, SharedCalendar, year_span,
};
pub use clocks::{ClockCursor, ClockFilter, ClockStore};
pub use commit::{Commit, Effects};
pub use delivery::{
    AUDIT_OUTBOX_REQUEUE, DeliveryStore, NotifyVia, ReporterDelivery, ReporterNotify,
};
pub use directory::{
    AUDIT_CATEGORY_UPDATE, AUDIT_DIRECTORY_IMPORT, AgencyFilter, DirectoryBatch, DirectoryStore,
    ImportCounts, UpsertCounts,
};
pub use error::StoreError;
pub use jobs::{
    BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS, Enqueued, Failed, Job, JobCounts, JobId, JobState,
    JobStore, NewJob, backoff,
};
pub use limits::{LimitPolicy, LimitState, LimitStore, LimitVerdict};
pub use mail_in::{MailClaim, MailInStore};
pub use model::{EventActor, NewUser, ReportHead, StoredReport, User};
pub use outbox::{
    DELIVER_OUTBOX_ATTEMPTS, DELIVER_OUTBOX_JOB, DELIVER_OUTBOX_PRIORITY, Language,
    NewOutboxMessage, NotifyChannel, OutboxCounts, OutboxId, OutboxMessage, OutboxQueued,
    OutboxState, OutboxStore, RecipientKind, delivery_job,
};
pub use portal::{
    AUDIT_ACCESS_CODE_REPLACE, AUDIT_COMMENT_MODERATE, AUDIT_IDENTITY_ERASE_REQUEST, Comment,
    CommentId, ContactMatch, PortalStore, Preferences,
};
pub use retention::{
    AUDIT_IDENTITY_ERASE, CLOSED_STATUSES, ErasureCounts, RetentionStore, erasure_audit_payload,
};
pub use sealed::{DeploymentKey, SealError, SealedSecret};
pub use sms::{SmsClaim, SmsDelivery, SmsDeliveryStatus, SmsStore, sms_answer_context};
pub use staff::{
    AUDIT_SESSION_REVOKE, AUDIT_USER_PASSWORD, AUDIT_USER_SCOPE, LiveSession, SESSION_HANDLE_CHARS,
    StaffScope, StaffStore, session_handle,
};
pub use tags::{
    AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, MAX_TAG_LABEL_CHARS, MAX_TAG_SLUG_CHARS, Tag, TagStore,
    check_tag, tag_audit_fields, tag_subject,
};
pub use verify::{HistoryProblem, HistoryReport, verify_history};

use aduan_domain::event::{AuditEntry, Event};
use aduan_domain::report::ReporterIdentity;
use aduan_domain::{ReporterId, TrackingId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything Aduan keeps, behind one trait so that SQLite and PostgreSQL are interchangeable.
///
/// Writes that belong together happen in one transaction: a report with its identity and first
/// event; a transition's new state with its event. Transitions are guarded by the report's
/// `version`: of two moves made from the same version exactly one commits.
#[async_trait]
pub trait Store:
    AccessStore
    + AttachmentStore
    + BulkStore
    + CalendarStore
    + ClockStore
    + DeliveryStore
    + DirectoryStore
    + JobStore
    + LimitStore
    + MailInStore
    + OutboxStore
    + PortalStore
    + RetentionStore
    + SmsStore
    + StaffStore
    + TagStore
    + Send
    + Sync
    + 'static
{
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Checks that the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Writes a decided change of one report ([`Commit`]) with its sealed event and all it
    /// causes, in one transaction: the only way a report is written, besides the bulk loader.
    async fn commit(&self, change: Commit<'_>) -> StoreResult<Event>;

    /// A report by tracking id.
    async fn get_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>>;

    /// A report's events in order.
    async fn list_events(&self, id: &TrackingId) -> StoreResult<Vec<Event>>;

    /// The reporter identity behind an opaque id, unless erased.
    async fn get_identity(&self, id: &ReporterId) -> StoreResult<Option<ReporterIdentity>>;

    /// Reports' recorded chain heads in tracking-id order, after `after`, at most `limit`.
    async fn list_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>>;

    /// The events of all reports with `first <= tracking_id <= last`, ordered by report and seq.
    async fn list_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>>;

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

    /// Creates an account and records it in the audit log, atomically.
    async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;

    /// An account by e-mail address or phone number.
    async fn find_user_by_login(&self, login: &str) -> StoreResult<Option<User>>;

    /// An account by id.
    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;

    /// All accounts, by id.
    async fn list_users(&self) -> StoreResult<Vec<User>>;

    /// Disables or enables an account and records it in the audit log, atomically; disabling
    /// also revokes every session of the account.
    async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;
}

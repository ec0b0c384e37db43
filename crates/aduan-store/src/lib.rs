//! Aduan's storage contract: the [`Store`] trait that every backend implements, its error
//! type, the history verification built on it, and (feature `contract`) the one contract test
//! story that runs on every backend.
//!
//! Web, jobs and channels depend on this crate, never on a backend; only the binary picks one.

pub mod accounts;
pub mod audit;
pub mod channels;
pub mod directory;
mod error;
pub mod jobs;
pub mod keyring;
mod model;
pub mod reports;
mod sealed;
pub mod triage;

#[cfg(feature = "contract")]
pub mod contract;

pub use accounts::limits::{LimitPolicy, LimitState, LimitStore, LimitVerdict};
pub use accounts::registrations::RegistrationStore;
pub use accounts::second_factor::{
    AUDIT_RECOVERY_CODES, AUDIT_SECOND_FACTOR_OFF, AUDIT_SECOND_FACTOR_ON, SecondFactor,
    SecondFactorStore, totp_context,
};
pub use accounts::staff::{
    AUDIT_SESSION_REVOKE, AUDIT_USER_PASSWORD, AUDIT_USER_SCOPE, LiveSession, SESSION_HANDLE_CHARS,
    StaffScope, StaffStore, session_handle,
};
pub use accounts::{AccountStore, Preferences, Session};
pub use audit::{AuditStore, IdentityLook, LooksOf, RecordedLook};
pub use channels::chat::{
    ChatClaim, ChatConversation, ChatState, ChatStep, ChatStepOutcome, ChatStore,
};
pub use channels::mail_in::{MailClaim, MailInStore};
pub use channels::partners::{
    AUDIT_PARTNER_ADD, AUDIT_PARTNER_KEY_ADD, AUDIT_PARTNER_KEY_REVOKE, AUDIT_PARTNER_USE,
    AUDIT_PARTNER_WEBHOOK, NewPartner, Partner, PartnerKey, PartnerReport, PartnerStore, Webhook,
    partner_subject, webhook_secret_context,
};
pub use channels::sms::{SmsClaim, SmsDelivery, SmsDeliveryStatus, SmsStore, sms_answer_context};
pub use directory::calendar::{
    AUDIT_CALENDAR_ADD, AUDIT_CALENDAR_REMOVE, AUDIT_CALENDAR_SEED, CalendarStore, Holiday,
    HolidayKind, NewHoliday, SharedCalendar, year_span,
};
pub use directory::tags::{
    AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, MAX_TAG_LABEL_CHARS, MAX_TAG_SLUG_CHARS, Tag, TagStore,
    check_tag, tag_audit_fields, tag_subject,
};
pub use directory::{
    AUDIT_CATEGORY_UPDATE, AUDIT_DIRECTORY_IMPORT, AgencyFilter, DirectoryBatch, DirectoryStore,
    ImportCounts, ReferenceVersions, UpsertCounts,
};
pub use error::StoreError;
pub use jobs::delivery::{
    AUDIT_OUTBOX_REQUEUE, DeliveryStore, NotifyVia, ReporterDelivery, ReporterNotify,
};
pub use jobs::outbox::{
    DELIVER_OUTBOX_ATTEMPTS, DELIVER_OUTBOX_JOB, DELIVER_OUTBOX_PRIORITY, Language,
    NewOutboxMessage, NotifyChannel, OutboxCounts, OutboxId, OutboxMessage, OutboxQueued,
    OutboxState, OutboxStore, RecipientKind, delivery_job,
};
pub use jobs::{
    BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS, Enqueued, Failed, Job, JobCounts, JobId, JobState,
    JobStore, NewJob, backoff,
};
pub use keyring::{BlindIndex, Contact, Keyring, KeyringError, SealedIdentity};
pub use model::{EventActor, NewUser, ReportHead, StoredReport, User};
pub use reports::attachments::{
    AUDIT_ATTACHMENT_PUBLISH, AUDIT_ATTACHMENT_UNPUBLISH, Attachment, AttachmentId,
    AttachmentStore, NewAttachment,
};
pub use reports::bulk::{
    BulkCounts, BulkStore, History, HistoryStep, derive_clocks, seal_histories,
};
pub use reports::clocks::{
    ClockCursor, ClockFilter, ClockStore, OpenPastDue, TallyCount, TallyFilter,
};
pub use reports::commit::{Commit, Effects};
pub use reports::community::{
    AUDIT_ACCESS_CODE_REPLACE, AUDIT_COMMENT_MODERATE, AUDIT_IDENTITY_ERASE_REQUEST, Comment,
    CommentId, CommunityStore,
};
pub use reports::groups::{
    AUDIT_GROUP_ANSWER, AUDIT_GROUP_ANSWER_REFUSED, AUDIT_GROUP_CREATE, AUDIT_GROUP_LINK,
    AUDIT_GROUP_UNLINK, Group, GroupActor, GroupStore, SimilarReport, SimilarStore,
};
pub use reports::import::{ImportBatch, ImportMark, LegacyReport, check_batch};
pub use reports::listing::{
    Cursor, LimitHit, ListScope, PartnerRef, QUEUE_PHASES, ReportFilter, SubmitExtras, no_deadline,
    queue_deadline,
};
pub use reports::retention::{
    AUDIT_IDENTITY_ERASE, AUDIT_IDENTITY_ERASE_OWN, CLOSED_STATUSES, ErasureCounts, OwnErasure,
    RetentionStore, erasure_audit_payload,
};
pub use reports::reveal::{
    AUDIT_REVEAL_APPROVE, AUDIT_REVEAL_DEFER, AUDIT_REVEAL_NOTIFY, AUDIT_REVEAL_REFUSE,
    AUDIT_REVEAL_REQUEST, NewRevealRequest, RevealDecision, RevealRequest, RevealStore, RevealsOf,
};
pub use reports::sealing::{AUDIT_KEYS_ROTATE, KeyStore, KeyUse, ResealBatch};
pub use reports::search::{
    FacetCount, IndexPage, NotesAccess, SEARCH_WINDOW, SearchAfter, SearchHit, SearchOrder,
    SearchPage, SearchStore, SearchWant, TextQuery,
};
pub use reports::verify::{HistoryProblem, HistoryReport, verify_history};
pub use reports::volumes::{BacklogRow, VolumeCount, VolumeQuery, VolumeStore};
pub use reports::{ContactMatch, ExportedReport, ReportStore};
pub use sealed::{DeploymentKey, SealError, SealedSecret};
pub use triage::{
    AUDIT_TRIAGE_MODEL_ACTIVATE, AUDIT_TRIAGE_MODEL_ADD, KEPT_TRIAGE_MODELS, NewTriageModel,
    PickCount, TriageExample, TriageModelInfo, TriagePick, TriageStore, TriageTarget, check_pick,
};

use async_trait::async_trait;

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything Aduan keeps, behind one trait so that SQLite and PostgreSQL are interchangeable.
///
/// Writes that belong together happen in one transaction: a report with its identity and first
/// event; a transition's new state with its event. Transitions are guarded by the report's
/// `version`: of two moves made from the same version exactly one commits.
#[async_trait]
pub trait Store:
    ReportStore
    + AccountStore
    + AuditStore
    + AttachmentStore
    + BulkStore
    + CalendarStore
    + ClockStore
    + DeliveryStore
    + DirectoryStore
    + JobStore
    + LimitStore
    + MailInStore
    + ChatStore
    + OutboxStore
    + PartnerStore
    + CommunityStore
    + RegistrationStore
    + RetentionStore
    + KeyStore
    + SearchStore
    + GroupStore
    + RevealStore
    + SecondFactorStore
    + SimilarStore
    + VolumeStore
    + SmsStore
    + StaffStore
    + TagStore
    + TriageStore
    + Send
    + Sync
    + 'static
{
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Checks that the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// This instance's connections to the database, now.
    fn pool_use(&self) -> PoolUse;
}

/// An instance's connections to the database (its pool), for operators' metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUse {
    /// Open connections, idle or in use.
    pub open: u32,
    /// Of those, idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

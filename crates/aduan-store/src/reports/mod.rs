//! Reports and their history: the one way a report is written ([`Commit`]), reading it and
//! its hash-chained events, the reporters behind it and their access (codes, idempotency keys,
//! recovery by contact), listings, clocks, attachments, support and comments, retention of
//! identities, bulk loading and history verification.

pub mod attachments;
pub mod bulk;
pub mod clocks;
pub mod commit;
pub mod community;
pub mod groups;
pub mod import;
pub mod listing;
pub mod retention;
pub mod reveal;
pub mod sealing;
pub mod search;
pub mod verify;
pub mod volumes;

use crate::{Commit, NewOutboxMessage, ReportHead, StoreResult, StoredReport};
use crate::{Cursor, ListScope, ReportFilter};
use aduan_domain::event::Event;
use aduan_domain::report::{Report, ReporterIdentity};
use aduan_domain::{ReporterId, TrackingId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A report found by the contact its reporter gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMatch {
    /// The report.
    pub report: TrackingId,
    /// Its reporter.
    pub reporter: ReporterId,
}

/// A report as an export reads it, with what its row needs besides the report.
#[derive(Debug, Clone)]
pub struct ExportedReport {
    /// The report.
    pub report: Report,
    /// Its follow-ups in the history its reporter and the public may see.
    pub follow_ups: u64,
    /// The identity its reporter gave, unless erased: read only to be removed from the text.
    pub identity: Option<ReporterIdentity>,
}

/// Reports, their events and their reporters' access.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Writes a decided change of one report ([`Commit`]) with its sealed event and all it
    /// causes, in one transaction: the only way a report is written, besides the bulk loader.
    async fn commit(&self, change: Commit<'_>) -> StoreResult<Event>;

    /// A report by tracking id.
    async fn get_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>>;

    /// A report's events in order.
    async fn list_events(&self, id: &TrackingId) -> StoreResult<Vec<Event>>;

    /// The events of all reports with `first <= tracking_id <= last`, ordered by report and seq.
    async fn list_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>>;

    /// Reports' recorded chain heads in tracking-id order, after `after`, at most `limit`.
    async fn list_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>>;

    /// The reporter identity behind an opaque id, unless erased.
    async fn get_identity(&self, id: &ReporterId) -> StoreResult<Option<ReporterIdentity>>;

    /// The identities behind many opaque ids at once, in one read (a list page), by id; an
    /// erased or unknown id is absent. Ask only for the identities the page will show.
    async fn get_identities(
        &self,
        ids: &[ReporterId],
    ) -> StoreResult<HashMap<ReporterId, ReporterIdentity>>;

    /// Reports visible in `scope` matching `filter`, newest first (or in deadline order, see
    /// [`ReportFilter::by_deadline`]), strictly after `cursor`.
    async fn list_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>>;

    /// Where an export's page that starts after `after` ends: the key of the `nth` report
    /// [`ReportStore::list_reports`] lists after it, or `None` when fewer remain. Reads keys
    /// only, so that the pages' ends are found ahead and the pages read at once.
    async fn page_end(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        nth: u32,
    ) -> StoreResult<Option<Cursor>>;

    /// A page of an export: the reports [`ReportStore::list_reports`] lists (newest first)
    /// after `after` and up to `upto` (to the last, when `None`), each with its count of
    /// public follow-ups and its reporter's identity, in one read.
    async fn list_reports_for_export(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        upto: Option<&Cursor>,
    ) -> StoreResult<Vec<ExportedReport>>;

    /// The reporter's explicit choice about confidentiality, as given at submission: `None`
    /// when they left it to the category (and for reports filed before it was kept).
    async fn confidential_choice(&self, id: &TrackingId) -> StoreResult<Option<bool>>;

    /// The report an idempotency key created.
    async fn find_idempotent(&self, scope: &str, key: &str) -> StoreResult<Option<TrackingId>>;

    /// The report an idempotency key created and the fingerprint of the request it came with
    /// (none for keys stored before fingerprints were kept).
    async fn find_idempotent_request(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>>;

    /// The report and reporter an access code (by hash) unlocks, unless revoked.
    async fn find_access_code(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>>;

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
}

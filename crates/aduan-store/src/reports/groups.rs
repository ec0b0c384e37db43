//! Recurring problems: the similarity index (each report's MinHash signature and band keys,
//! `aduan_text::similar`, written with the report) and groups of reports of the same substance
//! that one agency holds and answers once (docs/domain.md, "Recurring problems").

use crate::StoreResult;
use aduan_domain::{AgencyId, TrackingId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Audit action: a group was made.
pub const AUDIT_GROUP_CREATE: &str = "group.create";
/// Audit action: a report joined a group.
pub const AUDIT_GROUP_LINK: &str = "group.link";
/// Audit action: a report left a group.
pub const AUDIT_GROUP_UNLINK: &str = "group.unlink";
/// Audit action: the group's answer was given.
pub const AUDIT_GROUP_ANSWER: &str = "group.answer";
/// Audit action: the group's answer was tried and every member refused it.
pub const AUDIT_GROUP_ANSWER_REFUSED: &str = "group.answer_refused";

/// A report like another: same kabupaten/kota, similar words.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarReport {
    /// The report.
    pub tracking_id: TrackingId,
    /// The estimated Jaccard similarity of the two reports' words, 0.0 to 1.0.
    pub similarity: f64,
}

/// A group of reports answered once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its id (`KLP-` and ten characters).
    pub id: String,
    /// The agency that holds every member.
    pub agency: AgencyId,
    /// What the members are about, in the agency's words.
    pub title: String,
    /// Who made it (a user id).
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The answer given to every member, once given.
    pub answer: Option<String>,
    /// Who gave it.
    pub answered_by: Option<String>,
    /// When.
    pub answered_at: Option<DateTime<Utc>>,
    /// The members, by tracking id.
    pub members: Vec<TrackingId>,
}

/// Who acts on a group, and when (every change is audited with it).
#[derive(Debug, Clone, Copy)]
pub struct GroupActor<'a> {
    /// The user id.
    pub by: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// The similarity index: reports like a report.
#[async_trait]
pub trait SimilarStore: Send + Sync {
    /// The reports filed under any of `id`'s band keys (so of its place) whose estimated
    /// similarity to it is at least `min`, most similar first (then by tracking id), at most
    /// `limit`; none when it has no signature (no words). Reads at most a bounded number of
    /// candidates from the index, never the reports table.
    async fn similar_reports(
        &self,
        id: &TrackingId,
        min: f64,
        limit: u32,
    ) -> StoreResult<Vec<SimilarReport>>;
}

/// The groups of reports answered once.
#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Makes a group of `agency` with its first `members`, in one transaction, audited
    /// ([`AUDIT_GROUP_CREATE`]). `Conflict` when a member is already in a group, or is not
    /// held by `agency` now; nothing is written then.
    async fn create_group(
        &self,
        id: &str,
        agency: &AgencyId,
        title: &str,
        members: &[TrackingId],
        actor: GroupActor<'_>,
    ) -> StoreResult<()>;

    /// The group, with its members.
    async fn get_group(&self, id: &str) -> StoreResult<Option<Group>>;

    /// The group `report` is in.
    async fn group_of(&self, report: &TrackingId) -> StoreResult<Option<String>>;

    /// The groups of `agency` (or of every agency), newest first, at most `limit`.
    async fn list_groups(&self, agency: Option<&AgencyId>, limit: u32) -> StoreResult<Vec<Group>>;

    /// Adds `report` to the group, audited ([`AUDIT_GROUP_LINK`]). `NotFound` without the
    /// group; `Conflict` when the report is in a group already or is not held by the group's
    /// agency now.
    async fn link_report(
        &self,
        group: &str,
        report: &TrackingId,
        actor: GroupActor<'_>,
    ) -> StoreResult<()>;

    /// Takes `report` out of the group, audited ([`AUDIT_GROUP_UNLINK`]). `NotFound` when it
    /// is not a member.
    async fn unlink_report(
        &self,
        group: &str,
        report: &TrackingId,
        actor: GroupActor<'_>,
    ) -> StoreResult<()>;

    /// Records the group's answer, audited ([`AUDIT_GROUP_ANSWER`]) with the members it was
    /// given to and those that refused it. `NotFound` without the group.
    async fn set_group_answer(
        &self,
        group: &str,
        answer: &str,
        outcome: serde_json::Value,
        actor: GroupActor<'_>,
    ) -> StoreResult<()>;
}

//! The triage models every instance suggests with (issue 22): their versions with the figures
//! each was measured at, which one of each target is active, the verified reports a model
//! learns from, and which suggestion each verification took.

use crate::{StoreError, StoreResult};
use aduan_domain::ReporterId;
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The audit action when a model version is stored.
pub const AUDIT_TRIAGE_MODEL_ADD: &str = "triage.model.add";
/// The audit action when a model version is made the active one of its target.
pub const AUDIT_TRIAGE_MODEL_ACTIVATE: &str = "triage.model.activate";

/// Inactive versions of a target whose bytes are kept (for a switch back) besides the active
/// one: those once active first (most recently active first), then the newest others; the
/// rest keep their figures only.
pub const KEPT_TRIAGE_MODELS: usize = 5;

/// What a model suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageTarget {
    /// The agency with authority.
    Agency,
    /// The category.
    Category,
}

impl TriageTarget {
    /// Both targets.
    pub const ALL: [TriageTarget; 2] = [TriageTarget::Agency, TriageTarget::Category];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageTarget::Agency => "agency",
            TriageTarget::Category => "category",
        }
    }

    /// The target named `s`.
    pub fn parse(s: &str) -> Option<TriageTarget> {
        TriageTarget::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A model version to store.
#[derive(Debug, Clone)]
pub struct NewTriageModel {
    /// What it suggests.
    pub target: TriageTarget,
    /// Its stored form (`aduan_triage::Model::to_bytes`).
    pub model: Vec<u8>,
    /// How many examples it learned from.
    pub examples: u64,
    /// How many labels it knows.
    pub labels: u32,
    /// Where it was trained: `history`, or `csv:<file name>`.
    pub source: String,
    /// Its figures on held-out examples (top-1, top-3, macro-F1, ECE...), as JSON.
    pub metrics: serde_json::Value,
}

/// A stored model version, without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageModelInfo {
    /// The version, rising across both targets.
    pub version: i64,
    /// What it suggests.
    pub target: TriageTarget,
    /// The size of its stored form.
    pub size_bytes: u64,
    /// Whether its stored form is still kept (a switch back to it is possible).
    pub kept: bool,
    /// How many examples it learned from.
    pub examples: u64,
    /// How many labels it knows.
    pub labels: u32,
    /// Where it was trained.
    pub source: String,
    /// Its figures.
    pub metrics: serde_json::Value,
    /// Whether it is the one its target suggests with.
    pub active: bool,
    /// Who stored it (an account id, or `cli` / `job`).
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A verified report, as a model learns from it: its words, place and channel, and the agency
/// and category the verification gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageExample {
    /// The report.
    pub tracking_id: TrackingId,
    /// Its reporter, whose identity is kept out of the features.
    pub reporter: ReporterId,
    /// Its title, if any.
    pub title: Option<String>,
    /// Its text.
    pub body: String,
    /// Its region (kabupaten/kota code), if known.
    pub region_code: Option<String>,
    /// The channel it came through.
    pub channel: String,
    /// The agency it was verified to.
    pub agency: String,
    /// Its category, if it has one.
    pub category: Option<String>,
}

/// Which of a model's suggestions one verification took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TriagePick {
    /// What was suggested.
    pub target: TriageTarget,
    /// The model version that suggested it.
    pub version: i64,
    /// 1 to 3 for the suggestion taken, 0 when the choice was none of the first three.
    pub rank: u8,
}

/// How often the verifications took each rank of one model version's suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PickCount {
    /// The model version.
    pub version: i64,
    /// What it suggested.
    pub target: TriageTarget,
    /// The rank taken (0: none of the first three).
    pub rank: u8,
    /// How many verifications took it.
    pub count: u64,
}

/// Checks a pick before it is written.
pub fn check_pick(pick: &TriagePick) -> StoreResult<()> {
    if pick.rank > 3 {
        return Err(StoreError::Conflict {
            constraint: "triage_picks.rank".into(),
        });
    }
    Ok(())
}

/// The triage models and what verifications made of their suggestions.
#[async_trait]
pub trait TriageStore: Send + Sync {
    /// Stores a new version with the audit entry `triage.model.add` (subject
    /// `triage:<version>`), and with `activate` makes it its target's active one (audited as
    /// `triage.model.activate`) in the same transaction. The bytes of inactive versions of
    /// the target beyond the [`KEPT_TRIAGE_MODELS`] kept are dropped there too.
    async fn add_triage_model(
        &self,
        model: &NewTriageModel,
        activate: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<TriageModelInfo>;

    /// Makes `version` the active one of `target` (the previous active one stays stored),
    /// audited. An unknown version, or one of the other target, is not found; one whose bytes
    /// were dropped is a conflict (`triage_models.model`). Activating the active one writes
    /// nothing.
    async fn activate_triage_model(
        &self,
        target: TriageTarget,
        version: i64,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<TriageModelInfo>;

    /// Every version of `target`, newest first.
    async fn list_triage_models(&self, target: TriageTarget) -> StoreResult<Vec<TriageModelInfo>>;

    /// The active version of `target`, if any: a cheap read to tell whether a loaded model
    /// is still the one to use.
    async fn active_triage_version(&self, target: TriageTarget) -> StoreResult<Option<i64>>;

    /// A version with its stored form; `None` when unknown or its bytes were dropped.
    async fn triage_model(&self, version: i64) -> StoreResult<Option<(TriageModelInfo, Vec<u8>)>>;

    /// Up to `limit` reports verified to an agency (dispatched, in progress or completed),
    /// in tracking-id order after `after`, as examples to learn from. Deleted reports and
    /// those archived at verification are not among them.
    async fn triage_examples(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<TriageExample>>;

    /// How often each rank of each version's suggestions of `target` was taken.
    async fn triage_pick_counts(&self, target: TriageTarget) -> StoreResult<Vec<PickCount>>;
}

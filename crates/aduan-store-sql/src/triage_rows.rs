//! Rows of `triage_models` and `triage_picks`, and the verified reports a model learns from.

use crate::corrupt;
use aduan_domain::ReporterId;
use aduan_domain::TrackingId;
use aduan_store::{PickCount, StoreResult, TriageExample, TriageModelInfo, TriageTarget};
use chrono::{DateTime, Utc};

/// The columns of `triage_models` that [`TriageModelRow`] reads, in its order.
pub const TRIAGE_MODEL_COLUMNS: &str = "version, target, size_bytes, model IS NOT NULL AS kept, \
     examples, labels, source, metrics, active, created_by, created_at";

/// A row of `triage_models`, without the model's bytes.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct TriageModelRow {
    pub version: i64,
    pub target: String,
    pub size_bytes: i64,
    pub kept: bool,
    pub examples: i64,
    pub labels: i32,
    pub source: String,
    pub metrics: String,
    pub active: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

fn target_of(stored: &str) -> StoreResult<TriageTarget> {
    TriageTarget::parse(stored).ok_or_else(|| corrupt(format!("unknown triage target `{stored}`")))
}

impl TriageModelRow {
    /// The stored version as the store answers it.
    pub fn into_info(self) -> StoreResult<TriageModelInfo> {
        Ok(TriageModelInfo {
            version: self.version,
            target: target_of(&self.target)?,
            size_bytes: u64::try_from(self.size_bytes).unwrap_or_default(),
            kept: self.kept,
            examples: u64::try_from(self.examples).unwrap_or_default(),
            labels: u32::try_from(self.labels).unwrap_or_default(),
            source: self.source,
            metrics: serde_json::from_str(&self.metrics)
                .map_err(|e| corrupt(format!("triage metrics: {e}")))?,
            active: self.active,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

/// The columns of a verified report that [`TriageExampleRow`] reads, in its order.
pub const TRIAGE_EXAMPLE_COLUMNS: &str =
    "tracking_id, reporter_id, title, body, region_code, channel, agency, category";

/// A verified report as a model learns from it.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct TriageExampleRow {
    pub tracking_id: String,
    pub reporter_id: String,
    pub title: Option<String>,
    pub body: String,
    pub region_code: Option<String>,
    pub channel: String,
    pub agency: String,
    pub category: Option<String>,
}

impl TriageExampleRow {
    /// The example as the store answers it.
    pub fn into_example(self) -> StoreResult<TriageExample> {
        Ok(TriageExample {
            tracking_id: TrackingId::parse(&self.tracking_id).map_err(corrupt)?,
            reporter: ReporterId::from_stored(self.reporter_id),
            title: self.title,
            body: self.body,
            region_code: self.region_code,
            channel: self.channel,
            agency: self.agency,
            category: self.category,
        })
    }
}

/// How often one rank of one version was taken.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PickCountRow {
    pub version: i64,
    pub target: String,
    pub rank: i32,
    pub count: i64,
}

impl PickCountRow {
    /// The count as the store answers it.
    pub fn into_count(self) -> StoreResult<PickCount> {
        Ok(PickCount {
            version: self.version,
            target: target_of(&self.target)?,
            rank: u8::try_from(self.rank).unwrap_or_default(),
            count: u64::try_from(self.count).unwrap_or_default(),
        })
    }
}

//! The statistics' running counts of reports (`aduan_domain::volume`), kept with every write
//! of a report, and the backlog of open reports by age, counted live from an index.

use crate::StoreResult;
use aduan_domain::AgencyId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Which counts to read: one dimension, summed over all time or over months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeQuery {
    /// One of `aduan_domain::volume::DIMS`.
    pub dim: &'static str,
    /// Months from this one (`YYYY-MM`, inclusive); with `until`, or alone.
    pub from: Option<String>,
    /// Months before this one (`YYYY-MM`, exclusive).
    pub until: Option<String>,
    /// One count per month (the month trend) instead of one per value.
    pub by_month: bool,
}

/// One count read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeCount {
    /// The agency of a per-agency count, else empty.
    pub agency: String,
    /// The value counted, or empty.
    pub value: String,
    /// The month (`by_month`), else empty.
    pub period: String,
    /// Reports (or events).
    pub n: i64,
}

/// One agency's open reports by age: held (dispatched or in progress) and submitted within the
/// boundaries given, oldest bucket last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogRow {
    /// The agency.
    pub agency: String,
    /// Per bucket: submitted at or after `boundaries[i]` (and before the previous one); the
    /// last counts everything older than the last boundary.
    pub buckets: [i64; 5],
}

/// The running counts and the backlog.
#[async_trait]
pub trait VolumeStore: Send + Sync {
    /// The counts `query` asks for, by agency and value (and month).
    async fn volume_counts(&self, query: &VolumeQuery) -> StoreResult<Vec<VolumeCount>>;

    /// Open reports held per agency (or only `agency`'s) by age: one bucket per boundary (newest
    /// first, each from its boundary to the one before) and a fifth for all older.
    async fn backlog(
        &self,
        boundaries: &[DateTime<Utc>; 4],
        agency: Option<&AgencyId>,
    ) -> StoreResult<Vec<BacklogRow>>;

    /// The oldest reports held open (dispatched or in progress) by `agency` (or by any), public
    /// ones only when `public_only`, oldest first, at most `limit`.
    async fn oldest_open(
        &self,
        agency: Option<&AgencyId>,
        public_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<aduan_domain::report::Report>>;

    /// Recounts everything from the reports and their events, replacing the counts, and
    /// records that they stand; the reports counted.
    async fn rebuild_volumes(&self) -> StoreResult<u64>;

    /// Whether the counts stand on every report (recorded by a rebuild, or by a new database's
    /// first start).
    async fn volumes_counted(&self) -> StoreResult<bool>;
}

//! The clocks of each report, and the open ones the scheduler and calendar changes look at.

use crate::StoreResult;
use aduan_domain::TrackingId;
use aduan_domain::sla::Clock;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Which clocks the figures count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockFilter {
    /// Only clocks charged to this party (an agency slug or `national_admin`).
    pub responsible: Option<String>,
    /// Only clocks that ran while this unit held the report.
    pub unit: Option<aduan_domain::UnitId>,
    /// Started at or after.
    pub from: Option<DateTime<Utc>>,
    /// Started before.
    pub until: Option<DateTime<Utc>>,
}

/// A page position: after this report and clock number.
pub type ClockCursor = (TrackingId, i64);

/// Stored clocks.
#[async_trait]
pub trait ClockStore: Send + Sync {
    /// A report's clocks in the order they started.
    async fn list_clocks(&self, report: &TrackingId) -> StoreResult<Vec<Clock>>;

    /// The clocks of many reports at once, in one read (a list page): each report's clocks in
    /// the order they started; a report without clocks is absent.
    async fn list_clocks_of(
        &self,
        reports: &[TrackingId],
    ) -> StoreResult<HashMap<TrackingId, Vec<Clock>>>;

    /// Limit clocks (verification, first follow-up, completion) matching `filter`, in
    /// (report, seq) order after `after`, at most `limit`: the figures read them page by page.
    async fn list_limit_clocks(
        &self,
        filter: &ClockFilter,
        after: Option<&ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(ClockCursor, Clock)>>;

    /// Open, running limit clocks and auto-close timers due before `before`, in (report, seq)
    /// order after `after`, at most `limit`: what the scheduler looks at.
    async fn open_clocks_due_before(
        &self,
        before: DateTime<Utc>,
        after: Option<&ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(ClockCursor, Clock)>>;

    /// Reports with at least one open, running clock, in tracking-id order after `after`.
    async fn reports_with_open_clocks(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<TrackingId>>;
}

//! The clocks of each report, and the open ones the scheduler and calendar changes look at.

use crate::{EventActor, StoreResult};
use aduan_domain::TrackingId;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::ReportState;
use aduan_domain::sla::Clock;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

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
    /// A transition that also rewrites the report's clocks and writes the outbox messages it
    /// causes, in one transaction (like [`crate::Store::apply_transition`], whose conflict and
    /// not-found rules apply).
    #[allow(clippy::too_many_arguments)]
    async fn apply_transition_with_clocks(
        &self,
        id: &TrackingId,
        expected_version: i64,
        state: &ReportState,
        event: EventDraft,
        actor: &EventActor,
        at: DateTime<Utc>,
        clocks: &[Clock],
        outbox: &[crate::NewOutboxMessage],
    ) -> StoreResult<Event>;

    /// A report's clocks in the order they started.
    async fn list_clocks(&self, report: &TrackingId) -> StoreResult<Vec<Clock>>;

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

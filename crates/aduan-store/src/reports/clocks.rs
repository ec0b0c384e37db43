//! The clocks of each report, and the open ones the scheduler and calendar changes look at.

use crate::StoreResult;
use aduan_domain::TrackingId;
use aduan_domain::sla::Clock;
use aduan_domain::sla::Phase;
use aduan_domain::sla::tally::Outcome;
use aduan_domain::status::CompletionKind;
use aduan_domain::workdays::WorkCalendar;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
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

/// Which running counts the figures read (see `aduan_domain::sla::tally`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TallyFilter {
    /// Only this party (an agency slug or `national_admin`).
    pub responsible: Option<String>,
    /// Only clocks that ran while this unit held the report.
    pub unit: Option<aduan_domain::UnitId>,
    /// Phases started on or after this day (WIB).
    pub from: Option<NaiveDate>,
    /// Phases started before this day (WIB).
    pub until: Option<NaiveDate>,
}

/// A running count summed over a filter: stopped limit clocks of one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyCount {
    /// The party charged.
    pub responsible: String,
    /// The phase.
    pub phase: Phase,
    /// How they count.
    pub outcome: Outcome,
    /// The completion kind, if any.
    pub completion: Option<CompletionKind>,
    /// Working days from start to stop, if counted.
    pub days: Option<i64>,
    /// How many.
    pub n: i64,
}

/// Open limit clocks past their deadline (or breached before a pause), counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPastDue {
    /// The party charged.
    pub responsible: String,
    /// The phase.
    pub phase: Phase,
    /// The completion kind, if any.
    pub completion: Option<CompletionKind>,
    /// How many.
    pub n: i64,
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

    /// The running counts matching `filter`, summed per party, phase and place (zero sums
    /// left out). They are kept by every write of a report's clocks.
    async fn tally_counts(&self, filter: &TallyFilter) -> StoreResult<Vec<TallyCount>>;

    /// Open limit clocks matching `filter` that are breached at `now`: past their deadline, or
    /// breached before a pause. Read from the running-limit indexes.
    async fn open_past_due(
        &self,
        filter: &TallyFilter,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OpenPastDue>>;

    /// The non-working days the running counts were computed on; `None` when not known (the
    /// counts must be rebuilt).
    async fn tally_basis(&self) -> StoreResult<Option<Vec<NaiveDate>>>;

    /// Records `cal` as the calendar the running counts stand on (after a change that moved
    /// no past day).
    async fn set_tally_basis(&self, cal: &WorkCalendar) -> StoreResult<()>;

    /// Recounts every stopped limit clock on `cal`, replacing the running counts, in one write
    /// transaction that concurrent writers of counts wait for; returns the clocks counted.
    async fn rebuild_tally(&self, cal: &WorkCalendar) -> StoreResult<u64>;
}

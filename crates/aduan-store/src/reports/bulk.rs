//! Bulk loading of whole report histories: a batch of reports, their reporters and every event
//! of each, sealed into hash chains and written in one transaction.
//!
//! Writing a history step by step (one transaction per event) is the right thing for live
//! traffic and far too slow for loading a million generated reports. [`BulkStore`] writes what
//! the step-by-step path would have written — the same rows, the same chains, the same final
//! state, version and head — in one go.

use crate::{EventActor, StoreResult, StoredReport};
use aduan_domain::event::{Event, GENESIS_HASH};
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{ReportState, ReporterIdentity};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// One step of a history: an event draft decided by the domain, who acted, when, and the state
/// the decision produced.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryStep {
    /// The event as decided (before sealing).
    pub event: EventDraft,
    /// Who it is attributed to.
    pub actor: EventActor,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The report's state after the step.
    pub state: ReportState,
}

/// A report's whole history: the report as submitted, its reporter's identity and every step,
/// the first being the submission itself.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The report as first stored (version 1, the submit decision's state).
    pub report: StoredReport,
    /// The reporter's identity (`None` stores an empty identity row, as for an anonymous
    /// reporter who gave nothing).
    pub identity: Option<ReporterIdentity>,
    /// The submission followed by every transition, in order.
    pub steps: Vec<HistoryStep>,
    /// The report's clocks after the last step (see [`derive_clocks`]); written with it.
    pub clocks: Vec<aduan_domain::sla::Clock>,
}

/// The clocks a history leaves behind, by moving them through every step as the live service
/// does (`aduan_domain::sla::advance`).
pub fn derive_clocks(
    steps: &[HistoryStep],
    ctx: &aduan_domain::sla::SlaContext<'_>,
) -> Vec<aduan_domain::sla::Clock> {
    let mut clocks = Vec::new();
    let mut before: Option<&aduan_domain::report::ReportState> = None;
    for step in steps {
        aduan_domain::sla::advance(
            &mut clocks,
            step.event.action,
            step.at,
            before,
            &step.state,
            ctx,
        );
        before = Some(&step.state);
    }
    clocks
}

impl History {
    /// The report as it stands after the last step: final state, `updated_at` of the last
    /// step, and `version` = number of steps (1 for the submission, +1 per transition).
    pub fn final_report(&self) -> StoredReport {
        let mut report = self.report.clone();
        if let Some(last) = self.steps.last() {
            report.state = last.state.clone();
        }
        // The submission is stamped with `submitted_at` whatever its step says (as
        // a submission's `commit` does); each later step with its own time.
        if self.steps.len() > 1
            && let Some(last) = self.steps.last()
        {
            report.updated_at = aduan_domain::time::to_micros(last.at);
        }
        report.version = self.version();
        report
    }

    /// The version the report has after all steps.
    pub fn version(&self) -> i64 {
        i64::try_from(self.steps.len().max(1)).unwrap_or(i64::MAX)
    }

    /// Every step sealed into the report's hash chain, from seq 1. The submission's time is the
    /// report's `submitted_at`, as the step-by-step path records it.
    pub fn sealed_events(&self) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let prev = events.last().map_or(GENESIS_HASH, |e| e.hash.as_str());
            let at = if i == 0 {
                self.report.submitted_at
            } else {
                step.at
            };
            let seq = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let event = Event::seal(
                self.report.tracking_id,
                seq,
                step.actor.id.clone(),
                step.actor.role,
                at,
                step.event.clone(),
                prev,
            );
            events.push(event);
        }
        events
    }
}

/// Every history's final report and sealed chain, as a backend writes them; a history without
/// its submission step is refused.
pub fn seal_histories(histories: &[History]) -> StoreResult<Vec<(StoredReport, Vec<Event>)>> {
    histories
        .iter()
        .map(|h| {
            if h.steps.is_empty() {
                return Err(crate::StoreError::Other(
                    format!("history of {} has no submission step", h.report.tracking_id).into(),
                ));
            }
            Ok((h.final_report(), h.sealed_events()))
        })
        .collect()
}

/// What a bulk write stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkCounts {
    /// Reports written.
    pub reports: u64,
    /// Events written.
    pub events: u64,
}

impl std::ops::AddAssign for BulkCounts {
    fn add_assign(&mut self, other: Self) {
        self.reports += other.reports;
        self.events += other.events;
    }
}

/// Writing many whole histories at once.
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// Writes every history of the batch — reporter identities, reports in their final state
    /// (version, event count and head hash as the step-by-step path leaves them) and all their
    /// events sealed into hash chains — in ONE transaction: all of the batch or none of it.
    /// The figures' running counts take the stopped clocks in, counted on `cal` (the calendar
    /// the clocks were derived on). A tracking id already stored gives
    /// [`crate::StoreError::Conflict`] and writes nothing.
    async fn insert_histories(
        &self,
        histories: &[History],
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts>;

    /// Writes an import batch in ONE transaction: its histories as
    /// [`BulkStore::insert_histories`] does, each one's legacy id, the attachment records and
    /// the source's [`crate::ImportMark`]. A legacy id or tracking id already stored gives
    /// [`crate::StoreError::Conflict`] and writes nothing.
    async fn import_histories(
        &self,
        batch: &crate::ImportBatch<'_>,
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts>;

    /// The reports that `legacy_ids` became, for those already imported (any order).
    async fn legacy_reports(&self, legacy_ids: &[String]) -> StoreResult<Vec<crate::LegacyReport>>;

    /// How far the import of `source` got, if it started.
    async fn import_mark(&self, source: &str) -> StoreResult<Option<crate::ImportMark>>;
}

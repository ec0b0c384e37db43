//! Counting what a run produced.

use aduan_domain::status::{CompletionKind, EscalationLevel, Status};
use aduan_store::History;
use std::collections::BTreeMap;
use std::fmt;

/// Totals of a run: reports and events, reports per final status (completed split by how),
/// per escalation level and per channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reports.
    pub reports: u64,
    /// Events.
    pub events: u64,
    /// Reports per final status, `completed/<kind>` for completed ones.
    pub statuses: BTreeMap<String, u64>,
    /// Reports per final escalation level.
    pub escalations: BTreeMap<EscalationLevel, u64>,
    /// Reports per channel.
    pub channels: BTreeMap<String, u64>,
}

/// The label of a final status: `completed/reporter_confirmed` for completed reports.
pub fn status_label(status: Status, completion: Option<CompletionKind>) -> String {
    match completion {
        Some(kind) if status == Status::Completed => format!("completed/{kind}"),
        _ => status.to_string(),
    }
}

impl Totals {
    /// Counts one history.
    pub fn add(&mut self, h: &History) {
        self.reports += 1;
        self.events += h.steps.len() as u64;
        let state = h.steps.last().map_or(&h.report.state, |s| &s.state);
        *self
            .statuses
            .entry(status_label(state.status, state.completion_kind))
            .or_default() += 1;
        *self.escalations.entry(state.escalation_level).or_default() += 1;
        *self
            .channels
            .entry(h.report.channel.as_string())
            .or_default() += 1;
    }
}

impl fmt::Display for Totals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} reports, {} events", self.reports, self.events)?;
        let pct = |n: u64| 100.0 * n as f64 / self.reports.max(1) as f64;
        writeln!(f, "by status:")?;
        for (label, n) in &self.statuses {
            writeln!(f, "  {label:<30} {n:>10} {:>6.1}%", pct(*n))?;
        }
        writeln!(f, "by escalation level:")?;
        for (level, n) in &self.escalations {
            writeln!(f, "  {:<30} {n:>10} {:>6.1}%", level.as_str(), pct(*n))?;
        }
        writeln!(f, "by channel:")?;
        for (channel, n) in &self.channels {
            writeln!(f, "  {channel:<30} {n:>10} {:>6.1}%", pct(*n))?;
        }
        Ok(())
    }
}

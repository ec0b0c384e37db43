//! The SLA figures of docs/domain.md §3: per responsible party and phase, how many phases kept
//! their limit, how many missed it, and the median and 90th percentile of their durations in
//! whole working days (nearest rank).
//!
//! Only a party's own act keeps a limit. A completion clock that the system ended by
//! auto-close (the agency never completed) counts as missed when the auto-close came after the
//! deadline, and in a column of its own (`auto_closed_before_due`, neither within nor missed)
//! when it came before. A verification that the reporter's withdraw ended counts in no figure
//! unless the deadline had already passed (then it is missed). Durations are those of phases
//! the party itself stopped. Completions are shown apart by kind: confirmed by the reporter,
//! closed by the agency (not confirmed), and auto-closed.

use crate::sla::tally::{Outcome, place};
use crate::sla::{Clock, Phase};
use crate::status::CompletionKind;
use crate::workdays::WorkCalendar;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures of one party for one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseFigures {
    /// The party charged: an agency slug or `national_admin`.
    pub responsible: String,
    /// The phase.
    pub phase: Phase,
    /// Phases decided: stopped, or open past their deadline.
    pub decided: u64,
    /// Stopped at or before the deadline.
    pub within_limit: u64,
    /// Stopped after the deadline, or open past it.
    pub missed: u64,
    /// Still open past the deadline (part of `missed`).
    pub open_past_due: u64,
    /// Completion clocks the system ended by auto-close before their deadline, the agency never
    /// having completed: neither within the limit nor missed (not part of `decided`).
    pub auto_closed_before_due: u64,
    /// Completions the reporter confirmed.
    pub confirmed: u64,
    /// Completions the agency closed and the reporter has not confirmed.
    pub agency_closed: u64,
    /// Completions closed by the system after silence (whether or not the agency had
    /// completed first); never counted as satisfaction.
    pub auto_closed: u64,
    /// Share within the limit, 0–1 (none when nothing was decided).
    pub compliance: Option<f64>,
    /// Median duration of stopped phases, whole working days (nearest rank).
    pub median_days: Option<i64>,
    /// 90th percentile duration of stopped phases, whole working days (nearest rank).
    pub p90_days: Option<i64>,
}

/// The value at percentile `p` (0–100] of sorted `values`, by nearest rank.
pub fn nearest_rank(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    // rank = ceil(p/100 × n), at least 1.
    let rank = ((u64::from(p) * n as u64).div_ceil(100)).max(1) as usize;
    sorted.get(rank.min(n) - 1).copied()
}

/// The value at percentile `p` (0–100] of a histogram of values (value → count), by nearest
/// rank; counts below one are ignored.
pub fn nearest_rank_of(histogram: &BTreeMap<i64, i64>, p: u32) -> Option<i64> {
    let n: u64 = histogram.values().map(|c| (*c).max(0) as u64).sum();
    if n == 0 {
        return None;
    }
    let rank = (u64::from(p) * n).div_ceil(100).clamp(1, n);
    let mut seen = 0;
    for (value, count) in histogram {
        seen += (*count).max(0) as u64;
        if seen >= rank {
            return Some(*value);
        }
    }
    None
}

#[derive(Default)]
struct Tally {
    within: i64,
    missed: i64,
    open_past_due: i64,
    auto_closed_before_due: i64,
    confirmed: i64,
    agency_closed: i64,
    auto_closed: i64,
    durations: BTreeMap<i64, i64>,
}

impl Tally {
    fn completion(&mut self, completion: Option<CompletionKind>, n: i64) {
        match completion {
            Some(CompletionKind::ReporterConfirmed) => self.confirmed += n,
            Some(CompletionKind::AgencyClosed) => self.agency_closed += n,
            Some(CompletionKind::AutoClosed) => self.auto_closed += n,
            None => {}
        }
    }
}

/// Accumulates clocks, or the stored counts of [`crate::sla::tally`], into figures; feed it
/// page by page, then call [`Figures::finish`].
#[derive(Default)]
pub struct Figures {
    groups: BTreeMap<(String, Phase), Tally>,
}

impl Figures {
    /// Counts one clock as of `now`. Windows and timers are not limits and are ignored; an open
    /// clock still within its limit is not decided yet; a stopped clock counts where
    /// [`place`] puts it.
    pub fn add(&mut self, clock: &Clock, cal: &WorkCalendar, now: DateTime<Utc>) {
        if !clock.phase.is_limit() {
            return;
        }
        if clock.is_open() {
            if clock.is_breached(now) {
                self.add_open_past_due(&clock.responsible, clock.phase, clock.completion, 1);
            }
            return;
        }
        if let Some(p) = place(clock, cal) {
            self.add_stopped(&p.responsible, p.phase, p.outcome, p.completion, p.days, 1);
        }
    }

    /// Counts `n` stopped clocks of one place (a stored count).
    pub fn add_stopped(
        &mut self,
        responsible: &str,
        phase: Phase,
        outcome: Outcome,
        completion: Option<CompletionKind>,
        days: Option<i64>,
        n: i64,
    ) {
        let t = self.group(responsible, phase);
        t.completion(completion, n);
        match outcome {
            Outcome::Within => t.within += n,
            Outcome::Missed => t.missed += n,
            Outcome::EndedBeforeDue => t.auto_closed_before_due += n,
        }
        if let Some(d) = days {
            *t.durations.entry(d).or_default() += n;
        }
    }

    /// Counts `n` open clocks past their deadline: missed, and still open.
    pub fn add_open_past_due(
        &mut self,
        responsible: &str,
        phase: Phase,
        completion: Option<CompletionKind>,
        n: i64,
    ) {
        let t = self.group(responsible, phase);
        t.completion(completion, n);
        t.missed += n;
        t.open_past_due += n;
    }

    fn group(&mut self, responsible: &str, phase: Phase) -> &mut Tally {
        self.groups
            .entry((responsible.to_owned(), phase))
            .or_default()
    }

    /// The figures, by party then phase.
    pub fn finish(self) -> Vec<PhaseFigures> {
        self.groups
            .into_iter()
            .map(|((responsible, phase), t)| {
                let decided = t.within + t.missed;
                let count = |n: i64| n.max(0) as u64;
                PhaseFigures {
                    responsible,
                    phase,
                    decided: count(decided),
                    within_limit: count(t.within),
                    missed: count(t.missed),
                    open_past_due: count(t.open_past_due),
                    auto_closed_before_due: count(t.auto_closed_before_due),
                    confirmed: count(t.confirmed),
                    agency_closed: count(t.agency_closed),
                    auto_closed: count(t.auto_closed),
                    compliance: (decided > 0).then(|| t.within as f64 / decided as f64),
                    median_days: nearest_rank_of(&t.durations, 50),
                    p90_days: nearest_rank_of(&t.durations, 90),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_picks_the_ceiling_rank() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(nearest_rank(&v, 50), Some(5));
        assert_eq!(nearest_rank(&v, 90), Some(9));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[3, 8, 20], 50), Some(8));
        assert_eq!(nearest_rank(&[3, 8, 20], 90), Some(20));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn nearest_rank_of_a_histogram_matches_the_sorted_values() {
        let values = [1, 1, 2, 3, 3, 3, 8, 8, 13, 21, 21];
        let mut histogram = BTreeMap::new();
        for v in values {
            *histogram.entry(v).or_default() += 1;
        }
        for p in [1, 10, 50, 90, 99, 100] {
            assert_eq!(
                nearest_rank_of(&histogram, p),
                nearest_rank(&values, p),
                "p{p}"
            );
        }
        histogram.insert(40, 0);
        assert_eq!(nearest_rank_of(&histogram, 100), Some(21));
        assert_eq!(nearest_rank_of(&BTreeMap::new(), 50), None);
    }
}

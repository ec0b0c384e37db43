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

use crate::lifecycle::ActionKind;
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

#[derive(Default)]
struct Tally {
    within: u64,
    missed: u64,
    open_past_due: u64,
    auto_closed_before_due: u64,
    confirmed: u64,
    agency_closed: u64,
    auto_closed: u64,
    durations: Vec<i64>,
}

/// Accumulates clocks into figures; feed it page by page, then call [`Figures::finish`].
#[derive(Default)]
pub struct Figures {
    groups: BTreeMap<(String, Phase), Tally>,
}

impl Figures {
    /// Counts one clock as of `now`. Windows and timers are not limits and are ignored; an open
    /// clock still within its limit is not decided yet; a withdrawn verification counts only
    /// if already breached; an auto-close before the deadline is neither within nor missed.
    pub fn add(&mut self, clock: &Clock, cal: &WorkCalendar, now: DateTime<Utc>) {
        if !clock.phase.is_limit() {
            return;
        }
        let breached = clock.is_breached(now);
        let ended_by_other = matches!(
            clock.stopped_by,
            Some(ActionKind::Withdraw | ActionKind::AutoClose)
        );
        if clock.is_open() && !breached {
            return;
        }
        if clock.stopped_by == Some(ActionKind::Withdraw) && !breached {
            return;
        }
        let t = self
            .groups
            .entry((clock.responsible.clone(), clock.phase))
            .or_default();
        match clock.completion {
            Some(CompletionKind::ReporterConfirmed) => t.confirmed += 1,
            Some(CompletionKind::AgencyClosed) => t.agency_closed += 1,
            Some(CompletionKind::AutoClosed) => t.auto_closed += 1,
            None => {}
        }
        if ended_by_other && !breached {
            t.auto_closed_before_due += 1;
            return;
        }
        if breached {
            t.missed += 1;
        } else {
            t.within += 1;
        }
        match clock.stopped_at {
            Some(stop) if !ended_by_other => {
                let zone = clock.zone;
                t.durations.push(
                    cal.working_days_between(
                        zone.local_date(clock.started_at),
                        zone.local_date(stop),
                    )
                    .max(0),
                );
            }
            Some(_) => {}
            None => t.open_past_due += 1,
        }
    }

    /// The figures, by party then phase.
    pub fn finish(self) -> Vec<PhaseFigures> {
        self.groups
            .into_iter()
            .map(|((responsible, phase), mut t)| {
                t.durations.sort_unstable();
                let decided = t.within + t.missed;
                PhaseFigures {
                    responsible,
                    phase,
                    decided,
                    within_limit: t.within,
                    missed: t.missed,
                    open_past_due: t.open_past_due,
                    auto_closed_before_due: t.auto_closed_before_due,
                    confirmed: t.confirmed,
                    agency_closed: t.agency_closed,
                    auto_closed: t.auto_closed,
                    compliance: (decided > 0).then(|| t.within as f64 / decided as f64),
                    median_days: nearest_rank(&t.durations, 50),
                    p90_days: nearest_rank(&t.durations, 90),
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
}

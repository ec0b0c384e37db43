//! Each agency's record against the legal limits, from the stored clocks.

mod cached;
pub mod league;
pub mod monthly;
pub mod volumes;

pub use cached::FiguresCache;

/// The public statistics' settings (`[stats]`): the smallest count shown to the public, and
/// the grades of the league table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatsConfig {
    /// Counts below this are withheld on public pages and in the public API.
    pub min_count: u64,
    /// `baik` from this share of completions within the limit, in percent.
    pub grade_good: u32,
    /// `sedang` from this share, `kurang` below.
    pub grade_fair: u32,
    /// Decided completions an agency needs to be graded.
    pub grade_min_decided: u64,
}

impl Default for StatsConfig {
    fn default() -> Self {
        Self {
            min_count: 5,
            grade_good: 80,
            grade_fair: 60,
            grade_min_decided: 20,
        }
    }
}

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::UnitId;
use aduan_domain::sla::figures::{Figures, PhaseFigures};
use aduan_domain::workdays::Zone;
use aduan_store::{ClockFilter, TallyFilter};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::{IntoParams, ToSchema};

/// Filters of the figures.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SlaQuery {
    /// Only this agency (slug), or `national_admin`.
    pub agency: Option<String>,
    /// Only this unit.
    pub unit: Option<String>,
    /// Phases started on or after this day (YYYY-MM-DD, WIB).
    pub from: Option<NaiveDate>,
    /// Phases started before this day (YYYY-MM-DD, WIB).
    pub until: Option<NaiveDate>,
}

/// The figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlaStats {
    /// As of.
    pub as_of: DateTime<Utc>,
    /// Per party and phase: decided, within limit, missed (open past due included), compliance,
    /// median and p90 working days; `auto_closed_before_due` (completion clocks the system
    /// auto-closed before the deadline, the agency never having completed: neither within nor
    /// missed, not in `decided`); and the completions by kind: `confirmed`, `agency_closed`,
    /// `auto_closed`.
    #[schema(value_type = Vec<Object>)]
    pub figures: Vec<PhaseFigures>,
}

/// Per-agency SLA figures: a phase is within its limit when the party stopped it by its
/// deadline; an open phase past its deadline counts as a miss; an auto-close after the
/// completion deadline is a miss and one before it is counted apart; a verification the reporter
/// withdrew counts only if already breached; durations are whole working days (nearest rank)
/// of the phases the party stopped.
///
/// Read from the running counts the store keeps with every write of a report's clocks
/// (`aduan_domain::sla::tally`), plus the open clocks past their deadline, counted live from
/// the running-limit index: a few index ranges, whatever the number of reports. An answer
/// counted less than `figures_cache_seconds` ago is answered from memory with its `as_of`.
pub async fn sla(state: &AppState, q: SlaQuery) -> AppResult<SlaStats> {
    // Public figures: read from the replica, if there is one.
    let state = &state.public_reads();
    let key = format!("{:?}", (&q.agency, &q.unit, q.from, q.until));
    let (now, max_age) = (state.clock.now(), kept_for(state));
    state
        .figures
        .sla
        .get(key, now, max_age, async || counted(state, q).await)
        .await
}

/// How long an answer is kept (`figures_cache_seconds`).
fn kept_for(state: &AppState) -> chrono::Duration {
    i64::try_from(state.config.figures_cache_seconds)
        .ok()
        .and_then(chrono::Duration::try_seconds)
        .unwrap_or(chrono::Duration::MAX)
}

/// The figures counted now.
async fn counted(state: &AppState, q: SlaQuery) -> AppResult<SlaStats> {
    let filter = TallyFilter {
        responsible: q.agency,
        unit: q.unit.map(UnitId::new),
        from: q.from,
        until: q.until,
    };
    let now = state.clock.now();
    let mut figures = Figures::default();
    for c in state.store.tally_counts(&filter).await? {
        figures.add_stopped(
            &c.responsible,
            c.phase,
            c.outcome,
            c.completion,
            c.days,
            c.n,
        );
    }
    for o in state.store.open_past_due(&filter, now).await? {
        figures.add_open_past_due(&o.responsible, o.phase, o.completion, o.n);
    }
    Ok(SlaStats {
        as_of: now,
        figures: figures.finish(),
    })
}

/// The same figures recounted from every clock, page by page: what the running counts must
/// always equal (`aduan stats verify`, and the tests).
pub async fn sla_recounted(state: &AppState, q: SlaQuery) -> AppResult<SlaStats> {
    let wib_midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc() - chrono::Duration::hours(7))
    };
    let filter = ClockFilter {
        responsible: q.agency,
        unit: q.unit.map(UnitId::new),
        from: q.from.and_then(wib_midnight),
        until: q.until.and_then(wib_midnight),
    };
    let now = state.clock.now();
    let cal = state.calendar.get();
    let mut figures = Figures::default();
    let mut after = None;
    loop {
        let page = state
            .store
            .list_limit_clocks(&filter, after.as_ref(), 10_000)
            .await?;
        let Some((last, _)) = page.last() else { break };
        after = Some(*last);
        for (_, clock) in &page {
            figures.add(clock, &cal, now);
        }
    }
    Ok(SlaStats {
        as_of: now,
        figures: figures.finish(),
    })
}

/// Makes sure the running counts stand on the calendar in force: rebuilt from the clocks when
/// the calendar they were counted on is not known (a new database, or one that held clocks
/// before the counts existed; cheap for the first, once for the second) or when a non-working
/// day on or before today changed since (the working days of stopped phases move); otherwise
/// the calendar is recorded as their basis. Returns the clocks recounted, if any were.
pub async fn keep_counts_on_calendar(state: &AppState) -> AppResult<Option<u64>> {
    let cal = state.calendar.get();
    let today = Zone::Wib.local_date(state.clock.now());
    let stale = match state.store.tally_basis().await? {
        None => true,
        Some(basis) => {
            let basis: BTreeSet<NaiveDate> = basis.into_iter().collect();
            let now: BTreeSet<NaiveDate> = cal.days().collect();
            basis.symmetric_difference(&now).any(|d| *d <= today)
        }
    };
    state.figures.forget();
    if stale {
        let counted = state.store.rebuild_tally(&cal).await?;
        tracing::info!(clocks = counted, "figures' running counts rebuilt");
        return Ok(Some(counted));
    }
    state.store.set_tally_basis(&cal).await?;
    Ok(None)
}

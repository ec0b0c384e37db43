//! Each agency's record against the legal limits, from the stored clocks.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::UnitId;
use aduan_domain::sla::figures::{Figures, PhaseFigures};
use aduan_store::ClockFilter;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters of the figures.
#[derive(Debug, Deserialize, IntoParams)]
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
#[derive(Debug, Serialize, ToSchema)]
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

fn wib_midnight(d: NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
}

/// Per-agency SLA figures: a phase is within its limit when the party stopped it by its
/// deadline; an open phase past its deadline counts as a miss; an auto-close after the
/// completion deadline is a miss and one before it is counted apart; a verification the reporter
/// withdrew counts only if already breached; durations are whole working days (nearest rank)
/// of the phases the party stopped.
pub async fn sla(state: &AppState, q: SlaQuery) -> AppResult<SlaStats> {
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

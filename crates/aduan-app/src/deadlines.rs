//! Each report's deadlines as the use cases keep them: its clocks (the pure rules are
//! `aduan_domain::sla`) moved with every submission and action, read into every view,
//! and recomputed when the calendar changes.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::lifecycle::{ActionKind, EventDraft};
use aduan_domain::report::{Report, ReportState};
use aduan_domain::sla::{Clock, ClockReading, SlaContext, advance, headline};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, Status};
use aduan_store::{Commit, Effects};
use aduan_store::{EventActor, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A report's clocks as a caller reads them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaView {
    /// The open clock due soonest: `phase`, `due_at` (RFC 3339 with the responsible party's
    /// offset), `working_days_left` (negative once breached), `breached`.
    #[schema(value_type = Option<Object>)]
    pub sla: Option<ClockReading>,
    /// Every clock, open or stopped.
    #[schema(value_type = Vec<Object>)]
    pub clocks: Vec<ClockReading>,
}

/// Reads clocks at the app's now.
pub fn sla_view(state: &AppState, clocks: &[Clock]) -> SlaView {
    let now = state.clock.now();
    let cal = state.calendar.get();
    SlaView {
        sla: headline(clocks, &cal, now),
        clocks: clocks.iter().map(|c| c.reading(&cal, now)).collect(),
    }
}

/// The zones of the agencies a transition touches.
async fn zones(state: &AppState, states: &[&ReportState]) -> AppResult<BTreeMap<AgencyId, Zone>> {
    let mut out = BTreeMap::new();
    for s in states {
        for a in [&s.requested_agency, &s.agency].into_iter().flatten() {
            if !out.contains_key(a) {
                let zone = state
                    .store
                    .get_agency(a)
                    .await?
                    .map_or(Zone::Wib, |ag| ag.zone);
                out.insert(a.clone(), zone);
            }
        }
    }
    Ok(out)
}

/// The clocks after `action` at `at`, from `before` (none for a submission) to `after`.
pub async fn moved(
    state: &AppState,
    mut clocks: Vec<Clock>,
    action: ActionKind,
    at: DateTime<Utc>,
    before: Option<&ReportState>,
    after: &ReportState,
) -> AppResult<Vec<Clock>> {
    let mut touched = vec![after];
    touched.extend(before);
    let zones = zones(state, &touched).await?;
    let zone_of = |a: &AgencyId| zones.get(a).copied().unwrap_or(Zone::Wib);
    let cal = state.calendar.get();
    let ctx = SlaContext {
        calendar: &cal,
        limits: &state.config.sla,
        zone_of: &zone_of,
    };
    advance(&mut clocks, action, at, before, after, &ctx);
    Ok(clocks)
}

/// After a calendar change: recomputes every open deadline and records a `deadline_moved`
/// event (with the clock's phase, old and new deadline) on each report whose deadline moved,
/// then keeps the figures' running counts on the new calendar (rebuilt when a past day
/// changed). Returns how many reports moved.
pub async fn calendar_changed(state: &AppState) -> AppResult<u64> {
    let cal = state.calendar.get();
    let mut moved_reports = 0;
    let mut after = None;
    loop {
        let page = state
            .store
            .reports_with_open_clocks(after.as_ref(), 200)
            .await?;
        let Some(last) = page.last().copied() else {
            break;
        };
        for id in page {
            // A concurrent move of the same report wins; the next pass finds it again.
            for _attempt in 0..3 {
                let Some(report) = state.store.get_report(&id).await? else {
                    break;
                };
                let mut clocks = state.store.list_clocks(&id).await?;
                let mut moves = Vec::new();
                for c in clocks.iter_mut() {
                    let old = c.due_at;
                    if c.recompute(&cal) {
                        moves.push(json!({ "phase": c.phase, "from": old, "to": c.due_at }));
                    }
                }
                if moves.is_empty() {
                    break;
                }
                let draft = deadline_moved(&report, moves);
                let now = state.clock.now();
                match state
                    .store
                    .commit(Commit::Transition {
                        id: &id,
                        expected_version: report.version,
                        state: &report.state,
                        event: draft,
                        actor: &EventActor::system(),
                        at: now,
                        effects: Some(Effects {
                            clocks: &clocks,
                            calendar: &cal,
                            outbox: &[],
                            picks: &[],
                        }),
                    })
                    .await
                {
                    Ok(_) => {
                        moved_reports += 1;
                        break;
                    }
                    Err(StoreError::Conflict { .. }) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
        }
        after = Some(last);
    }
    crate::stats::keep_counts_on_calendar(state).await?;
    Ok(moved_reports)
}

fn deadline_moved(report: &Report, moves: Vec<serde_json::Value>) -> EventDraft {
    let status: Status = report.state.status;
    EventDraft {
        action: ActionKind::DeadlineMoved,
        from: Some(status),
        to: status,
        reason: Some("calendar_changed".into()),
        body: None,
        internal: false,
        payload: json!({ "moves": moves }),
    }
}

//! The decision facts of a stored report: its state, the holding unit's path from the
//! directory, and the windows its clocks leave open.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::UnitId;
use aduan_domain::lifecycle::{ReportFacts, Windows};
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase, window_open};
use aduan_domain::visibility::VisibilityFacts;
use aduan_store::StoreError;
use chrono::{DateTime, Utc};

/// The windows the reporter's actions depend on, read from the report's clocks at `now`.
pub fn windows(clocks: &[Clock], now: DateTime<Utc>) -> Windows {
    let past_due = |phase: Phase| {
        clocks
            .iter()
            .any(|c| c.is_open() && c.phase == phase && c.due_at.is_some_and(|d| now > d))
    };
    Windows {
        appeal_open: window_open(clocks, Phase::AppealWindow, now),
        reopen_open: window_open(clocks, Phase::ReopenWindow, now),
        completion_missed: past_due(Phase::Completion),
        auto_close_due: past_due(Phase::AutoClose),
        // The scheduler decides escalations; no API caller acts as the system.
        escalation_due: false,
    }
}

/// The full decision facts of a report.
pub async fn report_facts(
    state: &AppState,
    report: &Report,
    clocks: &[Clock],
) -> AppResult<ReportFacts> {
    let unit_path = match &report.state.unit {
        Some(unit) => state.store.unit_path(unit).await?,
        None => Vec::new(),
    };
    Ok(ReportFacts {
        state: report.state.clone(),
        reporter: report.reporter.clone(),
        confidential: report.state.confidential,
        anonymous: report.anonymous,
        show_name: report.show_name,
        unit_path,
        windows: windows(clocks, state.clock.now()),
    })
}

/// The visibility facts of a report (the unit path comes from the directory, as kept in memory
/// by [`crate::cache`]; a decision to act reads it from the store, in [`report_facts`]).
pub(crate) async fn visibility_facts(
    state: &AppState,
    report: &Report,
) -> AppResult<VisibilityFacts> {
    let unit_path = match &report.state.unit {
        Some(unit) => {
            state
                .reference
                .unit_path(state.store.as_ref(), unit)
                .await?
        }
        None => Vec::new(),
    };
    Ok(facts_with(report, unit_path))
}

/// The visibility facts of many reports (a list page), with every unit path read at once.
pub(crate) async fn visibility_facts_of_many(
    state: &AppState,
    reports: &[Report],
) -> AppResult<Vec<VisibilityFacts>> {
    let mut units: Vec<UnitId> = reports
        .iter()
        .filter_map(|r| r.state.unit.clone())
        .collect();
    units.sort();
    units.dedup();
    let paths = state
        .reference
        .unit_paths(state.store.as_ref(), &units)
        .await?;
    reports
        .iter()
        .map(|report| {
            let unit_path = match &report.state.unit {
                // An unknown unit is not found, as when read alone.
                Some(unit) => paths.get(unit).cloned().ok_or(StoreError::NotFound)?,
                None => Vec::new(),
            };
            Ok(facts_with(report, unit_path))
        })
        .collect()
}

fn facts_with(report: &Report, unit_path: Vec<UnitId>) -> VisibilityFacts {
    VisibilityFacts {
        status: report.state.status,
        confidential: report.state.confidential,
        anonymous: report.anonymous,
        show_name: report.show_name,
        requested_agency: report.state.requested_agency.clone(),
        agency: report.state.agency.clone(),
        unit_path,
        reporter: report.reporter.clone(),
        escalation_level: report.state.escalation_level,
    }
}

//! The decision facts of a stored report: its state, the holding unit's path from the
//! directory, and the clock-based windows computed from its history on the working-day
//! calendar.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::{ActionKind, ReportFacts, Windows};
use aduan_domain::report::{HandlingClass, Kind, Report};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::workdays::{Zone, deadline};
use aduan_domain::{Status, visibility::VisibilityFacts};
use chrono::{DateTime, Utc};

/// Working days the reporter has to appeal an archive or reopen a completion.
pub const REPORTER_WINDOW_DAYS: u32 = 10;

/// The completion limit in working days for a report of this kind and class.
pub fn completion_limit(kind: Kind, class: Option<HandlingClass>) -> u32 {
    match (kind, class) {
        (Kind::Complaint, Some(HandlingClass::Supervisory)) => 60,
        (Kind::Complaint, _) => 14,
        (Kind::Aspiration | Kind::InformationRequest, _) => 5,
    }
}

fn last_at(events: &[Event], actions: &[ActionKind]) -> Option<DateTime<Utc>> {
    events
        .iter()
        .rev()
        .find(|e| actions.contains(&e.action))
        .map(|e| e.at)
}

/// The windows the reporter's actions depend on, as of `now`.
pub fn windows(
    state: &AppState,
    report: &Report,
    events: &[Event],
    zone: Zone,
    now: DateTime<Utc>,
) -> Windows {
    let cal = state.calendar.as_ref();
    let st = &report.state;
    let open_until = |start: Option<DateTime<Utc>>, days: u32| {
        start.is_some_and(|s| now <= deadline(cal, zone, s, days))
    };
    let archived = st.status == Status::Archived
        && st.archive_reason.as_ref().map(|r| r.code) != Some(ArchiveReasonCode::Withdrawn);
    let completion_started = last_at(events, &[ActionKind::VerifyDispatch, ActionKind::Reopen]);
    let held = matches!(st.status, Status::Dispatched | Status::InProgress);
    Windows {
        appeal_open: archived
            && open_until(
                last_at(events, &[ActionKind::Archive]),
                REPORTER_WINDOW_DAYS,
            ),
        reopen_open: st.status == Status::Completed
            && open_until(
                last_at(events, &[ActionKind::Complete, ActionKind::AutoClose]),
                REPORTER_WINDOW_DAYS,
            ),
        completion_missed: held
            && completion_started.is_some_and(|s| {
                now > deadline(cal, zone, s, completion_limit(st.kind, st.handling_class))
            }),
        // The scheduler alone closes and escalates; no API caller acts as the system.
        auto_close_due: false,
        escalation_due: false,
    }
}

/// The full decision facts of a report.
pub async fn report_facts(
    state: &AppState,
    report: &Report,
    events: &[Event],
) -> AppResult<ReportFacts> {
    let unit_path = match &report.state.unit {
        Some(unit) => state.store.unit_path(unit).await?,
        None => Vec::new(),
    };
    let zone = match &report.state.agency {
        Some(a) => state
            .store
            .get_agency(a)
            .await?
            .map_or(Zone::Wib, |a| a.zone),
        None => Zone::Wib,
    };
    Ok(ReportFacts {
        state: report.state.clone(),
        reporter: report.reporter.clone(),
        confidential: report.confidential,
        anonymous: report.anonymous,
        show_name: report.show_name,
        unit_path,
        windows: windows(state, report, events, zone, state.clock.now()),
    })
}

/// The visibility facts of a report (the unit path comes from the directory).
pub async fn visibility_facts(state: &AppState, report: &Report) -> AppResult<VisibilityFacts> {
    let unit_path = match &report.state.unit {
        Some(unit) => state.store.unit_path(unit).await?,
        None => Vec::new(),
    };
    Ok(VisibilityFacts {
        status: report.state.status,
        confidential: report.confidential,
        anonymous: report.anonymous,
        show_name: report.show_name,
        requested_agency: report.state.requested_agency.clone(),
        agency: report.state.agency.clone(),
        unit_path,
        reporter: report.reporter.clone(),
        escalation_level: report.state.escalation_level,
    })
}

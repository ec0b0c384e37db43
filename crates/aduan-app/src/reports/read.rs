//! Reading one report as a given caller: the view, the status card, the history.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::facts::visibility_facts;
use crate::view::{EventView, ReportView, StatusCard, event_views, report_view, status_card};
use aduan_domain::TrackingId;
use aduan_domain::report::Report;
use aduan_domain::visibility::{IdentityView, Visibility, visibility};

/// Loads a report and what `caller` may see of it (404 for a malformed or unknown id).
pub async fn load(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<(Report, Visibility)> {
    let id = TrackingId::parse(tracking_id).map_err(|_| AppError::NotFound)?;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = caller.actor_for(state, &report, None).await?;
    let vis = visibility(&actor, &visibility_facts(state, &report).await?);
    Ok((report, vis))
}

/// The view of a report the caller may see (`vis.report` checked): the identity as the policy
/// shows it, and the live clocks.
pub async fn view_of(state: &AppState, report: &Report, vis: &Visibility) -> AppResult<ReportView> {
    let identity = match vis.identity {
        IdentityView::Full | IdentityView::NameOnly => {
            state.store.get_identity(&report.reporter).await?
        }
        IdentityView::Pelapor | IdentityView::Anonim => None,
    };
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(report_view(
        report,
        vis,
        identity.as_ref(),
        crate::sla::sla_view(state, &clocks),
    ))
}

/// The report as `caller` may see it; `not_found` when they may not see it.
pub async fn report(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<ReportView> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    view_of(state, &report, &vis).await
}

/// The status card, for anyone holding the tracking id.
pub async fn status(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<StatusCard> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(status_card(
        &report,
        &vis,
        crate::sla::sla_view(state, &clocks),
    ))
}

/// The history `caller` may see, oldest first; `not_found` when they may not see the report.
pub async fn events(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<Vec<EventView>> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    let events = state.store.list_events(&report.tracking_id).await?;
    Ok(event_views(&events, &vis))
}

//! Reading one report as a given caller: the view, the status card, the history. The one
//! visibility policy is applied here for every edge (API, pages, SMS): a [`Visibility`] comes
//! only from the domain's `visibility`, and the views only from the functions below.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::facts::visibility_facts;
use crate::view::{EventView, ReportView, StatusCard, event_views, report_view, status_card};
use aduan_domain::TrackingId;
use aduan_domain::actor::Actor;
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
    let vis = visibility_as(state, &actor, &report).await?;
    Ok((report, vis))
}

/// What `actor` may see of `report`, for edges that know the actor without a [`Caller`]: the
/// public feed, an account's own reports, the sender of an SMS.
pub async fn visibility_as(
    state: &AppState,
    actor: &Actor,
    report: &Report,
) -> AppResult<Visibility> {
    Ok(visibility(actor, &visibility_facts(state, report).await?))
}

/// The view of a report the caller may see (`vis.report()` checked): the identity as the policy
/// shows it, and the live clocks.
pub async fn view_of(state: &AppState, report: &Report, vis: &Visibility) -> AppResult<ReportView> {
    let identity = match vis.identity() {
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
        crate::deadlines::sla_view(state, &clocks),
    ))
}

/// The report as `caller` may see it; `not_found` when they may not see it.
pub async fn report(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<ReportView> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    if !vis.report() {
        return Err(AppError::NotFound);
    }
    view_of(state, &report, &vis).await
}

/// The status card, for anyone holding the tracking id.
pub async fn status(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<StatusCard> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    card_of(state, &report, &vis).await
}

/// The status card of `report` as `actor` may see it (the SMS `CEK` names its actor by the
/// sender's number).
pub async fn status_as(state: &AppState, actor: &Actor, report: &Report) -> AppResult<StatusCard> {
    let vis = visibility_as(state, actor, report).await?;
    card_of(state, report, &vis).await
}

/// The status card of `report` as the viewer of `vis` may see it, with the live clocks.
pub async fn card_of(state: &AppState, report: &Report, vis: &Visibility) -> AppResult<StatusCard> {
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(status_card(
        report,
        vis,
        crate::deadlines::sla_view(state, &clocks),
    ))
}

/// The history `caller` may see, oldest first; `not_found` when they may not see the report.
pub async fn events(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<Vec<EventView>> {
    let (report, vis) = load(state, caller, tracking_id).await?;
    if !vis.report() {
        return Err(AppError::NotFound);
    }
    history_of(state, &report, &vis).await
}

/// The history of `report` the viewer of `vis` may see, oldest first (`vis.report()` checked).
pub async fn history_of(
    state: &AppState,
    report: &Report,
    vis: &Visibility,
) -> AppResult<Vec<EventView>> {
    let events = state.store.list_events(&report.tracking_id).await?;
    Ok(event_views(&events, vis))
}

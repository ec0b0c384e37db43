//! Reading one report: the caller's view, the status card, the history.

use crate::AppState;
use crate::api::page::Page;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::facts::visibility_facts;
use crate::view::{EventView, ReportView, StatusCard, event_views, report_view, status_card};
use aduan_domain::TrackingId;
use aduan_domain::report::Report;
use aduan_domain::visibility::{IdentityView, Visibility, visibility};
use axum::Json;
use axum::extract::{Path, State};

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

/// The report as the caller may see it; 404 when the caller may not see it.
#[utoipa::path(get, path = "/reports/{tracking_id}", tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = ReportView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_id): Path<String>,
) -> AppResult<Json<ReportView>> {
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    Ok(Json(view_of(&state, &report, &vis).await?))
}

/// The status card, for anyone holding the tracking id.
#[utoipa::path(get, path = "/reports/{tracking_id}/status", tag = "reports",
    params(("tracking_id" = String, Path)),
    responses((status = 200, body = StatusCard), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_id): Path<String>,
) -> AppResult<Json<StatusCard>> {
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(Json(status_card(
        &report,
        &vis,
        crate::sla::sla_view(&state, &clocks),
    )))
}

/// The history the caller may see, oldest first, whole; 404 when the caller may not see the
/// report.
#[utoipa::path(get, path = "/reports/{tracking_id}/events", tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = Page<EventView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_id): Path<String>,
) -> AppResult<Json<Page<EventView>>> {
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    let events = state.store.list_events(&report.tracking_id).await?;
    Ok(Json(Page::whole(event_views(&events, &vis))))
}

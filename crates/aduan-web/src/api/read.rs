//! Reading one report: the caller's view, the status card, the history, through
//! [`aduan_app::reports::read`].

use crate::auth::Auth;
use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::page::Page;
use aduan_app::reports::read;
use aduan_app::view::{EventView, ReportView, StatusCard};
use axum::Json;
use axum::extract::{Path, State};

/// The report as the caller may see it; 404 when the caller may not see it.
#[utoipa::path(get, path = "/reports/{tracking_id}", extensions(("x-access" = json!(crate::api::access::PUBLIC_REPORT))), tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = ReportView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_report(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<ReportView>> {
    Ok(Json(read::report(&state, &caller, &tracking_id).await?))
}

/// The status card, for anyone holding the tracking id.
#[utoipa::path(get, path = "/reports/{tracking_id}/status", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "reports",
    params(("tracking_id" = String, Path)),
    responses((status = 200, body = StatusCard), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_status(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<StatusCard>> {
    Ok(Json(read::status(&state, &caller, &tracking_id).await?))
}

/// The history the caller may see, oldest first, whole; 404 when the caller may not see the
/// report.
#[utoipa::path(get, path = "/reports/{tracking_id}/events", extensions(("x-access" = json!(crate::api::access::PUBLIC_REPORT))), tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = Page<EventView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_events(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<Page<EventView>>> {
    Ok(Json(Page::whole(
        read::events(&state, &caller, &tracking_id).await?,
    )))
}

//! `GET /reports`: the public feed for everyone, and what staff may see for staff, through
//! [`aduan_app::reports::list`].

use crate::auth::Auth;
use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::list::{ListQuery, ReportPage, list};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};

/// List reports, newest first: the public feed, or what the caller's role may see.
#[utoipa::path(get, path = "/reports", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "reports", params(ListQuery),
    responses((status = 200, body = ReportPage), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_reports(
    State(state): State<AppState>,
    Auth(caller): Auth,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Json<ReportPage>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(list(&state, &caller, &q).await?))
}

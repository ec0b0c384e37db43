//! The working-day calendar over HTTP, through [`aduan_app::calendar`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::calendar::{self, CalendarEdit, CalendarQuery, NewCalendarDay};
use aduan_app::error::AppError;
use aduan_app::page::{AnyObject, Page};
use aduan_store::Holiday;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// The national holidays and cuti bersama of a year, by date; the year comes whole.
#[utoipa::path(get, path = "/calendar", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "calendar", params(CalendarQuery),
    responses((status = 200, body = Page<AnyObject>), (status = 400, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_calendar(
    State(state): State<AppState>,
    query: Result<Query<CalendarQuery>, QueryRejection>,
) -> ApiResult<Json<Page<Holiday>>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(Page::whole(calendar::year(&state, &q).await?)))
}

/// Add a non-working date (national admin); audited as `calendar.add`, and every open
/// deadline it moves gets a `deadline_moved` event.
#[utoipa::path(post, path = "/calendar", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "calendar", request_body = NewCalendarDay,
    responses((status = 201, body = Object), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_calendar_day(
    State(state): State<AppState>,
    Auth(caller): Auth,
    ApiJson(req): ApiJson<NewCalendarDay>,
) -> ApiResult<(StatusCode, Json<CalendarEdit>)> {
    let edit = calendar::add(&state, &caller, req).await?;
    Ok((StatusCode::CREATED, Json(edit)))
}

/// Remove a date from the calendar (national admin); audited as `calendar.remove`, and every
/// open deadline it moves gets a `deadline_moved` event.
#[utoipa::path(delete, path = "/calendar/{date}", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "calendar",
    params(("date" = chrono::NaiveDate, Path, description = "YYYY-MM-DD")),
    responses((status = 200, body = Object), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn remove_calendar_day(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(date): Path<String>,
) -> ApiResult<Json<CalendarEdit>> {
    Ok(Json(calendar::remove(&state, &caller, &date).await?))
}

//! `POST /reports/{tracking_id}/actions`: every action a person takes, through
//! [`aduan_app::reports::act`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::act::ActionResponse;
use aduan_app::reports::action_input::ActionRequest;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;

fn if_match(headers: &HeaderMap) -> AppResult<Option<i64>> {
    match headers.get("if-match").and_then(|v| v.to_str().ok()) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .parse()
            .map(Some)
            .map_err(|_| AppError::field("If-Match", "invalid")),
    }
}

/// Take an action on a report.
#[utoipa::path(post, path = "/reports/{tracking_id}/actions", extensions(("x-access" = json!(crate::api::access::REPORT_PARTIES))), tag = "reports",
    params(("tracking_id" = String, Path), ("If-Match" = Option<String>, Header, description = "the report's version, as `3`, `\"3\"` or `W/\"3\"`", pattern = r#"^(W/)?"?[0-9]{1,18}"?$"#)),
    request_body(content = ActionRequest, examples(
        ("note" = (summary = "staff: an internal note", value = json!({"action": "note", "body": "Sudah dicek ke lokasi."}))),
        ("add_info" = (summary = "the reporter adds information", value = json!({"action": "add_info", "body": "Foto menyusul."}))))),
    responses((status = 200, body = ActionResponse), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn take_action(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
    headers: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<ActionResponse>> {
    let done =
        aduan_app::reports::act::take(&state, &caller, &tracking_id, &body, if_match(&headers))
            .await?;
    Ok(Json(done))
}

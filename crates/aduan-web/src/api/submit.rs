//! `POST /reports`: submission by anyone, by a logged-in citizen, or by staff on behalf,
//! through [`aduan_app::reports::submit`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::reports::submit::{Filed, SubmitRequest, submit};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;
use utoipa::ToSchema;

/// `POST /reports` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitResponse {
    /// The public handle.
    pub tracking_id: String,
    /// Status now.
    pub status: String,
    /// The secret that unlocks the reporter's view and actions (only for reporters without an
    /// account, and for staff to hand over). Shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_code: Option<String>,
    /// True when this answers a repeated `Idempotency-Key`.
    pub replayed: bool,
}

/// Submit a report. An `Idempotency-Key` belongs to its client (the account when logged in,
/// else the client's address) and to the request it came with: the same key with another body
/// is refused with `idempotency_mismatch`. Submissions without an account are limited per
/// address.
#[utoipa::path(post, path = "/reports", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "reports", request_body = SubmitRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe submission key, per client")),
    responses((status = 201, body = SubmitResponse), (status = 200, body = SubmitResponse, description = "replay"),
        (status = 422, body = crate::error::ErrorBody),
        (status = 429, body = crate::error::ErrorBody, description = "too many submissions; see Retry-After")))]
pub async fn submit_report(
    State(state): State<AppState>,
    Auth(caller): Auth,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> ApiResult<(StatusCode, Json<SubmitResponse>)> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok(respond(submit(&state, caller, key, req).await?))
}

fn respond(filed: Filed) -> (StatusCode, Json<SubmitResponse>) {
    let status = if filed.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (
        status,
        Json(SubmitResponse {
            tracking_id: filed.tracking_id.to_string(),
            status: filed.status,
            access_code: filed.access_code,
            replayed: filed.replayed,
        }),
    )
}

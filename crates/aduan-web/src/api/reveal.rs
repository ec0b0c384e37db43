//! The two-person reveal over HTTP, through [`aduan_app::reports::reveal`]: a national admin
//! requests, a second authorised person decides; both with a second-factor session.

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::reveal::{self, DecisionBody, RevealRequestBody, RevealView};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

/// A request's number from its path: anything that is not one names no request (404, as
/// JSON like every answer of the API).
fn request_id(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// Ask to reveal the identity of a report's anonymous reporter, with the legal reason. It is
/// carried out only when a second authorised person approves it. National admin, with a
/// session whose login passed the second factor (`second_factor_session` otherwise).
#[utoipa::path(post, path = "/reports/{tracking_id}/reveal-requests", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "reveal",
    params(("tracking_id" = String, Path)), request_body = RevealRequestBody,
    responses((status = 201, body = RevealView), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn request_reveal(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
    ApiJson(body): ApiJson<RevealRequestBody>,
) -> ApiResult<(StatusCode, Json<RevealView>)> {
    let made = reveal::request(&state, &caller, &tracking_id, body).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Which requests.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevealParams {
    /// `pending` (the default), `approved` or `refused`.
    #[param(schema_with = reveal_statuses)]
    status: Option<String>,
}

/// The statuses a reveal request is listed by, in the API document.
fn reveal_statuses() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["pending", "approved", "refused"]))
        .build()
}

/// Reveal requests in one status, newest first (national admins and the approvers).
#[utoipa::path(get, path = "/reveal-requests", extensions(("x-access" = json!(crate::api::access::REVEAL_READERS))), tag = "reveal", params(RevealParams),
    responses((status = 200, body = Vec<RevealView>), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_reveals(
    State(state): State<AppState>,
    Auth(caller): Auth,
    query: Result<Query<RevealParams>, QueryRejection>,
) -> ApiResult<Json<Vec<RevealView>>> {
    caller.require_user()?;
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let status = q.status.as_deref().unwrap_or("pending");
    Ok(Json(reveal::list(&state, &caller, status).await?))
}

/// One reveal request. Its requester, once it is approved and with a second-factor session,
/// is answered the identity too; each such answer is logged as a look.
#[utoipa::path(get, path = "/reveal-requests/{id}", extensions(("x-access" = json!(crate::api::access::REVEAL_READERS))), tag = "reveal", params(("id" = i64, Path)),
    responses((status = 200, body = RevealView), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_reveal(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<RevealView>> {
    Ok(Json(reveal::show(&state, &caller, request_id(&id)?).await?))
}

/// Approve or refuse a waiting request: another national admin (or the Ombudsman where the
/// deployment's `reveal_approver` says so), never its requester, with a second-factor session.
/// An approval reveals at once and tells the reporter why, unless `defer_reason` records the
/// legal reason to wait.
#[utoipa::path(post, path = "/reveal-requests/{id}/decision", extensions(("x-access" = json!(crate::api::access::REVEAL_APPROVER))), tag = "reveal",
    params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = RevealView), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn decide_reveal(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> ApiResult<Json<RevealView>> {
    Ok(Json(
        reveal::decide_request(&state, &caller, request_id(&id)?, body).await?,
    ))
}

/// Send the reporter the notice an approver deferred (national admin, second-factor session).
#[utoipa::path(post, path = "/reveal-requests/{id}/notify", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "reveal",
    params(("id" = i64, Path)),
    responses((status = 200, body = RevealView), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn notify_reveal(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<RevealView>> {
    Ok(Json(
        reveal::notify_deferred(&state, &caller, request_id(&id)?).await?,
    ))
}

//! The caller's own second factor (staff) over HTTP, through [`aduan_app::second_factor`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::second_factor::{self, CodeRequest, Enrolment, RecoveryCodes, SecondFactorStatus};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Whether the caller's account has a second factor, and whether this session passed it.
#[utoipa::path(get, path = "/me/second-factor", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "auth",
    responses((status = 200, body = SecondFactorStatus), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn get_second_factor(
    State(state): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<SecondFactorStatus>> {
    Ok(Json(second_factor::status(&state, &caller).await?))
}

/// Set up a second factor (staff): a new secret for an authenticator app, to be confirmed
/// with its first code. While unconfirmed, setting up again replaces it; a confirmed one must
/// be removed first (409).
#[utoipa::path(post, path = "/me/second-factor", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "auth",
    responses((status = 201, body = Enrolment), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn begin_second_factor(
    State(state): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<(StatusCode, Json<Enrolment>)> {
    Ok((
        StatusCode::CREATED,
        Json(second_factor::begin(&state, &caller).await?),
    ))
}

/// Confirm the second factor with the app's first code: from now on every login asks for a
/// code. The answer holds ten one-time recovery codes, shown only here.
#[utoipa::path(post, path = "/me/second-factor/confirm", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody, description = "none waiting to confirm"),
        (status = 422, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn confirm_second_factor(
    State(state): State<AppState>,
    Auth(caller): Auth,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<Json<RecoveryCodes>> {
    Ok(Json(
        second_factor::confirm(&state, &caller, &req.code).await?,
    ))
}

/// New recovery codes in place of the old, for a current code (or a recovery code).
#[utoipa::path(post, path = "/me/second-factor/recovery-codes", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "auth",
    request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn renew_recovery_codes(
    State(state): State<AppState>,
    Auth(caller): Auth,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<Json<RecoveryCodes>> {
    Ok(Json(
        second_factor::renew_recovery_codes(&state, &caller, &req.code).await?,
    ))
}

/// Turn the second factor off, for a current code (or a recovery code).
#[utoipa::path(post, path = "/me/second-factor/remove", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "auth", request_body = CodeRequest,
    responses((status = 204), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn remove_second_factor(
    State(state): State<AppState>,
    Auth(caller): Auth,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<StatusCode> {
    second_factor::remove(&state, &caller, &req.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

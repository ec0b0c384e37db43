//! The partner integration API under `/partner`: a partner system, proven by its key
//! (`X-Api-Key`, or `Authorization: Bearer apk_…`), files reports for its reporters, reads and
//! acts on them by its own reference, manages its webhook and reads its dead letters, through
//! [`aduan_app::partners`].

use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::partners::filing::{PartnerFiled, PartnerReportRequest};
use aduan_app::partners::webhooks::{DeadLetter, WebhookRequest, WebhookSubscription};
use aduan_app::partners::{PartnerCaller, access, filing, webhooks};
use aduan_app::reports::act::ActionResponse;
use aduan_app::reports::action_input::ActionRequest;
use aduan_app::view::ReportView;
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};

/// The header a partner's key travels in.
pub const API_KEY_HEADER: &str = "x-api-key";

/// A partner whose key this request carries; any other request is refused with
/// `unauthorized`.
pub struct Partner(pub PartnerCaller);

/// The key a request carries: `X-Api-Key`, else `Authorization: Bearer`.
pub fn presented_key(headers: &HeaderMap) -> Option<String> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    header(API_KEY_HEADER).map(str::to_owned).or_else(|| {
        header(AUTHORIZATION.as_str())?
            .strip_prefix("Bearer ")
            .map(str::to_owned)
    })
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = presented_key(&parts.headers);
        Ok(Partner(access::authenticate(state, key.as_deref()).await?))
    }
}

/// File a report for a partner's reporter. The partner's `ref` (and an optional
/// `Idempotency-Key`) make a repeat answer the first filing; only the agencies and regions
/// listed on the partner are accepted.
#[utoipa::path(post, path = "/partner/reports", extensions(("x-access" = json!(crate::api::access::PARTNER_SELF))), tag = "partner", request_body = PartnerReportRequest,
    params(("X-Api-Key" = Option<String>, Header, description = "the partner's key"),
        ("Idempotency-Key" = Option<String>, Header, description = "repeat-safe submission key")),
    responses((status = 201, body = PartnerFiled), (status = 200, body = PartnerFiled, description = "replay"),
        (status = 401, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn partner_file(
    State(state): State<AppState>,
    Partner(partner): Partner,
    headers: HeaderMap,
    ApiJson(req): ApiJson<PartnerReportRequest>,
) -> ApiResult<(StatusCode, Json<PartnerFiled>)> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let filed = filing::file(&state, &partner, key, req).await?;
    let status = if filed.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(filed)))
}

/// A report the partner filed, as its reporter sees it.
#[utoipa::path(get, path = "/partner/reports/{ref}", extensions(("x-access" = json!(crate::api::access::PARTNER))), tag = "partner",
    params(("ref" = String, Path, description = "the partner's reference"),
        ("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    responses((status = 200, body = ReportView), (status = 401, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn partner_read(
    State(state): State<AppState>,
    Partner(partner): Partner,
    Path(reference): Path<String>,
) -> ApiResult<Json<ReportView>> {
    Ok(Json(filing::read(&state, &partner, &reference).await?))
}

/// Take a reporter's action on a report the partner filed: reply, add_info, confirm (with
/// `rating` and `resolved`), rate, reopen, appeal, escalate (to the Ombudsman) or withdraw.
#[utoipa::path(post, path = "/partner/reports/{ref}/actions", extensions(("x-access" = json!(crate::api::access::PARTNER))), tag = "partner",
    params(("ref" = String, Path, description = "the partner's reference"),
        ("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    request_body = ActionRequest,
    responses((status = 200, body = ActionResponse), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn partner_act(
    State(state): State<AppState>,
    Partner(partner): Partner,
    Path(reference): Path<String>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<ActionResponse>> {
    Ok(Json(
        filing::act(&state, &partner, &reference, &body).await?,
    ))
}

/// The partner's webhook subscription (without its secret).
#[utoipa::path(get, path = "/partner/webhook", extensions(("x-access" = json!(crate::api::access::PARTNER_SELF))), tag = "partner",
    params(("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    responses((status = 200, body = WebhookSubscription), (status = 401, body = crate::error::ErrorBody)))]
pub async fn webhook_get(
    State(state): State<AppState>,
    Partner(partner): Partner,
) -> ApiResult<Json<WebhookSubscription>> {
    Ok(Json(webhooks::current(&state, &partner).await?))
}

/// Subscribe to webhooks at an https URL on an allowed host; answers the signing secret,
/// once. Subscribing again replaces the URL and the secret.
#[utoipa::path(put, path = "/partner/webhook", extensions(("x-access" = json!(crate::api::access::PARTNER_SELF))), tag = "partner", request_body = WebhookRequest,
    params(("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    responses((status = 200, body = WebhookSubscription), (status = 401, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn webhook_put(
    State(state): State<AppState>,
    Partner(partner): Partner,
    ApiJson(req): ApiJson<WebhookRequest>,
) -> ApiResult<Json<WebhookSubscription>> {
    Ok(Json(webhooks::subscribe(&state, &partner, req).await?))
}

/// End the webhook subscription.
#[utoipa::path(delete, path = "/partner/webhook", extensions(("x-access" = json!(crate::api::access::PARTNER_SELF))), tag = "partner",
    params(("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    responses((status = 204, description = "unsubscribed"), (status = 401, body = crate::error::ErrorBody)))]
pub async fn webhook_delete(
    State(state): State<AppState>,
    Partner(partner): Partner,
) -> ApiResult<StatusCode> {
    webhooks::unsubscribe(&state, &partner).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The partner's webhook deliveries that ran out of attempts, newest first.
#[utoipa::path(get, path = "/partner/dead-letters", extensions(("x-access" = json!(crate::api::access::PARTNER_SELF))), tag = "partner",
    params(("X-Api-Key" = Option<String>, Header, description = "the partner's key")),
    responses((status = 200, body = [DeadLetter]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn dead_letters(
    State(state): State<AppState>,
    Partner(partner): Partner,
) -> ApiResult<Json<Vec<DeadLetter>>> {
    Ok(Json(webhooks::dead_letters(&state, &partner).await?))
}

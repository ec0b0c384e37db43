//! Triage assistance through [`aduan_app::triage`]: the likely agencies and categories of a
//! report for staff, and the national admin's view and switch of the model versions.

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::page::Page;
use aduan_app::triage::admin::{self, RetrainQueued, RetrainRequest};
use aduan_app::triage::picks::{self, VersionSummary};
use aduan_app::triage::{self, SuggestRequest, Suggestions};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// The three likeliest agencies and categories of a report (title, text, place, region,
/// channel) with calibrated probabilities and the model versions that ranked them, from the
/// models trained on this deployment's verified reports. None where no model is active yet.
/// Staff only; nothing is stored.
#[utoipa::path(post, path = "/triage/suggest", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "triage", request_body = SuggestRequest,
    responses((status = 200, body = Suggestions), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn suggest(
    State(state): State<AppState>,
    Auth(caller): Auth,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<Suggestions>> {
    Ok(Json(triage::suggest(&state, &caller, &body).await?))
}

/// Every model version of both targets, newest first: its held-out figures, whether it is
/// active, and how often verifications took its first suggestion, its second or third, or
/// none. National admins only.
#[utoipa::path(get, path = "/admin/triage/models", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "triage",
    responses((status = 200, body = Page<VersionSummary>), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_models(
    State(state): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<Page<VersionSummary>>> {
    Ok(Json(Page::whole(picks::summary(&state, &caller).await?)))
}

/// Makes a version the one its target suggests with, also back to an earlier one (audited).
/// 409 when the version is too old to be kept.
#[utoipa::path(post, path = "/admin/triage/models/{version}/activate", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "triage",
    params(("version" = i64, Path)),
    responses((status = 200, body = VersionSummary), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn activate_model(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(version): Path<i64>,
) -> ApiResult<Json<VersionSummary>> {
    Ok(Json(admin::activate(&state, &caller, version).await?))
}

/// Queues a retrain on the verified history now; the workers run it as they run the nightly
/// one. National admins only.
#[utoipa::path(post, path = "/admin/triage/retrain", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "triage", request_body = RetrainRequest,
    responses((status = 202, body = RetrainQueued), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn retrain(
    State(state): State<AppState>,
    Auth(caller): Auth,
    JsonBytes(body): JsonBytes,
) -> ApiResult<(StatusCode, Json<RetrainQueued>)> {
    Ok((
        StatusCode::ACCEPTED,
        Json(admin::retrain(&state, &caller, &body).await?),
    ))
}

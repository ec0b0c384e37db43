//! The national admin's partner register under `/admin/partners`, through
//! [`aduan_app::partners::admin`]: add a partner, list partners and their keys, issue, rotate
//! and revoke keys. A key is shown once, when issued.

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::partners::admin::{self, IssuedKey, PartnerInput, PartnerView, national_admin};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// Every partner with its keys (national admin).
#[utoipa::path(get, path = "/admin/partners", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "partner",
    responses((status = 200, body = [PartnerView]), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_partners(
    State(state): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<Vec<PartnerView>>> {
    national_admin(&caller)?;
    Ok(Json(admin::list(&state).await?))
}

/// Add a partner (national admin); audited as `partner.add`.
#[utoipa::path(post, path = "/admin/partners", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "partner", request_body = PartnerInput,
    responses((status = 201, body = PartnerView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_partner(
    State(state): State<AppState>,
    Auth(caller): Auth,
    ApiJson(req): ApiJson<PartnerInput>,
) -> ApiResult<(StatusCode, Json<PartnerView>)> {
    let actor = national_admin(&caller)?;
    Ok((
        StatusCode::CREATED,
        Json(admin::add(&state, &actor, req).await?),
    ))
}

/// Issue a key for a partner (national admin): shown once; the partner's other keys keep
/// working.
#[utoipa::path(post, path = "/admin/partners/{slug}/keys", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "partner",
    params(("slug" = String, Path)),
    responses((status = 201, body = IssuedKey), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn issue_key(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(slug): Path<String>,
) -> ApiResult<(StatusCode, Json<IssuedKey>)> {
    let actor = national_admin(&caller)?;
    let issued = admin::issue_key(&state, &actor, &slug, false).await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Rotate a partner's key (national admin): a new key, shown once; the earlier keys keep
/// working for `[partners] key_overlap_hours`, then stop.
#[utoipa::path(post, path = "/admin/partners/{slug}/keys/rotate", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "partner",
    params(("slug" = String, Path)),
    responses((status = 201, body = IssuedKey), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn rotate_key(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(slug): Path<String>,
) -> ApiResult<(StatusCode, Json<IssuedKey>)> {
    let actor = national_admin(&caller)?;
    let issued = admin::issue_key(&state, &actor, &slug, true).await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Revoke a partner's key at once (national admin).
#[utoipa::path(delete, path = "/admin/partners/{slug}/keys/{id}", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "partner",
    params(("slug" = String, Path), ("id" = String, Path, description = "the key's id")),
    responses((status = 204, description = "revoked"), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke_key(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let actor = national_admin(&caller)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    admin::revoke_key(&state, &actor, &slug, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

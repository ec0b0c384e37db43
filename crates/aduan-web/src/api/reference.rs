//! The directory and the categories over HTTP, through [`aduan_app::reference`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::page::{AnyObject, Page};
use aduan_app::reference::{self, AgencyQuery, CategoryUpdate};
use aduan_domain::directory::{Agency, Category};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};

/// Agencies, by name, a page at a time.
#[utoipa::path(get, path = "/agencies", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "directory", params(AgencyQuery),
    responses((status = 200, body = Page<AnyObject>), (status = 400, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_agencies(
    State(state): State<AppState>,
    query: Result<Query<AgencyQuery>, QueryRejection>,
) -> ApiResult<Json<Page<Agency>>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(reference::agencies(&state, q).await?))
}

/// Every category (topics, then their sub-topics), with sensitivity and campaign dates; the
/// list comes whole.
#[utoipa::path(get, path = "/categories", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "directory", responses((status = 200, body = Page<AnyObject>)))]
pub async fn list_categories(State(state): State<AppState>) -> ApiResult<Json<Page<Category>>> {
    Ok(Json(Page::whole(reference::categories(&state).await?)))
}

/// Edit a category (national admin); audited.
#[utoipa::path(put, path = "/categories/{id}", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "directory", params(("id" = String, Path)),
    request_body = CategoryUpdate,
    responses((status = 200, body = Object), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_category(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CategoryUpdate>,
) -> ApiResult<Json<Category>> {
    Ok(Json(
        reference::update_category(&state, &caller, &id, req).await?,
    ))
}

//! The directory and the categories, for pickers and type-aheads; categories edited by the
//! national admin.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use aduan_domain::actor::StaffRole;
use aduan_domain::directory::{Agency, AgencyKind, Category, CategoryChanges};
use aduan_domain::{AgencyId, CategoryId};
use aduan_store::{AgencyFilter, StoreError};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters of the agency list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AgencyQuery {
    /// Type-ahead text (`kab tang`, `kemenkes`).
    pub q: Option<String>,
    /// kementerian, lembaga, provinsi, kabupaten, kota or other.
    pub kind: Option<String>,
    /// Only agencies under this one (a province's kabupaten and kota).
    pub parent: Option<String>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u32>,
}

/// Agencies, by name.
#[utoipa::path(get, path = "/agencies", tag = "directory", params(AgencyQuery),
    responses((status = 200, body = Vec<Object>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_agencies(
    State(state): State<AppState>,
    query: Result<Query<AgencyQuery>, QueryRejection>,
) -> AppResult<Json<Vec<Agency>>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let kind = match q.kind.as_deref() {
        Some(k) => Some(AgencyKind::parse(k).ok_or_else(|| AppError::field("kind", "invalid"))?),
        None => None,
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::field("limit", "out_of_range"));
    }
    let filter = AgencyFilter {
        kind,
        parent: q.parent.map(AgencyId::new),
        search: q.q,
        limit: Some(limit),
    };
    Ok(Json(state.store.list_agencies(&filter).await?))
}

/// Every category (topics, then their sub-topics), with sensitivity and campaign dates.
#[utoipa::path(get, path = "/categories", tag = "directory", responses((status = 200, body = Vec<Object>)))]
pub async fn list_categories(State(state): State<AppState>) -> AppResult<Json<Vec<Category>>> {
    Ok(Json(state.store.list_categories().await?))
}

/// `PUT /categories/{id}` body; absent fields stay as they are, `null` dates are removed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryUpdate {
    /// New name.
    pub name: Option<String>,
    /// Sensitive: reports default to confidential.
    pub sensitive: Option<bool>,
    /// First active day; `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub active_from: Option<Option<NaiveDate>>,
    /// Last active day; `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub active_until: Option<Option<NaiveDate>>,
}

/// Edit a category (national admin); audited.
#[utoipa::path(put, path = "/categories/{id}", tag = "directory", params(("id" = String, Path)),
    request_body = CategoryUpdate,
    responses((status = 200, body = Object), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_category(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CategoryUpdate>,
) -> AppResult<Json<Category>> {
    let user = caller.require_user()?;
    if user.staff_role() != Some(StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    let changes = CategoryChanges {
        name: req.name,
        sensitive: req.sensitive,
        active_from: req.active_from,
        active_until: req.active_until,
    };
    let updated = state
        .store
        .update_category(
            &CategoryId::new(id),
            &changes,
            &user.id.to_string(),
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::field("category", "invalid_change"),
            other => other.into(),
        })?;
    Ok(Json(updated))
}

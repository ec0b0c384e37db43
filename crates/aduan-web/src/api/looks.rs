//! The log of staff looks at reporters' identities (national admin), through
//! [`aduan_app::reports::looks`].

use crate::auth::Auth;
use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::looks::{self, LooksPage, LooksQuery};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

/// Whose looks: one report's, or one staff account's; and the page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LooksParams {
    /// A report's tracking id: every look at its reporter's identity.
    report: Option<String>,
    /// A staff account's id: every look it made.
    user: Option<i64>,
    /// The `next_before` of the previous page.
    before: Option<i64>,
}

/// Who looked at reporters' identities (national admin): every report view, list row and
/// reveal that showed staff a reporter's name or contact details, newest first, for one
/// report (`report`) or one staff account (`user`), 50 per page.
#[utoipa::path(get, path = "/identity-looks", extensions(("x-access" = json!(crate::api::access::NATIONAL))), tag = "audit", params(LooksParams),
    responses((status = 200, body = LooksPage), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn list_identity_looks(
    State(state): State<AppState>,
    Auth(caller): Auth,
    query: Result<Query<LooksParams>, QueryRejection>,
) -> ApiResult<Json<LooksPage>> {
    looks::may_list(&caller)?;
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let of = match (q.report, q.user) {
        (Some(report), None) => LooksQuery::Report(report),
        (None, Some(user)) => LooksQuery::User(user),
        _ => return Err(AppError::field("report", "give either report or user").into()),
    };
    Ok(Json(looks::list(&state, &caller, &of, q.before).await?))
}

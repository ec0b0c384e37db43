//! A reporter's data rights over HTTP, for one report they prove to be theirs (its access code
//! in `X-Access-Code`, or their account), through [`aduan_app::reports::rights`].

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::rights::{self, Erased, MyData};
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;

/// What Aduan holds about the caller as this report's reporter: their identity as given, the
/// report and its history as they see them; 404 for anyone but its reporter.
#[utoipa::path(get, path = "/reports/{tracking_id}/my-data", extensions(("x-access" = json!(crate::api::access::REPORTER))), tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = MyData), (status = 404, body = crate::error::ErrorBody)))]
pub async fn my_data(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<MyData>> {
    Ok(Json(rights::my_data(&state, &caller, &tracking_id).await?))
}

/// The erasure asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EraseRequest {
    /// Must be `true`: the erasure cannot be undone.
    #[schema(schema_with = only_true)]
    confirm: bool,
}

/// `confirm` in the API document: a boolean that must be `true`.
fn only_true() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([true]))
        .description(Some("Must be `true`: the erasure cannot be undone."))
        .build()
}

/// Erase the caller's identity as this report's reporter (name, e-mail, phone, NIK, chat
/// handle) on every report they filed under it; the reports stay with nobody named. It cannot
/// be undone. 404 for anyone but its reporter.
#[utoipa::path(post, path = "/reports/{tracking_id}/erase-identity", extensions(("x-access" = json!(crate::api::access::REPORTER))), tag = "reports",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    request_body = EraseRequest,
    responses((status = 200, body = Erased), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn erase_identity(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<Erased>> {
    let seen = rights::own_report(&state, &caller, &tracking_id).await?;
    let req: EraseRequest = crate::json::parse(&body)?;
    if !req.confirm {
        return Err(
            AppError::field("confirm", "must be true: the erasure cannot be undone").into(),
        );
    }
    let erased = rights::erase_my_identity_of(&state, &seen, "api").await?;
    Ok(Json(erased))
}

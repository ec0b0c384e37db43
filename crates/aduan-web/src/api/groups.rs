//! Recurring problems through [`aduan_app::groups`]: reports like one report, groups of reports
//! answered once, their members, and the group's answer.

use crate::auth::Auth;
use crate::error::ApiResult;
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::groups::{self, AnswerOutcome, GroupView, MemberView, NewGroup};
use aduan_app::page::Page;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// Reports like this one that the caller may see: the same kabupaten/kota, similar words, the
/// same category where both have one; most similar first. Staff who may see the report only.
#[utoipa::path(get, path = "/reports/{tracking_id}/similar", extensions(("x-access" = json!(crate::api::access::STAFF_SCOPED))), tag = "groups",
    params(("tracking_id" = String, Path)),
    responses((status = 200, body = Page<MemberView>), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn similar_reports(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<Page<MemberView>>> {
    Ok(Json(Page::whole(
        groups::similar(&state, &caller, &tracking_id).await?,
    )))
}

/// The groups of the caller's agency (every agency's for national admins and supervisors),
/// newest first. Staff only.
#[utoipa::path(get, path = "/groups", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "groups",
    responses((status = 200, body = Page<GroupView>), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_groups(
    State(state): State<AppState>,
    Auth(caller): Auth,
) -> ApiResult<Json<Page<GroupView>>> {
    Ok(Json(Page::whole(groups::list(&state, &caller).await?)))
}

/// Makes a group of reports held by one agency, which the caller works for (or a national
/// admin). Each member must be in no group yet.
#[utoipa::path(post, path = "/groups", extensions(("x-access" = json!(crate::api::access::HANDLERS))), tag = "groups", request_body = NewGroup,
    responses((status = 201, body = GroupView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_group(
    State(state): State<AppState>,
    Auth(caller): Auth,
    JsonBytes(body): JsonBytes,
) -> ApiResult<(StatusCode, Json<GroupView>)> {
    let made = groups::create(&state, &caller, &body).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// A group as the caller may see it: the public sees its public members and its answer, staff
/// the members they may see. 404 when the caller sees none of it.
#[utoipa::path(get, path = "/groups/{group_id}", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "groups",
    params(("group_id" = String, Path)),
    responses((status = 200, body = GroupView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_group(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(group_id): Path<String>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(groups::get(&state, &caller, &group_id).await?))
}

/// Adds a report held by the group's agency to the group (audited).
#[utoipa::path(put, path = "/groups/{group_id}/members/{tracking_id}", extensions(("x-access" = json!(crate::api::access::GROUP_HOLDERS))), tag = "groups",
    params(("group_id" = String, Path), ("tracking_id" = String, Path)),
    responses((status = 200, body = GroupView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn link_member(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path((group_id, tracking_id)): Path<(String, String)>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(
        groups::link(&state, &caller, &group_id, &tracking_id).await?,
    ))
}

/// Takes a report out of the group (audited).
#[utoipa::path(delete, path = "/groups/{group_id}/members/{tracking_id}", extensions(("x-access" = json!(crate::api::access::GROUP_HOLDERS))), tag = "groups",
    params(("group_id" = String, Path), ("tracking_id" = String, Path)),
    responses((status = 200, body = GroupView), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn unlink_member(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path((group_id, tracking_id)): Path<(String, String)>,
) -> ApiResult<Json<GroupView>> {
    Ok(Json(
        groups::unlink(&state, &caller, &group_id, &tracking_id).await?,
    ))
}

/// Gives the group's answer as a follow-up on each member through its lifecycle; the members
/// that refuse it are listed with the code the action on that report alone would answer.
#[utoipa::path(post, path = "/groups/{group_id}/answer", extensions(("x-access" = json!(crate::api::access::GROUP_HOLDERS))), tag = "groups",
    params(("group_id" = String, Path)), request_body = groups::GroupAnswer,
    responses((status = 200, body = AnswerOutcome), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn answer_group(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(group_id): Path<String>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<AnswerOutcome>> {
    Ok(Json(
        groups::answer(&state, &caller, &group_id, &body).await?,
    ))
}

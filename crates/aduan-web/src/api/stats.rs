//! `GET /stats/sla`, `/stats/volumes` and `/stats/agencies`: each agency's record against the
//! legal limits, what people report where, and the league table, through [`aduan_app::stats`].

use crate::auth::Auth;
use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::stats::league::{League, LeagueParams};
use aduan_app::stats::volumes::{VolumeParams, Volumes};
use aduan_app::stats::{SlaQuery, SlaStats};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};

/// Per-agency SLA figures: a phase is within its limit when the party stopped it by its
/// deadline; an open phase past its deadline counts as a miss; an auto-close after the
/// completion deadline is a miss and one before it is counted apart; a verification the reporter
/// withdrew counts only if already breached; durations are whole working days (nearest rank)
/// of the phases the party stopped.
#[utoipa::path(get, path = "/stats/sla", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "stats", params(SlaQuery),
    responses((status = 200, body = SlaStats), (status = 400, body = crate::error::ErrorBody)))]
pub async fn sla_stats(
    State(state): State<AppState>,
    query: Result<Query<SlaQuery>, QueryRejection>,
) -> ApiResult<Json<SlaStats>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(aduan_app::stats::sla(&state, q).await?))
}

/// Reports received by topic, category, province, kabupaten/kota, channel, kind or month:
/// every report but the deleted, confidential ones included (only as counts). Counts below the
/// deployment's minimum are withheld unless the caller is staff.
#[utoipa::path(get, path = "/stats/volumes", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "stats", params(VolumeParams),
    responses((status = 200, body = Volumes), (status = 400, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn volume_stats(
    State(state): State<AppState>,
    Auth(caller): Auth,
    query: Result<Query<VolumeParams>, QueryRejection>,
) -> ApiResult<Json<Volumes>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let staff = caller.staff().is_some();
    Ok(Json(
        aduan_app::stats::volumes::volumes(&state, &q, staff).await?,
    ))
}

/// The league table: agencies ranked by the share of completions within the legal limit (ties
/// by the first follow-up's share), graded `baik`, `sedang` or `kurang` by the configured
/// thresholds once they have the minimum of decided completions, with durations, completions
/// by kind, reroute rate, ratings and backlog by age.
#[utoipa::path(get, path = "/stats/agencies", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "stats", params(LeagueParams),
    responses((status = 200, body = League), (status = 400, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn agency_league(
    State(state): State<AppState>,
    query: Result<Query<LeagueParams>, QueryRejection>,
) -> ApiResult<Json<League>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(aduan_app::stats::league::league(&state, &q).await?))
}

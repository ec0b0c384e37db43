//! `GET /stats/sla`: each agency's record against the legal limits, through
//! [`aduan_app::stats`].

use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::stats::{SlaQuery, SlaStats};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};

/// Per-agency SLA figures: a phase is within its limit when the party stopped it by its
/// deadline; an open phase past its deadline counts as a miss; an auto-close after the
/// completion deadline is a miss and one before it is counted apart; a verification the reporter
/// withdrew counts only if already breached; durations are whole working days (nearest rank)
/// of the phases the party stopped.
#[utoipa::path(get, path = "/stats/sla", tag = "stats", params(SlaQuery),
    responses((status = 200, body = SlaStats), (status = 400, body = crate::error::ErrorBody)))]
pub async fn sla_stats(
    State(state): State<AppState>,
    query: Result<Query<SlaQuery>, QueryRejection>,
) -> ApiResult<Json<SlaStats>> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    Ok(Json(aduan_app::stats::sla(&state, q).await?))
}

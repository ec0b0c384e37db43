//! Liveness and readiness.

use aduan_app::AppState;
use aduan_store::AgencyFilter;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Datelike;
use serde_json::{Value, json};

/// `GET /healthz`: the process answers.
#[utoipa::path(get, path = "/healthz", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "service",
    responses((status = 200, description = "`{\"status\": \"ok\"}`", body = Object)))]
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// What is degraded but not fatal: an empty directory, a year without holiday data.
async fn warnings(state: &AppState) -> Vec<String> {
    let mut out = Vec::new();
    let one = AgencyFilter {
        limit: Some(1),
        ..Default::default()
    };
    if state.store.count_agencies(&one).await.unwrap_or(0) == 0 {
        out.push(
            "directory_empty: no agencies are loaded; reports cannot be dispatched".to_owned(),
        );
    }
    let year = state.clock.now().year();
    let calendar = state.calendar();
    for y in [year, year + 1] {
        if !calendar.covers_year(y) {
            out.push(format!(
                "calendar_missing_year: no holidays listed for {y}; deadlines count weekends only"
            ));
        }
    }
    if let Ok(jobs) = state.store.count_jobs().await
        && jobs.dead > 0
    {
        out.push(format!(
            "jobs_dead: {} background jobs failed on their last attempt; see aduan jobs list --state dead",
            jobs.dead
        ));
    }
    out
}

/// `GET /readyz`: the database answers and attachments can be stored (503 when either fails);
/// warnings listed, still 200.
#[utoipa::path(get, path = "/readyz", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "service",
    responses((status = 200, description = "ready: status, database, now, warnings", body = Object),
        (status = 503, description = "the database does not answer or attachments cannot be stored", body = Object)))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if let Err(e) = state.attachments.blobs.ping().await {
        tracing::error!(error = %e, "attachments cannot be stored");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "attachments": "unavailable" })),
        );
    }
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({
                "status": "ready",
                "database": state.store.backend(),
                "now": state.clock.now(),
                "warnings": warnings(&state).await,
            })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "database is not answering");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": state.store.backend() })),
            )
        }
    }
}

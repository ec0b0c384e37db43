//! `POST /laporan/{id}/aksi`: the reporter's actions (add information, withdraw, reply,
//! confirm, rate, reopen, appeal, take the case to the Ombudsman), through the same use case
//! and transition rules as `POST /api/v1/reports/{id}/actions`.

use super::page::{Flash, caller, page};
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::act::take;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::{PageError, app_error_key};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The action form.
#[derive(Deserialize)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    resolved: String,
}

/// Only these may be taken from the portal's report page.
const REPORTER_ACTIONS: [&str; 8] = [
    "add_info", "withdraw", "reply", "confirm", "rate", "reopen", "appeal", "escalate",
];

fn body_of(form: &ActionForm) -> Result<Value, &'static str> {
    let mut map = Map::new();
    map.insert("action".into(), json!(form.action));
    if let Some(v) = form.version {
        map.insert("version".into(), json!(v));
    }
    let text = |s: &str| s.trim().to_owned();
    match form.action.as_str() {
        "add_info" | "reply" => {
            map.insert("body".into(), json!(text(&form.body)));
        }
        "reopen" | "appeal" => {
            map.insert("reason".into(), json!(text(&form.reason)));
        }
        "rate" | "confirm" => {
            if !form.rating.is_empty() {
                let stars: u8 = form.rating.parse().map_err(|_| "report-error-rating")?;
                map.insert("rating".into(), json!(stars));
                map.insert("resolved".into(), json!(form.resolved == "yes"));
            } else if form.action == "rate" {
                return Err("report-error-rating");
            }
        }
        _ => {}
    }
    Ok(Value::Object(map))
}

/// `POST /laporan/{id}/aksi`.
pub async fn act(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    if !REPORTER_ACTIONS.contains(&form.action.as_str()) {
        return Err(PageError::BadForm);
    }
    let problem = |c: &Ctx, key: &str| Flash {
        ok: false,
        text: c.t(key),
    };
    let body = match body_of(&form) {
        Ok(b) => b,
        Err(key) => {
            let flash = problem(&c, key);
            return page(
                &state,
                c,
                &headers,
                &id,
                Some(flash),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let caller = caller(&c, &headers, &id);
    let done = take(&state, &caller, &id, body.to_string().as_bytes(), Ok(None)).await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/laporan/{id}?ok={}", form.action)).into_response()),
        Err(AppError::NotFound) => Err(PageError::NotFound),
        Err(AppError::Internal(e)) => Err(PageError::App(AppError::Internal(e))),
        Err(e) => {
            let key = match e.status_and_code().1 {
                "body_required" | "reason_required" => "report-error-text-required",
                "invalid_rating" => "report-error-rating",
                "window_closed" => "report-error-window",
                "already_used" => "report-error-once",
                _ => app_error_key(&e).1,
            };
            let flash = problem(&c, key);
            page(&state, c, &headers, &id, Some(flash), e.status_and_code().0).await
        }
    }
}

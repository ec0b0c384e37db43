//! `/akun/data`: everything Aduan holds about the account, as a JSON file (UU 27/2022): the
//! account, its preferences, the reporter identity, and every own report with its history,
//! both exactly as the API shows them to their reporter.

use super::require_user;
use aduan_app::AppState;
use aduan_app::accounts::MeView;
use aduan_app::reports::read::{history_of, own_reports, view_of};
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Reports read per round.
const BATCH: u32 = 100;

/// `GET /akun/data`: a download, for the logged-in account only.
pub async fn download(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let identity = match state.store.reporter_of_user(user.id).await? {
        Some(r) => state.store.get_identity(&r).await?,
        None => None,
    };
    let prefs = state.store.get_preferences(user.id).await?;
    let mut reports: Vec<Value> = Vec::new();
    let mut cursor = None;
    loop {
        let (batch, next) = own_reports(&state, &c.caller(), cursor.as_ref(), BATCH).await?;
        for own in &batch {
            let view = view_of(&state, own).await?;
            let events = history_of(&state, own).await?;
            reports.push(json!({ "report": view, "events": events }));
        }
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let body = json!({
        "generated_at": state.clock.now(),
        "account": MeView::from(&user),
        "nik": user.nik,
        "account_created_at": user.created_at,
        "preferences": {
            "email": prefs.email,
            "sms": prefs.sms,
            "language": prefs.language.as_str(),
        },
        "reporter_identity": identity,
        "reports": reports,
    });
    let text = serde_json::to_string_pretty(&body)
        .map_err(|e| aduan_app::error::AppError::Internal(Box::new(e)))?;
    let mut res = text.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"aduan-data-saya.json\""),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

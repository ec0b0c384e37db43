//! The webhook endpoint: X's CRC challenge (`GET`) and its signed deliveries (`POST`).

use crate::map::parse_delivery;
use crate::settings::XSettings;
use crate::verify::{SIGNATURE_HEADER, crc_response_token, verify_signature};
use aduan_chat_core::ChatInbox;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use bytes::Bytes;
use serde::Deserialize;
use std::sync::Arc;

/// Where X calls: register `https://<host>/channels/x` as the webhook URL.
pub const PATH: &str = "/channels/x";

/// The largest delivery taken, in bytes (1 MiB); X's deliveries are far smaller.
pub const BODY_LIMIT: usize = 1024 * 1024;

struct Hook {
    settings: XSettings,
    inbox: Arc<dyn ChatInbox>,
}

/// The webhook's router: `GET` [`PATH`] answers the CRC challenge, `POST` [`PATH`] takes a
/// delivery signed with `settings.consumer_secret` and hands each report in it to `inbox`.
///
/// Answers: 200 when taken (also when nothing in it concerns Aduan, or the inbox says
/// duplicate, limited or ignored), 401 for a missing or wrong signature (nothing is passed
/// on), 400 for a body that is not X's JSON, 413 over [`BODY_LIMIT`], 500 when the inbox
/// cannot take a message now (X delivers again).
pub fn routes(settings: &XSettings, inbox: Arc<dyn ChatInbox>) -> Router {
    let hook = Arc::new(Hook {
        settings: settings.clone(),
        inbox,
    });
    Router::new()
        .route(PATH, get(answer_crc).post(take_delivery))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(hook)
}

#[derive(Deserialize)]
struct Crc {
    crc_token: Option<String>,
}

async fn answer_crc(State(hook): State<Arc<Hook>>, Query(q): Query<Crc>) -> Response {
    let Some(token) = q.crc_token.filter(|t| !t.is_empty()) else {
        return (StatusCode::BAD_REQUEST, "crc_token is missing").into_response();
    };
    if hook.settings.consumer_secret.is_empty() {
        tracing::error!("X CRC challenge but x.consumer_secret is not set");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    tracing::info!("X CRC challenge answered");
    Json(serde_json::json!({
        "response_token": crc_response_token(&hook.settings.consumer_secret, &token)
    }))
    .into_response()
}

async fn take_delivery(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !verify_signature(hook.settings.consumer_secret.as_bytes(), signature, &body) {
        tracing::warn!(
            signed = signature.is_some(),
            "X delivery refused: the signature does not match"
        );
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let messages = match parse_delivery(&body, &hook.settings) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "X delivery refused");
            return (StatusCode::BAD_REQUEST, "not an Account Activity delivery").into_response();
        }
    };
    let count = messages.len();
    for incoming in messages {
        let id = incoming.message_id.clone();
        match hook.inbox.receive(incoming).await {
            Ok(result) => tracing::debug!(message = %id, ?result, "X message handed over"),
            Err(e) => {
                tracing::error!(message = %id, error = %e, "X message could not be taken now");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    tracing::info!(messages = count, "X delivery taken");
    StatusCode::OK.into_response()
}

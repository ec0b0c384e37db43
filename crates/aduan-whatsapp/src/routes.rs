//! The webhook endpoint: the subscription handshake (`GET`) and the deliveries (`POST`).

use crate::payload::{self, OBJECT};
use crate::settings::WhatsAppSettings;
use crate::verify::{SIGNATURE_HEADER, signature_matches};
use aduan_chat_core::ChatInbox;
use aduan_chat_core::same_secret;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use chrono::Utc;
use std::collections::HashMap;
use std::sync::Arc;

/// Where Meta posts the webhook (`https://<host>/channels/whatsapp`).
pub const PATH: &str = "/channels/whatsapp";

/// The largest delivery taken, in bytes (Meta batches at most a few kilobytes).
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
struct Hook {
    verify_token: Arc<str>,
    app_secret: Arc<str>,
    phone_number_id: Arc<str>,
    inbox: Arc<dyn ChatInbox>,
}

/// The router serving [`PATH`]: `GET` answers Meta's verification handshake, `POST` checks
/// `X-Hub-Signature-256`, reads the messages for the configured phone number and hands each
/// to `inbox`.
pub fn routes(settings: &WhatsAppSettings, inbox: Arc<dyn ChatInbox>) -> Router {
    let hook = Hook {
        verify_token: settings.verify_token.as_str().into(),
        app_secret: settings.app_secret.as_str().into(),
        phone_number_id: settings.phone_number_id.as_str().into(),
        inbox,
    };
    Router::new()
        .route(PATH, get(verify_subscription).post(take_delivery))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(hook)
}

/// `GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`: the challenge back as
/// plain text when the token is ours, else 403.
async fn verify_subscription(
    State(hook): State<Hook>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let mode = query.get("hub.mode").map(String::as_str);
    let token = query.get("hub.verify_token").map(String::as_str);
    let challenge = query.get("hub.challenge");
    match (mode, token, challenge) {
        (Some("subscribe"), Some(token), Some(challenge))
            if !hook.verify_token.is_empty()
                && same_secret(token.as_bytes(), hook.verify_token.as_bytes()) =>
        {
            tracing::info!("whatsapp webhook subscription verified");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge.clone(),
            )
                .into_response()
        }
        _ => {
            tracing::warn!("whatsapp webhook verification refused");
            StatusCode::FORBIDDEN.into_response()
        }
    }
}

/// `POST`: 401 unless signed with the app secret, 400 unless a webhook body, 500 when the
/// inbox cannot take a message now (Meta redelivers), else 200.
async fn take_delivery(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !signature_matches(hook.app_secret.as_bytes(), signature, &body) {
        tracing::warn!(
            signed = signature.is_some(),
            "whatsapp delivery refused: bad signature"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let delivery = match payload::parse(&body) {
        Ok(d) => d,
        Err(e) => {
            // serde's message may quote the body (texts, numbers): log only where it broke.
            tracing::warn!(
                kind = ?e.0.classify(),
                line = e.0.line(),
                column = e.0.column(),
                "whatsapp delivery refused: not a webhook body"
            );
            return StatusCode::BAD_REQUEST;
        }
    };
    if delivery.object != OBJECT {
        tracing::info!("whatsapp delivery for another object ignored");
        return StatusCode::OK;
    }
    let incomings = payload::incomings(&delivery, &hook.phone_number_id, Utc::now());
    let count = incomings.len();
    // Not the message's id: a `wamid.` spells the sender's number in base64, which no log may
    // hold (an anonymous reporter's identity).
    for incoming in incomings {
        match hook.inbox.receive(incoming).await {
            Ok(received) => {
                tracing::debug!(?received, "whatsapp message handed over");
            }
            Err(e) => {
                tracing::error!(error = %e, "whatsapp message not taken: asking Meta to redeliver");
                return StatusCode::INTERNAL_SERVER_ERROR;
            }
        }
    }
    tracing::info!(messages = count, "whatsapp delivery taken");
    StatusCode::OK
}

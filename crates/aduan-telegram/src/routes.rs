//! The webhook endpoint Telegram posts updates to.

use crate::payload;
use crate::settings::TelegramSettings;
use crate::verify::{SECRET_HEADER, secret_matches};
use aduan_chat_core::ChatInbox;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use bytes::Bytes;
use std::sync::Arc;

/// Where Telegram posts updates (the `url` given to `setWebhook` ends with it).
pub const PATH: &str = "/channels/telegram";

/// The largest body taken: an update is a few kilobytes.
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
struct Hook {
    secret: Arc<str>,
    inbox: Arc<dyn ChatInbox>,
}

/// The webhook: `POST` [`PATH`] with the secret header and an `Update` body. Answers 200 when
/// the update was taken (or deliberately dropped), 401 without the right secret (nothing
/// reaches the inbox), 400 for a body that is not an `Update`, 413 past [`BODY_LIMIT`], and
/// 500 when the inbox cannot take the message now, so that Telegram delivers it again.
pub fn routes(settings: &TelegramSettings, inbox: Arc<dyn ChatInbox>) -> Router {
    let hook = Hook {
        secret: Arc::from(settings.secret_token.as_str()),
        inbox,
    };
    Router::new()
        .route(PATH, post(take_update))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(hook)
}

async fn take_update(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes());
    if !secret_matches(&hook.secret, given) {
        tracing::warn!(
            secret_present = given.is_some(),
            "telegram delivery refused: wrong or missing secret token"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let incoming = match payload::parse(&body) {
        Ok(Some(incoming)) => incoming,
        Ok(None) => {
            tracing::debug!("telegram update ignored: not a new message in a private chat");
            return StatusCode::OK;
        }
        Err(e) => {
            // Not the error's text: serde_json quotes the offending value, which may be a message.
            tracing::warn!(
                category = ?e.classify(),
                line = e.line(),
                column = e.column(),
                bytes = body.len(),
                "telegram delivery is not an Update"
            );
            return StatusCode::BAD_REQUEST;
        }
    };
    // The message's number in its chat, without the chat's id before it: in a private chat
    // that is the sender's user id, which no log may hold (an anonymous reporter's identity).
    let message_id = incoming
        .message_id
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    match hook.inbox.receive(incoming).await {
        Ok(received) => {
            tracing::info!(%message_id, ?received, "telegram message taken");
            StatusCode::OK
        }
        Err(e) => {
            tracing::error!(%message_id, error = %e, "telegram message not taken; Telegram will retry");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

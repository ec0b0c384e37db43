//! Reading the Bot API's answers: the envelope, the error mapping (Temporary for no answer,
//! 429 and 5xx; Permanent for the rest), bodies read up to a limit.

use aduan_chat_core::NetworkError;
use bytes::Bytes;
use reqwest::{Response, StatusCode};
use serde::Deserialize;

/// The Bot API's envelope: `{"ok": true, "result": ...}` or
/// `{"ok": false, "error_code": 403, "description": "...", "parameters": {"retry_after": 5}}`.
#[derive(Deserialize)]
pub(crate) struct Answer<T> {
    pub(crate) ok: bool,
    pub(crate) result: Option<T>,
    error_code: Option<u16>,
    description: Option<String>,
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<u64>,
}

/// Why a body was not read.
pub(crate) enum Read {
    /// Longer than allowed.
    TooLarge,
    /// The connection failed.
    Failed(reqwest::Error),
}

/// Reads a body, refusing one longer than `limit` (by its declared length, then as it comes).
pub(crate) async fn read(mut response: Response, limit: u64) -> Result<Bytes, Read> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(Read::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Read::Failed)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(Read::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

pub(crate) fn is_temporary(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// No answer (connection refused, timeout, reset): try again later. The URL is dropped.
pub(crate) fn unreachable(what: &str, e: reqwest::Error) -> NetworkError {
    let e = e.without_url();
    if e.is_builder() {
        NetworkError::Permanent(format!("{what}: cannot make the request: {e}"))
    } else {
        NetworkError::Temporary(format!("{what}: cannot reach Telegram: {e}"))
    }
}

/// An answer that is not a success, by Telegram's `error_code` (else the HTTP status).
pub(crate) fn refused<T>(method: &str, status: StatusCode, answer: Answer<T>) -> NetworkError {
    if answer.ok && status.is_success() {
        return NetworkError::Permanent(format!("{method}: Telegram's answer has no result"));
    }
    let code = answer
        .error_code
        .and_then(|c| StatusCode::from_u16(c).ok())
        .unwrap_or(status);
    let description = answer
        .description
        .unwrap_or_else(|| "no description".to_owned());
    let retry = answer
        .parameters
        .and_then(|p| p.retry_after)
        .map(|s| format!(" (retry after {s} s)"))
        .unwrap_or_default();
    let message = format!("{method}: {} {description}{retry}", code.as_u16());
    if is_temporary(code) || is_temporary(status) {
        NetworkError::Temporary(message)
    } else {
        NetworkError::Permanent(message)
    }
}

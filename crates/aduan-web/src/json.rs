//! `ApiJson<T>`: a JSON body extractor whose failures name the field and never become a 500.

use crate::error::ApiError;
use aduan_app::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

/// A JSON request body, deserialised with the failing field's path reported.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        Ok(ApiJson(parse(&bytes)?))
    }
}

/// A JSON request body as it came, its content type and size checked, for a use case that
/// reads it itself (an action, whose fields depend on its name).
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError(AppError::UnsupportedMediaType));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(bytes_rejection)?;
        Ok(JsonBytes(bytes))
    }
}

/// Maps a failure to read the body: over the limit is `payload_too_large`.
pub fn bytes_rejection(r: axum::extract::rejection::BytesRejection) -> AppError {
    if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::InvalidRequest(r.body_text())
    }
}

/// Whether the request says its body is JSON.
pub fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        })
}

/// Parses JSON with the failing field named; see [`aduan_app::input::parse_json`].
pub use aduan_app::input::parse_json as parse;

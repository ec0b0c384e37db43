//! `ApiJson<T>`: a JSON body extractor whose failures name the field and never become a 500.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// A JSON request body, deserialised with the failing field's path reported.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(bytes_rejection)?;
        parse(&bytes).map(ApiJson)
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

/// Parses JSON: a syntax error is `invalid_request`; a type or value error is
/// `validation_failed` naming the field (`location.lat` → `invalid`, a missing field → `required`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::InvalidRequest(inner.to_string());
        }
        let path = e.path().to_string();
        let message = inner.to_string();
        let (field, code) = match message.strip_prefix("missing field `") {
            Some(rest) => {
                let name = rest.split('`').next().unwrap_or_default();
                let field = if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                };
                (field, "required".to_owned())
            }
            None => (
                if path == "." { "body".to_owned() } else { path },
                "invalid".to_owned(),
            ),
        };
        AppError::Validation(BTreeMap::from([(field, code)]))
    })
}

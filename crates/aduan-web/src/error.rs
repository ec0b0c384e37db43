//! The one error type at the HTTP edge, rendered as JSON `{code, message, fields}` with a
//! stable snake_case `code` that clients and the UI translate. A 500 never shows its cause.

use aduan_domain::lifecycle::TransitionError;
use aduan_store::StoreError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// Field name → error code, for `validation_failed`.
pub type FieldErrors = BTreeMap<String, String>;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400 `invalid_request`: the body is not JSON or not a form at all.
    #[error("the request could not be read: {0}")]
    InvalidRequest(String),
    /// 422 `validation_failed`: wrong types or values, per field.
    #[error("some fields are not valid")]
    Validation(FieldErrors),
    /// 413 `payload_too_large`.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 415 `unsupported_media_type`.
    #[error("the request body must be application/json")]
    UnsupportedMediaType,
    /// 401 `unauthorized`: no valid session where one is needed, or an expired token.
    #[error("login required")]
    Unauthorized,
    /// 401 `invalid_credentials`: wrong login or password, or a disabled account.
    #[error("wrong login or password")]
    InvalidCredentials,
    /// 403 `action_forbidden`: the caller may see but not do this.
    #[error("not allowed")]
    Forbidden,
    /// 404 `not_found`: absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// 422 `unknown_action`.
    #[error("unknown action `{0}`")]
    UnknownAction(String),
    /// 409 `conflict`: the report moved on since the given version.
    #[error("the report changed since you loaded it")]
    Conflict,
    /// 409 `conflict`: what the request would create exists already; the message says what.
    #[error("{0}")]
    Exists(String),
    /// 429 `rate_limited`: too many attempts; try again after `retry_after` seconds.
    #[error("too many attempts; try again in {retry_after} s")]
    RateLimited {
        /// Seconds to wait, sent as `Retry-After`.
        retry_after: i64,
    },
    /// 422 `idempotency_mismatch`: the `Idempotency-Key` was used before with another body.
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyMismatch,
    /// The lifecycle refused the move; status and code per [`TransitionError`].
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// 500 `internal`: logged once with its cause, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[derive(Serialize, utoipa::ToSchema)]
/// The body of every error response.
pub struct ErrorBody {
    /// Stable snake_case code.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
    /// Field name → error code, for validation errors.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl AppError {
    /// A single-field validation error.
    pub fn field(field: &str, code: &str) -> Self {
        AppError::Validation(BTreeMap::from([(field.to_owned(), code.to_owned())]))
    }

    /// The HTTP status and stable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::InvalidRequest(_) => (StatusCode::BAD_REQUEST, "invalid_request"),
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "action_forbidden"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::UnknownAction(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_action"),
            AppError::Conflict | AppError::Exists(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::IdempotencyMismatch => {
                (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_mismatch")
            }
            AppError::Transition(e) => (transition_status(e), e.code()),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

fn transition_status(e: &TransitionError) -> StatusCode {
    match e {
        TransitionError::ActionForbidden { .. } => StatusCode::FORBIDDEN,
        TransitionError::IllegalTransition { .. }
        | TransitionError::AlreadyUsed { .. }
        | TransitionError::WindowClosed { .. }
        | TransitionError::NotDue { .. } => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Every stable error code the API answers with; each has a message `api-error-<code>` in
/// both languages of the catalogue.
pub const ERROR_CODES: &[&str] = &[
    "invalid_request",
    "validation_failed",
    "payload_too_large",
    "unsupported_media_type",
    "unauthorized",
    "invalid_credentials",
    "action_forbidden",
    "not_found",
    "unknown_action",
    "conflict",
    "internal",
    "illegal_transition",
    "already_used",
    "window_closed",
    "not_due",
    "reason_required",
    "body_required",
    "target_required",
    "handling_class_required",
    "invalid_reason",
    "invalid_rating",
    "rate_limited",
    "idempotency_mismatch",
];

/// What an error response carries until [`localise_errors`] writes its message in the
/// caller's language.
#[derive(Debug, Clone)]
struct ErrorDetail {
    code: &'static str,
    detail: Option<String>,
    fields: BTreeMap<String, String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = %cause, source = ?cause.source(), "request failed");
        }
        let fields = match &self {
            AppError::Validation(f) => f.clone(),
            _ => BTreeMap::new(),
        };
        let detail = match &self {
            AppError::InvalidRequest(_) | AppError::Exists(_) | AppError::UnknownAction(_) => {
                Some(self.to_string())
            }
            _ => None,
        };
        let body = ErrorBody {
            code: code.to_owned(),
            message: self.to_string(),
            fields: fields.clone(),
        };
        let mut res = (status, Json(body)).into_response();
        if let AppError::RateLimited { retry_after } = &self {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after),
            );
        }
        res.extensions_mut().insert(ErrorDetail {
            code,
            detail,
            fields,
        });
        res
    }
}

/// The caller's language for messages: the portal's remembered choice, else Accept-Language.
pub fn request_lang(headers: &axum::http::HeaderMap) -> aduan_i18n::Lang {
    let remembered = axum_extra::extract::CookieJar::from_headers(headers)
        .get("aduan_lang")
        .and_then(|c| aduan_i18n::Lang::parse(c.value()));
    remembered.unwrap_or_else(|| {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(aduan_i18n::Lang::negotiate)
            .unwrap_or_default()
    })
}

/// Writes each error's message from the catalogue in the caller's language (Bahasa Indonesia
/// unless the caller asks for English), keeping the stable code and the field errors.
pub async fn localise_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = request_lang(req.headers());
    let res = next.run(req).await;
    let Some(detail) = res.extensions().get::<ErrorDetail>().cloned() else {
        return res;
    };
    let status = res.status();
    let text = aduan_i18n::catalogue().text(lang, &format!("api-error-{}", detail.code), &[]);
    let message = match detail.detail {
        Some(d) => format!("{text} ({d})"),
        None => text,
    };
    let body = ErrorBody {
        code: detail.code.to_owned(),
        message,
        fields: detail.fields,
    };
    let mut out = (status, Json(body)).into_response();
    for (name, value) in res.headers() {
        if name != axum::http::header::CONTENT_LENGTH && name != axum::http::header::CONTENT_TYPE {
            out.headers_mut().append(name, value.clone());
        }
    }
    out
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => {
                AppError::Validation(BTreeMap::from([("body".to_owned(), e.body_text())]))
            }
            JsonRejection::JsonSyntaxError(e) => AppError::InvalidRequest(e.body_text()),
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            other => AppError::InvalidRequest(other.body_text()),
        }
    }
}

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;

//! The one error type of the use cases, with a stable snake_case `code` that clients and the
//! UI translate and the HTTP status it stands for. Each edge renders it its own way: the JSON
//! API as `{code, message, fields}`, the pages as an error page or form, SMS and e-mail as a
//! text. A 500 never shows its cause.

use aduan_domain::lifecycle::TransitionError;
use aduan_store::StoreError;
use http::StatusCode;
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
    /// The account logs in with a second factor: the login must carry its code.
    #[error("this account needs the code of its authenticator app")]
    SecondFactorRequired,
    /// The action needs a session whose login passed the second factor.
    #[error("log in again with the code of your authenticator app to do this")]
    SecondFactorSession,
    /// A reveal is asked for and approved by two people, never taken as one action.
    #[error(
        "revealing an identity needs a request and a second person's approval (POST /api/v1/reports/{{id}}/reveal-requests)"
    )]
    TwoPersonReveal,
    /// A person may not approve their own request.
    #[error("a second person must approve this request")]
    SamePerson,
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
            AppError::SecondFactorRequired => (StatusCode::UNAUTHORIZED, "second_factor_required"),
            AppError::SecondFactorSession => (StatusCode::FORBIDDEN, "second_factor_session"),
            AppError::SamePerson => (StatusCode::FORBIDDEN, "same_person"),
            AppError::TwoPersonReveal => (StatusCode::FORBIDDEN, "two_person_reveal"),
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
    "second_factor_required",
    "second_factor_session",
    "same_person",
    "two_person_reveal",
];

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            StoreError::Limited { retry_after } => AppError::RateLimited { retry_after },
            other => AppError::Internal(Box::new(other)),
        }
    }
}

/// Result of a use case.
pub type AppResult<T> = Result<T, AppError>;

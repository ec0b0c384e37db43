//! The use cases' error at the HTTP edge: [`ApiError`] renders an [`AppError`] as JSON
//! `{code, message, fields}` with its stable snake_case `code` and HTTP status, and
//! [`localise_errors`] writes the message in the caller's language. A 500 never shows its
//! cause.

use aduan_app::error::AppError;
use aduan_store::StoreError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// An [`AppError`] as an HTTP response.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError(e.into())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        ApiError(json_rejection(r))
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

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

/// What an error response carries until [`localise_errors`] writes its message in the
/// caller's language.
#[derive(Debug, Clone)]
struct ErrorDetail {
    code: &'static str,
    detail: Option<String>,
    fields: BTreeMap<String, String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let ApiError(e) = self;
        let this = &e;
        let (status, code) = this.status_and_code();
        if let AppError::Internal(cause) = this {
            tracing::error!(error = %cause, source = ?cause.source(), "request failed");
        }
        let fields = match this {
            AppError::Validation(f) => f.clone(),
            _ => BTreeMap::new(),
        };
        let detail = match this {
            AppError::InvalidRequest(_) | AppError::Exists(_) | AppError::UnknownAction(_) => {
                Some(this.to_string())
            }
            _ => None,
        };
        let body = ErrorBody {
            code: code.to_owned(),
            message: this.to_string(),
            fields: fields.clone(),
        };
        let mut res = (status, Json(body)).into_response();
        if let AppError::RateLimited { retry_after } = this {
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

/// A JSON body that axum could not read, as the use cases' error.
pub fn json_rejection(r: JsonRejection) -> AppError {
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

//! Errors as GeoReport v2 gives them: `[{"code": 404, "description": "…"}]`, or
//! `<errors><error><code>404</code><description>…</description></error></errors>`, with the
//! code also the HTTP status.

use crate::render::{Format, Node, answer};
use aduan_app::error::AppError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// A refusal in the requested format.
#[derive(Debug)]
pub struct Open311Error {
    /// The status, also each error's `code`.
    pub status: StatusCode,
    /// One description per error.
    pub descriptions: Vec<String>,
    /// Seconds to wait, for 429.
    pub retry_after: Option<i64>,
}

impl Open311Error {
    /// One error.
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Self {
            status,
            descriptions: vec![description.into()],
            retry_after: None,
        }
    }

    /// 404 with `description`.
    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, description)
    }

    /// 400 with `description`.
    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }

    /// The answer in `format`.
    pub fn render(&self, format: Format) -> Response {
        let code = i64::from(self.status.as_u16());
        let errors = self
            .descriptions
            .iter()
            .map(|d| {
                Node::Record(vec![
                    ("code", Node::Int(code)),
                    ("description", Node::Text(d.clone())),
                ])
            })
            .collect();
        let mut res = answer(self.status, format, "errors", &Node::List("error", errors));
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// Why a field was refused, in words a client's developer reads.
fn field_description(field: &str, code: &str) -> String {
    let why = match (field, code) {
        ("requested_agency", "outside_partner_scope") => {
            "outside_partner_scope: the place lies outside the agencies and regions listed for \
             this partner (give address_id, a Kemendagri region code within them)"
        }
        ("lat", "location_required") => {
            "a location is required: lat and long, address_string or address_id"
        }
        (_, "required") => "required",
        (_, "not_found") => "not found (see services)",
        (_, "window_too_long") => "start_date to end_date may span at most 90 days",
        (_, "before_start") => "end_date is before start_date",
        (_, other) => other,
    };
    format!("{field}: {why}")
}

impl From<AppError> for Open311Error {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthorized => Self::new(
                StatusCode::FORBIDDEN,
                "api_key was not provided or is not a valid partner key",
            ),
            AppError::NotFound => Self::not_found("not found"),
            AppError::Validation(fields) => Self {
                status: StatusCode::BAD_REQUEST,
                descriptions: fields
                    .iter()
                    .map(|(f, c)| field_description(f, c))
                    .collect(),
                retry_after: None,
            },
            AppError::InvalidRequest(why) => Self::bad_request(why),
            AppError::RateLimited { retry_after } => Self {
                retry_after: Some(retry_after),
                ..Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited: try again later",
                )
            },
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, source = ?cause.source(), "open311 request failed");
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
            other => {
                let (status, code) = other.status_and_code();
                Self::new(status, code)
            }
        }
    }
}

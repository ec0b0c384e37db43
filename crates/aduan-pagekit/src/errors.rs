//! Error pages. A handler fails with a [`PageError`]; [`render_errors`] turns it into a page
//! in the visitor's language with the layout, so handlers only use `?`.

use crate::csrf::CsrfToken;
use crate::ctx::{Ctx, lang_of, session_user};
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_i18n::Tr;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// 404.
    NotFound,
    /// 403.
    Forbidden,
    /// 403: the form's CSRF token was wrong or missing.
    Csrf,
    /// 400: not a form of the expected shape.
    BadForm,
    /// 401: log in first.
    LoginRequired,
    /// A refusal explained by its own message key.
    Refused(StatusCode, &'static str),
    /// An error of the shared handlers.
    App(AppError),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => PageError::NotFound,
            other => PageError::App(other),
        }
    }
}

impl From<aduan_store::StoreError> for PageError {
    fn from(e: aduan_store::StoreError) -> Self {
        PageError::from(AppError::from(e))
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::App(AppError::Internal(Box::new(e)))
    }
}

/// The status and message key of an error.
pub fn status_and_key(e: &PageError) -> (StatusCode, &'static str) {
    match e {
        PageError::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
        PageError::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
        PageError::Csrf => (StatusCode::FORBIDDEN, "error-csrf"),
        PageError::BadForm => (StatusCode::BAD_REQUEST, "error-validation"),
        PageError::LoginRequired => (StatusCode::UNAUTHORIZED, "error-unauthorized"),
        PageError::Refused(status, key) => (*status, key),
        PageError::App(e) => app_error_key(e),
    }
}

/// The status and message key of an error of the shared handlers.
pub fn app_error_key(e: &AppError) -> (StatusCode, &'static str) {
    let (status, code) = e.status_and_code();
    let key = match code {
        "not_found" => "error-not-found",
        "action_forbidden" => "error-forbidden",
        "conflict" => "error-conflict",
        "validation_failed" | "invalid_request" | "reason_required" | "unknown_action" => {
            "error-validation"
        }
        "payload_too_large" => "error-payload-too-large",
        "unsupported_media_type" => "error-unsupported-media-type",
        "unauthorized" | "invalid_credentials" => "error-unauthorized",
        "internal" => "error-internal",
        "rate_limited" => "error-rate-limited",
        "idempotency_mismatch" => "error-idempotency-mismatch",
        "second_factor_session" | "second_factor_required" => "error-second-factor",
        "same_person" => "error-same-person",
        "two_person_reveal" => "error-two-person-reveal",
        _ => "error-illegal-transition",
    };
    (status, key)
}

/// Marks a response as an error page still to be rendered, with the seconds to wait when it
/// refuses too many attempts.
#[derive(Debug, Clone, Copy)]
struct Pending(&'static str, Option<i64>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let PageError::App(AppError::Internal(cause)) = &self {
            tracing::error!(error = %cause, "page failed");
        }
        let (status, key) = status_and_key(&self);
        let retry_after = match &self {
            PageError::App(AppError::RateLimited { retry_after }) => Some(*retry_after),
            _ => None,
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(Pending(key, retry_after));
        res
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Ctx,
    message: String,
}

/// Renders pending error pages in the visitor's language.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let csrf = req.extensions().get::<CsrfToken>().map(|t| t.0.clone());
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    let Some(Pending(key, retry_after)) = res.extensions().get::<Pending>().copied() else {
        return res;
    };
    let status = res.status();
    let tr = Tr::new(lang_of(&headers));
    let c = Ctx {
        tr,
        csrf: csrf.unwrap_or_default(),
        user: session_user(&headers, &state).await,
        second_factor: false,
        path,
        client: Default::default(),
    };
    let message = match retry_after {
        // Whole minutes, rounded up: "try again in 0 minutes" helps no one.
        Some(seconds) => c.n(key, "minutes", (seconds + 59) / 60),
        None => c.t(key),
    };
    let page = ErrorPage { message, c };
    let mut out = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => status.into_response(),
    };
    if let Some(seconds) = retry_after {
        out.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(seconds),
        );
    }
    out
}

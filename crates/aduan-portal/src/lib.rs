//! Aduan's citizens' portal: server-rendered HTML pages (askama templates, every string from
//! the `aduan-i18n` catalogue) that work without JavaScript, with a little progressive
//! enhancement and an installable web app. The pages act through the same handlers and rules
//! as the JSON API, so a report filed here is the one the API shows.
//!
//! [`app`] is the whole service: the API, the portal, its assets, and the security headers
//! (a strict Content-Security-Policy, no framing, no sniffing) on every response.

mod assets;
pub mod csrf;
pub mod ctx;
pub mod errors;
mod pages;
mod security;

pub use csrf::CSRF_COOKIE;
pub use ctx::{Ctx, LANG_COOKIE};
pub use pages::{choices, render};

use aduan_app::AppState;
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::compression::CompressionLayer;

/// The whole service: API and portal with their middleware.
pub fn app(state: AppState) -> Router {
    app_with(state, Router::new())
}

/// The whole service with more pages (the back office) that share the portal's language,
/// CSRF protection, error pages and security headers.
pub fn app_with(state: AppState, more: Router<AppState>) -> Router {
    let portal = pages::routes()
        .merge(more)
        .merge(assets::routes())
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), errors::render_errors))
        .layer(from_fn_with_state(state.clone(), csrf::ensure_token))
        .with_state(state.clone());
    aduan_web::build_router(state.clone())
        .merge(portal)
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(from_fn(security::same_origin_posts))
        .layer(CompressionLayer::new())
}

/// An unknown path: the localized error page, or the API's JSON error under `/api`.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        aduan_web::error::ApiError(aduan_app::error::AppError::NotFound).into_response()
    } else {
        errors::PageError::NotFound.into_response()
    }
}

//! Aduan's composition root: the one place that builds the whole service from its parts. The
//! JSON API (`aduan-web`), Open311 GeoReport v2 (`aduan-open311`), the citizens' portal and the back office (peers on the page kit,
//! `aduan-pagekit`), the channel endpoints ([`channels`]) and the background jobs
//! ([`workers`]) come together here, so that `aduan serve`, `aduan worker` and the test kit
//! run the same service.
//!
//! - [`router`]: the API, the pages, their assets and middleware;
//! - [`service`]: that, with the channel endpoints the settings open (SMS, [`chat`]);
//! - [`observed`]: a service timed for `/metrics`;
//! - [`workers::registry`]: the jobs a worker runs.

pub mod channels;
pub mod chat;
pub mod workers;
pub mod write_limits;

use aduan_app::AppState;
use aduan_pagekit::{assets, csrf, errors, security};
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::compression::CompressionLayer;

/// The API, Open311, the citizens' portal and the back office, with the page kit's
/// middleware: the limit on every write ([`write_limits`]), error pages and CSRF tokens on the pages, security headers and the refusal of
/// cross-site posts on every response, compression, and the not-found page (or the API's JSON
/// error under `/api`, Open311's error under `/open311`) for an unknown path.
pub fn router(state: AppState) -> Router {
    let (pages, _) = page_routes().into_parts(state.clone());
    let pages = pages
        .merge(assets::routes())
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), write_limits::pages))
        .layer(from_fn_with_state(state.clone(), errors::render_errors))
        .layer(from_fn_with_state(state.clone(), csrf::ensure_token))
        .with_state(state.clone());
    let open311 = aduan_open311::routes()
        .layer(from_fn_with_state(state.clone(), write_limits::open311))
        .with_state(state.clone());
    aduan_web::build_router(state.clone())
        .merge(open311)
        .merge(pages)
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(from_fn(security::same_origin_posts))
        .layer(CompressionLayer::new())
}

/// The pages of the portal and the back office: their router and the one table it is built
/// from, with who may use each route.
pub fn page_routes() -> aduan_pagekit::routes::Pages {
    aduan_portal::routes().merge(aduan_office::routes())
}

/// The whole service as `aduan serve` runs it: [`router`] and the channel endpoints the
/// settings open (smsbox's get-url and dlr-url when `[sms]` is enabled; the webhooks of the
/// chat and social networks `chat` switches on).
pub async fn service(
    state: AppState,
    sms: &aduan_sms::SmsSettings,
    chat: &chat::ChatChannels<'_>,
) -> anyhow::Result<Router> {
    let mut app = router(state.clone());
    if let Some(sms) = channels::sms_routes(sms, &state).await? {
        app = app.merge(sms);
    }
    if let Some(chat) = chat.routes(&state)? {
        app = app.merge(chat);
    }
    Ok(app)
}

/// `app` with every request timed by route for `/metrics` (outside every other layer), and
/// `/metrics` itself on the service's address when `metrics` sets a token.
pub fn observed(app: Router, state: &AppState, metrics: &aduan_metrics::MetricsSettings) -> Router {
    let app = if metrics.token.is_empty() {
        app
    } else {
        app.merge(aduan_metrics::token_routes(state.clone(), &metrics.token))
    };
    app.route_layer(from_fn(aduan_metrics::name_route))
        .layer(from_fn(aduan_metrics::track_requests))
}

/// An unknown path: the localized error page, the API's JSON error under `/api`, or Open311's
/// error (in the format the extension names, JSON otherwise) under `/open311`.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/open311/") {
        let format = aduan_open311::render::Format::split(uri.path())
            .map_or(aduan_open311::render::Format::Json, |(_, f)| f);
        aduan_open311::error::Open311Error::not_found("no such endpoint").render(format)
    } else if uri.path().starts_with("/api/") {
        aduan_web::error::ApiError(aduan_app::error::AppError::NotFound).into_response()
    } else {
        errors::PageError::NotFound.into_response()
    }
}

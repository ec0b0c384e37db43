//! Aduan's HTTP edge: the JSON API (with its OpenAPI document), health and readiness, on one
//! axum router. Each handler reads its request, calls a use case of `aduan-app` and writes the
//! answer or the error as JSON. Who may call each operation is stated on it (`x-access`,
//! [`api::access`]) and enforced from the document by the [`gate`] before any handler reads its
//! request. `build_router` is public so that tests drive the whole service through `oneshot`
//! without a socket.

pub mod api;
pub mod auth;
pub mod error;
pub mod gate;
mod health;
pub mod json;
pub mod write_limit;

use aduan_app::reports::reveal::Approver;
use aduan_app::{AppConfig, AppState};
use axum::{Extension, Router};
use std::sync::Arc;
use utoipa::openapi::server::Server;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The service's JSON routes, the API under `/api/v1` and the probes and the document at the
/// root, with the OpenAPI document describing every one of them. The root routes carry their
/// own `servers` entry (`/`), since the document's server is `/api/v1`.
fn json_routes(
    max_json: usize,
    max_upload: usize,
    approver: Approver,
) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut doc) = api::api(max_json, max_upload);
    let (root, root_doc) = OpenApiRouter::new()
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(api::openapi_json))
        .split_for_parts();
    for (path, mut item) in root_doc.paths.paths {
        item.servers = Some(vec![Server::new("/")]);
        doc.paths.paths.insert(path, item);
    }
    api::access::admit_reveal_approver(&mut doc, approver);
    api::access::document_refusals(&mut doc);
    api::describe_responses(&mut doc);
    api::rules::add(&mut doc);
    let api = api.layer(axum::middleware::from_fn(no_store));
    (Router::new().nest("/api/v1", api).merge(root), doc)
}

/// The OpenAPI document of the service, as `GET /api/openapi.json` answers it.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let config = AppConfig::default();
    let limits = config.max_json_bytes;
    json_routes(limits, limits, config.reveal_approver).1
}

/// The whole service's routes.
pub fn build_router(state: AppState) -> Router {
    // Room for the multipart framing around the largest file allowed.
    let max_upload = usize::try_from(state.attachments.limits.largest())
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let (routes, openapi) = json_routes(
        state.config.max_json_bytes,
        max_upload,
        state.config.reveal_approver,
    );
    let gate = Arc::new(gate::Gate::from_doc(&openapi, "/api/v1"));
    routes
        .route_layer(axum::middleware::from_fn_with_state(
            (state.clone(), gate),
            gate::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            write_limit::api,
        ))
        .layer(Extension(Arc::new(openapi)))
        .layer(axum::middleware::from_fn(error::localise_errors))
        .with_state(state)
}

/// `Cache-Control: no-store` on every API answer: they carry reports, identities and tokens
/// for one caller, which no shared or browser cache may keep.
async fn no_store(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    res
}

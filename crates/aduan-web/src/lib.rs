//! Aduan's HTTP edge: the JSON API (with its OpenAPI document), health and readiness, on one
//! axum router. `build_router` is public so that tests drive the whole service through
//! `oneshot` without a socket.

pub mod api;
pub mod auth;
pub mod error;
pub mod facts;
mod health;
pub mod json;
pub mod limiter;
pub mod notify;
pub mod recovery;
pub mod scheduler;
pub mod sla;
pub mod view;

use aduan_domain::Clock;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{SharedCalendar, Store};
use axum::{Extension, Router};
use std::sync::Arc;
use utoipa::openapi::server::Server;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Settings of the HTTP edge.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// How long a login session lasts, in hours.
    pub session_hours: i64,
    /// Mark the session cookie `Secure` (behind HTTPS) even when `public_url` does not say so.
    pub cookie_secure: bool,
    /// The address people reach the service at (`https://lapor.example.go.id`); empty when
    /// not set. When it is https, every cookie is `Secure` and HSTS is sent.
    pub public_url: String,
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
    /// The working-day limits of each phase.
    pub sla: aduan_domain::sla::SlaLimits,
    /// The rate limiter's policies.
    pub limits: limiter::Limits,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<limiter::Cidr>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            session_hours: 12,
            cookie_secure: false,
            public_url: String::new(),
            max_json_bytes: 64 * 1024,
            sla: Default::default(),
            limits: Default::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

impl WebConfig {
    /// Whether the service is reached over HTTPS, as `public_url` says.
    pub fn https(&self) -> bool {
        self.public_url
            .trim()
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
    }

    /// Whether cookies are marked `Secure`: behind HTTPS, by `public_url` or `cookie_secure`.
    pub fn secure_cookies(&self) -> bool {
        self.cookie_secure || self.https()
    }
}

/// Where attachments go and how large they may be.
pub struct Attachments {
    /// The bytes.
    pub blobs: Arc<dyn aduan_attachments::BlobStore>,
    /// Size limits per kind.
    pub limits: aduan_attachments::Limits,
}

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// Working days: weekends plus national holidays and cuti bersama, as stored; swapped
    /// after an edit. Read it through [`AppState::calendar`].
    pub calendar: SharedCalendar,
    /// Settings.
    pub config: Arc<WebConfig>,
    /// Attachment storage.
    pub attachments: Arc<Attachments>,
    /// Seals secrets (access codes) in outbox messages.
    pub deployment_key: Arc<aduan_store::DeploymentKey>,
}

impl AppState {
    /// The working-day calendar in force now; an edit made later does not change it.
    pub fn calendar(&self) -> Arc<WorkCalendar> {
        self.calendar.get()
    }
}

/// The service's JSON routes, the API under `/api/v1` and the probes and the document at the
/// root, with the OpenAPI document describing every one of them. The root routes carry their
/// own `servers` entry (`/`), since the document's server is `/api/v1`.
fn json_routes(max_json: usize, max_upload: usize) -> (Router<AppState>, utoipa::openapi::OpenApi) {
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
    api::describe_responses(&mut doc);
    let api = api.layer(axum::middleware::from_fn(no_store));
    (Router::new().nest("/api/v1", api).merge(root), doc)
}

/// The OpenAPI document of the service, as `GET /api/openapi.json` answers it.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let limits = WebConfig::default().max_json_bytes;
    json_routes(limits, limits).1
}

/// The whole service's routes.
pub fn build_router(state: AppState) -> Router {
    // Room for the multipart framing around the largest file allowed.
    let max_upload = usize::try_from(state.attachments.limits.largest())
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let (routes, openapi) = json_routes(state.config.max_json_bytes, max_upload);
    routes
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

//! Aduan's HTTP edge: the JSON API (with its OpenAPI document), health and readiness, on one
//! axum router. `build_router` is public so that tests drive the whole service through
//! `oneshot` without a socket.

pub mod api;
pub mod auth;
pub mod error;
pub mod facts;
mod health;
pub mod json;
pub mod notify;
pub mod scheduler;
pub mod sla;
pub mod view;

use aduan_domain::Clock;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{SharedCalendar, Store};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;

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
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            session_hours: 12,
            cookie_secure: false,
            public_url: String::new(),
            max_json_bytes: 64 * 1024,
            sla: Default::default(),
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

/// The whole service's routes.
pub fn build_router(state: AppState) -> Router {
    // Room for the multipart framing around the largest file allowed.
    let max_upload = usize::try_from(state.attachments.limits.largest())
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let (api, openapi) = api::api(state.config.max_json_bytes, max_upload);
    let openapi = Arc::new(openapi);
    Router::new()
        .nest("/api/v1", api.layer(axum::middleware::from_fn(no_store)))
        .route(
            "/api/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
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

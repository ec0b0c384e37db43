//! Aduan's operational metrics in Prometheus' text format, for the people who run it:
//!
//! - `aduan_http_request_duration_seconds` (histogram by method, route template and status),
//!   recorded by [`track_requests`] around every request, the route named by [`name_route`];
//! - at each scrape, the application's operational figures ([`sample`], from
//!   `aduan_app::operations`): jobs by state and the wait of the longest-waiting due job,
//!   outbox messages by state, running time limits past their deadline, and this instance's
//!   database connections.
//!
//! `/metrics` is served on its own address ([`MetricsSettings::listen`]) or on the service's
//! behind a bearer token ([`MetricsSettings::token`]); with neither, nowhere. Nothing in it
//! names a report, a person or an address.

mod http;
mod sample;

pub use http::{name_route, track_requests};
pub use sample::sample;

use aduan_app::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Where `/metrics` is served (`[metrics]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// An address of its own for `/metrics`, such as `127.0.0.1:9898`, open to whoever reaches
    /// it; empty: none.
    pub listen: String,
    /// A bearer token that opens `/metrics` on the service's own address; empty: not served
    /// there.
    pub token: String,
}

/// The request-duration buckets, in seconds: from a cached page to a slow export.
const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often the recorder folds the samples recorded since into its histograms, so that they
/// do not pile up between scrapes (or with no scraper at all).
const UPKEEP: std::time::Duration = std::time::Duration::from_secs(5);

/// The process' recorder, installed on first use (metrics are process-wide), with a thread
/// that keeps its histograms folded ([`UPKEEP`]).
pub fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(http::REQUEST_DURATION.into()),
                    DURATION_BUCKETS,
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!(
                    "another metrics recorder was installed first; /metrics stays empty"
                );
            }
            let upkeep = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(UPKEEP);
                        upkeep.run_upkeep();
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "no metrics upkeep thread: histograms fold at scrapes only");
            }
            handle
        })
        .clone()
}

/// `GET /metrics` open to whoever reaches it: for the address of its own.
pub fn open_routes(state: AppState) -> Router {
    let handle = recorder();
    Router::new().route(
        "/metrics",
        get(move |State(state): State<AppState>| {
            let handle = handle.clone();
            async move { render(&state, &handle).await }
        })
        .with_state(state),
    )
}

/// `GET /metrics` for the service's own address, answered only with `token` as a bearer token
/// (401 otherwise).
pub fn token_routes(state: AppState, token: &str) -> Router {
    let handle = recorder();
    let expected = digest(token);
    Router::new().route(
        "/metrics",
        get(move |State(state): State<AppState>, headers: HeaderMap| {
            let handle = handle.clone();
            async move {
                let given = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(digest);
                if given != Some(expected) {
                    return (
                        StatusCode::UNAUTHORIZED,
                        [(header::WWW_AUTHENTICATE, "Bearer")],
                    )
                        .into_response();
                }
                render(&state, &handle).await
            }
        })
        .with_state(state),
    )
}

/// Tokens are compared as SHA-256 digests: how long a comparison takes tells nothing of the
/// token itself.
fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

async fn render(state: &AppState, handle: &PrometheusHandle) -> Response {
    sample(state).await;
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

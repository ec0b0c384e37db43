//! Aduan's HTTP edge: the axum router and the state it shares. `build_router` is public so that
//! tests drive the whole service through `oneshot` without a socket.

mod health;

use aduan_domain::Clock;
use aduan_store::Store;
use axum::Router;
use axum::routing::get;
use std::sync::Arc;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The time source.
    pub clock: Arc<dyn Clock>,
}

/// The whole service's routes.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
}

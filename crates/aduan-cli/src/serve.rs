//! `aduan serve`: the web service on the configured database.

use crate::backend::open_store;
use crate::settings::Settings;
use aduan_domain::Clock;
use aduan_domain::clock::to_micros;
use aduan_web::{AppState, build_router};
use anyhow::Context;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The real clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        to_micros(Utc::now())
    }
}

/// Migrates, binds and serves until Ctrl-C or SIGTERM.
pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    let store = open_store(&settings.database_url, true).await?;
    let state = AppState {
        store: store.clone(),
        clock: Arc::new(SystemClock),
    };
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("binding {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = store.backend(), "aduan is serving");
    println!(
        "Aduan berjalan di http://{addr}/ (database: {})",
        store.backend()
    );
    axum::serve(listener, build_router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving HTTP")?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

//! `aduan serve`: the web service on the configured database.

use crate::backend::open_store_keyed;
use crate::settings::Settings;
use aduan_app::{AppConfig, AppState, Attachments};
use aduan_domain::TimeSource;
use aduan_domain::time::to_micros;
use aduan_store::{Keyring, SharedCalendar, Store};
use anyhow::Context;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The real clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> DateTime<Utc> {
        to_micros(Utc::now())
    }
}

/// Options of `aduan serve` that override the settings.
#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Load the demo (directory, a few hundred reports, demo accounts) into an empty data dir
    /// and print the demo logins.
    #[arg(long)]
    pub demo: bool,
    /// Address and port to listen on.
    #[arg(long)]
    pub listen: Option<String>,
    /// Do not run background jobs in this process (run `aduan worker` instead).
    #[arg(long)]
    pub no_worker: bool,
}

/// Migrates, binds and serves until Ctrl-C or SIGTERM.
pub async fn serve(mut settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    if let Some(listen) = args.listen {
        settings.listen = listen;
    }
    let settings = &settings;
    let (store, ring) = open_store_keyed(settings, true).await?;
    if let Some(loaded) = aduan_directory::ensure_loaded(store.as_ref(), SystemTimeSource.now())
        .await
        .context("loading the built-in directory")?
    {
        tracing::info!(
            agencies = loaded.agencies.inserted,
            units = loaded.units.inserted,
            categories = loaded.categories.inserted,
            "loaded the built-in directory"
        );
    }
    let calendar = crate::holidays::load(store.as_ref(), SystemTimeSource.now()).await?;
    if args.demo {
        let done = crate::demo::load(store.as_ref(), SystemTimeSource.now()).await?;
        tracing::info!(
            accounts = done.accounts,
            reports = done.reports,
            "demo loaded"
        );
    }
    let mut state = app_state(settings, store.clone(), calendar, &ring)?;
    // Uploads a killed process was receiving stay in the spool until swept here.
    let spool = settings.data_dir.join("spool");
    let swept = aduan_app::uploads::sweep_spool(&spool, aduan_app::uploads::SPOOL_LEFTOVER_AGE);
    if swept > 0 {
        tracing::info!(
            files = swept,
            "removed uploads left in the spool by an earlier run"
        );
    }
    state.replica = open_replica(settings, &ring)
        .await?
        .map(aduan_app::Replica::new);
    if let Some(clocks) = aduan_app::stats::keep_counts_on_calendar(&state).await? {
        tracing::info!(
            clocks,
            "the figures' running counts were rebuilt from the clocks"
        );
    }
    if let Some(reports) = aduan_app::stats::volumes::keep_volumes_counted(&state).await? {
        tracing::info!(reports, "the statistics' report counts were counted");
    }
    if let Some(reports) = aduan_app::search::index::keep_index_on_analyser(&state).await? {
        tracing::info!(reports, "the search index was rebuilt for this analyser");
    }
    let app =
        aduan_server::service(state.clone(), &settings.sms, &settings.chat_channels()).await?;
    let app = aduan_server::observed(app, &state, &settings.metrics);
    serve_metrics(&settings.metrics, &state).await?;
    crate::holidays::spawn_reload(state.clone(), settings.calendar_reload_seconds);
    let poll = std::time::Duration::from_secs(settings.reference_poll_seconds);
    aduan_app::cache::spawn_polling(state.clone(), poll);
    aduan_app::cache::spawn_replica_polling(&state, poll);
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("binding {}", settings.listen))?;
    let addr = listener.local_addr()?;
    let worker = if args.no_worker {
        None
    } else {
        Some(crate::worker::InProcess::start(settings, &state)?)
    };
    tracing::info!(%addr, database = store.backend(), "aduan is serving");
    println!(
        "Aduan berjalan di http://{addr}/ (database: {})",
        store.backend()
    );
    if args.demo {
        print!("{}", crate::demo::banner(&format!("http://{addr}/")));
    }
    // The peer's address reaches handlers (the SMS channel's allow-list).
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving HTTP");
    if let Some(worker) = worker {
        worker.stop().await;
    }
    served
}

/// The read replica `database_read_url` names, opened without migrating (the primary's
/// migrations reach it by replication); none when the setting is empty.
async fn open_replica(
    settings: &Settings,
    ring: &Arc<Keyring>,
) -> anyhow::Result<Option<Arc<dyn Store>>> {
    let url = settings.database_read_url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let postgres = |u: &str| u.starts_with("postgres://") || u.starts_with("postgresql://");
    if !postgres(url) || !postgres(&settings.database_url()) {
        anyhow::bail!(
            "database_read_url: a read replica needs PostgreSQL for both database_url and \
             database_read_url"
        );
    }
    let replica = crate::backend::open_store_at(url, ring.clone(), false)
        .await
        .context("opening the read replica (database_read_url)")?;
    tracing::info!("public reads go to the read replica");
    Ok(Some(replica))
}

/// Serves `/metrics` on its own address when the settings give one.
async fn serve_metrics(
    metrics: &aduan_metrics::MetricsSettings,
    state: &AppState,
) -> anyhow::Result<()> {
    if metrics.listen.is_empty() {
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(&metrics.listen)
        .await
        .with_context(|| format!("binding [metrics] listen {}", metrics.listen))?;
    let addr = listener.local_addr()?;
    let routes = aduan_metrics::open_routes(state.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, routes).await {
            tracing::error!(error = %e, "the metrics address stopped serving");
        }
    });
    tracing::info!(%addr, "metrics are served at /metrics");
    Ok(())
}

/// The application's shared state on `store`, as `serve` runs it (the CLI's calendar edits use
/// it too, to move open deadlines as the service would).
pub fn app_state(
    settings: &Settings,
    store: Arc<dyn Store>,
    calendar: SharedCalendar,
    ring: &Keyring,
) -> anyhow::Result<AppState> {
    let public_url = settings.public_url().map_err(anyhow::Error::msg)?;
    let key = ring.deployment_key();
    Ok(AppState {
        store,
        replica: None,
        clock: Arc::new(SystemTimeSource),
        calendar,
        reference: Default::default(),
        figures: Default::default(),
        triage: Default::default(),
        config: Arc::new(AppConfig {
            session_hours: settings.session_hours,
            cookie_secure: settings.cookie_secure,
            public_url: public_url.to_owned(),
            sla: settings.sla,
            limits: settings.limits,
            trusted_proxies: trusted_proxies(&settings.trusted_proxies)?,
            figures_cache_seconds: settings.figures_cache_seconds,
            partners: settings.partners.clone(),
            stats: settings.stats.clone(),
            reveal_approver: settings.reveal_approver,
            approvers_from_cli: settings.approvers_from_cli,
            ..AppConfig::default()
        }),
        attachments: Arc::new(Attachments {
            blobs: settings
                .attachments
                .sealed_blob_store(&settings.data_dir, ring)?,
            limits: settings.attachments.limits(),
            orphan_sweep_minutes: settings.attachments.orphan_sweep_minutes,
            intake: aduan_app::uploads::Intake::new(
                settings.data_dir.join("spool"),
                settings.attachments.receiving_at_once,
                settings.attachments.cleaning_at_once,
            ),
        }),
        deployment_key: Arc::new(key),
    })
}

/// The `trusted_proxies` setting, each entry checked.
fn trusted_proxies(entries: &[String]) -> anyhow::Result<Vec<aduan_app::limiter::Cidr>> {
    entries
        .iter()
        .map(|e| {
            aduan_app::limiter::Cidr::parse(e).ok_or_else(|| {
                anyhow::anyhow!("trusted_proxies: `{e}` is not an address or address block")
            })
        })
        .collect()
}

/// Completes on Ctrl-C or SIGTERM.
pub(crate) async fn shutdown() {
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

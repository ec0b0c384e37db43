//! `aduan worker` and the worker `aduan serve` runs in-process: how a worker starts and
//! stops. Which jobs it runs is `aduan_server::workers::registry`'s to say.

use crate::backend::open_store_keyed;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_jobs::{Registry, RunSummary, Worker, WorkerConfig};
use aduan_server::workers::JobSettings;
use aduan_store::Store;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Options of `aduan worker`.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Jobs run at the same time (default: the worker_concurrency setting).
    #[arg(long)]
    pub concurrency: Option<usize>,
    /// How long a claim lasts, in seconds: the jobs of a worker that dies wait this long
    /// before another worker runs them, and a job is cut off shortly before it.
    #[arg(long, default_value_t = 300)]
    pub lease_seconds: u32,
    /// How often to look for due jobs when there were none, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub poll_ms: u64,
}

impl Default for WorkerArgs {
    fn default() -> Self {
        Self {
            concurrency: None,
            lease_seconds: 300,
            poll_ms: 1000,
        }
    }
}

/// The jobs this binary runs, as the settings configure them.
pub fn registry(settings: &Settings, state: &aduan_app::AppState) -> anyhow::Result<Registry> {
    let jobs = JobSettings {
        retention_days: settings.retention_days,
        notifier: &settings.notifier,
        smtp: &settings.smtp,
        kannel: &settings.kannel,
        sms: &settings.sms,
        chat: settings.chat_channels(),
    };
    jobs.check()?;
    aduan_server::workers::registry(&jobs, (*state.deployment_key).clone(), state)
}

/// A name for this worker in the jobs it holds: host and process.
fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "aduan".into());
    format!("{host}:{}", std::process::id())
}

/// A worker on `store` as the settings and options say.
pub fn worker(
    settings: &Settings,
    args: &WorkerArgs,
    state: &aduan_app::AppState,
) -> anyhow::Result<Worker> {
    let store: Arc<dyn Store> = state.store.clone();
    let config = WorkerConfig {
        concurrency: args
            .concurrency
            .unwrap_or(settings.worker_concurrency)
            .max(1),
        poll_interval: std::time::Duration::from_millis(args.poll_ms.max(1)),
        lease: chrono::Duration::seconds(i64::from(args.lease_seconds.max(1))),
        ..WorkerConfig::new(worker_id())
    };
    Ok(Worker::new(
        store,
        Arc::new(SystemTimeSource),
        Arc::new(registry(settings, state)?),
        config,
    ))
}

/// `aduan worker`: runs jobs until Ctrl-C or SIGTERM, then finishes the jobs it is running.
pub async fn run(settings: &Settings, args: WorkerArgs) -> anyhow::Result<()> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let calendar = aduan_store::SharedCalendar::new(store.work_calendar().await?);
    let state = crate::serve::app_state(settings, store.clone(), calendar, &ring)?;
    crate::holidays::spawn_reload(state.clone(), settings.calendar_reload_seconds);
    let worker = worker(settings, &args, &state)?;
    println!("aduan worker running on the {} database", store.backend());
    let summary = worker.run(crate::serve::shutdown()).await;
    println!(
        "aduan worker stopped: {} done, {} retried, {} dead, {} lost",
        summary.done, summary.retried, summary.dead, summary.lost
    );
    Ok(())
}

/// A worker running inside `aduan serve`.
pub struct InProcess {
    stop: oneshot::Sender<()>,
    task: JoinHandle<RunSummary>,
}

impl InProcess {
    /// Starts a worker on `store` with the default options.
    pub fn start(settings: &Settings, state: &aduan_app::AppState) -> anyhow::Result<Self> {
        let worker = worker(settings, &WorkerArgs::default(), state)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(worker.run(async {
            let _ = stopped.await;
        }));
        Ok(Self { stop, task })
    }

    /// Stops it after the jobs it is running.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the in-process worker failed");
        }
    }
}

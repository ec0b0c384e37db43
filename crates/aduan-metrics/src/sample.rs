//! The gauges set from the application's operational figures at each scrape.

use aduan_app::AppState;
use aduan_app::operations::operations;

/// Sets the gauges from [`operations`] as they are now. When the figures cannot be read, the
/// gauges keep their last values and the failure is logged: the scrape still answers.
pub async fn sample(state: &AppState) {
    let now = match operations(state).await {
        Ok(now) => now,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: reading the operational figures");
            return;
        }
    };
    let jobs = now.jobs;
    for (s, n) in [
        ("queued", jobs.queued),
        ("running", jobs.running),
        ("done", jobs.done),
        ("dead", jobs.dead),
    ] {
        metrics::gauge!("aduan_jobs", "state" => s).set(n as f64);
    }
    metrics::gauge!("aduan_job_lag_seconds").set(now.job_lag_seconds);
    let outbox = now.outbox;
    for (s, n) in [
        ("pending", outbox.pending),
        ("sent", outbox.sent),
        ("dead", outbox.dead),
    ] {
        metrics::gauge!("aduan_outbox_messages", "state" => s).set(n as f64);
    }
    metrics::gauge!("aduan_time_limits_past_due").set(now.limits_past_due as f64);
    let pool = now.pool;
    metrics::gauge!("aduan_db_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("aduan_db_connections", "state" => "in_use")
        .set(f64::from(pool.open.saturating_sub(pool.idle)));
    metrics::gauge!("aduan_db_connections_max").set(f64::from(pool.max));
}

//! The figures read from the database at each scrape.

use aduan_app::AppState;
use aduan_store::TallyFilter;

/// Sets the gauges from the database as it is now. A figure that cannot be read is left as
/// it was and logged: the scrape still answers.
pub async fn sample(state: &AppState) {
    let now = state.clock.now();
    let store = state.store.as_ref();
    match store.count_jobs().await {
        Ok(jobs) => {
            for (s, n) in [
                ("queued", jobs.queued),
                ("running", jobs.running),
                ("done", jobs.done),
                ("dead", jobs.dead),
            ] {
                metrics::gauge!("aduan_jobs", "state" => s).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: counting jobs"),
    }
    match store.oldest_due_job(now).await {
        Ok(due) => {
            let lag = due.map_or(0.0, |at| {
                (now - at).num_milliseconds().max(0) as f64 / 1000.0
            });
            metrics::gauge!("aduan_job_lag_seconds").set(lag);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the oldest due job"),
    }
    match store.count_outbox().await {
        Ok(out) => {
            for (s, n) in [
                ("pending", out.pending),
                ("sent", out.sent),
                ("dead", out.dead),
            ] {
                metrics::gauge!("aduan_outbox_messages", "state" => s).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: counting the outbox"),
    }
    match store.open_past_due(&TallyFilter::default(), now).await {
        Ok(rows) => {
            let n: i64 = rows.iter().map(|r| r.n).sum();
            metrics::gauge!("aduan_time_limits_past_due").set(n as f64);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: counting limits past due"),
    }
    let pool = store.pool_use();
    metrics::gauge!("aduan_db_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("aduan_db_connections", "state" => "in_use")
        .set(f64::from(pool.open.saturating_sub(pool.idle)));
    metrics::gauge!("aduan_db_connections_max").set(f64::from(pool.max));
}

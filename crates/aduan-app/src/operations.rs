//! What the people who run the service watch, read from the database as it is now: the job
//! queue and how far behind it is, the outbox, legal time limits past their deadline, and this
//! instance's database connections. Counts only: nothing names a report or a person.

use crate::AppState;
use crate::error::AppResult;
use aduan_store::{JobCounts, OutboxCounts, PoolUse, TallyFilter};

/// The operational figures at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Operations {
    /// Jobs by state.
    pub jobs: JobCounts,
    /// How long the longest-waiting due job has waited, in seconds (0 when none waits).
    pub job_lag_seconds: f64,
    /// Notices by state.
    pub outbox: OutboxCounts,
    /// Running legal time limits past their deadline, nationally.
    pub limits_past_due: i64,
    /// This instance's connections to the database.
    pub pool: PoolUse,
}

/// Reads the figures now.
pub async fn operations(state: &AppState) -> AppResult<Operations> {
    let now = state.clock.now();
    let store = state.store.as_ref();
    let waiting_since = store.oldest_due_job(now).await?;
    Ok(Operations {
        jobs: store.count_jobs().await?,
        job_lag_seconds: waiting_since.map_or(0.0, |at| {
            (now - at).num_milliseconds().max(0) as f64 / 1000.0
        }),
        outbox: store.count_outbox().await?,
        limits_past_due: store
            .open_past_due(&TallyFilter::default(), now)
            .await?
            .iter()
            .map(|r| r.n)
            .sum(),
        pool: store.pool_use(),
    })
}

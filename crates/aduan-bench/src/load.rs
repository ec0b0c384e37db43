//! The load generator: N concurrent tasks, each issuing one operation after another for a fixed
//! time, latencies into an HDR histogram. Used alike for the HTTP scenarios and the bare sqlx
//! baselines. An operation still running when the time is up may finish during a grace period
//! (the scenario's time, at least a minute); one still running after that is abandoned and
//! counted apart.

use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressStyle};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The least time a running operation may take to finish after the scenario's time.
pub const GRACE: Duration = Duration::from_secs(60);

/// What a scenario did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Operations that completed, well or not.
    pub requests: u64,
    /// Those that failed (an unexpected status, a transport or database error).
    pub errors: u64,
    /// The first failure, to debug it.
    pub first_error: Option<String>,
    /// Latency of every completed operation, in microseconds.
    pub latency: Histogram<u64>,
    /// From the start to the last task's end.
    pub elapsed: Duration,
    /// Operations abandoned after the grace period.
    pub unfinished: u64,
}

impl Outcome {
    /// Successful operations per second.
    pub fn throughput(&self) -> f64 {
        (self.requests - self.errors) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The latency at `quantile` (0..1), in milliseconds.
    pub fn ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }
}

fn progress(label: &str, duration: Duration) -> ProgressBar {
    let bar = ProgressBar::new(duration.as_millis() as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>24} [{bar:30}] {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(label.to_owned());
    bar
}

/// Runs `op(client, n)` from `clients` tasks for `duration`; `op` answers `Err(what)` for a
/// failed operation.
pub async fn drive<F, Fut>(
    label: &str,
    clients: usize,
    duration: Duration,
    op: F,
) -> anyhow::Result<Outcome>
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let empty = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3)?;
    let op = Arc::new(op);
    let start = Instant::now();
    let deadline = start + duration;
    let grace = tokio::time::Instant::from_std(deadline + duration.max(GRACE));
    let bar = progress(label, duration);
    let ticker = {
        let bar = bar.clone();
        tokio::spawn(async move {
            loop {
                bar.set_position(start.elapsed().as_millis() as u64);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let mut tasks = Vec::with_capacity(clients);
    for client in 0..clients {
        let op = op.clone();
        let mut out = Outcome {
            requests: 0,
            errors: 0,
            first_error: None,
            latency: empty.clone(),
            elapsed: Duration::ZERO,
            unfinished: 0,
        };
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                let Ok(done) = tokio::time::timeout_at(grace, op(client, n)).await else {
                    out.unfinished += 1;
                    break;
                };
                out.latency
                    .saturating_record(t.elapsed().as_micros().max(1) as u64);
                out.requests += 1;
                if let Err(e) = done {
                    out.errors += 1;
                    out.first_error.get_or_insert(e);
                }
                n += 1;
            }
            out
        }));
    }
    let mut total = Outcome {
        requests: 0,
        errors: 0,
        first_error: None,
        latency: empty,
        elapsed: Duration::ZERO,
        unfinished: 0,
    };
    for task in tasks {
        let out = task.await?;
        total.requests += out.requests;
        total.errors += out.errors;
        total.unfinished += out.unfinished;
        if total.first_error.is_none() {
            total.first_error = out.first_error;
        }
        total.latency.add(&out.latency)?;
    }
    total.elapsed = start.elapsed();
    ticker.abort();
    bar.finish_and_clear();
    Ok(total)
}

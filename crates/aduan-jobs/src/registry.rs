//! The registry: which handler runs which job name, and which jobs are enqueued on a schedule.
//!
//! A periodic job is enqueued once per period with the dedup key `NAME@<period start>`, so any
//! number of workers on any number of instances enqueue it and exactly one job exists.

use crate::job::{ErasedHandler, Job, JobError, JobHandler, Typed};
use aduan_domain::event::canonical_time;
use aduan_store::{NewJob, Store};
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// How often a periodic job is due: every `period`, at `offset` past each multiple of the
/// period counted from the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every {
    period: Duration,
    offset: Duration,
}

impl Every {
    /// Once a day at `hour:minute` UTC (19:00 UTC is 02:00 WIB, a quiet hour).
    pub fn day_at(hour: u32, minute: u32) -> Self {
        Self {
            period: Duration::days(1),
            offset: Duration::hours(i64::from(hour % 24))
                + Duration::minutes(i64::from(minute % 60)),
        }
    }

    /// Every `minutes` minutes, on the multiples of that period.
    pub fn minutes(minutes: u32) -> Self {
        Self {
            period: Duration::minutes(i64::from(minutes.max(1))),
            offset: Duration::zero(),
        }
    }

    /// The start of the period that contains `now`.
    pub fn slot(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let period = self.period.num_microseconds().unwrap_or(1).max(1);
        let offset = self.offset.num_microseconds().unwrap_or(0);
        let t = now.timestamp_micros() - offset;
        let start = t.div_euclid(period) * period + offset;
        DateTime::from_timestamp_micros(start).unwrap_or(now)
    }
}

type Maker = Box<dyn Fn(DateTime<Utc>) -> Result<NewJob, JobError> + Send + Sync>;

struct Periodic {
    name: &'static str,
    every: Every,
    make: Maker,
}

/// Handlers by job name, and the periodic jobs.
#[derive(Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Arc<dyn ErasedHandler>>,
    periodic: Vec<Periodic>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `handler` for its job's name (a later registration of the name replaces it).
    pub fn register<H: JobHandler>(&mut self, handler: H) -> &mut Self {
        self.handlers
            .insert(<H::Job as Job>::NAME, Arc::new(Typed(handler)));
        self
    }

    /// Enqueues the job `make(period start)` once per period of `every`, due at the period's
    /// start. The job's handler must be registered too.
    pub fn schedule<J: Job>(
        &mut self,
        every: Every,
        make: impl Fn(DateTime<Utc>) -> J + Send + Sync + 'static,
    ) -> &mut Self {
        self.periodic.push(Periodic {
            name: J::NAME,
            every,
            make: Box::new(move |slot| {
                let mut job = make(slot).to_new_job(slot)?;
                job.dedup_key = Some(format!("{}@{}", J::NAME, canonical_time(slot)));
                Ok(job)
            }),
        });
        self
    }

    /// The names this registry can run, for claiming only what it knows.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.handlers.keys().copied().collect();
        names.sort_unstable();
        names
    }

    pub(crate) fn handler(&self, name: &str) -> Option<Arc<dyn ErasedHandler>> {
        self.handlers.get(name).cloned()
    }

    /// Enqueues each periodic job whose current period has no job yet; returns how many were
    /// written. Enqueueing is idempotent, so calling it often only costs a lookup per job.
    pub async fn enqueue_periodic(
        &self,
        store: &dyn Store,
        now: DateTime<Utc>,
    ) -> Result<usize, JobError> {
        self.enqueue_periodic_since(store, now, &mut BTreeMap::new())
            .await
    }

    /// Like [`Registry::enqueue_periodic`], skipping the periods already enqueued by this
    /// process (remembered in `seen`), so that a worker's poll costs nothing between periods.
    pub(crate) async fn enqueue_periodic_since(
        &self,
        store: &dyn Store,
        now: DateTime<Utc>,
        seen: &mut BTreeMap<usize, DateTime<Utc>>,
    ) -> Result<usize, JobError> {
        let mut written = 0;
        for (i, p) in self.periodic.iter().enumerate() {
            let slot = p.every.slot(now);
            if seen.get(&i) == Some(&slot) {
                continue;
            }
            let job = (p.make)(slot)?;
            if store.enqueue_job(&job, now).await?.created {
                tracing::info!(job = p.name, period = %slot, "enqueued a periodic job");
                written += 1;
            }
            seen.insert(i, slot);
        }
        Ok(written)
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("handlers", &self.names())
            .field(
                "periodic",
                &self.periodic.iter().map(|p| p.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
    }

    #[test]
    fn a_daily_slot_starts_at_its_hour_and_covers_the_day_until_the_next() {
        let every = Every::day_at(19, 0);
        assert_eq!(every.slot(at(19, 0)), at(19, 0));
        assert_eq!(every.slot(at(23, 59)), at(19, 0));
        assert_eq!(every.slot(at(18, 59)), at(19, 0) - Duration::days(1));
    }

    #[test]
    fn a_minute_slot_starts_on_the_multiple_of_its_period() {
        assert_eq!(Every::minutes(15).slot(at(10, 44)), at(10, 30));
        assert_eq!(Every::minutes(15).slot(at(10, 45)), at(10, 45));
    }
}

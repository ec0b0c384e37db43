//! The figures kept in memory for a short while: a national table read from hundreds of
//! thousands of running counts costs a database a few hundred milliseconds, and the public
//! pages and API are open to every visitor. Each answer keeps the time it was counted; one
//! older than `figures_cache_seconds` (by the service's clock) is counted again, and the
//! calendar's changes on this instance drop them all. Answers that miss are counted one at a
//! time per kind, so a crowd arriving at a cold cache costs one count per question, not one
//! per visitor. Kept: the SLA figures, the league table and the volume breakdowns.

use super::SlaStats;
use super::league::League;
use super::volumes::Volumes;
use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Most distinct questions kept per kind; past it the oldest half is dropped (questions are
/// free text, so their number is bounded here rather than by the visitors).
const MAX_KEPT: usize = 512;

/// Answers of one kind, by question.
#[derive(Debug)]
pub(super) struct Kept<V> {
    kept: Mutex<HashMap<String, (DateTime<Utc>, V)>>,
    counting: tokio::sync::Mutex<()>,
    /// Moves on with every [`Kept::clear`]: an answer counted across a clear is not kept.
    generation: AtomicU64,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
            counting: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(0),
        }
    }
}

impl<V: Clone> Kept<V> {
    /// The kept answer to `key` if counted within `max_age` before `now`.
    fn fresh(&self, key: &str, now: DateTime<Utc>, max_age: Duration) -> Option<V> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|(at, _)| now - *at < max_age && *at <= now)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` as the answer to `key` counted at `at`, unless the answers were cleared
    /// since `generation` (it was counted from what the clear made stale).
    fn keep(&self, key: String, at: DateTime<Utc>, value: &V, generation: u64) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if kept.len() >= MAX_KEPT {
            let mut ages: Vec<_> = kept.values().map(|(at, _)| *at).collect();
            ages.sort();
            let cut = ages[ages.len() / 2];
            kept.retain(|_, (at, _)| *at > cut);
        }
        kept.insert(key, (at, value.clone()));
    }

    /// The answer to `key`: kept if counted less than `max_age` before `now`, otherwise
    /// `count`ed (one count at a time; a request that waited takes what the one before it
    /// counted) and kept as of `now`. A zero `max_age` counts every time and keeps nothing.
    pub(super) async fn get<F>(
        &self,
        key: String,
        now: DateTime<Utc>,
        max_age: Duration,
        count: F,
    ) -> AppResult<V>
    where
        F: AsyncFnOnce() -> AppResult<V>,
    {
        if max_age.is_zero() {
            return count().await;
        }
        if let Some(v) = self.fresh(&key, now, max_age) {
            return Ok(v);
        }
        let _counting = self.counting.lock().await;
        if let Some(v) = self.fresh(&key, now, max_age) {
            return Ok(v);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let value = count().await?;
        self.keep(key, now, &value, generation);
        Ok(value)
    }

    fn clear(&self) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        kept.clear();
    }
}

/// The kept figures of one running service.
#[derive(Debug, Default)]
pub struct FiguresCache {
    pub(super) sla: Kept<SlaStats>,
    pub(super) league: Kept<League>,
    pub(super) volumes: Kept<Volumes>,
}

impl FiguresCache {
    /// Drops every kept answer (the calendar changed).
    pub fn forget(&self) {
        self.sla.clear();
        self.league.clear();
        self.volumes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_answer_counted_while_the_answers_are_cleared_is_not_kept() {
        let kept: Kept<u32> = Kept::default();
        let (now, age) = (Utc::now(), Duration::seconds(30));
        let ask = |n: u32, clear: bool| {
            let kept = &kept;
            kept.get("q".into(), now, age, async move || {
                if clear {
                    kept.clear();
                }
                Ok(n)
            })
        };
        assert_eq!(ask(1, true).await.unwrap(), 1);
        assert_eq!(ask(2, false).await.unwrap(), 2, "the first was not kept");
        assert_eq!(ask(3, false).await.unwrap(), 2, "the second is kept");
    }
}

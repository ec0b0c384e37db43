//! The figures kept in memory for a short while: a national table read from hundreds of
//! thousands of running counts costs a database a few hundred milliseconds, and the public
//! page and API are open to every visitor. Each answer keeps its `as_of`; one older than
//! `figures_cache_seconds` (by the service's clock) is counted again, and the calendar's
//! changes on this instance drop them all. Answers that miss are counted one at a time, so a
//! crowd arriving at a cold cache costs one count per question, not one per visitor.

use super::{SlaQuery, SlaStats};
use std::collections::HashMap;
use std::sync::Mutex;

/// Most distinct questions kept; past it the oldest half is dropped (questions are free text,
/// so their number is bounded here rather than by the visitors).
const MAX_KEPT: usize = 512;

type Key = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The kept figures of one running service.
#[derive(Debug, Default)]
pub struct FiguresCache {
    kept: Mutex<HashMap<Key, SlaStats>>,
    counting: tokio::sync::Mutex<()>,
}

pub(super) fn key(q: &SlaQuery) -> Key {
    (
        q.agency.clone(),
        q.unit.clone(),
        q.from.map(|d| d.to_string()),
        q.until.map(|d| d.to_string()),
    )
}

impl FiguresCache {
    /// The kept answer to `key` if counted within `max_age` before `now`.
    pub(super) fn fresh(
        &self,
        key: &Key,
        now: chrono::DateTime<chrono::Utc>,
        max_age: chrono::Duration,
    ) -> Option<SlaStats> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|s| now - s.as_of < max_age && s.as_of <= now)
            .cloned()
    }

    /// Keeps `stats` as the answer to `key`.
    pub(super) fn keep(&self, key: Key, stats: &SlaStats) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= MAX_KEPT {
            let mut ages: Vec<_> = kept.values().map(|s| s.as_of).collect();
            ages.sort();
            let cut = ages[ages.len() / 2];
            kept.retain(|_, s| s.as_of > cut);
        }
        kept.insert(key, stats.clone());
    }

    /// Held while an answer is counted.
    pub(super) async fn counting(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.counting.lock().await
    }

    /// Drops every kept answer (the calendar changed).
    pub fn forget(&self) {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

//! The rate limiter's rules and its side of the store. Every limit is a named [`LimitPolicy`]
//! applied to a bucket (the policy's name and an opaque key: a keyed hash of an account, an
//! address, a contact or a report, never the value itself). The counts live in the database,
//! so that every instance of the service sees the same ones, and each hit is decided and
//! written in one transaction that holds the bucket's row, so concurrent hits never both take
//! the last attempt.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How many attempts a bucket allows and what happens after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitPolicy {
    /// Attempts allowed in one window (at least 1); the last of them blocks the bucket.
    pub attempts: u32,
    /// How long a window lasts, in seconds; counts are forgotten after it (and after any block).
    pub window_seconds: i64,
    /// Zero for a fixed limit (once `attempts` are used, wait for the window's end). Otherwise a
    /// growing delay: the `attempts`-th hit and every later one block the bucket for this many
    /// seconds, doubled at each further hit, up to `max_delay_seconds`.
    #[serde(default)]
    pub delay_seconds: i64,
    /// The longest growing delay, in seconds.
    #[serde(default)]
    pub max_delay_seconds: i64,
}

impl LimitPolicy {
    /// A fixed limit: `attempts` per `window_seconds`.
    pub const fn fixed(attempts: u32, window_seconds: i64) -> Self {
        Self {
            attempts,
            window_seconds,
            delay_seconds: 0,
            max_delay_seconds: 0,
        }
    }

    /// A growing delay after `attempts` hits, counted over `window_seconds`.
    pub const fn growing(
        attempts: u32,
        window_seconds: i64,
        delay_seconds: i64,
        max_delay_seconds: i64,
    ) -> Self {
        Self {
            attempts,
            window_seconds,
            delay_seconds,
            max_delay_seconds,
        }
    }

    fn delay_after(&self, hits: u32) -> i64 {
        let extra = hits.saturating_sub(self.attempts.max(1)).min(30);
        self.delay_seconds
            .saturating_mul(1_i64 << extra)
            .min(self.max_delay_seconds.max(self.delay_seconds))
    }
}

/// A bucket's stored state; times in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitState {
    /// When the current window started.
    pub window_start: i64,
    /// Hits counted in it.
    pub hits: u32,
    /// Refused until then, if blocked.
    pub blocked_until: Option<i64>,
    /// When the row may be forgotten: the window's end or the block's, whichever is later.
    pub expires_at: i64,
}

/// What a limiter said about one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitVerdict {
    /// Go ahead.
    Allowed,
    /// Refused: try again after this many seconds (at least 1).
    Limited {
        /// Seconds to wait.
        retry_after: i64,
    },
}

impl LimitVerdict {
    /// True when refused.
    pub fn is_limited(&self) -> bool {
        matches!(self, LimitVerdict::Limited { .. })
    }
}

fn seconds_until(at: i64, now: i64) -> i64 {
    // Rounded up, so that a client waiting exactly this long is let in.
    ((at - now + 999) / 1000).max(1)
}

/// Whether a bucket in `state` refuses an attempt at `now` (ms), without counting it.
pub fn peek(state: Option<&LimitState>, now: i64) -> LimitVerdict {
    match state.and_then(|s| s.blocked_until) {
        Some(until) if until > now => LimitVerdict::Limited {
            retry_after: seconds_until(until, now),
        },
        _ => LimitVerdict::Allowed,
    }
}

/// Counts one attempt at `now` (ms) against a bucket in `state` under `policy`: the verdict and
/// the state to store (`None` when nothing changes, as for an attempt refused by a block).
pub fn step(
    state: Option<&LimitState>,
    policy: &LimitPolicy,
    now: i64,
) -> (LimitVerdict, Option<LimitState>) {
    if let LimitVerdict::Limited { retry_after } = peek(state, now) {
        return (LimitVerdict::Limited { retry_after }, None);
    }
    let window_ms = policy.window_seconds.max(1).saturating_mul(1000);
    let current = state.filter(|s| s.window_start.saturating_add(window_ms) > now);
    let (window_start, hits) = match current {
        Some(s) => (s.window_start, s.hits.saturating_add(1)),
        None => (now, 1),
    };
    let window_end = window_start.saturating_add(window_ms);
    let attempts = policy.attempts.max(1);
    let (verdict, blocked_until) = if policy.delay_seconds > 0 {
        // A growing delay lets this hit through and makes the next one wait.
        let until = (hits >= attempts)
            .then(|| now.saturating_add(policy.delay_after(hits).saturating_mul(1000)));
        (LimitVerdict::Allowed, until)
    } else if hits > attempts {
        let verdict = LimitVerdict::Limited {
            retry_after: seconds_until(window_end, now),
        };
        (verdict, Some(window_end))
    } else {
        // The last attempt goes through and blocks the rest of the window, so that a peek
        // (which counts nothing) refuses from now on too.
        (
            LimitVerdict::Allowed,
            (hits == attempts).then_some(window_end),
        )
    };
    let next = LimitState {
        window_start,
        hits,
        blocked_until,
        expires_at: window_end.max(blocked_until.unwrap_or(0)),
    };
    (verdict, Some(next))
}

/// The limiter's side of the store.
#[async_trait]
pub trait LimitStore: Send + Sync {
    /// Counts one attempt at `now` against `bucket` under `policy` ([`step`]), reading and
    /// writing the bucket in one transaction that excludes every other hit on it; buckets
    /// expired before `now` are forgotten on the way.
    async fn hit_limit(
        &self,
        bucket: &str,
        policy: &LimitPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<LimitVerdict>;

    /// Whether `bucket` refuses attempts at `now`, counting nothing ([`peek`]).
    async fn peek_limit(&self, bucket: &str, now: DateTime<Utc>) -> StoreResult<LimitVerdict>;

    /// Forgets `bucket` (a successful login clears its account's failures).
    async fn clear_limit(&self, bucket: &str) -> StoreResult<()>;
}

//! The rate limiter's statements, shared by both backends (times are milliseconds since the
//! epoch in BIGINT columns, so the same text and binds serve SQLite and PostgreSQL).

use aduan_store::LimitState;

/// Drops buckets that expired; binds the time (ms).
pub const LIMIT_FORGET: &str = "DELETE FROM rate_limits WHERE expires_at <= ? AND (blocked_until IS NULL OR blocked_until <= ?)";

/// Creates a bucket's row if absent, so that the read below can hold it; binds bucket and the
/// time (ms) as window start and expiry.
pub const LIMIT_ENSURE: &str = "INSERT INTO rate_limits \
    (bucket, window_start, hits, blocked_until, expires_at) VALUES (?, ?, 0, NULL, ?) \
    ON CONFLICT (bucket) DO NOTHING";

/// A bucket's state; binds the bucket.
pub const LIMIT_GET: &str =
    "SELECT window_start, hits, blocked_until, expires_at FROM rate_limits WHERE bucket = ?";

/// Writes a bucket's state, creating its row if a concurrent forget removed it; binds the
/// bucket, window start, hits, blocked until and expiry.
pub const LIMIT_SET: &str = "INSERT INTO rate_limits \
    (bucket, window_start, hits, blocked_until, expires_at) VALUES (?, ?, ?, ?, ?) \
    ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start, \
    hits = excluded.hits, blocked_until = excluded.blocked_until, \
    expires_at = excluded.expires_at";

/// Forgets a bucket; binds the bucket.
pub const LIMIT_CLEAR: &str = "DELETE FROM rate_limits WHERE bucket = ?";

/// A bucket's row as read.
pub type LimitRow = (i64, i64, Option<i64>, i64);

/// The state a row holds; a row created by [`LIMIT_ENSURE`] and never counted is no state.
pub fn limit_state(row: LimitRow) -> Option<LimitState> {
    let (window_start, hits, blocked_until, expires_at) = row;
    (hits > 0 || blocked_until.is_some()).then(|| LimitState {
        window_start,
        hits: u32::try_from(hits).unwrap_or(u32::MAX),
        blocked_until,
        expires_at,
    })
}

//! The rate limiter's buckets on SQLite. A hit runs in a `BEGIN IMMEDIATE` transaction, which
//! holds the database's write lock from its first statement, so hits never interleave.

use crate::SqliteStore;
use aduan_store::{LimitPolicy, LimitStore, LimitVerdict, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl LimitStore for SqliteStore {
    async fn hit_limit(
        &self,
        bucket: &str,
        policy: &LimitPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<LimitVerdict> {
        self.sql.hit_limit(bucket, policy, now).await
    }

    async fn peek_limit(&self, bucket: &str, now: DateTime<Utc>) -> StoreResult<LimitVerdict> {
        self.sql.peek_limit(bucket, now).await
    }

    async fn clear_limit(&self, bucket: &str) -> StoreResult<()> {
        self.sql.clear_limit(bucket).await
    }
}

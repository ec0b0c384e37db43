//! The rate limiter's buckets on PostgreSQL. A hit makes sure the bucket's row exists, then
//! reads it `FOR UPDATE`: a concurrent hit on the same bucket, from this instance or another,
//! waits for this transaction and then reads what it wrote, so no attempt is counted twice or
//! lost and two hits never both take the last attempt.

use crate::PgStore;
use aduan_store::{LimitPolicy, LimitStore, LimitVerdict, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl LimitStore for PgStore {
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

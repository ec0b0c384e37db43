//! The rate limiter's buckets on SQLite. A hit runs in a `BEGIN IMMEDIATE` transaction, which
//! holds the database's write lock from its first statement, so hits never interleave.

use crate::{SqliteStore, db_err};
use aduan_store::limits::{peek, step};
use aduan_store::{LimitPolicy, LimitStore, LimitVerdict, StoreResult};
use aduan_store_sql::{
    LIMIT_CLEAR, LIMIT_FORGET, LIMIT_GET, LIMIT_SET, LimitRow, limit_state, other,
};
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
        let now = now.timestamp_millis();
        let mut tx = self.write_tx().await?;
        sqlx::query(LIMIT_FORGET)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let row: Option<LimitRow> = sqlx::query_as(LIMIT_GET)
            .bind(bucket)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let (verdict, next) = step(row.and_then(limit_state).as_ref(), policy, now);
        if let Some(next) = next {
            sqlx::query(LIMIT_SET)
                .bind(bucket)
                .bind(next.window_start)
                .bind(i64::from(next.hits))
                .bind(next.blocked_until)
                .bind(next.expires_at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(other)?;
        Ok(verdict)
    }

    async fn peek_limit(&self, bucket: &str, now: DateTime<Utc>) -> StoreResult<LimitVerdict> {
        let row: Option<LimitRow> = sqlx::query_as(LIMIT_GET)
            .bind(bucket)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(peek(
            row.and_then(limit_state).as_ref(),
            now.timestamp_millis(),
        ))
    }

    async fn clear_limit(&self, bucket: &str) -> StoreResult<()> {
        sqlx::query(LIMIT_CLEAR)
            .bind(bucket)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}

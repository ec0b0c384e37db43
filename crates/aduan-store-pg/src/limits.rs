//! The rate limiter's buckets on PostgreSQL. A hit makes sure the bucket's row exists, then
//! reads it `FOR UPDATE`: a concurrent hit on the same bucket, from this instance or another,
//! waits for this transaction and then reads what it wrote, so no attempt is counted twice or
//! lost and two hits never both take the last attempt.

use crate::{PgStore, db_err};
use aduan_store::limits::{peek, step};
use aduan_store::{LimitPolicy, LimitStore, LimitVerdict, StoreResult};
use aduan_store_sql::{LimitRow, limit_state, numbered, other};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::LazyLock;

static FORGET: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIMIT_FORGET));
static ENSURE: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIMIT_ENSURE));
static GET: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIMIT_GET));
static GET_FOR_UPDATE: LazyLock<String> =
    LazyLock::new(|| format!("{} FOR UPDATE", numbered(aduan_store_sql::LIMIT_GET)));
static SET: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIMIT_SET));
static CLEAR: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIMIT_CLEAR));

#[async_trait]
impl LimitStore for PgStore {
    async fn hit_limit(
        &self,
        bucket: &str,
        policy: &LimitPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<LimitVerdict> {
        let now = now.timestamp_millis();
        let mut tx = self.write_tx().await?;
        sqlx::query(ENSURE.as_str())
            .bind(bucket)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let row: Option<LimitRow> = sqlx::query_as(GET_FOR_UPDATE.as_str())
            .bind(bucket)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let (verdict, next) = step(row.and_then(limit_state).as_ref(), policy, now);
        if let Some(next) = next {
            sqlx::query(SET.as_str())
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
        // Old buckets go outside the hit's transaction, so that it holds no other rows.
        sqlx::query(FORGET.as_str())
            .bind(now)
            .bind(now)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(verdict)
    }

    async fn peek_limit(&self, bucket: &str, now: DateTime<Utc>) -> StoreResult<LimitVerdict> {
        let row: Option<LimitRow> = sqlx::query_as(GET.as_str())
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
        sqlx::query(CLEAR.as_str())
            .bind(bucket)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}

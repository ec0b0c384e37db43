//! The rate limiter's buckets. A hit reads and writes its bucket in one write transaction that
//! excludes every other hit on it: on SQLite the transaction holds the database's write lock
//! from its first statement; on PostgreSQL the hit makes sure the bucket's row exists, then
//! reads it `FOR UPDATE`, so a concurrent hit on the same bucket, from this instance or
//! another, waits for this transaction and then reads what it wrote (no attempt is counted
//! twice or lost, and two hits never both take the last attempt). Old buckets are forgotten
//! inside the hit where the database is locked anyway, after it where rows are locked, so that
//! the hit holds no other rows.

use crate::store::{db_err, sql_impl};
use crate::{
    LIMIT_CLEAR, LIMIT_ENSURE, LIMIT_FORGET, LIMIT_GET, LIMIT_SET, LimitRow, Stmt, limit_state,
    other,
};
use aduan_store::accounts::limits::{peek, step};
use aduan_store::{LimitPolicy, LimitStore, LimitVerdict, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

static FORGET: Stmt = Stmt::new(LIMIT_FORGET);
static ENSURE: Stmt = Stmt::new(LIMIT_ENSURE);
static GET: Stmt = Stmt::new(LIMIT_GET);
static LOCK: Stmt = Stmt::locking(LIMIT_GET);
static SET: Stmt = Stmt::new(LIMIT_SET);
static CLEAR: Stmt = Stmt::new(LIMIT_CLEAR);

sql_impl! {
impl SqlStore {
    pub(crate) async fn forget_limits(
        executor: impl sqlx::Executor<'_, Database = D::DB>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(FORGET.sql::<D>())
            .bind(now)
            .bind(now)
            .execute(executor)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Counts one attempt of `bucket` inside `tx`, which must be a write transaction: on
    /// SQLite it forgets old buckets too (the database is locked anyway); on PostgreSQL the
    /// caller forgets them after its commit with [`Self::forget_limits_after`].
    pub(crate) async fn hit_limit_in(
        tx: &mut sqlx::Transaction<'static, D::DB>,
        bucket: &str,
        policy: &LimitPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<LimitVerdict> {
        let now = now.timestamp_millis();
        if D::LOCKS_ROWS {
            sqlx::query(ENSURE.sql::<D>())
                .bind(bucket)
                .bind(now)
                .bind(now)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        } else {
            Self::forget_limits(&mut **tx, now).await?;
        }
        let row: Option<LimitRow> = sqlx::query_as(LOCK.sql::<D>())
            .bind(bucket)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        let (verdict, next) = step(row.and_then(limit_state).as_ref(), policy, now);
        if let Some(next) = next {
            sqlx::query(SET.sql::<D>())
                .bind(bucket)
                .bind(next.window_start)
                .bind(i64::from(next.hits))
                .bind(next.blocked_until)
                .bind(next.expires_at)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok(verdict)
    }

    /// Forgets old buckets after a commit that counted a hit, where rows are locked (on
    /// SQLite the hit did it inside its transaction).
    pub(crate) async fn forget_limits_after(&self, now: DateTime<Utc>) -> StoreResult<()> {
        if D::LOCKS_ROWS {
            Self::forget_limits(self.pool(), now.timestamp_millis()).await?;
        }
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl LimitStore for SqlStore {
    async fn hit_limit(
        &self,
        bucket: &str,
        policy: &LimitPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<LimitVerdict> {
        let mut tx = self.write_tx().await?;
        let verdict = Self::hit_limit_in(&mut tx, bucket, policy, now).await?;
        tx.commit().await.map_err(other)?;
        self.forget_limits_after(now).await?;
        Ok(verdict)
    }

    async fn peek_limit(&self, bucket: &str, now: DateTime<Utc>) -> StoreResult<LimitVerdict> {
        let row: Option<LimitRow> = sqlx::query_as(GET.sql::<D>())
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
        sqlx::query(CLEAR.sql::<D>())
            .bind(bucket)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
}

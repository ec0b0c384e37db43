//! E-mail intake's message record on PostgreSQL; a claim's insert and take-over are single
//! statements, so two processes never both hold one message.

use crate::{PgStore, db_err};
use aduan_domain::TrackingId;
use aduan_store::{MailClaim, MailInStore, StoreResult};
use aduan_store_sql::{
    FINISH_MAIL_CLAIM, FORGET_MAIL_IN, GET_MAIL_CLAIM, INSERT_MAIL_CLAIM, MailClaimRow,
    RELEASE_MAIL_CLAIM, TAKE_OVER_MAIL_CLAIM, numbered, other,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::LazyLock;

static INSERT: LazyLock<String> = LazyLock::new(|| numbered(INSERT_MAIL_CLAIM));
static TAKE_OVER: LazyLock<String> = LazyLock::new(|| numbered(TAKE_OVER_MAIL_CLAIM));
static GET: LazyLock<String> = LazyLock::new(|| numbered(GET_MAIL_CLAIM));
static FINISH: LazyLock<String> = LazyLock::new(|| numbered(FINISH_MAIL_CLAIM));
static RELEASE: LazyLock<String> = LazyLock::new(|| numbered(RELEASE_MAIL_CLAIM));
static FORGET: LazyLock<String> = LazyLock::new(|| numbered(FORGET_MAIL_IN));

#[async_trait]
impl MailInStore for PgStore {
    async fn claim_mail_in(
        &self,
        key: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<MailClaim> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(INSERT.as_str())
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        let taken_over = inserted == 0
            && sqlx::query(TAKE_OVER.as_str())
                .bind(now)
                .bind(key)
                .bind(stale_before)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?
                .rows_affected()
                == 1;
        let claim = if inserted == 1 || taken_over {
            MailClaim::Claimed
        } else {
            let row: MailClaimRow = sqlx::query_as(GET.as_str())
                .bind(key)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
            row.claim()
        };
        tx.commit().await.map_err(other)?;
        Ok(claim)
    }

    async fn finish_mail_in(
        &self,
        key: &str,
        outcome: &str,
        tracking_id: Option<&TrackingId>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(FINISH.as_str())
            .bind(outcome)
            .bind(tracking_id.map(ToString::to_string))
            .bind(at)
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn release_mail_in(&self, key: &str) -> StoreResult<()> {
        sqlx::query(RELEASE.as_str())
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn forget_mail_in(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(FORGET.as_str())
            .bind(before)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }
}

//! E-mail intake's message record on SQLite.

use crate::{SqliteStore, db_err, ts};
use aduan_domain::TrackingId;
use aduan_store::{MailClaim, MailInStore, StoreResult};
use aduan_store_sql::{
    FINISH_MAIL_CLAIM, FORGET_MAIL_IN, GET_MAIL_CLAIM, INSERT_MAIL_CLAIM, MailClaimRow,
    RELEASE_MAIL_CLAIM, TAKE_OVER_MAIL_CLAIM, other,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl MailInStore for SqliteStore {
    async fn claim_mail_in(
        &self,
        key: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<MailClaim> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(INSERT_MAIL_CLAIM)
            .bind(key)
            .bind(ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        let taken_over = inserted == 0
            && sqlx::query(TAKE_OVER_MAIL_CLAIM)
                .bind(ts(now))
                .bind(key)
                .bind(ts(stale_before))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?
                .rows_affected()
                == 1;
        let claim = if inserted == 1 || taken_over {
            MailClaim::Claimed
        } else {
            let row: MailClaimRow = sqlx::query_as(GET_MAIL_CLAIM)
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
        sqlx::query(FINISH_MAIL_CLAIM)
            .bind(outcome)
            .bind(tracking_id.map(ToString::to_string))
            .bind(ts(at))
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn release_mail_in(&self, key: &str) -> StoreResult<()> {
        sqlx::query(RELEASE_MAIL_CLAIM)
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn forget_mail_in(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(FORGET_MAIL_IN)
            .bind(ts(before))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }
}

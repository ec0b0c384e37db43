//! E-mail intake's message record; a claim's insert and take-over are single statements, so
//! two processes never both hold one message.

use crate::store::{db_err, sql_impl};
use crate::{
    FINISH_MAIL_CLAIM, FORGET_MAIL_IN, GET_MAIL_CLAIM, INSERT_MAIL_CLAIM, MailClaimRow,
    RELEASE_MAIL_CLAIM, TAKE_OVER_MAIL_CLAIM, other,
};
use aduan_domain::TrackingId;
use aduan_store::{MailClaim, MailInStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

sql_impl! {
#[async_trait]
impl MailInStore for SqlStore {
    async fn claim_mail_in(
        &self,
        key: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<MailClaim> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(INSERT_MAIL_CLAIM.sql::<D>())
            .bind(key)
            .bind(D::ts(now))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let inserted = D::rows_affected(&inserted) == 1;
        let taken_over = !inserted && {
            let done = sqlx::query(TAKE_OVER_MAIL_CLAIM.sql::<D>())
                .bind(D::ts(now))
                .bind(key)
                .bind(D::ts(stale_before))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            D::rows_affected(&done) == 1
        };
        let claim = if inserted || taken_over {
            MailClaim::Claimed
        } else {
            let row: MailClaimRow = sqlx::query_as(GET_MAIL_CLAIM.sql::<D>())
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
        sqlx::query(FINISH_MAIL_CLAIM.sql::<D>())
            .bind(outcome)
            .bind(tracking_id.map(ToString::to_string))
            .bind(D::ts(at))
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn release_mail_in(&self, key: &str) -> StoreResult<()> {
        sqlx::query(RELEASE_MAIL_CLAIM.sql::<D>())
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn forget_mail_in(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(FORGET_MAIL_IN.sql::<D>())
            .bind(D::ts(before))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(D::rows_affected(&done))
    }
}
}

//! Partner systems, their keys and references; every change is written with its audit entry
//! in one write transaction.

use crate::store::{db_err, ref_err, sql_impl};
use crate::{
    OUTBOX_COLUMNS, OutboxRow, PARTNER_COLUMNS, PARTNER_KEY_COLUMNS, PARTNER_REPORT_COLUMNS,
    PartnerKeyRow, PartnerReportRow, PartnerRow, Stmt, other, stored_list,
};
use aduan_domain::TrackingId;
use aduan_store::{
    AUDIT_PARTNER_ADD, AUDIT_PARTNER_KEY_ADD, AUDIT_PARTNER_KEY_REVOKE, AUDIT_PARTNER_USE,
    AUDIT_PARTNER_WEBHOOK, NewPartner, OutboxMessage, Partner, PartnerKey, PartnerReport,
    PartnerStore, StoreError, StoreResult, Webhook, partner_subject,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

static INSERT_PARTNER: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO partners (slug, name, agencies, regions, created_at) \
         VALUES (?, ?, ?, ?, ?) RETURNING {PARTNER_COLUMNS}"
    )
});
static GET_PARTNER: Stmt =
    Stmt::built(|| format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE slug = ?"));
static LIST_PARTNERS: Stmt =
    Stmt::built(|| format!("SELECT {PARTNER_COLUMNS} FROM partners ORDER BY slug"));
static SET_WEBHOOK: Stmt =
    Stmt::new("UPDATE partners SET webhook_url = ?, webhook_secret = ? WHERE slug = ?");
static EXPIRE_OTHER_KEYS: Stmt = Stmt::new(
    "UPDATE partner_keys SET expires_at = ? WHERE partner = ? AND revoked_at IS NULL \
     AND (expires_at IS NULL OR expires_at > ?)",
);
static INSERT_KEY: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO partner_keys (partner, key_hash, prefix, created_at) VALUES (?, ?, ?, ?) \
         RETURNING {PARTNER_KEY_COLUMNS}"
    )
});
static REVOKE_KEY: Stmt = Stmt::new(
    "UPDATE partner_keys SET revoked_at = ? WHERE partner = ? AND id = ? AND revoked_at IS NULL",
);
static LIST_KEYS: Stmt = Stmt::built(|| {
    format!("SELECT {PARTNER_KEY_COLUMNS} FROM partner_keys WHERE partner = ? ORDER BY id DESC")
});
static KEY_BY_HASH: Stmt =
    Stmt::built(|| format!("SELECT {PARTNER_KEY_COLUMNS} FROM partner_keys WHERE key_hash = ?"));
static TOUCH_KEY: Stmt = Stmt::new("UPDATE partner_keys SET last_used_at = ? WHERE id = ?");
static PARTNER_REPORT: Stmt = Stmt::built(|| {
    format!(
        "SELECT {PARTNER_REPORT_COLUMNS} FROM partner_reports WHERE partner = ? AND partner_ref = ?"
    )
});
static PARTNER_OF_REPORT: Stmt = Stmt::built(|| {
    format!("SELECT {PARTNER_REPORT_COLUMNS} FROM partner_reports WHERE report_id = ?")
});
static DEAD_LETTERS: Stmt = Stmt::built(|| {
    format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE recipient_kind = 'partner' \
         AND state = 'dead' AND recipient = ? ORDER BY id DESC LIMIT ?"
    )
});

sql_impl! {
#[async_trait]
impl PartnerStore for SqlStore {
    async fn add_partner(
        &self,
        partner: &NewPartner,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Partner> {
        let mut tx = self.write_tx().await?;
        let row: PartnerRow = sqlx::query_as(INSERT_PARTNER.sql::<D>())
            .bind(&partner.slug)
            .bind(&partner.name)
            .bind(stored_list(&partner.agencies))
            .bind(stored_list(&partner.regions))
            .bind(D::ts(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let payload = json!({
            "name": partner.name, "agencies": partner.agencies, "regions": partner.regions,
        });
        let subject = partner_subject(&partner.slug);
        Self::append_audit_in(&mut tx, actor, at, AUDIT_PARTNER_ADD, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Partner::try_from(row)
    }

    async fn get_partner(&self, slug: &str) -> StoreResult<Option<Partner>> {
        let row: Option<PartnerRow> = sqlx::query_as(GET_PARTNER.sql::<D>())
            .bind(slug)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(Partner::try_from).transpose()
    }

    async fn list_partners(&self) -> StoreResult<Vec<Partner>> {
        let rows: Vec<PartnerRow> = sqlx::query_as(LIST_PARTNERS.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Partner::try_from).collect()
    }

    async fn set_partner_webhook(
        &self,
        slug: &str,
        webhook: Option<&Webhook>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(SET_WEBHOOK.sql::<D>())
            .bind(webhook.map(|w| w.url.as_str()))
            .bind(webhook.map(|w| w.secret.0.as_str()))
            .bind(slug)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        let payload = json!({ "url": webhook.map(|w| w.url.as_str()) });
        let subject = partner_subject(slug);
        Self::append_audit_in(&mut tx, actor, at, AUDIT_PARTNER_WEBHOOK, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn add_partner_key(
        &self,
        partner: &str,
        key_hash: &str,
        prefix: &str,
        overlap_until: Option<DateTime<Utc>>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<PartnerKey> {
        let mut tx = self.write_tx().await?;
        if let Some(until) = overlap_until {
            sqlx::query(EXPIRE_OTHER_KEYS.sql::<D>())
                .bind(D::ts(until))
                .bind(partner)
                .bind(D::ts(until))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let row: PartnerKeyRow = sqlx::query_as(INSERT_KEY.sql::<D>())
            .bind(partner)
            .bind(key_hash)
            .bind(prefix)
            .bind(D::ts(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match ref_err(e) {
                // The partner is missing (its foreign key, which `ref_err` answers as not
                // found) or, improbably, the hash is taken (a conflict, answered the same).
                StoreError::Conflict { .. } => StoreError::NotFound,
                other => other,
            })?;
        let payload = json!({ "key": row.id, "prefix": prefix, "overlap_until": overlap_until });
        let subject = partner_subject(partner);
        Self::append_audit_in(&mut tx, actor, at, AUDIT_PARTNER_KEY_ADD, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(PartnerKey::from(row))
    }

    async fn revoke_partner_key(
        &self,
        partner: &str,
        id: i64,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(REVOKE_KEY.sql::<D>())
            .bind(D::ts(at))
            .bind(partner)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Ok(false);
        }
        let subject = partner_subject(partner);
        let payload = json!({ "key": id });
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_PARTNER_KEY_REVOKE,
            &subject,
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn list_partner_keys(&self, partner: &str) -> StoreResult<Vec<PartnerKey>> {
        let rows: Vec<PartnerKeyRow> = sqlx::query_as(LIST_KEYS.sql::<D>())
            .bind(partner)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(PartnerKey::from).collect())
    }

    async fn partner_key_by_hash(
        &self,
        key_hash: &str,
    ) -> StoreResult<Option<(PartnerKey, Partner)>> {
        let row: Option<PartnerKeyRow> = sqlx::query_as(KEY_BY_HASH.sql::<D>())
            .bind(key_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some(key) = row.map(PartnerKey::from) else {
            return Ok(None);
        };
        let partner = self
            .get_partner(&key.partner)
            .await?
            .ok_or_else(|| crate::corrupt(format!("key {} of a missing partner", key.id)))?;
        Ok(Some((key, partner)))
    }

    async fn record_partner_use(
        &self,
        id: i64,
        partner: &str,
        action: &str,
        subject: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(TOUCH_KEY.sql::<D>())
            .bind(D::ts(at))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let payload = json!({ "key": id, "action": action });
        let actor = partner_subject(partner);
        Self::append_audit_in(&mut tx, &actor, at, AUDIT_PARTNER_USE, subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn partner_report(
        &self,
        partner: &str,
        reference: &str,
    ) -> StoreResult<Option<PartnerReport>> {
        let row: Option<PartnerReportRow> = sqlx::query_as(PARTNER_REPORT.sql::<D>())
            .bind(partner)
            .bind(reference)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(PartnerReport::try_from).transpose()
    }

    async fn partner_of_report(&self, report: &TrackingId) -> StoreResult<Option<PartnerReport>> {
        let row: Option<PartnerReportRow> = sqlx::query_as(PARTNER_OF_REPORT.sql::<D>())
            .bind(report.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(PartnerReport::try_from).transpose()
    }

    async fn partner_dead_letters(
        &self,
        partner: &str,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(DEAD_LETTERS.sql::<D>())
            .bind(partner)
            .bind(limit)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let key = self.keyring().deployment_key();
        rows.into_iter().map(|r| r.into_message(&key)).collect()
    }
}
}

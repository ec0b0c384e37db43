//! Reporters' access to their reports (access codes, and recovery by the contact they gave),
//! idempotency keys, what a new report is stored with, and listings.

use crate::store::{db_err, sql_impl};
use crate::{
    INSERT_PARTNER_REPORT, INSERT_PENDING_ACCESS_CODE, PENDING_ACCESS_CODE, PROMOTE_ACCESS_CODE,
    REPORTER_OF_REPORT, REPORTS_BY_CONTACT, REVOKE_OTHER_ACCESS_CODES, REVOKE_PENDING_ACCESS_CODES,
    ReportRow, Stmt, contact_match, corrupt, list_reports_planned, other,
};
use aduan_domain::report::Report;
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::{
    AUDIT_ACCESS_CODE_REPLACE, ContactMatch, Cursor, ListScope, NewOutboxMessage, ReportFilter,
    StoreError, StoreResult, SubmitExtras,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{QueryBuilder, Transaction};

static SET_CONFIDENTIAL_CHOICE: Stmt =
    Stmt::new("UPDATE reports SET confidential_choice = ? WHERE tracking_id = ?");
static NEW_ACCESS_CODE: Stmt = Stmt::new(
    "INSERT INTO access_codes (code_hash, report_id, reporter_id, created_at) VALUES (?, ?, ?, ?)",
);
static INSERT_IDEMPOTENCY_KEY: Stmt = Stmt::new(
    "INSERT INTO idempotency_keys (scope, key, report_id, created_at, fingerprint) \
     VALUES (?, ?, ?, ?, ?)",
);
static SELECT_CONFIDENTIAL_CHOICE: Stmt =
    Stmt::new("SELECT confidential_choice FROM reports WHERE tracking_id = ?");
static SELECT_IDEMPOTENT: Stmt =
    Stmt::new("SELECT report_id FROM idempotency_keys WHERE scope = ? AND key = ?");
static SELECT_IDEMPOTENT_REQUEST: Stmt =
    Stmt::new("SELECT report_id, fingerprint FROM idempotency_keys WHERE scope = ? AND key = ?");
static SELECT_ACCESS_CODE: Stmt = Stmt::new(
    "SELECT report_id, reporter_id FROM access_codes WHERE code_hash = ? AND revoked_at IS NULL",
);

sql_impl! {
impl SqlStore {
    /// Keeps the reporter's explicit choice about confidentiality inside `tx`.
    pub(crate) async fn set_confidential_choice_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &TrackingId,
        choice: bool,
    ) -> StoreResult<()> {
        sqlx::query(SET_CONFIDENTIAL_CHOICE.sql::<D>())
            .bind(choice)
            .bind(report.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Writes a new report's access code and idempotency key inside its transaction.
    pub(crate) async fn insert_extras_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &Report,
        extras: &SubmitExtras,
        outbox: &super::SealedOutbox,
    ) -> StoreResult<()> {
        if let Some(choice) = extras.confidential_choice {
            Self::set_confidential_choice_in(tx, &report.tracking_id, choice).await?;
        }
        if let Some(hash) = &extras.access_code_hash {
            sqlx::query(NEW_ACCESS_CODE.sql::<D>())
                .bind(hash)
                .bind(report.tracking_id.as_str())
                .bind(report.reporter.as_str())
                .bind(D::ts(report.submitted_at))
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        if let Some(notify) = &extras.notify {
            Self::set_notify_in(tx, &report.reporter, notify).await?;
        }
        if !extras.clocks.is_empty() {
            Self::replace_clocks_in(tx, &report.tracking_id, &extras.clocks, None).await?;
        }
        if !outbox.is_empty() {
            Self::insert_outbox_in(tx, outbox, report.submitted_at).await?;
        }
        if let Some(p) = &extras.partner_ref {
            sqlx::query(INSERT_PARTNER_REPORT.sql::<D>())
                .bind(&p.partner)
                .bind(&p.reference)
                .bind(report.tracking_id.as_str())
                .bind(&p.fingerprint)
                .bind(D::ts(report.submitted_at))
                .execute(&mut **tx)
                .await
                .map_err(|e| match db_err(e) {
                    StoreError::Conflict { .. } => StoreError::Conflict {
                        constraint: "partner_reports".into(),
                    },
                    other => other,
                })?;
        }
        if let Some((scope, key)) = &extras.idempotency {
            sqlx::query(INSERT_IDEMPOTENCY_KEY.sql::<D>())
                .bind(scope)
                .bind(key)
                .bind(report.tracking_id.as_str())
                .bind(D::ts(report.submitted_at))
                .bind(extras.idempotency_fingerprint.as_deref())
                .execute(&mut **tx)
                .await
                .map_err(|e| match db_err(e) {
                    StoreError::Conflict { .. } => StoreError::Conflict {
                        constraint: "idempotency_keys".into(),
                    },
                    other => other,
                })?;
        }
        Ok(())
    }
}
}

sql_impl! {
impl SqlStore {
    pub(crate) async fn confidential_choice_in(
        &self,
        id: &TrackingId,
    ) -> StoreResult<Option<bool>> {
        let row: Option<(Option<bool>,)> = sqlx::query_as(SELECT_CONFIDENTIAL_CHOICE.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.and_then(|(c,)| c))
    }

    pub(crate) async fn find_idempotent_in(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<TrackingId>> {
        let row: Option<(String,)> = sqlx::query_as(SELECT_IDEMPOTENT.sql::<D>())
            .bind(scope)
            .bind(key)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|(t,)| TrackingId::parse(&t).map_err(corrupt))
            .transpose()
    }

    pub(crate) async fn find_idempotent_request_in(
        &self,
        scope: &str,
        key: &str,
    ) -> StoreResult<Option<(TrackingId, Option<String>)>> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as(SELECT_IDEMPOTENT_REQUEST.sql::<D>())
                .bind(scope)
                .bind(key)
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        row.map(|(t, f)| TrackingId::parse(&t).map(|t| (t, f)).map_err(corrupt))
            .transpose()
    }

    pub(crate) async fn find_access_code_in(
        &self,
        code_hash: &str,
    ) -> StoreResult<Option<(TrackingId, ReporterId)>> {
        let row: Option<(String, String)> = sqlx::query_as(SELECT_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|(t, r)| {
            Ok((
                TrackingId::parse(&t).map_err(corrupt)?,
                ReporterId::from_stored(r),
            ))
        })
        .transpose()
    }

    pub(crate) async fn list_reports_in(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        let pool = self.pool();
        let rows = |mut q: QueryBuilder<D::DB>| async move {
            q.build_query_as::<ReportRow>()
                .fetch_all(pool)
                .await
                .map_err(db_err)
        };
        list_reports_planned::<D::DB, D::Ts, _, _, _>(
            crate::indexed_by::<D>,
            scope,
            filter,
            cursor,
            limit,
            D::ts,
            rows,
        )
        .await
    }

    pub(crate) async fn page_end_in(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        nth: u32,
    ) -> StoreResult<Option<Cursor>> {
        let hint = crate::indexed_by::<D>(crate::PUBLIC_FEED_INDEX);
        let row: Option<crate::PageEndRow> =
            crate::page_end_query::<D::DB, D::Ts>(&hint, scope, filter, after, nth, D::ts)
                .build_query_as()
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?;
        row.map(|r| {
            let id = TrackingId::parse(&r.tracking_id).map_err(crate::corrupt)?;
            Ok((r.submitted_at, id))
        })
        .transpose()
    }

    pub(crate) async fn list_reports_for_export_in(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        upto: Option<&Cursor>,
    ) -> StoreResult<Vec<aduan_store::ExportedReport>> {
        let hint = crate::indexed_by::<D>(crate::PUBLIC_FEED_INDEX);
        let rows: Vec<crate::ExportRow> =
            crate::export_query::<D::DB, D::Ts>(&hint, scope, filter, after, upto, D::ts)
                .build_query_as()
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
        rows.into_iter()
            .map(|row| row.into_exported(self.keyring()))
            .collect()
    }
}
}

sql_impl! {
impl SqlStore {
    pub(crate) async fn reports_by_contact_in(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<ContactMatch>> {
        if email.is_none() && phone.is_none() {
            return Ok(Vec::new());
        }
        let ring = self.keyring();
        let email = email.map(|e| ring.blind(aduan_store::Contact::Email, e));
        let phone = phone.map(|p| ring.blind(aduan_store::Contact::Phone, p));
        let rows: Vec<(String, String)> = sqlx::query_as(REPORTS_BY_CONTACT.sql::<D>())
            .bind(email.as_ref().map(|ix| ix.current.as_str()))
            .bind(email.as_ref().map(|ix| ix.previous.as_str()))
            .bind(phone.as_ref().map(|ix| ix.current.as_str()))
            .bind(phone.as_ref().map(|ix| ix.previous.as_str()))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(contact_match).collect()
    }

    pub(crate) async fn offer_access_code_in(
        &self,
        report: &TrackingId,
        reporter: &ReporterId,
        code_hash: &str,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let owner: Option<(String,)> = sqlx::query_as(REPORTER_OF_REPORT.sql::<D>())
            .bind(report.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if owner.is_none_or(|(r,)| r != reporter.as_str()) {
            return Err(StoreError::NotFound);
        }
        let revoked = sqlx::query(REVOKE_PENDING_ACCESS_CODES.sql::<D>())
            .bind(D::ts(at))
            .bind(report.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let revoked = D::rows_affected(&revoked);
        sqlx::query(INSERT_PENDING_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .bind(report.as_str())
            .bind(reporter.as_str())
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        Self::insert_message_in(
            &mut tx,
            &self.seal_outbox(std::slice::from_ref(message)),
            at,
        )
        .await?;
        let payload = json!({ "revoked_pending": revoked });
        Self::append_audit_in(
            &mut tx,
            reporter.as_str(),
            at,
            AUDIT_ACCESS_CODE_REPLACE,
            report.as_str(),
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)
    }

    pub(crate) async fn promote_access_code_in(
        &self,
        code_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // A read first: nearly every use is of an ordinary code, which needs no write.
        let pending: Option<(String,)> = sqlx::query_as(PENDING_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some((report,)) = pending else {
            return Ok(false);
        };
        let mut tx = self.write_tx().await?;
        let promoted = sqlx::query(PROMOTE_ACCESS_CODE.sql::<D>())
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let promoted = D::rows_affected(&promoted);
        if promoted == 0 {
            // Promoted or revoked by a concurrent request meanwhile.
            return Ok(false);
        }
        sqlx::query(REVOKE_OTHER_ACCESS_CODES.sql::<D>())
            .bind(D::ts(at))
            .bind(&report)
            .bind(code_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }
}
}

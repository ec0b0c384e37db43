//! The two-person reveal: requests, and decisions carried out with the report's transition in
//! one transaction (see [`aduan_store::RevealStore`]).

use crate::store::{db_err, ref_err, sql_impl};
use crate::{REVEAL_COLUMNS, RevealRow, Stmt, other};
use aduan_domain::UserId;
use aduan_store::{
    AUDIT_REVEAL_APPROVE, AUDIT_REVEAL_DEFER, AUDIT_REVEAL_NOTIFY, AUDIT_REVEAL_REFUSE,
    AUDIT_REVEAL_REQUEST, Commit, NewOutboxMessage, NewRevealRequest, RevealDecision,
    RevealRequest, RevealStore, RevealsOf, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

static INSERT: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO reveal_requests (report_id, requested_by, reason, requested_at) \
         VALUES (?, ?, ?, ?) RETURNING {REVEAL_COLUMNS}"
    )
});
static GET: Stmt =
    Stmt::built(|| format!("SELECT {REVEAL_COLUMNS} FROM reveal_requests WHERE id = ?"));
static GET_LOCKED: Stmt =
    Stmt::built_locking(|| format!("SELECT {REVEAL_COLUMNS} FROM reveal_requests WHERE id = ?"));
static BY_STATUS: Stmt = Stmt::built(|| {
    format!(
        "SELECT {REVEAL_COLUMNS} FROM reveal_requests WHERE status = ? ORDER BY id DESC LIMIT ?"
    )
});
static BY_REPORT: Stmt = Stmt::built(|| {
    format!(
        "SELECT {REVEAL_COLUMNS} FROM reveal_requests WHERE report_id = ? ORDER BY id DESC LIMIT ?"
    )
});
static DECIDE: Stmt = Stmt::built(|| {
    format!(
        "UPDATE reveal_requests SET status = ?, decided_by = ?, decided_role = ?, \
         decided_at = ?, note = ?, defer_reason = ?, notified_at = ? \
         WHERE id = ? AND status = 'pending' RETURNING {REVEAL_COLUMNS}"
    )
});
static NOTIFIED: Stmt = Stmt::built(|| {
    format!(
        "UPDATE reveal_requests SET notified_at = ? \
         WHERE id = ? AND status = 'approved' AND notified_at IS NULL \
         AND defer_reason IS NOT NULL RETURNING {REVEAL_COLUMNS}"
    )
});

/// What an account did to another. Binds: actor, subject.
static SHAPED: Stmt = Stmt::new(
    "SELECT COUNT(*) FROM audit_log WHERE actor = ? AND subject = ? \
     AND action IN ('user.create', 'user.scope', 'user.password_reset', 'user.enable')",
);

fn no_longer_waiting() -> StoreError {
    StoreError::Conflict {
        constraint: "reveal_requests.status".into(),
    }
}

sql_impl! {
#[async_trait]
impl RevealStore for SqlStore {
    async fn create_reveal_request(
        &self,
        new: &NewRevealRequest<'_>,
        outbox: &[NewOutboxMessage],
    ) -> StoreResult<RevealRequest> {
        let mut tx = self.write_tx().await?;
        let row: RevealRow = sqlx::query_as(INSERT.sql::<D>())
            .bind(new.report.as_str())
            .bind(new.requested_by.0)
            .bind(new.reason)
            .bind(D::ts(new.at))
            .fetch_one(&mut *tx)
            .await
            .map_err(ref_err)?;
        let request = row.into_request()?;
        let payload = json!({ "request": request.id, "reason": new.reason });
        let subject = format!("report:{}", new.report);
        let actor = new.requested_by.to_string();
        Self::append_audit_in(
            &mut tx,
            &actor,
            new.at,
            AUDIT_REVEAL_REQUEST,
            &subject,
            payload,
        )
        .await?;
        if !outbox.is_empty() {
            Self::insert_outbox_in(&mut tx, &self.seal_outbox(outbox), new.at).await?;
        }
        tx.commit().await.map_err(other)?;
        Ok(request)
    }

    async fn get_reveal_request(&self, id: i64) -> StoreResult<Option<RevealRequest>> {
        let row: Option<RevealRow> = sqlx::query_as(GET.sql::<D>())
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(RevealRow::into_request).transpose()
    }

    async fn list_reveal_requests(
        &self,
        of: RevealsOf<'_>,
        limit: u32,
    ) -> StoreResult<Vec<RevealRequest>> {
        let query = match of {
            RevealsOf::Status(status) => sqlx::query_as(BY_STATUS.sql::<D>()).bind(status),
            RevealsOf::Report(id) => sqlx::query_as(BY_REPORT.sql::<D>()).bind(id.as_str()),
        };
        let rows: Vec<RevealRow> = query
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(RevealRow::into_request).collect()
    }

    async fn decide_reveal_request(
        &self,
        d: &RevealDecision<'_>,
        reveal: Option<Commit<'_>>,
    ) -> StoreResult<RevealRequest> {
        let mut tx = self.write_tx().await?;
        let waiting: Option<RevealRow> = sqlx::query_as(GET_LOCKED.sql::<D>())
            .bind(d.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let waiting = waiting.ok_or(StoreError::NotFound)?.into_request()?;
        if waiting.status != "pending" {
            return Err(no_longer_waiting());
        }
        let (status, action) = match d.approve {
            true => ("approved", AUDIT_REVEAL_APPROVE),
            false => ("refused", AUDIT_REVEAL_REFUSE),
        };
        let defer = d.defer_reason.filter(|_| d.approve);
        let notified = (d.approve && defer.is_none()).then(|| D::ts(d.at));
        let row: Option<RevealRow> = sqlx::query_as(DECIDE.sql::<D>())
            .bind(status)
            .bind(d.by.0)
            .bind(d.role.as_str())
            .bind(D::ts(d.at))
            .bind(d.note)
            .bind(defer)
            .bind(notified)
            .bind(d.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let decided = row.ok_or_else(no_longer_waiting)?.into_request()?;
        let actor = d.by.to_string();
        let subject = format!("report:{}", waiting.report);
        let payload = json!({
            "request": d.id, "requested_by": waiting.requested_by.0, "role": d.role.as_str(),
            "note": d.note,
        });
        Self::append_audit_in(&mut tx, &actor, d.at, action, &subject, payload).await?;
        if let Some(reason) = defer {
            let payload = json!({ "request": d.id, "reason": reason });
            Self::append_audit_in(&mut tx, &actor, d.at, AUDIT_REVEAL_DEFER, &subject, payload)
                .await?;
        }
        if let Some(transition) = reveal.filter(|_| d.approve) {
            self.transition_in(&mut tx, transition).await?;
        }
        tx.commit().await.map_err(other)?;
        Ok(decided)
    }

    async fn shaped_by(&self, actor: UserId, account: UserId) -> StoreResult<bool> {
        let (n,): (i64,) = sqlx::query_as(SHAPED.sql::<D>())
            .bind(actor.to_string())
            .bind(format!("user:{account}"))
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        Ok(n > 0)
    }

    async fn notify_deferred_reveal(
        &self,
        id: i64,
        outbox: &[NewOutboxMessage],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<RevealRequest> {
        let mut tx = self.write_tx().await?;
        let row: Option<RevealRow> = sqlx::query_as(NOTIFIED.sql::<D>())
            .bind(D::ts(at))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            let known: Option<RevealRow> = sqlx::query_as(GET.sql::<D>())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            return Err(match known {
                Some(_) => no_longer_waiting(),
                None => StoreError::NotFound,
            });
        };
        let request = row.into_request()?;
        if !outbox.is_empty() {
            Self::insert_outbox_in(&mut tx, &self.seal_outbox(outbox), at).await?;
        }
        let subject = format!("report:{}", request.report);
        let payload = json!({ "request": id, "messages": outbox.len() });
        Self::append_audit_in(&mut tx, actor, at, AUDIT_REVEAL_NOTIFY, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(request)
    }
}
}

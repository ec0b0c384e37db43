//! The audit log's chain: each entry is sealed onto the head row, which the appending
//! transaction updates first (on PostgreSQL that update is the row lock that orders writers).

use crate::store::{db_err, sql_impl};
use crate::{AuditRow, Stmt};
use aduan_domain::event::AuditEntry;
use aduan_store::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

static BUMP_HEAD: Stmt =
    Stmt::new("UPDATE audit_head SET count = count + 1 WHERE id = 1 RETURNING count, hash");
static INSERT_ENTRY: Stmt = Stmt::new(
    "INSERT INTO audit_log (seq, actor, at, action, subject, payload, prev_hash, hash) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
);
static SET_HEAD: Stmt = Stmt::new("UPDATE audit_head SET hash = ? WHERE id = 1");
static LIST_ENTRIES: Stmt = Stmt::new(
    "SELECT seq, actor, at, action, subject, payload, prev_hash, hash FROM audit_log ORDER BY seq",
);
static HEAD: Stmt = Stmt::new("SELECT count, hash FROM audit_head WHERE id = 1");

sql_impl! {
impl SqlStore {
    /// Appends an entry inside `tx`, a write transaction.
    pub(crate) async fn append_audit_in(
        tx: &mut Transaction<'static, D::DB>,
        actor: &str,
        at: DateTime<Utc>,
        action: &str,
        subject: &str,
        payload: serde_json::Value,
    ) -> StoreResult<AuditEntry> {
        let (count, prev): (i64, String) = sqlx::query_as(BUMP_HEAD.sql::<D>())
            .fetch_one(&mut **tx)
            .await
            .map_err(db_err)?;
        let entry = AuditEntry::seal(
            count,
            actor.into(),
            at,
            action.into(),
            subject.into(),
            payload,
            &prev,
        );
        sqlx::query(INSERT_ENTRY.sql::<D>())
            .bind(entry.seq)
            .bind(&entry.actor)
            .bind(D::ts(entry.at))
            .bind(&entry.action)
            .bind(&entry.subject)
            .bind(entry.payload.to_string())
            .bind(&entry.prev_hash)
            .bind(&entry.hash)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        sqlx::query(SET_HEAD.sql::<D>())
            .bind(&entry.hash)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(entry)
    }

    /// The whole log with its recorded head.
    pub(crate) async fn list_audit_entries(&self) -> StoreResult<(Vec<AuditEntry>, i64, String)> {
        let rows: Vec<AuditRow> = sqlx::query_as(LIST_ENTRIES.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let (count, hash): (i64, String) = sqlx::query_as(HEAD.sql::<D>())
            .fetch_one(self.pool())
            .await
            .map_err(db_err)?;
        let entries = rows
            .into_iter()
            .map(AuditRow::into_entry)
            .collect::<Result<_, _>>()?;
        Ok((entries, count, hash))
    }
}
}

//! The audit log's chain on SQLite.

use crate::{db_err, ts};
use aduan_domain::event::AuditEntry;
use aduan_store::StoreResult;
use aduan_store_sql::AuditRow;
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// Appends an entry inside `tx`, which must hold the write lock.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Sqlite>,
    actor: &str,
    at: DateTime<Utc>,
    action: &str,
    subject: &str,
    payload: serde_json::Value,
) -> StoreResult<AuditEntry> {
    let (count, prev): (i64, String) = sqlx::query_as(
        "UPDATE audit_head SET count = count + 1 WHERE id = 1 RETURNING count, hash",
    )
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
    sqlx::query(
        "INSERT INTO audit_log (seq, actor, at, action, subject, payload, prev_hash, hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(entry.seq)
    .bind(&entry.actor)
    .bind(ts(entry.at))
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(entry.payload.to_string())
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    sqlx::query("UPDATE audit_head SET hash = ? WHERE id = 1")
        .bind(&entry.hash)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(entry)
}

/// The whole log with its recorded head.
pub(crate) async fn list(pool: &SqlitePool) -> StoreResult<(Vec<AuditEntry>, i64, String)> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT seq, actor, at, action, subject, payload, prev_hash, hash FROM audit_log ORDER BY seq",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let (count, hash): (i64, String) =
        sqlx::query_as("SELECT count, hash FROM audit_head WHERE id = 1")
            .fetch_one(pool)
            .await
            .map_err(db_err)?;
    let entries = rows
        .into_iter()
        .map(AuditRow::into_entry)
        .collect::<Result<_, _>>()?;
    Ok((entries, count, hash))
}

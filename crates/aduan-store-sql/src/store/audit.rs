//! The audit log's chain: each entry is sealed onto the head row, which the appending
//! transaction updates first (on PostgreSQL that update is the row lock that orders writers).

use crate::store::{db_err, sql_impl};
use crate::{AuditRow, IdentityLookRow, Stmt, dynamic, other};
use aduan_domain::event::AuditEntry;
use aduan_domain::{TrackingId, UserId};
use aduan_store::{IdentityLook, LooksOf, RecordedLook, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::Transaction;

/// Looks per INSERT statement (6 binds each, well under SQLite's and PostgreSQL's limits).
const LOOKS_PER_INSERT: usize = 500;
static LOOKS_OF_REPORT: Stmt = Stmt::new(
    "SELECT id, at, user_id, role, report_id, via, what FROM identity_looks \
     WHERE report_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
);
static LOOKS_BY_USER: Stmt = Stmt::new(
    "SELECT id, at, user_id, role, report_id, via, what FROM identity_looks \
     WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
);

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

    /// Records `looks`: one statement for up to [`LOOKS_PER_INSERT`], else a statement per
    /// that many in one write transaction.
    pub(crate) async fn record_looks(&self, looks: &[IdentityLook]) -> StoreResult<()> {
        fn insert<D: crate::Dialect>(n: usize) -> String {
            let rows = vec!["(?, ?, ?, ?, ?, ?)"; n].join(", ");
            dynamic::<D>(format!(
                "INSERT INTO identity_looks (at, user_id, role, report_id, via, what) \
                 VALUES {rows}"
            ))
        }
        macro_rules! bound {
            ($part:expr) => {{
                let mut q = sqlx::query(sqlx::AssertSqlSafe(insert::<D>($part.len())));
                for l in $part {
                    q = q
                        .bind(D::ts(l.at))
                        .bind(l.user.0)
                        .bind(l.role.clone())
                        .bind(l.report.to_string())
                        .bind(l.via.clone())
                        .bind(l.what.clone());
                }
                q
            }};
        }
        match looks.len() {
            0 => Ok(()),
            n if n <= LOOKS_PER_INSERT => {
                bound!(looks).execute(self.pool()).await.map_err(db_err)?;
                Ok(())
            }
            _ => {
                let mut tx = self.write_tx().await?;
                for part in looks.chunks(LOOKS_PER_INSERT) {
                    bound!(part).execute(&mut *tx).await.map_err(db_err)?;
                }
                tx.commit().await.map_err(other)
            }
        }
    }

    /// Looks of `of`, newest first, older than `before`.
    pub(crate) async fn list_looks(
        &self,
        of: &LooksOf,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<RecordedLook>> {
        let before = before.unwrap_or(i64::MAX);
        let limit = i64::from(limit.clamp(1, 1000));
        let rows: Vec<IdentityLookRow> = match of {
            LooksOf::Report(id) => {
                sqlx::query_as(LOOKS_OF_REPORT.sql::<D>())
                    .bind(id.to_string())
                    .bind(before)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await
            }
            LooksOf::User(user) => {
                sqlx::query_as(LOOKS_BY_USER.sql::<D>())
                    .bind(user.0)
                    .bind(before)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await
            }
        }
        .map_err(db_err)?;
        rows.into_iter()
            .map(|r| {
                Ok(RecordedLook {
                    id: r.id,
                    look: IdentityLook {
                        at: r.at,
                        user: UserId(r.user_id),
                        role: r.role,
                        report: TrackingId::parse(&r.report_id).map_err(crate::corrupt)?,
                        via: r.via,
                        what: r.what,
                    },
                })
            })
            .collect()
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

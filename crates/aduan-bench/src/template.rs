//! The write baseline's rows: exactly those one real submission wrote. The harness submits one
//! report through the server (the template), copies its rows into the scratch database once,
//! and each baseline transaction then copies them again under new keys with
//! `INSERT INTO t (…) SELECT … FROM t WHERE <the template's rows>`: reporter, report, first
//! event, clocks, access code, idempotency key, outbox message and its delivery job. Not
//! copied: the rate limiter's row (counted in the submission's transaction in the service; its
//! bucket is a keyed hash the harness cannot name) and the outbox message's link to its job
//! (an UPDATE); the copies' `job_id` is empty.

use crate::db::{Db, literal};
use anyhow::Context;
use sqlx::Acquire;

/// A value each copy changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// The new tracking id.
    Report,
    /// The new reporter id.
    Reporter,
    /// A unique text for the other unique keys.
    Unique,
}

/// The tables a submission writes, in an order that satisfies their foreign keys, and for
/// each the columns a copy changes (`{report}`, `{reporter}`, `{unique}` are the new values).
const TABLES: &[(&str, &[(&str, &str)])] = &[
    ("reporters", &[("id", "{reporter}")]),
    (
        "reports",
        &[("tracking_id", "{report}"), ("reporter_id", "{reporter}")],
    ),
    ("events", &[("report_id", "{report}")]),
    ("clocks", &[("report_id", "{report}")]),
    (
        "access_codes",
        &[
            ("code_hash", "{unique}"),
            ("report_id", "{report}"),
            ("reporter_id", "{reporter}"),
        ],
    ),
    (
        "idempotency_keys",
        &[("key", "{unique}"), ("report_id", "{report}")],
    ),
    (
        "jobs",
        &[("id", ""), ("dedup_key", "dedup_key || {unique}")],
    ),
    (
        "outbox",
        &[
            ("id", ""),
            ("dedup_key", "dedup_key || {unique}"),
            ("job_id", "NULL"),
        ],
    ),
];

/// One prepared copy: its SQL and the values it binds, in order.
#[derive(Debug, Clone)]
struct Copy {
    sql: String,
    binds: Vec<Key>,
}

/// The write baseline's statements.
#[derive(Debug, Clone)]
pub struct Template {
    copies: Vec<Copy>,
}

/// Which rows of each table belong to report `tid` of `db`.
async fn rows_of(db: &Db, tid: &str) -> anyhow::Result<Vec<(&'static str, String)>> {
    let t = literal(tid);
    let rid = db
        .strings(&format!(
            "SELECT reporter_id FROM reports WHERE tracking_id = {t}"
        ))
        .await?
        .pop()
        .with_context(|| format!("the template report {tid} is not in the data set"))?;
    let outbox = db
        .strings(&format!(
            "SELECT CAST(id AS TEXT) FROM outbox WHERE created_at = \
             (SELECT submitted_at FROM reports WHERE tracking_id = {t})"
        ))
        .await?;
    let in_list = |ids: &[String]| format!("id IN ({})", ids.join(", "));
    let jobs = if outbox.is_empty() {
        Vec::new()
    } else {
        db.strings(&format!(
            "SELECT CAST(job_id AS TEXT) FROM outbox WHERE job_id IS NOT NULL AND {}",
            in_list(&outbox)
        ))
        .await?
    };
    let mut out = vec![
        ("reporters", format!("id = {}", literal(&rid))),
        ("reports", format!("tracking_id = {t}")),
    ];
    for table in ["events", "clocks", "access_codes", "idempotency_keys"] {
        out.push((table, format!("report_id = {t}")));
    }
    if !jobs.is_empty() {
        out.push(("jobs", in_list(&jobs)));
    }
    if !outbox.is_empty() {
        out.push(("outbox", in_list(&outbox)));
    }
    Ok(out)
}

async fn columns(db: &Db, table: &str) -> anyhow::Result<Vec<String>> {
    let sql = match db {
        Db::Sqlite(_) => format!("SELECT name FROM pragma_table_info({})", literal(table)),
        Db::Pg(_) => format!(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = {} ORDER BY ordinal_position",
            literal(table)
        ),
    };
    db.strings(&sql).await
}

impl Template {
    /// Copies report `tid`'s rows from `source` (at `source_url`) into `scratch` and prepares
    /// the copies.
    pub async fn copy(
        source: &Db,
        source_url: &str,
        scratch: &Db,
        tid: &str,
    ) -> anyhow::Result<Template> {
        let rows = rows_of(source, tid).await?;
        match (source, scratch) {
            (Db::Sqlite(_), Db::Sqlite(pool)) => {
                let path = source_url.trim_start_matches("sqlite://");
                let mut conn = pool.acquire().await?;
                let attach = format!("ATTACH DATABASE {} AS src", literal(path));
                sqlx::raw_sql(sqlx::AssertSqlSafe(attach))
                    .execute(&mut *conn)
                    .await?;
                let mut tx = conn.begin().await?;
                for (table, filter) in &rows {
                    let sql = format!(
                        "INSERT INTO main.{table} SELECT * FROM src.{table} WHERE {filter}"
                    );
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                sqlx::raw_sql("DETACH DATABASE src")
                    .execute(&mut *conn)
                    .await?;
            }
            (Db::Pg(from), Db::Pg(to)) => {
                let mut tx = to.begin().await?;
                for (table, filter) in &rows {
                    let sql = format!(
                        "SELECT CAST(row_to_json(t) AS TEXT) FROM {table} t WHERE {filter}"
                    );
                    let found: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .fetch_all(from)
                        .await?;
                    let insert = format!(
                        "INSERT INTO {table} SELECT * FROM json_populate_record(NULL::{table}, CAST($1 AS json))"
                    );
                    for row in found {
                        sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                            .bind(row)
                            .execute(&mut *tx)
                            .await?;
                    }
                    if ["jobs", "outbox"].contains(table) {
                        // The copied ids were given explicitly: move the sequence past them.
                        let sql = format!(
                            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                             (SELECT max(id) FROM {table}))"
                        );
                        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                tx.commit().await?;
            }
            _ => anyhow::bail!("the scratch database must be on the data set's backend"),
        }
        let mut copies = Vec::new();
        for (table, filter) in &rows {
            let changes = TABLES
                .iter()
                .find(|(t, _)| t == table)
                .map_or(&[][..], |(_, c)| *c);
            let mut names = Vec::new();
            let mut values = Vec::new();
            let mut binds = Vec::new();
            for col in columns(scratch, table).await? {
                let value = match changes.iter().find(|(c, _)| *c == col) {
                    Some((_, "")) => continue,
                    Some((_, expr)) => placeholders(expr, scratch, &mut binds),
                    None => col.clone(),
                };
                names.push(col);
                values.push(value);
            }
            copies.push(Copy {
                sql: format!(
                    "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {filter}",
                    names.join(", "),
                    values.join(", ")
                ),
                binds,
            });
        }
        Ok(Template { copies })
    }

    /// One submission's rows under new keys made from `unique`, in one transaction on `db`.
    pub async fn insert(&self, db: &Db, unique: &str) -> anyhow::Result<()> {
        let report = format!("BENCH-{unique}");
        let reporter = format!("bench-{unique}");
        let value = |k: Key| match k {
            Key::Report => report.clone(),
            Key::Reporter => reporter.clone(),
            Key::Unique => format!("-{unique}"),
        };
        match db {
            Db::Sqlite(pool) => {
                // As the service writes: BEGIN IMMEDIATE, so writers queue for the lock at once.
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                for copy in &self.copies {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(copy.sql.clone()));
                    for &k in &copy.binds {
                        q = q.bind(value(k));
                    }
                    q.execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            Db::Pg(pool) => {
                let mut tx = pool.begin().await?;
                for copy in &self.copies {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(copy.sql.clone()));
                    for &k in &copy.binds {
                        q = q.bind(value(k));
                    }
                    q.execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }
}

/// `expr` with each `{report}`, `{reporter}`, `{unique}` replaced by the next placeholder of
/// `db`'s dialect, the value to bind recorded in `binds`.
fn placeholders(expr: &str, db: &Db, binds: &mut Vec<Key>) -> String {
    let mut out = String::new();
    let mut rest = expr;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('}').map_or(rest.len(), |e| at + e + 1);
        let key = match &rest[at..end] {
            "{report}" => Key::Report,
            "{reporter}" => Key::Reporter,
            _ => Key::Unique,
        };
        binds.push(key);
        let n = binds.len();
        out.push_str(&match db {
            Db::Sqlite(_) => format!("?{n}"),
            Db::Pg(_) => format!("CAST(${n} AS TEXT)"),
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

//! Clocks.

use crate::store::{db_err, sql_impl};
use crate::{CLOCK_COLUMNS, ClockRow, corrupt};
use crate::{Stmt, dynamic};
use aduan_domain::TrackingId;
use aduan_domain::sla::Clock;
use aduan_domain::sla::tally::delta;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{ClockStore, OpenPastDue, StoreResult, TallyCount, TallyFilter};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Transaction;
use std::collections::HashMap;

static INSERT: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO clocks ({CLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
});
static SELECT: Stmt =
    Stmt::built(|| format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE report_id = ? ORDER BY seq"));

static DELETE_CLOCKS: Stmt = Stmt::new("DELETE FROM clocks WHERE report_id = ?");
static OPEN_CLOCK_REPORTS: Stmt = Stmt::new(
    "SELECT DISTINCT report_id FROM clocks WHERE stopped_at IS NULL AND due_at IS NOT NULL \
     AND report_id > ? ORDER BY report_id LIMIT ?",
);

sql_impl! {
impl SqlStore {
    /// Replaces a report's clocks inside `tx`, and moves the figures' running counts by what
    /// changed, counted on `cal`. A new report (`cal` none) has no clocks yet and can bring no
    /// stopped limit clock.
    pub(crate) async fn replace_clocks_in(
        tx: &mut Transaction<'static, D::DB>,
        id: &TrackingId,
        clocks: &[Clock],
        cal: Option<&WorkCalendar>,
    ) -> StoreResult<()> {
        let change = match cal {
            Some(cal) => {
                let rows: Vec<ClockRow> = sqlx::query_as(SELECT.sql::<D>())
                    .bind(id.as_str())
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_err)?;
                let before = rows
                    .into_iter()
                    .map(ClockRow::into_clock)
                    .collect::<StoreResult<Vec<_>>>()?;
                delta(&before, clocks, cal)
            }
            None if clocks.iter().any(|c| c.phase.is_limit() && !c.is_open()) => {
                return Err(corrupt("a new report cannot bring a stopped time limit"));
            }
            None => Vec::new(),
        };
        sqlx::query(DELETE_CLOCKS.sql::<D>())
            .bind(id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        for (seq, c) in clocks.iter().enumerate() {
            sqlx::query(INSERT.sql::<D>())
                .bind(id.as_str())
                .bind(seq as i64)
                .bind(c.phase.as_str())
                .bind(&c.responsible)
                .bind(c.unit.as_ref().map(|u| u.as_str()))
                .bind(c.zone.code())
                .bind(D::ts(c.started_at))
                .bind(i64::from(c.limit_days))
                .bind(D::ts(c.resumed_at))
                .bind(i64::from(c.days_remaining))
                .bind(c.due_at.map(D::ts))
                .bind(c.paused_at.map(D::ts))
                .bind(c.stopped_at.map(D::ts))
                .bind(c.stopped_by.map(|a| a.as_str()))
                .bind(c.completion.map(|k| k.as_str()))
                .bind(c.missed_due.map(D::ts))
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Self::add_tally_in(tx, &change).await
    }
}
}

sql_impl! {
#[async_trait]
impl ClockStore for SqlStore {
    async fn list_clocks(&self, report: &TrackingId) -> StoreResult<Vec<Clock>> {
        let rows: Vec<ClockRow> = sqlx::query_as(SELECT.sql::<D>())
            .bind(report.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ClockRow::into_clock).collect()
    }

    async fn list_clocks_of(
        &self,
        reports: &[TrackingId],
    ) -> StoreResult<HashMap<TrackingId, Vec<Clock>>> {
        let mut out: HashMap<TrackingId, Vec<Clock>> = HashMap::new();
        if reports.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT {CLOCK_COLUMNS} FROM clocks WHERE report_id IN ({}) ORDER BY report_id, seq",
            crate::placeholders(reports.len())
        );
        let sql = dynamic::<D>(sql);
        let mut q = sqlx::query_as::<_, ClockRow>(sqlx::AssertSqlSafe(sql));
        for id in reports {
            q = q.bind(id.as_str());
        }
        let rows = q.fetch_all(self.pool()).await.map_err(db_err)?;
        for row in rows {
            let ((report, _), clock) = row.into_positioned()?;
            out.entry(report).or_default().push(clock);
        }
        Ok(out)
    }

    async fn list_limit_clocks(
        &self,
        filter: &aduan_store::ClockFilter,
        after: Option<&aduan_store::ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(aduan_store::ClockCursor, Clock)>> {
        let mut q = crate::limit_clocks_query::<D::DB, D::Ts>(filter, after, limit, D::ts);
        let rows: Vec<ClockRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ClockRow::into_positioned).collect()
    }

    async fn open_clocks_due_before(
        &self,
        before: DateTime<Utc>,
        after: Option<&aduan_store::ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(aduan_store::ClockCursor, Clock)>> {
        let mut q = crate::due_clocks_query::<D::DB, D::Ts>(before, after, limit, D::ts);
        let rows: Vec<ClockRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ClockRow::into_positioned).collect()
    }

    async fn reports_with_open_clocks(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<TrackingId>> {
        let rows: Vec<(String,)> = sqlx::query_as(OPEN_CLOCK_REPORTS.sql::<D>())
            .bind(after.map(|a| a.as_str()).unwrap_or(""))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(t,)| TrackingId::parse(&t).map_err(corrupt))
            .collect()
    }
    async fn tally_counts(&self, filter: &TallyFilter) -> StoreResult<Vec<TallyCount>> {
        self.tally_counts_of(filter).await
    }

    async fn open_past_due(
        &self,
        filter: &TallyFilter,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OpenPastDue>> {
        self.open_past_due_of(filter, now).await
    }

    async fn tally_basis(&self) -> StoreResult<Option<Vec<NaiveDate>>> {
        self.tally_basis_of().await
    }

    async fn set_tally_basis(&self, cal: &WorkCalendar) -> StoreResult<()> {
        self.set_tally_basis_to(cal).await
    }

    async fn rebuild_tally(&self, cal: &WorkCalendar) -> StoreResult<u64> {
        self.rebuild_tally_on(cal).await
    }
}
}

//! The statistics' running counts (`aduan_domain::volume`): moved in the transaction that
//! writes a report, read summed per value or month, recounted from the reports and their events;
//! and the backlog of open reports by age, counted from the index of held reports.

use crate::store::{db_err, sql_impl};
use crate::{
    BacklogSqlRow, EVENT_COLUMNS, EventRow, REPORT_COLUMNS, ReportRow, Stmt, VolumeRow, other,
};
use aduan_domain::AgencyId;
use aduan_domain::event::Event;
use aduan_domain::report::Report;
use aduan_domain::volume::{Counted, VolumeKey, happened, merged, moved};
use aduan_store::{BacklogRow, History, StoreResult, VolumeCount, VolumeQuery, VolumeStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Transaction};
use std::collections::BTreeMap;

/// Counts per statement: six values each.
const CHUNK: usize = 1_000;
/// Reports per page of a recount.
const PAGE: i64 = 5_000;

static CLEAR: Stmt = Stmt::new("DELETE FROM volume_tally");
static COUNTED: Stmt = Stmt::new("SELECT counted FROM volume_tally_basis WHERE id = 1");
static SET_COUNTED: Stmt = Stmt::new(
    "INSERT INTO volume_tally_basis (id, counted) VALUES (1, ?) \
     ON CONFLICT (id) DO UPDATE SET counted = excluded.counted",
);
static PAGE_AFTER: Stmt = Stmt::built(|| {
    format!(
        "SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id > ? ORDER BY tracking_id LIMIT ?"
    )
});
static COUNTED_EVENTS: Stmt = Stmt::built(|| {
    format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE report_id >= ? AND report_id <= ? \
         AND action IN ('verify_dispatch', 'reroute', 'confirm', 'rate') ORDER BY report_id, seq"
    )
});

/// What a bulk batch of histories adds: each report as it ends, and each of its events.
fn histories_change(
    histories: &[History],
    sealed: &[(Report, Vec<Event>)],
) -> Vec<(VolumeKey, i64)> {
    let mut all = Vec::new();
    for (h, (report, events)) in histories.iter().zip(sealed) {
        all.extend(moved(None, Counted::of(report).as_ref()));
        for (step, event) in h.steps.iter().zip(events) {
            let agency = step.state.agency.as_ref().map(AgencyId::as_str);
            all.extend(happened(event, agency));
        }
    }
    merged(all)
}

sql_impl! {
impl SqlStore {
    /// What a bulk batch of histories (`sealed` as written) adds to the counts, inside the
    /// batch's transaction (both backends' bulk loaders).
    pub async fn add_histories_volumes_in(
        tx: &mut Transaction<'static, D::DB>,
        histories: &[History],
        sealed: &[(Report, Vec<Event>)],
    ) -> StoreResult<()> {
        Self::add_volumes_in(tx, &histories_change(histories, sealed)).await
    }

    /// Adds `change` (in key order) to the counts inside `tx`.
    pub(crate) async fn add_volumes_in(
        tx: &mut Transaction<'static, D::DB>,
        change: &[(VolumeKey, i64)],
    ) -> StoreResult<()> {
        for chunk in change.chunks(CHUNK) {
            let mut q = QueryBuilder::<D::DB>::new(
                "INSERT INTO volume_tally (dim, grain, period, agency, value, n) ",
            );
            q.push_values(chunk, |mut row, (k, n)| {
                row.push_bind(k.dim.to_owned())
                    .push_bind(k.grain.to_owned())
                    .push_bind(k.period.clone())
                    .push_bind(k.agency.clone())
                    .push_bind(k.value.clone())
                    .push_bind(*n);
            });
            q.push(
                " ON CONFLICT (dim, grain, period, agency, value) \
                 DO UPDATE SET n = volume_tally.n + excluded.n",
            );
            q.build().execute(&mut **tx).await.map_err(db_err)?;
        }
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl VolumeStore for SqlStore {
    async fn volume_counts(&self, query: &VolumeQuery) -> StoreResult<Vec<VolumeCount>> {
        let months = query.by_month || query.from.is_some() || query.until.is_some();
        let period = if query.by_month { "period" } else { "''" };
        let mut q = QueryBuilder::<D::DB>::new(format!(
            "SELECT agency, value, {period} AS period, CAST(SUM(n) AS BIGINT) AS n FROM volume_tally WHERE dim = "
        ));
        q.push_bind(query.dim.to_owned());
        q.push(" AND grain = ")
            .push_bind(if months { "month" } else { "all" }.to_owned());
        if let Some(from) = &query.from {
            q.push(" AND period >= ").push_bind(from.clone());
        }
        if let Some(until) = &query.until {
            q.push(" AND period < ").push_bind(until.clone());
        }
        q.push(format!(
            " GROUP BY agency, value{} HAVING SUM(n) <> 0",
            if query.by_month { ", period" } else { "" }
        ));
        let rows: Vec<VolumeRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|r| VolumeCount {
                agency: r.agency,
                value: r.value,
                period: r.period,
                n: r.n,
            })
            .collect())
    }

    async fn backlog(
        &self,
        boundaries: &[DateTime<Utc>; 4],
        agency: Option<&AgencyId>,
    ) -> StoreResult<Vec<BacklogRow>> {
        let mut q = QueryBuilder::<D::DB>::new("SELECT agency");
        let mut newer: Option<DateTime<Utc>> = None;
        for (i, b) in boundaries.iter().enumerate() {
            q.push(", SUM(CASE WHEN submitted_at >= ")
                .push_bind(D::ts(*b));
            if let Some(n) = newer {
                q.push(" AND submitted_at < ").push_bind(D::ts(n));
            }
            q.push(format!(" THEN 1 ELSE 0 END) AS b{i}"));
            newer = Some(*b);
        }
        q.push(", SUM(CASE WHEN submitted_at < ")
            .push_bind(D::ts(boundaries[3]));
        q.push(
            " THEN 1 ELSE 0 END) AS b4 FROM reports WHERE status IN ('dispatched', 'in_progress')",
        );
        if let Some(a) = agency {
            q.push(" AND agency = ").push_bind(a.to_string());
        }
        q.push(" GROUP BY agency");
        let rows: Vec<BacklogSqlRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|r| BacklogRow {
                agency: r.agency.unwrap_or_default(),
                buckets: [r.b0, r.b1, r.b2, r.b3, r.b4].map(Option::unwrap_or_default),
            })
            .collect())
    }

    async fn oldest_open(
        &self,
        agency: Option<&AgencyId>,
        public_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<Report>> {
        let mut q = QueryBuilder::<D::DB>::new(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE status IN ('dispatched', 'in_progress')"
        ));
        if let Some(a) = agency {
            q.push(" AND agency = ").push_bind(a.to_string());
        }
        if public_only {
            q.push(" AND confidential = FALSE");
        }
        q.push(" ORDER BY submitted_at, tracking_id LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<ReportRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ReportRow::into_report).collect()
    }

    async fn rebuild_volumes(&self) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        sqlx::query(CLEAR.sql::<D>())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut all: BTreeMap<VolumeKey, i64> = BTreeMap::new();
        let mut after = String::new();
        let mut counted = 0u64;
        loop {
            let rows: Vec<ReportRow> = sqlx::query_as(PAGE_AFTER.sql::<D>())
                .bind(after.as_str())
                .bind(PAGE)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
            let reports = rows
                .into_iter()
                .map(ReportRow::into_report)
                .collect::<StoreResult<Vec<_>>>()?;
            let (Some(first), Some(last)) = (reports.first(), reports.last()) else {
                break;
            };
            let events: Vec<EventRow> = sqlx::query_as(COUNTED_EVENTS.sql::<D>())
                .bind(first.tracking_id.as_str())
                .bind(last.tracking_id.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
            let events = events
                .into_iter()
                .map(EventRow::into_event)
                .collect::<StoreResult<Vec<_>>>()?;
            for report in &reports {
                let agency = report.state.agency.as_ref().map(AgencyId::as_str);
                let theirs = events.iter().filter(|e| e.report == report.tracking_id);
                let change = moved(None, Counted::of(report).as_ref())
                    .into_iter()
                    .chain(theirs.flat_map(|e| happened(e, agency)));
                for (k, n) in change {
                    *all.entry(k).or_insert(0) += n;
                }
            }
            counted += reports.len() as u64;
            after = last.tracking_id.to_string();
        }
        let change: Vec<(VolumeKey, i64)> = all.into_iter().filter(|(_, n)| *n != 0).collect();
        Self::add_volumes_in(&mut tx, &change).await?;
        sqlx::query(SET_COUNTED.sql::<D>())
            .bind(i64::try_from(counted).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(counted)
    }

    async fn volumes_counted(&self) -> StoreResult<bool> {
        let row: Option<(i64,)> = sqlx::query_as(COUNTED.sql::<D>())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.is_some())
    }
}
}

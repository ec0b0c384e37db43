//! The figures' running counts: moved with every write of a report's clocks, read summed per
//! period, rebuilt from the clocks when the calendar of past days changes.

use crate::store::{db_err, sql_impl};
use crate::{
    ClockRow, OpenPastDueRow, STOPPED_LIMIT_CLOCKS, Stmt, TALLY_CHUNK, TallyCountRow, basis_days,
    basis_text, other,
};
use aduan_domain::sla::tally::{TallyKey, place};
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{OpenPastDue, StoreResult, TallyCount, TallyFilter};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Transaction;
use std::collections::BTreeMap;

static BASIS: Stmt = Stmt::new("SELECT calendar FROM sla_tally_basis WHERE id = 1");
static CLEAR: Stmt = Stmt::new("DELETE FROM sla_tally");
/// Concurrent writers of counts wait for a rebuild (a SQLite write transaction already does).
static LOCK: Stmt = Stmt::new("LOCK TABLE sla_tally IN EXCLUSIVE MODE");
static STOPPED_PAGE: Stmt = Stmt::built(|| {
    format!(
        "SELECT {} FROM clocks WHERE {STOPPED_LIMIT_CLOCKS} \
         AND (report_id, seq) > (?, ?) ORDER BY report_id, seq LIMIT ?",
        crate::CLOCK_COLUMNS
    )
});

/// Clocks read per page, and distinct counts held in memory, by a rebuild.
const REBUILD_PAGE: i64 = 10_000;
const REBUILD_FLUSH: usize = 200_000;

sql_impl! {
impl SqlStore {
    /// Adds `change` (ordered, so writers lock rows in one order) to the counts inside `tx`.
    pub(crate) async fn add_tally_in(
        tx: &mut Transaction<'static, D::DB>,
        change: &[(TallyKey, i64)],
    ) -> StoreResult<()> {
        for chunk in change.chunks(TALLY_CHUNK) {
            crate::upsert_tally_query::<D::DB>(chunk)
                .build()
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }

    /// What a bulk batch of new reports adds to the counts, counted on `cal`, inside the
    /// batch's transaction; the counts then stand on `cal` (both backends' bulk loaders).
    pub async fn add_histories_tally_in(
        tx: &mut Transaction<'static, D::DB>,
        histories: &[aduan_store::History],
        cal: &WorkCalendar,
    ) -> StoreResult<()> {
        Self::add_tally_in(tx, &crate::tally_change(histories, cal)).await?;
        Self::set_basis_in(tx, cal).await
    }

    pub(crate) async fn tally_counts_of(
        &self,
        filter: &TallyFilter,
    ) -> StoreResult<Vec<TallyCount>> {
        let Some(mut q) = crate::tally_counts_query::<D::DB>(filter) else {
            return Ok(Vec::new());
        };
        let rows: Vec<TallyCountRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(crate::tally_count).collect()
    }

    pub(crate) async fn open_past_due_of(
        &self,
        filter: &TallyFilter,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<OpenPastDue>> {
        let mut out = Vec::new();
        for past in [true, false] {
            let hint = crate::indexed_by::<D>(crate::open_past_due_index(past));
            let mut q = crate::open_past_due_query::<D::DB, D::Ts>(&hint, filter, now, past, D::ts);
            let rows: Vec<OpenPastDueRow> = q
                .build_query_as()
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
            for row in rows {
                out.push(crate::open_past_due(row)?);
            }
        }
        Ok(out)
    }

    pub(crate) async fn tally_basis_of(&self) -> StoreResult<Option<Vec<NaiveDate>>> {
        let row: Option<(Option<String>,)> = sqlx::query_as(BASIS.sql::<D>())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        match row {
            Some((Some(text),)) => Ok(Some(basis_days(&text)?)),
            _ => Ok(None),
        }
    }

    async fn set_basis_in(
        tx: &mut Transaction<'static, D::DB>,
        cal: &WorkCalendar,
    ) -> StoreResult<()> {
        sqlx::query(crate::tally_rows::SET_TALLY_BASIS.sql::<D>())
            .bind(basis_text(cal.days()))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    pub(crate) async fn set_tally_basis_to(&self, cal: &WorkCalendar) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        Self::set_basis_in(&mut tx, cal).await?;
        tx.commit().await.map_err(other)
    }

    pub(crate) async fn rebuild_tally_on(&self, cal: &WorkCalendar) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        if D::LOCKS_ROWS {
            sqlx::query(LOCK.sql::<D>())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        sqlx::query(CLEAR.sql::<D>())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut counted = 0u64;
        let mut after = (String::new(), -1i64);
        let mut held: BTreeMap<TallyKey, i64> = BTreeMap::new();
        loop {
            let rows: Vec<ClockRow> = sqlx::query_as(STOPPED_PAGE.sql::<D>())
                .bind(&after.0)
                .bind(after.1)
                .bind(REBUILD_PAGE)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
            let Some(last) = rows.last() else { break };
            after = (last.report_id.clone(), last.seq);
            for row in rows {
                let (_, clock) = row.into_positioned()?;
                counted += 1;
                if let Some(p) = place(&clock, cal) {
                    for k in p.keys() {
                        *held.entry(k).or_default() += 1;
                    }
                }
            }
            if held.len() >= REBUILD_FLUSH {
                let change: Vec<_> = std::mem::take(&mut held).into_iter().collect();
                Self::add_tally_in(&mut tx, &change).await?;
            }
        }
        let change: Vec<_> = held.into_iter().collect();
        Self::add_tally_in(&mut tx, &change).await?;
        Self::set_basis_in(&mut tx, cal).await?;
        tx.commit().await.map_err(other)?;
        Ok(counted)
    }
}
}

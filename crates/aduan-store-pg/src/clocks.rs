//! Clocks on PostgreSQL.

use crate::{PgStore, db_err, reports};
use aduan_domain::TrackingId;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::ReportState;
use aduan_domain::sla::Clock;
use aduan_store::{ClockStore, EventActor, StoreResult};
use aduan_store_sql::{CLOCK_COLUMNS, ClockRow, corrupt};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use std::sync::LazyLock;

static INSERT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO clocks ({CLOCK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    )
});
static SELECT: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE report_id = $1 ORDER BY seq")
});

/// Replaces a report's clocks inside `tx`.
pub(crate) async fn replace_tx(
    tx: &mut Transaction<'static, Postgres>,
    id: &TrackingId,
    clocks: &[Clock],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM clocks WHERE report_id = $1")
        .bind(id.as_str())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    for (seq, c) in clocks.iter().enumerate() {
        sqlx::query(INSERT.as_str())
            .bind(id.as_str())
            .bind(seq as i64)
            .bind(c.phase.as_str())
            .bind(&c.responsible)
            .bind(c.unit.as_ref().map(|u| u.as_str()))
            .bind(c.zone.code())
            .bind(c.started_at)
            .bind(i64::from(c.limit_days))
            .bind(c.resumed_at)
            .bind(i64::from(c.days_remaining))
            .bind(c.due_at)
            .bind(c.paused_at)
            .bind(c.stopped_at)
            .bind(c.stopped_by.map(|a| a.as_str()))
            .bind(c.completion.map(|k| k.as_str()))
            .bind(c.missed_due)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

#[async_trait]
impl ClockStore for PgStore {
    async fn apply_transition_with_clocks(
        &self,
        id: &TrackingId,
        expected_version: i64,
        state: &ReportState,
        event: EventDraft,
        actor: &EventActor,
        at: DateTime<Utc>,
        clocks: &[Clock],
        outbox: &[aduan_store::NewOutboxMessage],
    ) -> StoreResult<Event> {
        reports::apply_transition(
            self,
            id,
            expected_version,
            state,
            event,
            actor,
            at,
            Some((clocks, outbox)),
        )
        .await
    }

    async fn list_clocks(&self, report: &TrackingId) -> StoreResult<Vec<Clock>> {
        let rows: Vec<ClockRow> = sqlx::query_as(SELECT.as_str())
            .bind(report.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ClockRow::into_clock).collect()
    }

    async fn list_limit_clocks(
        &self,
        filter: &aduan_store::ClockFilter,
        after: Option<&aduan_store::ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(aduan_store::ClockCursor, Clock)>> {
        let mut q = aduan_store_sql::limit_clocks_query::<Postgres, DateTime<Utc>>(
            filter,
            after,
            limit,
            |t| t,
        );
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
        let mut q = aduan_store_sql::due_clocks_query::<Postgres, DateTime<Utc>>(
            before,
            after,
            limit,
            |t| t,
        );
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
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT report_id FROM clocks WHERE stopped_at IS NULL AND due_at IS NOT NULL \
             AND report_id > $1 ORDER BY report_id LIMIT $2",
        )
        .bind(after.map(|a| a.as_str()).unwrap_or(""))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(t,)| TrackingId::parse(&t).map_err(corrupt))
            .collect()
    }
}

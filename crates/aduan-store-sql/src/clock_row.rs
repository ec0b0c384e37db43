//! The `clocks` row.

use crate::rows::{corrupt, parse};
use aduan_domain::UnitId;
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::status::CompletionKind;
use aduan_domain::workdays::Zone;
use aduan_store::StoreError;
use aduan_store::{ClockCursor, ClockFilter};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};

/// The binds of one clock row in [`insert_clocks_query`].
pub const CLOCK_BINDS: usize = 16;

/// Every clock of `histories` as a row of [`insert_clocks_query`]: its report, its number in
/// the report, the clock.
pub fn clock_rows(
    histories: &[aduan_store::History],
) -> Vec<(aduan_domain::TrackingId, i64, &aduan_domain::sla::Clock)> {
    histories
        .iter()
        .flat_map(|h| {
            h.clocks
                .iter()
                .enumerate()
                .map(move |(seq, c)| (h.report.tracking_id, seq as i64, c))
        })
        .collect()
}

/// A multi-row `INSERT` of clocks (report, seq, clock) for fresh reports (bulk writes).
pub fn insert_clocks_query<DB, T>(
    rows: &[(aduan_domain::TrackingId, i64, &Clock)],
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    Option<T>: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    Option<String>: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(format!("INSERT INTO clocks ({CLOCK_COLUMNS}) "));
    q.push_values(rows, |mut b, (id, seq, c)| {
        b.push_bind(id.to_string())
            .push_bind(*seq)
            .push_bind(c.phase.as_str().to_owned())
            .push_bind(c.responsible.clone())
            .push_bind(c.unit.as_ref().map(|u| u.to_string()))
            .push_bind(c.zone.code().to_owned())
            .push_bind(ts(c.started_at))
            .push_bind(i64::from(c.limit_days))
            .push_bind(ts(c.resumed_at))
            .push_bind(i64::from(c.days_remaining))
            .push_bind(c.due_at.map(&ts))
            .push_bind(c.paused_at.map(&ts))
            .push_bind(c.stopped_at.map(&ts))
            .push_bind(c.stopped_by.map(|a| a.as_str().to_owned()))
            .push_bind(c.completion.map(|k| k.as_str().to_owned()))
            .push_bind(c.missed_due.map(&ts));
    });
    q
}

/// `SELECT` of open limit clocks and auto-close timers due before a moment (windows only
/// expire: nothing acts on them), page after `after`.
pub fn due_clocks_query<DB, T>(
    before: DateTime<Utc>,
    after: Option<&ClockCursor>,
    limit: u32,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(format!(
        "SELECT {CLOCK_COLUMNS} FROM clocks WHERE stopped_at IS NULL AND due_at IS NOT NULL \
         AND phase IN ('verification', 'first_follow_up', 'completion', 'auto_close') AND due_at < "
    ));
    q.push_bind(ts(before));
    if let Some((report, seq)) = after {
        q.push(" AND (report_id > ").push_bind(report.to_string());
        q.push(" OR (report_id = ").push_bind(report.to_string());
        q.push(" AND seq > ").push_bind(*seq).push("))");
    }
    q.push(" ORDER BY report_id, seq LIMIT ")
        .push_bind(i64::from(limit));
    q
}

/// `SELECT` of limit clocks for the figures, page after `after`; `ts` converts times to the
/// backend's stored form.
pub fn limit_clocks_query<DB, T>(
    filter: &ClockFilter,
    after: Option<&ClockCursor>,
    limit: u32,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(format!(
        "SELECT {CLOCK_COLUMNS} FROM clocks WHERE phase IN ('verification', 'first_follow_up', 'completion')"
    ));
    if let Some(r) = &filter.responsible {
        q.push(" AND responsible = ").push_bind(r.clone());
    }
    if let Some(u) = &filter.unit {
        q.push(" AND unit = ").push_bind(u.to_string());
    }
    if let Some(from) = filter.from {
        q.push(" AND started_at >= ").push_bind(ts(from));
    }
    if let Some(until) = filter.until {
        q.push(" AND started_at < ").push_bind(ts(until));
    }
    if let Some((report, seq)) = after {
        q.push(" AND (report_id > ").push_bind(report.to_string());
        q.push(" OR (report_id = ").push_bind(report.to_string());
        q.push(" AND seq > ").push_bind(*seq).push("))");
    }
    q.push(" ORDER BY report_id, seq LIMIT ")
        .push_bind(i64::from(limit));
    q
}

/// The columns of `clocks`, in the order [`ClockRow`] reads them.
pub const CLOCK_COLUMNS: &str = "report_id, seq, phase, responsible, unit, zone, started_at, limit_days, \
    resumed_at, days_remaining, due_at, paused_at, stopped_at, stopped_by, completion, missed_due";

/// A row of `clocks`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct ClockRow {
    pub report_id: String,
    pub seq: i64,
    pub phase: String,
    pub responsible: String,
    pub unit: Option<String>,
    pub zone: String,
    pub started_at: DateTime<Utc>,
    pub limit_days: i64,
    pub resumed_at: DateTime<Utc>,
    pub days_remaining: i64,
    pub due_at: Option<DateTime<Utc>>,
    pub paused_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub stopped_by: Option<String>,
    pub completion: Option<String>,
    pub missed_due: Option<DateTime<Utc>>,
}

impl ClockRow {
    /// The row's position and clock.
    pub fn into_positioned(self) -> Result<(ClockCursor, Clock), StoreError> {
        let pos = (
            aduan_domain::TrackingId::parse(&self.report_id).map_err(corrupt)?,
            self.seq,
        );
        Ok((pos, self.into_clock()?))
    }

    /// The domain clock.
    pub fn into_clock(self) -> Result<Clock, StoreError> {
        Ok(Clock {
            phase: parse(&self.phase, Phase::parse, "phase")?,
            responsible: self.responsible,
            unit: self.unit.map(UnitId::new),
            zone: self.zone.parse::<Zone>().map_err(corrupt)?,
            started_at: self.started_at,
            limit_days: u32::try_from(self.limit_days).map_err(corrupt)?,
            resumed_at: self.resumed_at,
            days_remaining: u32::try_from(self.days_remaining).map_err(corrupt)?,
            due_at: self.due_at,
            paused_at: self.paused_at,
            stopped_at: self.stopped_at,
            stopped_by: match self.stopped_by {
                Some(a) => Some(parse(&a, ActionKind::parse, "stopped_by")?),
                None => None,
            },
            completion: match self.completion {
                Some(k) => Some(parse(&k, CompletionKind::parse, "completion")?),
                None => None,
            },
            missed_due: self.missed_due,
        })
    }
}

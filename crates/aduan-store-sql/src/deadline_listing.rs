//! A work queue in deadline order, read fast however large it is.
//!
//! A short list (fewer than `aduan_store::LARGE_QUEUE` reports match) is read in one query that computes
//! each report's earliest running deadline and sorts. A large one is read in two parts:
//! first the reports with a running time limit, walking the open limit clocks in deadline
//! order (the partial index `clocks_running_limit_due_idx`) and keeping the earliest clock of
//! each report, until the page is full; then, if the page still has room, the reports without
//! one, by tracking id. The order and the cursor are those of
//! [`ReportFilter::by_deadline`]; only the plan differs.

use crate::listing::{list_reports_query, push_conditions, running_limit};
use crate::{REPORT_COLUMNS, ReportRow};
use aduan_domain::TrackingId;
use aduan_domain::report::Report;
use aduan_store::{Cursor, LARGE_QUEUE, ListScope, ReportFilter, StoreResult, no_deadline};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::future::Future;

/// The index the large queue's walk reads ([`crate::indexed_by`] names it where the dialect
/// needs it told): SQLite's planner would otherwise take the scheduler's wider index of every
/// open clock (`clocks_open_due_idx`), which holds the reporters' windows too.
pub const QUEUE_WALK_INDEX: &str = "clocks_running_limit_due_idx";
/// The index of public reports newest first (migration 0020) the public feed reads.
pub const PUBLIC_FEED_INDEX: &str = "reports_public_feed_idx";

/// `SELECT COUNT(*)` of the matching reports, counting no further than [`LARGE_QUEUE`]
/// (before [`ReportFilter::overdue_at`], which the deadline queries apply).
pub fn queue_size_query<DB, T>(
    scope: &ListScope,
    filter: &ReportFilter,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new("SELECT COUNT(*) FROM (SELECT 1 FROM reports WHERE ");
    push_conditions(&mut q, scope, filter, &ts);
    q.push(" LIMIT ").push_bind(LARGE_QUEUE).push(") AS probe");
    q
}

/// The reports with a running time limit, by their earliest deadline, after `cursor`;
/// `walk_hint` follows the clocks table's name (see [`QUEUE_WALK_INDEX`]).
pub fn with_deadline_query<DB, T>(
    walk_hint: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    cursor: Option<&Cursor>,
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
    // `d` holds each report's earliest running limit (no earlier one, ties by clock seq);
    // its two columns are named apart from the report's, which stay unqualified.
    let mut q = QueryBuilder::new(format!(
        "SELECT {REPORT_COLUMNS}, d.next_due FROM (SELECT c.report_id, c.due_at AS next_due \
         FROM clocks c {walk_hint} WHERE {} AND NOT EXISTS (SELECT 1 FROM clocks e \
         WHERE e.report_id = c.report_id AND {} \
         AND (e.due_at < c.due_at OR (e.due_at = c.due_at AND e.seq < c.seq)))) d \
         CROSS JOIN reports WHERE reports.tracking_id = d.report_id AND ",
        running_limit("c"),
        running_limit("e"),
    ));
    push_conditions(&mut q, scope, filter, &ts);
    if let Some(at) = filter.overdue_at {
        q.push(" AND d.next_due < ").push_bind(ts(at));
    }
    if let Some((due, id)) = cursor {
        q.push(" AND (d.next_due > ").push_bind(ts(*due));
        q.push(" OR (d.next_due = ").push_bind(ts(*due));
        q.push(" AND d.report_id > ")
            .push_bind(id.to_string())
            .push("))");
    }
    q.push(" ORDER BY d.next_due, d.report_id LIMIT ");
    q.push_bind(i64::from(limit));
    q
}

/// The reports without a running time limit, by tracking id, after `after`.
pub fn without_deadline_query<DB, T>(
    scope: &ListScope,
    filter: &ReportFilter,
    after: Option<&TrackingId>,
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
    let mut q = QueryBuilder::new(format!("SELECT {REPORT_COLUMNS} FROM reports WHERE "));
    push_conditions(&mut q, scope, filter, &ts);
    if filter.overdue_at.is_some() {
        // A report without a running time limit is never breached.
        q.push(" AND 1 = 0");
    }
    q.push(format!(
        " AND NOT EXISTS (SELECT 1 FROM clocks c WHERE c.report_id = reports.tracking_id AND {})",
        running_limit("c")
    ));
    if let Some(id) = after {
        q.push(" AND tracking_id > ").push_bind(id.to_string());
    }
    q.push(" ORDER BY tracking_id LIMIT ");
    q.push_bind(i64::from(limit));
    q
}

/// Lists reports as `AccessStore::list_reports` does, choosing the plan: `rows` runs a
/// query of report rows, `count` a `COUNT(*)`; `walk_hint` as for [`with_deadline_query`],
/// `feed_hint` as for [`list_reports_query`].
#[allow(clippy::too_many_arguments)] // the listing's four, the backend's four
pub async fn list_reports_planned<DB, T, Ts, R, RF, C, CF>(
    walk_hint: &str,
    feed_hint: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    cursor: Option<&Cursor>,
    limit: u32,
    ts: Ts,
    mut rows: R,
    count: C,
) -> StoreResult<Vec<Report>>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
    Ts: Fn(DateTime<Utc>) -> T + Copy,
    R: FnMut(QueryBuilder<DB>) -> RF,
    RF: Future<Output = StoreResult<Vec<ReportRow>>>,
    C: FnOnce(QueryBuilder<DB>) -> CF,
    CF: Future<Output = StoreResult<i64>>,
{
    let large =
        filter.by_deadline && count(queue_size_query(scope, filter, ts)).await? >= LARGE_QUEUE;
    if !large {
        let found = rows(list_reports_query(
            feed_hint, scope, filter, cursor, limit, ts,
        ))
        .await?;
        return found.into_iter().map(ReportRow::into_report).collect();
    }
    let past_deadlines = cursor.is_some_and(|(due, _)| *due >= no_deadline());
    let mut found = if past_deadlines {
        Vec::new()
    } else {
        rows(with_deadline_query(
            walk_hint, scope, filter, cursor, limit, ts,
        ))
        .await?
    };
    let room = limit.saturating_sub(u32::try_from(found.len()).unwrap_or(limit));
    if room > 0 && filter.overdue_at.is_none() {
        let after = cursor.filter(|_| past_deadlines).map(|(_, id)| id);
        found.extend(rows(without_deadline_query(scope, filter, after, room, ts)).await?);
    }
    found.into_iter().map(ReportRow::into_report).collect()
}

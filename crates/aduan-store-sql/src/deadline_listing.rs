//! A work queue in deadline order, read fast however large it is.
//!
//! Each report keeps its next deadline on its row (`reports.next_due`, migration 0021): the
//! earliest due time of its running time limits, or [`no_deadline`] when none runs, written
//! with the clocks in the same transaction. A queue is read in one branch per status its scope
//! and filter allow (and per escalation level asked for): each branch is a run of one index
//! that starts with the branch's equalities and goes on in `(next_due, tracking_id)` order, so
//! it stops after a page however many reports the tab holds. With more than one branch, their
//! pages are merged by `UNION ALL` and sorted again (a few pages of rows). The order and the
//! cursor are those of [`ReportFilter::by_deadline`].
//!
//! [`no_deadline`]: aduan_store::no_deadline

use crate::REPORT_COLUMNS;
use crate::ReportRow;
use crate::listing::{asks_for, held, list_reports_query, push_conditions, scope_statuses};
use aduan_domain::Status;
use aduan_domain::report::Report;
use aduan_store::{Cursor, ListScope, ReportFilter, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::future::Future;

/// The index of public reports newest first (migration 0020) the public feed reads.
pub const PUBLIC_FEED_INDEX: &str = "reports_public_feed_idx";

/// The index a branch of a deadline-ordered list reads (migration 0021), one that leads with
/// the branch's equalities and goes on in deadline order; `None` for a reporter's own list,
/// which no index orders (it is short). The dialects that need it told are told (SQLite,
/// without statistics, took the status index for an agency's breached reports).
pub fn deadline_index(scope: &ListScope, branch: &ReportFilter) -> Option<&'static str> {
    match scope {
        ListScope::Reporter(_) => None,
        ListScope::Agency(_) if !branch.status.is_some_and(held) => {
            Some("reports_deadline_requested_idx")
        }
        ListScope::Agency(_) | ListScope::Units(..) => Some("reports_deadline_agency_idx"),
        ListScope::All | ListScope::Public | ListScope::Dispatched
            if !branch.escalations.is_empty() =>
        {
            Some("reports_deadline_escalation_idx")
        }
        ListScope::All | ListScope::Public | ListScope::Dispatched => {
            Some("reports_deadline_status_idx")
        }
    }
}

/// The branches of a deadline-ordered list: `filter` narrowed to one status (and one
/// escalation level when it asks for some) per branch. A reporter's own list without a status
/// filter is one branch: it is short, and no index orders it.
pub fn deadline_branches(scope: &ListScope, filter: &ReportFilter) -> Vec<ReportFilter> {
    let asked = |s: &Status| asks_for(filter, *s);
    let unfiltered = filter.status.is_none() && filter.statuses.is_empty();
    let statuses: Vec<Option<Status>> = match scope_statuses(scope) {
        None if unfiltered && matches!(scope, ListScope::Reporter(_)) => vec![None],
        None => Status::ALL
            .iter()
            .filter(|s| asked(s))
            .copied()
            .map(Some)
            .collect(),
        Some(allowed) => allowed.into_iter().filter(asked).map(Some).collect(),
    };
    if statuses.is_empty() {
        // Nothing the scope may list is asked for: one branch, which lists nothing.
        return vec![filter.clone()];
    }
    let escalations: Vec<Option<_>> = if filter.escalations.is_empty() {
        vec![None]
    } else {
        filter.escalations.iter().copied().map(Some).collect()
    };
    let mut out = Vec::with_capacity(statuses.len() * escalations.len());
    for status in &statuses {
        for escalation in &escalations {
            out.push(ReportFilter {
                status: *status,
                statuses: Vec::new(),
                escalations: escalation.iter().copied().collect(),
                ..filter.clone()
            });
        }
    }
    out
}

/// The reports of `scope` and `filter` in deadline order after `cursor`, at most `limit`;
/// `hint` gives the text that follows the table's name to use an index ([`crate::indexed_by`]).
pub fn deadline_query<DB, T>(
    hint: impl Fn(&str) -> String,
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
    let branches = deadline_branches(scope, filter);
    let merged = branches.len() > 1;
    let mut q = QueryBuilder::new("");
    for (i, branch) in branches.iter().enumerate() {
        if merged {
            q.push(if i == 0 { "" } else { " UNION ALL " });
            q.push("SELECT * FROM (");
        }
        let index = deadline_index(scope, branch).map(&hint).unwrap_or_default();
        q.push(format!(
            "SELECT {REPORT_COLUMNS}, next_due FROM reports {index} WHERE "
        ));
        push_conditions(&mut q, scope, branch, &ts);
        if let Some((due, id)) = cursor {
            q.push(" AND (next_due, tracking_id) > (")
                .push_bind(ts(*due));
            q.push(", ").push_bind(id.to_string()).push(")");
        }
        q.push(" ORDER BY next_due, tracking_id LIMIT ");
        q.push_bind(i64::from(limit));
        if merged {
            q.push(format!(") AS branch{i}"));
        }
    }
    if merged {
        q.push(" ORDER BY next_due, tracking_id LIMIT ");
        q.push_bind(i64::from(limit));
    }
    q
}

/// Lists reports as `AccessStore::list_reports` does: newest first, or in deadline order
/// ([`deadline_query`]); `rows` runs a query of report rows, `hint` as for [`deadline_query`].
pub async fn list_reports_planned<DB, T, Ts, R, RF>(
    hint: impl Fn(&str) -> String,
    scope: &ListScope,
    filter: &ReportFilter,
    cursor: Option<&Cursor>,
    limit: u32,
    ts: Ts,
    rows: R,
) -> StoreResult<Vec<Report>>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
    Ts: Fn(DateTime<Utc>) -> T + Copy,
    R: FnOnce(QueryBuilder<DB>) -> RF,
    RF: Future<Output = StoreResult<Vec<ReportRow>>>,
{
    let q = if filter.by_deadline {
        deadline_query(hint, scope, filter, cursor, limit, ts)
    } else {
        list_reports_query(&hint(PUBLIC_FEED_INDEX), scope, filter, cursor, limit, ts)
    };
    rows(q)
        .await?
        .into_iter()
        .map(ReportRow::into_report)
        .collect()
}

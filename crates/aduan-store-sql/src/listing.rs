//! The report listing query, built once for both backends: the visibility scope, the filters
//! and keyset pagination, newest first.

use crate::REPORT_COLUMNS;
use aduan_store::{Cursor, ListScope, ReportFilter};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};

const HELD: &str = "status IN ('dispatched', 'in_progress', 'completed')";
const BEFORE: &str = "status IN ('submitted', 'postponed', 'archived')";

/// Builds `SELECT ... FROM reports WHERE ... ORDER BY ... LIMIT`; `ts` converts times to the
/// backend's stored form.
pub fn list_reports_query<DB, T>(
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
    let mut q = QueryBuilder::new(format!("SELECT {REPORT_COLUMNS} FROM reports WHERE "));
    match scope {
        ListScope::Public => {
            q.push(HELD).push(" AND confidential = FALSE");
        }
        ListScope::All => {
            q.push("1 = 1");
        }
        ListScope::Agency(a) => {
            q.push("((agency = ")
                .push_bind(a.to_string())
                .push(" AND ")
                .push(HELD);
            q.push(") OR (requested_agency = ").push_bind(a.to_string());
            q.push(" AND ").push(BEFORE).push("))");
        }
        ListScope::Units(a, units) => {
            q.push("agency = ")
                .push_bind(a.to_string())
                .push(" AND ")
                .push(HELD);
            q.push(" AND unit IN (");
            let mut sep = q.separated(", ");
            sep.push("''");
            for u in units {
                sep.push_bind(u.to_string());
            }
            q.push(")");
        }
        ListScope::Dispatched => {
            q.push(HELD);
        }
        ListScope::Reporter(r) => {
            q.push("reporter_id = ").push_bind(r.to_string());
        }
    }
    let eq = |q: &mut QueryBuilder<DB>, col: &str, v: String| {
        q.push(format!(" AND {col} = ")).push_bind(v);
    };
    if let Some(s) = filter.status {
        eq(&mut q, "status", s.as_str().into());
    }
    if let Some(a) = &filter.agency {
        eq(&mut q, "agency", a.to_string());
    }
    if let Some(a) = &filter.requested_agency {
        eq(&mut q, "requested_agency", a.to_string());
    }
    if let Some(k) = filter.kind {
        eq(&mut q, "kind", k.as_str().into());
    }
    if let Some(c) = &filter.channel {
        eq(&mut q, "channel", c.clone());
    }
    // A parent matches its children: `kesehatan` matches `kesehatan/bpjs`, `35` matches `35.78`.
    for (col, value, sep) in [
        (
            "category",
            filter.category.as_ref().map(|c| c.to_string()),
            "/",
        ),
        ("region_code", filter.region.clone(), "."),
    ] {
        if let Some(v) = value {
            q.push(format!(" AND ({col} = ")).push_bind(v.clone());
            q.push(format!(" OR substr({col}, 1, {}) = ", v.len() + 1));
            q.push_bind(format!("{v}{sep}")).push(")");
        }
    }
    if let Some(from) = filter.from {
        q.push(" AND submitted_at >= ").push_bind(ts(from));
    }
    if let Some(until) = filter.until {
        q.push(" AND submitted_at < ").push_bind(ts(until));
    }
    if filter.by_deadline {
        q.push(
            " ORDER BY (SELECT MIN(c.due_at) FROM clocks c WHERE c.report_id = reports.tracking_id \
             AND c.stopped_at IS NULL AND c.due_at IS NOT NULL \
             AND c.phase IN ('verification', 'first_follow_up', 'completion')) ASC NULLS LAST, \
             tracking_id LIMIT ",
        );
        q.push_bind(i64::from(limit));
        return q;
    }
    if let Some((at, id)) = cursor {
        q.push(" AND (submitted_at < ").push_bind(ts(*at));
        q.push(" OR (submitted_at = ").push_bind(ts(*at));
        q.push(" AND tracking_id < ")
            .push_bind(id.to_string())
            .push("))");
    }
    q.push(" ORDER BY submitted_at DESC, tracking_id DESC LIMIT ");
    q.push_bind(i64::from(limit));
    q
}

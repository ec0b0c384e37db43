//! The report listing query, built once for both backends: the visibility scope, the filters
//! and keyset pagination, newest first (see [`crate::deadline_listing`] for a work queue's
//! deadline order).

use crate::REPORT_COLUMNS;
use aduan_domain::Status;
use aduan_store::{Cursor, ListScope, QUEUE_PHASES, ReportFilter};
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};

/// What staff of an agency, a unit or an oversight body (and the public) may list: after
/// dispatch.
const HELD: [Status; 3] = [Status::Dispatched, Status::InProgress, Status::Completed];
/// What a requested agency may list before verification.
const BEFORE: [Status; 3] = [Status::Submitted, Status::Postponed, Status::Archived];

/// Whether `filter`'s status conditions let `status` through.
pub(crate) fn asks_for(filter: &ReportFilter, status: Status) -> bool {
    filter.status.is_none_or(|f| f == status)
        && (filter.statuses.is_empty() || filter.statuses.contains(&status))
}

/// Whether `status` is one an agency holds (after dispatch), as opposed to one an agency was
/// only asked to verify.
pub(crate) fn held(status: Status) -> bool {
    HELD.contains(&status)
}

/// The statuses `scope` may list at all (`None`: any).
pub(crate) fn scope_statuses(scope: &ListScope) -> Option<Vec<Status>> {
    match scope {
        ListScope::Public | ListScope::Units(..) | ListScope::Dispatched => Some(HELD.to_vec()),
        ListScope::Agency(_) => Some([HELD, BEFORE].concat()),
        ListScope::All | ListScope::Reporter(_) => None,
    }
}

/// `status IN (...)` over the statuses of a scope's branch that the filter also allows, so
/// that a branch the filter rules out is left out and the indexes on `(agency, status)` and
/// `(requested_agency, status)` serve the rest; `None` when the filter allows none of them.
fn statuses_in(scope: &[Status], filter: &ReportFilter) -> Option<String> {
    let allowed: Vec<String> = scope
        .iter()
        .filter(|s| asks_for(filter, **s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    (!allowed.is_empty()).then(|| format!("status IN ({})", allowed.join(", ")))
}

/// `c.stopped_at IS NULL AND c.due_at IS NOT NULL AND c.phase IN (...)`: a running time limit.
/// Written exactly as the partial indexes of migration 0009 state it, so both databases
/// use them.
pub fn running_limit(alias: &str) -> String {
    let phases = QUEUE_PHASES
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{alias}.stopped_at IS NULL AND {alias}.due_at IS NOT NULL AND {alias}.phase IN ({phases})"
    )
}

/// Pushes the scope and the filters (after `WHERE`), on the unqualified columns of `reports`.
pub fn push_conditions<DB, T>(
    q: &mut QueryBuilder<DB>,
    scope: &ListScope,
    filter: &ReportFilter,
    ts: &impl Fn(DateTime<Utc>) -> T,
) where
    DB: Database,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    let nothing = "1 = 0".to_owned();
    match scope {
        ListScope::Public => {
            q.push(statuses_in(&HELD, filter).unwrap_or(nothing));
            q.push(" AND confidential = FALSE");
        }
        ListScope::All => {
            q.push("1 = 1");
        }
        ListScope::Agency(a) => {
            let branches: Vec<(&str, String)> = [
                ("agency", statuses_in(&HELD, filter)),
                ("requested_agency", statuses_in(&BEFORE, filter)),
            ]
            .into_iter()
            .filter_map(|(col, statuses)| Some((col, statuses?)))
            .collect();
            if branches.is_empty() {
                q.push(nothing);
            } else {
                q.push("(");
                for (i, (col, statuses)) in branches.into_iter().enumerate() {
                    if i > 0 {
                        q.push(" OR ");
                    }
                    q.push(format!("({col} = "))
                        .push_bind(a.to_string())
                        .push(format!(" AND {statuses})"));
                }
                q.push(")");
            }
        }
        ListScope::Units(a, units) => {
            q.push("agency = ").push_bind(a.to_string()).push(" AND ");
            q.push(statuses_in(&HELD, filter).unwrap_or(nothing));
            q.push(" AND unit IN (");
            let mut sep = q.separated(", ");
            sep.push("''");
            for u in units {
                sep.push_bind(u.to_string());
            }
            q.push(")");
        }
        ListScope::Dispatched => {
            q.push(statuses_in(&HELD, filter).unwrap_or(nothing));
        }
        ListScope::Reporter(r) => {
            q.push("reporter_id = ").push_bind(r.to_string());
        }
    }
    let eq = |q: &mut QueryBuilder<DB>, col: &str, v: String| {
        q.push(format!(" AND {col} = ")).push_bind(v);
    };
    let any = |q: &mut QueryBuilder<DB>, col: &str, vs: Vec<String>| {
        if !vs.is_empty() {
            q.push(format!(" AND {col} IN ("));
            let mut sep = q.separated(", ");
            for v in vs {
                sep.push_bind(v);
            }
            q.push(")");
        }
    };
    // The other scopes have already narrowed their statuses by the filter's; saying it twice
    // would halve the planners' row estimates.
    if matches!(scope, ListScope::All | ListScope::Reporter(_)) {
        if let Some(s) = filter.status {
            eq(q, "status", s.as_str().into());
        }
        any(
            q,
            "status",
            filter.statuses.iter().map(|s| s.as_str().into()).collect(),
        );
    }
    any(
        q,
        "escalation_level",
        filter
            .escalations
            .iter()
            .map(|e| e.as_str().into())
            .collect(),
    );
    // Breached: a running limit is past its due time, so the earliest one is (migration 0021).
    if let Some(at) = filter.overdue_at {
        q.push(" AND next_due < ").push_bind(ts(at));
    }
    if let Some(a) = &filter.agency {
        eq(q, "agency", a.to_string());
    }
    if let Some(a) = &filter.requested_agency {
        eq(q, "requested_agency", a.to_string());
    }
    if let Some(k) = filter.kind {
        eq(q, "kind", k.as_str().into());
    }
    if let Some(c) = &filter.channel {
        eq(q, "channel", c.clone());
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
}

/// Builds `SELECT ... FROM reports WHERE ... ORDER BY ... LIMIT`, newest first; `ts`
/// converts times to the backend's stored form. `feed_hint` follows the table's name in the
/// public feed without a status filter (see [`crate::PUBLIC_FEED_INDEX`]).
pub fn list_reports_query<DB, T>(
    feed_hint: &str,
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
    let mut q = QueryBuilder::new("");
    let list = Listed {
        feed_hint,
        scope,
        filter,
        after: cursor,
        upto: None,
    };
    list.push(&mut q, REPORT_COLUMNS, &ts);
    q.push(" LIMIT ").push_bind(i64::from(limit));
    q
}

/// Where an export's page that starts after `after` ends: the key (`submitted_at`,
/// `tracking_id`) of the `nth` report [`list_reports_query`] lists after it, if there is one.
/// It reads the keys only.
pub fn page_end_query<DB, T>(
    feed_hint: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    after: Option<&Cursor>,
    nth: u32,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new("");
    let list = Listed {
        feed_hint,
        scope,
        filter,
        after,
        upto: None,
    };
    list.push(&mut q, "submitted_at, tracking_id", &ts);
    q.push(" LIMIT 1 OFFSET ")
        .push_bind(i64::from(nth.max(1) - 1));
    q
}

/// The reports [`list_reports_query`] lists after `after` and up to `upto` (to the last when
/// `None`), each with its count of follow-ups outside the internal notes (`follow_ups`) and
/// its reporter's identity unless erased (`reporter_*`): an export's page in one statement
/// ([`crate::ExportRow`]). Bounded by keys rather than a count, a page keeps every report of
/// its stretch however many were written into it since its end was read.
pub fn export_query<DB, T>(
    feed_hint: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    after: Option<&Cursor>,
    upto: Option<&Cursor>,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(
        "SELECT r.*, (SELECT CAST(COUNT(*) AS BIGINT) FROM events e \
         WHERE e.report_id = r.tracking_id AND e.action = 'follow_up' AND NOT e.internal) \
         AS follow_ups, p.id AS reporter_found, p.key_id AS reporter_key, \
         p.sealed AS reporter_sealed, p.name AS reporter_name, p.email AS reporter_email, \
         p.phone AS reporter_phone, p.nik AS reporter_nik, p.chat AS reporter_chat FROM (",
    );
    let list = Listed {
        feed_hint,
        scope,
        filter,
        after,
        upto,
    };
    list.push(&mut q, REPORT_COLUMNS, &ts);
    q.push(
        ") r LEFT JOIN reporters p ON p.id = r.reporter_id AND p.erased_at IS NULL \
         ORDER BY r.submitted_at DESC, r.tracking_id DESC",
    );
    q
}

/// The reports of a scope and filter, newest first, strictly after `after` and up to `upto`.
struct Listed<'a> {
    feed_hint: &'a str,
    scope: &'a ListScope,
    filter: &'a ReportFilter,
    after: Option<&'a Cursor>,
    upto: Option<&'a Cursor>,
}

impl Listed<'_> {
    /// Pushes `SELECT columns FROM reports WHERE ... ORDER BY ...`.
    fn push<DB, T>(&self, q: &mut QueryBuilder<DB>, columns: &str, ts: &impl Fn(DateTime<Utc>) -> T)
    where
        DB: Database,
        T: for<'t> Encode<'t, DB> + Type<DB>,
        String: for<'t> Encode<'t, DB> + Type<DB>,
    {
        let (scope, filter) = (self.scope, self.filter);
        // The index of public reports holds every report this scope may list unless a status
        // filter narrows it to other statuses' terms.
        let public_feed =
            *scope == ListScope::Public && filter.status.is_none() && filter.statuses.is_empty();
        let hint = if public_feed { self.feed_hint } else { "" };
        q.push(format!("SELECT {columns} FROM reports {hint} WHERE "));
        push_conditions(q, scope, filter, ts);
        // Each bound also as a plain range of the index's first column, so that the walk
        // starts and stops there (the row comparison alone is filtered, not sought).
        if let Some((at, id)) = self.after {
            q.push(" AND submitted_at <= ").push_bind(ts(*at));
            q.push(" AND (submitted_at < ").push_bind(ts(*at));
            q.push(" OR (submitted_at = ").push_bind(ts(*at));
            q.push(" AND tracking_id < ")
                .push_bind(id.to_string())
                .push("))");
        }
        if let Some((at, id)) = self.upto {
            q.push(" AND submitted_at >= ").push_bind(ts(*at));
            q.push(" AND (submitted_at > ").push_bind(ts(*at));
            q.push(" OR (submitted_at = ").push_bind(ts(*at));
            q.push(" AND tracking_id >= ")
                .push_bind(id.to_string())
                .push("))");
        }
        q.push(" ORDER BY submitted_at DESC, tracking_id DESC");
    }
}

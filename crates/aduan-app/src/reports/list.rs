//! Listing reports: the public feed for everyone, a citizen's own reports, and what staff may
//! see for staff; the policy has the last word on every row.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::reports::viewer::Viewed;
use crate::view::ReportView;
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::report::Kind;
use aduan_domain::{AgencyId, CategoryId, EscalationLevel, Status, TrackingId, UnitId};
use aduan_store::{Cursor, ListScope, ReportFilter, queue_deadline};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters and paging of the report list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Status, or several separated by commas (any of them).
    pub status: Option<String>,
    /// Escalation level (`none`, `agency_admin`, `national_admin`, `ombudsman`), or several
    /// separated by commas (any of them).
    pub escalation: Option<String>,
    /// Only reports whose running time limit (verification, first follow-up or completion) is
    /// past its deadline now: the breached ones.
    pub overdue: Option<bool>,
    /// The agency dispatched to (slug).
    pub agency: Option<String>,
    /// The agency the reporter asked for (slug).
    pub requested_agency: Option<String>,
    /// Category id (a topic includes its sub-topics).
    pub category: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// Channel (`web`, `sms`, `api:partner`).
    pub channel: Option<String>,
    /// Region code (a province includes its kabupaten and kota).
    pub region: Option<String>,
    /// Submitted on or after this date (YYYY-MM-DD, WIB midnight) or instant (RFC 3339).
    pub from: Option<String>,
    /// Submitted before this date or instant.
    pub until: Option<String>,
    /// Only my own reports (logged-in citizens).
    pub mine: Option<bool>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<u32>,
    /// `deadline`: the work queue's order, the deadline due soonest first (breached ones at the
    /// top, reports without a running time limit last); `newest` (default): newest first. Both
    /// page with `cursor`.
    pub order: Option<String>,
}

/// A page of reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    /// Newest first.
    pub items: Vec<ReportView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

fn instant(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        // Midnight WIB (UTC+7): the day as Indonesians count it at the national level.
        return d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc() - chrono::Duration::hours(7));
    }
    DateTime::parse_from_rfc3339(v)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}", c.0.timestamp_micros(), c.1))
}

fn decode_cursor(s: &str) -> Option<Cursor> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(s).ok()?).ok()?;
    let (micros, id) = text.split_once('.')?;
    Some((
        DateTime::from_timestamp_micros(micros.parse().ok()?)?,
        TrackingId::parse(id).ok()?,
    ))
}

/// The items of a comma-separated list, each parsed; `None` when one does not parse.
fn list_of<T>(v: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    match v {
        None => Some(Vec::new()),
        Some(s) => s.split(',').map(|p| parse(p.trim())).collect(),
    }
}

fn filter_of(q: &ListQuery, now: DateTime<Utc>) -> AppResult<(ReportFilter, Option<Cursor>, u32)> {
    let mut errors = FieldErrors::new();
    let mut parsed = |field: &str, v: &Option<String>, ok: &dyn Fn(&str) -> bool| {
        let bad = v.as_deref().is_some_and(|s| !ok(s));
        if bad {
            errors.insert(field.into(), "invalid".into());
        }
    };
    let statuses = list_of(q.status.as_deref(), Status::parse);
    let escalations = list_of(q.escalation.as_deref(), EscalationLevel::parse);
    parsed("status", &q.status, &|_| statuses.is_some());
    parsed("escalation", &q.escalation, &|_| escalations.is_some());
    parsed("kind", &q.kind, &|s| Kind::parse(s).is_some());
    parsed("from", &q.from, &|s| instant(s).is_some());
    parsed("until", &q.until, &|s| instant(s).is_some());
    parsed("cursor", &q.cursor, &|s| decode_cursor(s).is_some());
    parsed("order", &q.order, &|s| matches!(s, "deadline" | "newest"));
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        errors.insert("limit".into(), "out_of_range".into());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = ReportFilter {
        status: None,
        statuses: statuses.unwrap_or_default(),
        escalations: escalations.unwrap_or_default(),
        overdue_at: q.overdue.unwrap_or(false).then_some(now),
        agency: q.agency.clone().map(AgencyId::new),
        requested_agency: q.requested_agency.clone().map(AgencyId::new),
        category: q.category.clone().map(CategoryId::new),
        kind: q.kind.as_deref().and_then(Kind::parse),
        channel: q.channel.clone(),
        region: q.region.clone(),
        from: q.from.as_deref().and_then(instant),
        until: q.until.as_deref().and_then(instant),
        by_deadline: q.order.as_deref() == Some("deadline"),
    };
    Ok((filter, q.cursor.as_deref().and_then(decode_cursor), limit))
}

/// The units an officer sees: its own and every unit below it.
async fn subtree(state: &AppState, agency: &AgencyId, unit: &UnitId) -> AppResult<Vec<UnitId>> {
    let units = state.store.list_units(agency).await?;
    let mut out = vec![unit.clone()];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].clone();
        out.extend(
            units
                .iter()
                .filter(|u| u.parent.as_ref() == Some(&parent))
                .map(|u| u.id.clone()),
        );
        i += 1;
    }
    Ok(out)
}

/// List reports, newest first: the public feed (read from the replica, if there is one), or
/// what the caller's role may see.
pub async fn list(state: &AppState, caller: &Caller, q: &ListQuery) -> AppResult<ReportPage> {
    let state = &state.reads_for(caller);
    let (filter, cursor, limit) = filter_of(q, state.clock.now())?;
    let scope = match caller.staff().map(|s| s.role) {
        Some(StaffRole::NationalAdmin) => ListScope::All,
        Some(StaffRole::AgencyAdmin { agency }) => ListScope::Agency(agency),
        Some(StaffRole::UnitOfficer { agency, unit }) => {
            let units = subtree(state, &agency, &unit).await?;
            ListScope::Units(agency, units)
        }
        Some(StaffRole::Supervisor { .. }) => ListScope::Dispatched,
        None => match (&caller.user, q.mine.unwrap_or(false)) {
            (Some(user), true) => match state.store.reporter_of_user(user.id).await? {
                Some(r) => ListScope::Reporter(r),
                None => {
                    return Ok(ReportPage {
                        items: vec![],
                        next_cursor: None,
                    });
                }
            },
            (None, true) => return Err(AppError::Unauthorized),
            _ => ListScope::Public,
        },
    };
    let reports = state
        .store
        .list_reports(&scope, &filter, cursor.as_ref(), limit)
        .await?;
    // What the page shows of its reports is read for all of them at once: a fixed number of
    // statements per page, however many rows it has.
    let ids: Vec<TrackingId> = reports.iter().map(|r| r.tracking_id).collect();
    let clocks = state.store.list_clocks_of(&ids).await?;
    let last = reports.last().filter(|_| reports.len() == limit as usize);
    let next_cursor = match last {
        None => None,
        Some(r) if filter.by_deadline => {
            let theirs = clocks
                .get(&r.tracking_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            Some(encode_cursor(&(queue_deadline(theirs), r.tracking_id)))
        }
        Some(r) => Some(encode_cursor(&(r.submitted_at, r.tracking_id))),
    };
    // An access code unlocks one report, not a listing: trying it on every row would count
    // each other report as a wrong guess. So each row's viewer is the caller's staff role,
    // else their own reporter id (read once), else the public.
    let staff = caller.staff();
    let own = match (&scope, &staff, &caller.user) {
        (ListScope::Reporter(r), _, _) => Some(r.clone()),
        (_, None, Some(user)) => state.store.reporter_of_user(user.id).await?,
        _ => None,
    };
    let seen = reports
        .into_iter()
        .map(|report| {
            let actor = match &staff {
                Some(s) => Actor::Staff(s.clone()),
                None if own.as_ref() == Some(&report.reporter) => {
                    Actor::Reporter(report.reporter.clone())
                }
                None => Actor::Public,
            };
            (actor, report)
        })
        .collect();
    // The scope already filtered in SQL; the policy has the last word on every row.
    let seen: Vec<Viewed> = Viewed::many(state, seen)
        .await?
        .into_iter()
        .filter(|s| s.visibility().report())
        .collect();
    let items = crate::reports::read::views_of(state, &seen, &clocks).await?;
    Ok(ReportPage { items, next_cursor })
}

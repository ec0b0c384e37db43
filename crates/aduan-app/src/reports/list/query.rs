//! The report list's query string: filters, text search, order and the cursor, checked into
//! what the store takes.

use crate::error::{AppError, AppResult, FieldErrors};
use aduan_domain::report::Kind;
use aduan_domain::{AgencyId, CategoryId, EscalationLevel, Status, TrackingId};
use aduan_store::{ReportFilter, SearchAfter, SearchOrder};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters, search and paging of the report list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Words to search for in the title, chronology, follow-ups and location (at most 200
    /// characters): Indonesian word forms, common slang and abbreviations match ("jln rusak"
    /// finds "kerusakan jalan"); every word must match. Staff also search the internal notes
    /// they may read. Reporters are never found by their identity.
    pub q: Option<String>,
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
    /// `relevance` (the default with `q`, only with `q`): the best match first; `deadline`: the
    /// work queue's order, the deadline due soonest first (breached ones at the top, reports
    /// without a running time limit last); `newest` (the default without `q`): newest first.
    /// All page with `cursor`.
    pub order: Option<String>,
}

/// Where the next page starts: after a time (submission or deadline) or after a score.
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    /// After this time and tracking id.
    At(DateTime<Utc>, TrackingId),
    /// After this relevance score and tracking id.
    Score(f64, TrackingId),
}

impl Position {
    /// The cursor's text.
    pub fn encode(&self) -> String {
        let text = match self {
            Self::At(at, id) => format!("{}.{id}", at.timestamp_micros()),
            Self::Score(score, id) => format!("r{:016x}.{id}", score.to_bits()),
        };
        URL_SAFE_NO_PAD.encode(text)
    }

    /// The position of a cursor's text.
    pub fn decode(s: &str) -> Option<Self> {
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(s).ok()?).ok()?;
        let (head, id) = text.split_once('.')?;
        let id = TrackingId::parse(id).ok()?;
        match head.strip_prefix('r') {
            Some(bits) => {
                let score = f64::from_bits(u64::from_str_radix(bits, 16).ok()?);
                score.is_finite().then_some(Self::Score(score, id))
            }
            None => Some(Self::At(
                DateTime::from_timestamp_micros(head.parse().ok()?)?,
                id,
            )),
        }
    }

    /// The store's position in a search.
    pub fn search_after(&self) -> SearchAfter {
        match self {
            Self::At(at, id) => SearchAfter::At(*at, *id),
            Self::Score(score, id) => SearchAfter::Score(*score, *id),
        }
    }
}

/// A checked list query.
#[derive(Debug)]
pub struct Checked {
    /// The filters.
    pub filter: ReportFilter,
    /// The text searched for, if any.
    pub q: Option<String>,
    /// The order of a search.
    pub order: SearchOrder,
    /// Where the page starts.
    pub position: Option<Position>,
    /// Page size.
    pub limit: u32,
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

/// The items of a comma-separated list, each parsed; `None` when one does not parse.
fn list_of<T>(v: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    match v {
        None => Some(Vec::new()),
        Some(s) => s.split(',').map(|p| parse(p.trim())).collect(),
    }
}

/// Checks `q` as of `now`: every bad field named with its code.
pub fn check(q: &ListQuery, now: DateTime<Utc>) -> AppResult<Checked> {
    let mut errors = FieldErrors::new();
    let mut parsed = |field: &str, v: &Option<String>, ok: &dyn Fn(&str) -> bool| {
        let bad = v.as_deref().is_some_and(|s| !ok(s));
        if bad {
            errors.insert(field.into(), "invalid".into());
        }
    };
    let statuses = list_of(q.status.as_deref(), Status::parse);
    let escalations = list_of(q.escalation.as_deref(), EscalationLevel::parse);
    let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let order = match (q.order.as_deref(), text) {
        (None, Some(_)) | (Some("relevance"), _) => SearchOrder::Relevance,
        (Some("deadline"), _) => SearchOrder::Deadline,
        _ => SearchOrder::Newest,
    };
    let position = q.cursor.as_deref().and_then(Position::decode);
    parsed("status", &q.status, &|_| statuses.is_some());
    parsed("escalation", &q.escalation, &|_| escalations.is_some());
    parsed("kind", &q.kind, &|s| Kind::parse(s).is_some());
    parsed("from", &q.from, &|s| instant(s).is_some());
    parsed("until", &q.until, &|s| instant(s).is_some());
    parsed("cursor", &q.cursor, &|_| {
        matches!(
            (&position, order),
            (Some(Position::Score(..)), SearchOrder::Relevance)
                | (
                    Some(Position::At(..)),
                    SearchOrder::Newest | SearchOrder::Deadline
                )
        )
    });
    parsed("order", &q.order, &|s| {
        matches!(s, "deadline" | "newest" | "relevance")
    });
    if order == SearchOrder::Relevance && text.is_none() {
        errors.insert("order".into(), "needs_q".into());
    }
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
        by_deadline: order == SearchOrder::Deadline,
    };
    Ok(Checked {
        filter,
        q: text.map(str::to_owned),
        order,
        position,
        limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_carries_a_score_or_a_time_exactly() {
        let id = TrackingId::generate(&mut rand::rng());
        for p in [
            Position::Score(0.060_792_710_632_085_8, id),
            Position::Score(-3.25e-7, id),
            Position::At(
                DateTime::from_timestamp_micros(1_772_417_730_123_456).unwrap_or_default(),
                id,
            ),
        ] {
            assert_eq!(Position::decode(&p.encode()), Some(p));
        }
        assert_eq!(Position::decode("bm90IGEgY3Vyc29y"), None);
    }
}

//! The public service requests: what the public feed shows (non-confidential reports after
//! dispatch), searched by id, service, date and status, and shaped as GeoReport v2 wants. The
//! reports are read through [`crate::reports::list`] and [`crate::reports::read`] as a caller
//! without any identity, so the visibility policy decides every row, and nothing of the
//! reporter is taken from them.

use super::{category_of, open311_status, service_code};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::reports::list::{ListQuery, list};
use crate::view::ReportView;
use aduan_domain::{AgencyId, Status};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, SecondsFormat, Utc};
use std::collections::HashMap;

/// The most requests one search answers (the spec's "first 1000 requests").
pub const MAX_REQUESTS: usize = 1000;
/// The widest search window, and the default one (the most recent 90 days).
pub const WINDOW_DAYS: i64 = 90;
/// The most ids one search may name.
pub const MAX_IDS: usize = 100;
/// The longest description shown (the schema's `maxLength`).
pub const MAX_DESCRIPTION: usize = 4000;
/// How a link given as `media_url` is kept at the end of a report's text.
pub(crate) const MEDIA_MARKER: &str = "\n\nmedia_url: ";

/// `GET requests` parameters as given (all optional).
#[derive(Debug, Default, Clone)]
pub struct RequestQuery {
    /// Tracking ids, comma-separated: overrides every other parameter.
    pub service_request_id: Option<String>,
    /// Service codes, comma-separated (a topic's code includes its sub-topics).
    pub service_code: Option<String>,
    /// Earliest `requested_datetime` (W3C date-time, or a date from WIB midnight).
    pub start_date: Option<String>,
    /// Latest `requested_datetime`, inclusive (a date covers its whole day in WIB).
    pub end_date: Option<String>,
    /// `open`, `closed` or both, comma-separated.
    pub status: Option<String>,
}

/// A report as GeoReport v2 shows a service request: nothing of its reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRequest {
    /// The tracking id.
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: &'static str,
    /// Aduan's own status (`dispatched`, `in_progress`, `completed`, …).
    pub aduan_status: String,
    /// The category's name; `None` without a category.
    pub service_name: Option<String>,
    /// The category's service code; empty without a category.
    pub service_code: String,
    /// The report's text (without the media link), at most [`MAX_DESCRIPTION`] characters.
    pub description: String,
    /// The name of the agency holding it.
    pub agency_responsible: Option<String>,
    /// When it was submitted.
    pub requested_datetime: DateTime<Utc>,
    /// When it last changed.
    pub updated_datetime: DateTime<Utc>,
    /// The deadline of its open clock due soonest, while it is open.
    pub expected_datetime: Option<DateTime<FixedOffset>>,
    /// The place in the reporter's words.
    pub address: Option<String>,
    /// The Kemendagri region code of the place.
    pub address_id: Option<String>,
    /// Latitude, as the public report shows it.
    pub lat: Option<f64>,
    /// Longitude, as the public report shows it.
    pub long: Option<f64>,
    /// The media link an Open311 client gave with the request (never fetched).
    pub media_url: Option<String>,
}

/// The text and the media link kept at its end by an Open311 filing (channel `api:…`).
fn split_media(body: &str, channel: &str) -> (String, Option<String>) {
    if channel.starts_with("api:")
        && let Some((text, url)) = body.rsplit_once(MEDIA_MARKER)
        && super::filing::media_url_ok(url)
    {
        return (text.to_owned(), Some(url.to_owned()));
    }
    (body.to_owned(), None)
}

fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_DESCRIPTION {
        return text;
    }
    let mut short: String = text.chars().take(MAX_DESCRIPTION - 1).collect();
    short.push('…');
    short
}

/// Shapes a public view; `names` are the categories' names by id.
fn shaped(
    view: ReportView,
    names: &HashMap<String, String>,
    agencies: &crate::cache::Directory,
) -> ServiceRequest {
    let status = Status::parse(&view.status).unwrap_or(Status::Submitted);
    let (text, media_url) = split_media(&view.body, &view.channel);
    let location = view.location;
    ServiceRequest {
        service_request_id: view.tracking_id,
        status: open311_status(status),
        aduan_status: view.status,
        service_name: view.category.as_ref().and_then(|c| names.get(c).cloned()),
        service_code: view
            .category
            .as_deref()
            .map(service_code)
            .unwrap_or_default(),
        description: shorten(text),
        agency_responsible: view.agency.map(|a| agencies.name_of(&AgencyId::new(a))),
        requested_datetime: view.submitted_at,
        updated_datetime: view.updated_at,
        expected_datetime: view.sla.filter(|_| status.is_open()).and_then(|s| s.due_at),
        address: location.as_ref().map(|l| l.text.clone()),
        address_id: location.as_ref().and_then(|l| l.region_code.clone()),
        lat: location.as_ref().and_then(|l| l.lat),
        long: location.as_ref().and_then(|l| l.lon),
        media_url,
    }
}

async fn shape_all(state: &AppState, views: Vec<ReportView>) -> AppResult<Vec<ServiceRequest>> {
    let names: HashMap<String, String> = state
        .categories()
        .await?
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let agencies = state.directory().await?;
    Ok(views
        .into_iter()
        .map(|v| shaped(v, &names, &agencies))
        .collect())
}

/// One public request; `not_found` when it is unknown or not public.
pub async fn request(state: &AppState, id: &str) -> AppResult<ServiceRequest> {
    let state = state.public_reads();
    let view = crate::reports::read::report(&state, &Caller::default(), id).await?;
    let mut shaped = shape_all(&state, vec![view]).await?;
    shaped.pop().ok_or(AppError::NotFound)
}

/// A W3C date-time, or a date: its first instant in WIB, or with `end` its last (an end date
/// covers its whole day).
fn instant(v: &str, end: bool) -> Option<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let midnight = d.and_hms_opt(0, 0, 0)?.and_utc() - Duration::hours(7);
        return Some(if end {
            midnight + Duration::days(1) - Duration::microseconds(1)
        } else {
            midnight
        });
    }
    DateTime::parse_from_rfc3339(v)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The search window `[from, until)` the dates give, at most [`WINDOW_DAYS`] wide.
fn window(q: &RequestQuery, now: DateTime<Utc>) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
    let mut errors = FieldErrors::new();
    let mut date = |field: &str, v: &Option<String>| {
        let v = v.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        let parsed = instant(v, field == "end_date");
        if parsed.is_none() {
            errors.insert(field.into(), "invalid".into());
        }
        parsed
    };
    let start = date("start_date", &q.start_date);
    let end = date("end_date", &q.end_date);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let span = Duration::days(WINDOW_DAYS);
    let (from, last) = match (start, end) {
        (None, None) => (now - span, now),
        (Some(s), None) => (s, s + span),
        (None, Some(e)) => (e - span, e),
        (Some(s), Some(e)) if e < s => return Err(AppError::field("end_date", "before_start")),
        (Some(s), Some(e)) if e - s > span => {
            return Err(AppError::field("end_date", "window_too_long"));
        }
        (Some(s), Some(e)) => (s, e),
    };
    // The end is inclusive; the list's `until` is not.
    Ok((from, last + Duration::microseconds(1)))
}

fn statuses(v: Option<&str>) -> AppResult<Option<String>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for part in v.split(',').map(str::trim) {
        let which: &[&str] = match part {
            "open" => &["submitted", "postponed", "dispatched", "in_progress"],
            "closed" => &["completed", "archived", "deleted"],
            _ => return Err(AppError::field("status", "invalid")),
        };
        out.extend_from_slice(which);
    }
    Ok(Some(out.join(",")))
}

fn categories(v: Option<&str>) -> AppResult<Vec<Option<String>>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(vec![None]);
    };
    v.split(',')
        .map(|code| {
            category_of(code.trim())
                .map(Some)
                .ok_or_else(|| AppError::field("service_code", "invalid"))
        })
        .collect()
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The public requests `q` asks for, newest first, at most [`MAX_REQUESTS`].
pub async fn requests(state: &AppState, q: &RequestQuery) -> AppResult<Vec<ServiceRequest>> {
    let state = state.public_reads();
    if let Some(ids) = q.service_request_id.as_deref().map(str::trim)
        && !ids.is_empty()
    {
        let ids: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if ids.len() > MAX_IDS {
            return Err(AppError::field("service_request_id", "too_many"));
        }
        let mut views = Vec::new();
        for id in ids {
            match crate::reports::read::report(&state, &Caller::default(), id).await {
                Ok(view) => views.push(view),
                Err(AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        return shape_all(&state, views).await;
    }
    let (from, until) = window(q, state.clock.now())?;
    let status = statuses(q.status.as_deref())?;
    let mut views: Vec<ReportView> = Vec::new();
    for category in categories(q.service_code.as_deref())? {
        let mut cursor = None;
        loop {
            let page = list(
                &state,
                &Caller::default(),
                &ListQuery {
                    status: status.clone(),
                    category: category.clone(),
                    from: Some(stamp(from)),
                    until: Some(stamp(until)),
                    cursor,
                    limit: Some(100),
                    ..ListQuery::default()
                },
            )
            .await?;
            views.extend(page.items);
            cursor = page.next_cursor;
            if cursor.is_none() || views.len() >= MAX_REQUESTS {
                break;
            }
        }
    }
    views.sort_by(|a, b| (b.submitted_at, &b.tracking_id).cmp(&(a.submitted_at, &a.tracking_id)));
    views.dedup_by(|a, b| a.tracking_id == b.tracking_id);
    views.truncate(MAX_REQUESTS);
    shape_all(&state, views).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_starts_at_wib_midnight_and_as_an_end_covers_its_whole_day() {
        let start = instant("2026-03-02", false).map(|t| t.to_rfc3339());
        assert_eq!(start.as_deref(), Some("2026-03-01T17:00:00+00:00"));
        let end = instant("2026-03-02", true).map(|t| t.to_rfc3339());
        assert_eq!(end.as_deref(), Some("2026-03-02T16:59:59.999999+00:00"));
        let exact = instant("2026-03-02T09:00:00+07:00", true).map(|t| t.to_rfc3339());
        assert_eq!(exact.as_deref(), Some("2026-03-02T02:00:00+00:00"));
        assert_eq!(instant("2 Maret", false), None);
    }
}

//! `GET /laporan`: the public feed, newest first, or a search of it (`q`, the best match
//! first), with filters as a plain GET form and keyset pagination. The cursor and the trail of earlier pages ride in the query string; they
//! hold only submission times and public tracking ids, never personal data.

use super::{FeedItem, public_page, public_search, with_query};
use aduan_app::AppState;
use aduan_domain::directory::{Agency, AgencyKind};
use aduan_domain::report::Kind;
use aduan_domain::{AgencyId, CategoryId, Status, TrackingId};
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::options::{Opt, category_options, region_options};
use aduan_pagekit::render;
use aduan_store::{Cursor, ReportFilter};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

/// Reports per page.
pub const PAGE_SIZE: u32 = 20;

/// The statuses the public can see.
const PUBLIC_STATUSES: [Status; 3] = [Status::Dispatched, Status::InProgress, Status::Completed];

/// Channels offered in the filter (partner systems can still be asked for by URL).
const CHANNELS: [&str; 9] = [
    "web", "mobile", "sms", "email", "social", "chat", "walk_in", "phone", "paper",
];

/// The feed's filters and position; an empty field means "any".
#[derive(Debug, Default, Deserialize)]
pub struct FeedQuery {
    /// Words to search for (the best match first).
    q: Option<String>,
    status: Option<String>,
    agency: Option<String>,
    region: Option<String>,
    category: Option<String>,
    kind: Option<String>,
    channel: Option<String>,
    /// First day (YYYY-MM-DD, WIB), inclusive.
    from: Option<String>,
    /// Last day (YYYY-MM-DD, WIB), inclusive.
    to: Option<String>,
    cursor: Option<String>,
    /// The cursors of the earlier pages, oldest first, `0` for the first page.
    trail: Option<String>,
}

fn given(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or_default()
}

/// Midnight WIB (UTC+7) of a day, the day as counted at the national level.
fn wib_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(7)
}

fn day(v: &str) -> Result<Option<NaiveDate>, PageError> {
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| PageError::BadForm)
}

/// A cursor as text: `<microseconds>_<tracking id>`.
pub fn encode_cursor(c: &Cursor) -> String {
    format!("{}_{}", c.0.timestamp_micros(), c.1)
}

/// The cursor of [`encode_cursor`]'s text.
pub fn decode_cursor(s: &str) -> Option<Cursor> {
    let (micros, id) = s.split_once('_')?;
    Some((
        DateTime::from_timestamp_micros(micros.parse().ok()?)?,
        TrackingId::parse(id).ok()?,
    ))
}

fn filter_of(q: &FeedQuery) -> Result<ReportFilter, PageError> {
    let status = match given(&q.status) {
        "" => None,
        s => Some(Status::parse(s).ok_or(PageError::BadForm)?),
    };
    let kind = match given(&q.kind) {
        "" => None,
        s => Some(Kind::parse(s).ok_or(PageError::BadForm)?),
    };
    let text = |v: &Option<String>| Some(given(v).to_owned()).filter(|s| !s.is_empty());
    Ok(ReportFilter {
        status,
        agency: text(&q.agency).map(AgencyId::new),
        category: text(&q.category).map(CategoryId::new),
        kind,
        channel: text(&q.channel),
        region: text(&q.region),
        from: day(given(&q.from))?.map(wib_midnight),
        until: day(given(&q.to))?.map(|d| wib_midnight(d) + Duration::days(1)),
        ..ReportFilter::default()
    })
}

/// An `<optgroup>`.
#[derive(Debug)]
pub struct Group {
    /// The group's label.
    pub label: String,
    /// Its options.
    pub options: Vec<Opt>,
}

/// Agencies grouped by kind.
fn agency_groups(c: &Ctx, agencies: &[Agency], current: &str) -> Vec<Group> {
    AgencyKind::ALL
        .iter()
        .map(|kind| Group {
            label: c.t(&format!("public-agency-kind-{}", kind.as_str())),
            options: agencies
                .iter()
                .filter(|a| a.kind == *kind)
                .map(|a| Opt::new(a.id.as_str(), a.name.clone(), current))
                .collect(),
        })
        .filter(|g| !g.options.is_empty())
        .collect()
}

#[derive(Template)]
#[template(path = "public_feed.html")]
struct FeedPage {
    c: Ctx,
    items: Vec<FeedItem>,
    statuses: Vec<Opt>,
    kinds: Vec<Opt>,
    channels: Vec<Opt>,
    agencies: Vec<Group>,
    regions: Vec<Opt>,
    categories: Vec<Opt>,
    from: String,
    to: String,
    filtered: bool,
    q: String,
    found: Option<u64>,
    partial: bool,
    no_terms: bool,
    page: usize,
    next: Option<String>,
    previous: Option<String>,
}

/// `GET /laporan`.
pub async fn feed(
    State(state): State<AppState>,
    c: Ctx,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(q) = query.map_err(|_| PageError::BadForm)?;
    let filter = filter_of(&q)?;
    let trail: Vec<&str> = given(&q.trail)
        .split('.')
        .filter(|s| !s.is_empty())
        .collect();
    let q_text = given(&q.q);
    let (items, next, found, partial, no_terms) = if q_text.is_empty() {
        let cursor = match given(&q.cursor) {
            "" => None,
            s => Some(decode_cursor(s).ok_or(PageError::BadForm)?),
        };
        let (items, next) = public_page(&state, &filter, cursor.as_ref(), PAGE_SIZE).await?;
        (items, next.map(|n| encode_cursor(&n)), None, false, false)
    } else {
        let cursor = Some(given(&q.cursor)).filter(|c| !c.is_empty());
        let page = public_search(&state, &filter, q_text, cursor, PAGE_SIZE).await?;
        (
            page.items,
            page.next,
            page.found,
            page.partial,
            page.no_terms,
        )
    };
    let directory = state.directory().await?;
    let agencies = &directory.agencies;

    let fields = [
        ("q", q_text),
        ("status", given(&q.status)),
        ("agency", given(&q.agency)),
        ("region", given(&q.region)),
        ("category", given(&q.category)),
        ("kind", given(&q.kind)),
        ("channel", given(&q.channel)),
        ("from", given(&q.from)),
        ("to", given(&q.to)),
    ];
    let link = |cursor: &str, trail: &str| {
        let mut pairs = fields.to_vec();
        pairs.push(("cursor", cursor));
        pairs.push(("trail", trail));
        with_query("/laporan", &pairs)
    };
    let here = given(&q.cursor);
    let next = next.map(|n| {
        let mut longer = trail.clone();
        longer.push(if here.is_empty() { "0" } else { here });
        link(&n, &longer.join("."))
    });
    let previous = trail.split_last().map(|(last, rest)| {
        let back = if *last == "0" { "" } else { last };
        link(back, &rest.join("."))
    });

    let categories = state.categories().await?;
    let page = FeedPage {
        statuses: PUBLIC_STATUSES
            .iter()
            .map(|s| Opt::new(s.as_str(), c.status(s.as_str()), given(&q.status)))
            .collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| Opt::new(k.as_str(), c.kind(k.as_str()), given(&q.kind)))
            .collect(),
        channels: CHANNELS
            .iter()
            .map(|ch| Opt::new(ch, c.channel(ch), given(&q.channel)))
            .collect(),
        agencies: agency_groups(&c, agencies, given(&q.agency)),
        regions: region_options(agencies, given(&q.region)),
        categories: category_options(&categories, given(&q.category)),
        from: given(&q.from).to_owned(),
        to: given(&q.to).to_owned(),
        filtered: fields.iter().skip(1).any(|(_, v)| !v.is_empty()),
        q: q_text.to_owned(),
        found,
        partial,
        no_terms,
        page: trail.len() + 1,
        next,
        previous,
        items,
        c,
    };
    render(&page)
}

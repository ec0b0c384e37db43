//! The public side: the feed of dispatched, non-confidential reports, the agency directory and
//! agency pages with their clocks kept and missed, the topic tree and category pages, and the
//! league table of agencies.
//!
//! What the public may see is decided by the store's [`ListScope::Public`] and, for every row,
//! by the domain policy (as `Viewed::public` applies it): the feed shows the same reports to
//! everyone, logged in or not, and the reporter as docs/domain.md §4 says for the public.

pub mod agencies;
pub mod categories;
pub mod feed;
pub mod groups;
pub mod monthly;
pub mod search;
pub mod statistik;
pub mod stats;

pub use search::public_search;

use aduan_app::AppState;
use aduan_app::error::AppResult;
use aduan_app::reports::viewer::Viewed;
use aduan_app::search::Snippet;
use aduan_domain::report::Report;
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::visibility::IdentityView;
use aduan_domain::{AgencyId, ReporterId, TrackingId};
use aduan_store::{Cursor, ListScope, ReportFilter};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One report in a public list, as the public may see it.
#[derive(Debug, Clone)]
pub struct FeedItem {
    /// The public handle.
    pub tracking_id: String,
    /// The title, or the first words of the body when it has none.
    pub title: String,
    /// complaint, aspiration or information_request.
    pub kind: String,
    /// The status code.
    pub status: String,
    /// The channel code (`web`, `sms`, `api:partner`).
    pub channel: String,
    /// The agency it was dispatched to: slug and name.
    pub agency: Option<(String, String)>,
    /// The reporter's name, only when the reporter chose to show it.
    pub reporter_name: Option<String>,
    /// The catalogue key shown instead of a name (`reporter-anonymous`, `reporter-hidden`).
    pub reporter_key: &'static str,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Working days left before the report closes by itself, while the auto-close clock runs.
    pub auto_close_days: Option<i64>,
    /// In search results: a piece of the chronology with the searched words marked.
    pub snippet: Vec<Snippet>,
}

impl FeedItem {
    /// Whether an auto-close countdown is running.
    pub fn closing(&self) -> bool {
        self.auto_close_days.is_some()
    }

    /// Working days left before auto-close, never below zero.
    pub fn closing_days(&self) -> i64 {
        self.auto_close_days.unwrap_or_default().max(0)
    }
}

/// Agency names by slug, for labelling lists.
pub type AgencyNames = HashMap<AgencyId, String>;

/// A page of the public feed: the items and the cursor of the next page, if there is one.
pub async fn public_page(
    state: &AppState,
    filter: &ReportFilter,
    cursor: Option<&Cursor>,
    limit: u32,
) -> AppResult<(Vec<FeedItem>, Option<Cursor>)> {
    let state = &state.public_reads();
    let reports = state
        .store
        .list_reports(&ListScope::Public, filter, cursor, limit)
        .await?;
    let next = (reports.len() == limit as usize)
        .then(|| reports.last().map(|r| (r.submitted_at, r.tracking_id)))
        .flatten();
    Ok((public_items(state, reports).await?, next))
}

/// The public's items of `reports`, in their order, without those the policy hides.
///
/// A fixed number of statements however many rows: for all of them at once the unit paths the
/// policy needs, the clocks, and the names of the reporters who chose to show them (no other
/// identity is read); agency names come from the cached directory.
pub async fn public_items(state: &AppState, reports: Vec<Report>) -> AppResult<Vec<FeedItem>> {
    // The scope already filtered in SQL; the policy has the last word on every row.
    let seen: Vec<Viewed> = Viewed::public_many(state, reports)
        .await?
        .into_iter()
        .filter(|s| s.visibility().report())
        .collect();
    let mut named: Vec<ReporterId> = seen
        .iter()
        .filter(|s| s.visibility().identity() == IdentityView::NameOnly)
        .map(|s| s.report().reporter.clone())
        .collect();
    named.sort();
    named.dedup();
    let identities = state.store.get_identities(&named).await?;
    let ids: Vec<TrackingId> = seen.iter().map(|s| s.report().tracking_id).collect();
    let clocks = state.store.list_clocks_of(&ids).await?;
    let directory = state.directory().await?;
    Ok(seen
        .iter()
        .map(|s| {
            let name = match s.visibility().identity() {
                IdentityView::NameOnly => identities
                    .get(&s.report().reporter)
                    .and_then(|i| i.name.clone()),
                _ => None,
            };
            let theirs = clocks
                .get(&s.report().tracking_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            public_item(state, s, name, theirs, &directory.names)
        })
        .collect())
}

/// The newest `n` public reports, for the home page.
pub async fn latest_public(state: &AppState, n: u32) -> AppResult<Vec<FeedItem>> {
    let (items, _) = public_page(state, &ReportFilter::default(), None, n).await?;
    Ok(items)
}

/// The public's view of one listed report the policy lets the public see, with the name its
/// reporter chose to show (read only when the policy shows it) and its clocks.
fn public_item(
    state: &AppState,
    seen: &Viewed,
    name: Option<String>,
    clocks: &[Clock],
    names: &AgencyNames,
) -> FeedItem {
    let (report, vis) = (seen.report(), seen.visibility());
    let (reporter_name, reporter_key) = match vis.identity() {
        IdentityView::NameOnly => (name.filter(|n| !n.trim().is_empty()), "reporter-hidden"),
        IdentityView::Anonim => (None, "reporter-anonymous"),
        IdentityView::Pelapor | IdentityView::Full => (None, "reporter-hidden"),
    };
    let agency = report.state.agency.as_ref().map(|slug| {
        let name = names.get(slug).cloned().unwrap_or_else(|| slug.to_string());
        (slug.to_string(), name)
    });
    let auto_close_days = aduan_app::deadlines::sla_view(state, clocks)
        .clocks
        .iter()
        .find(|r| r.phase == Phase::AutoClose && r.open && !r.paused)
        .and_then(|r| r.working_days_left);
    let st = &report.state;
    FeedItem {
        tracking_id: report.tracking_id.to_string(),
        title: report.shown_title(),
        kind: st.kind.as_str().into(),
        status: st.status.as_str().into(),
        channel: report.channel.as_string(),
        agency,
        reporter_name,
        reporter_key,
        submitted_at: report.submitted_at,
        auto_close_days,
        snippet: Vec::new(),
    }
}

/// A URL with a query string built from the non-empty `pairs`.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .copied()
        .collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    match serde_urlencoded::to_string(&kept) {
        Ok(q) => format!("{path}?{q}"),
        Err(_) => path.to_owned(),
    }
}

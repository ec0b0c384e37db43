//! The queue's filters: what the GET form sends, how it narrows the tab's list, and the
//! choices the form offers. The form carries only directory codes, dates and the opaque
//! paging cursor, never personal data.

use super::tabs::Tab;
use aduan_app::reports::list::ListQuery;
use aduan_domain::Status;
use aduan_domain::directory::Agency;
use aduan_domain::report::Kind;
use aduan_pagekit::options::Opt;
use chrono::NaiveDate;
use serde::Deserialize;

/// Reports per page.
pub const PAGE_SIZE: u32 = 25;

/// Channels offered in the filter (partner systems can still be asked for by URL).
pub const CHANNELS: [&str; 9] = [
    "web", "mobile", "sms", "email", "social", "chat", "walk_in", "phone", "paper",
];

/// The statuses offered on a tab that does not fix them.
const ALL_STATUSES: [Status; 7] = [
    Status::Submitted,
    Status::Postponed,
    Status::Dispatched,
    Status::InProgress,
    Status::Completed,
    Status::Archived,
    Status::Deleted,
];

/// The queue's query string; an empty field means "any".
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    /// The tab (`verifikasi`, `dipegang`, ...).
    pub tab: Option<String>,
    /// Words to search for in the reports' text (and the internal notes one may read).
    pub q: Option<String>,
    /// One status within the tab's.
    pub status: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// Category id (a topic includes its sub-topics).
    pub category: Option<String>,
    /// Channel.
    pub channel: Option<String>,
    /// Region code (a province includes its kabupaten and kota).
    pub region: Option<String>,
    /// Holding agency (national admin and supervisors).
    pub agency: Option<String>,
    /// Requested agency (national admin).
    pub requested_agency: Option<String>,
    /// First day submitted (YYYY-MM-DD, WIB), inclusive.
    pub from: Option<String>,
    /// Last day submitted (YYYY-MM-DD, WIB), inclusive.
    pub to: Option<String>,
    /// The list's paging cursor.
    pub cursor: Option<String>,
    /// The cursors of the earlier pages, `0` for the first, separated by dots.
    pub trail: Option<String>,
}

/// A trimmed field, empty when absent.
pub fn given(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or_default()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned()).filter(|s| !s.is_empty())
}

impl QueueQuery {
    /// The filter fields as query pairs (without tab and paging), for links.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", given(&self.q)),
            ("status", given(&self.status)),
            ("kind", given(&self.kind)),
            ("category", given(&self.category)),
            ("channel", given(&self.channel)),
            ("region", given(&self.region)),
            ("agency", given(&self.agency)),
            ("requested_agency", given(&self.requested_agency)),
            ("from", given(&self.from)),
            ("to", given(&self.to)),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect()
    }

    /// Whether words were given that hold nothing to search for (only common words or signs).
    pub fn no_terms(&self) -> bool {
        let q = given(&self.q);
        !q.is_empty() && aduan_app::search::terms_of(q).is_err()
    }

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        !self.pairs().is_empty()
    }

    /// The list API's query for this tab and these filters; `None` when the chosen status is
    /// not one of the tab's (nothing can match), a field does not parse, or the words hold
    /// nothing to search for. A search keeps the tab's order.
    pub fn list_query(&self, tab: &Tab, may_filter_agency: bool) -> Option<ListQuery> {
        let statuses: Vec<Status> = match given(&self.status) {
            "" => tab.statuses.to_vec(),
            s => {
                let chosen = Status::parse(s)?;
                if !tab.statuses.is_empty() && !tab.statuses.contains(&chosen) {
                    return None;
                }
                vec![chosen]
            }
        };
        let join = |items: Vec<&str>| some(&items.join(","));
        let day = |v: &str| -> Option<Option<NaiveDate>> {
            match v {
                "" => Some(None),
                d => NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(Some),
            }
        };
        if self.no_terms() {
            return None;
        }
        let from = day(given(&self.from))?;
        let to = day(given(&self.to))?;
        let kind = match given(&self.kind) {
            "" => None,
            k => Some(Kind::parse(k)?.as_str().to_owned()),
        };
        let agency_filter = |v: &Option<String>| some(given(v)).filter(|_| may_filter_agency);
        Some(ListQuery {
            q: some(given(&self.q)),
            status: join(statuses.iter().map(|s| s.as_str()).collect()),
            escalation: join(tab.escalations.iter().map(|e| e.as_str()).collect()),
            overdue: tab.overdue.then_some(true),
            agency: agency_filter(&self.agency),
            requested_agency: agency_filter(&self.requested_agency),
            category: some(given(&self.category)),
            kind,
            channel: some(given(&self.channel)),
            region: some(given(&self.region)),
            from: from.map(|d| d.to_string()),
            until: to.and_then(|d| d.succ_opt()).map(|d| d.to_string()),
            cursor: some(given(&self.cursor)),
            limit: Some(PAGE_SIZE),
            order: Some(
                if tab.by_deadline {
                    "deadline"
                } else {
                    "newest"
                }
                .into(),
            ),
            ..ListQuery::default()
        })
    }
}

/// The statuses a tab lets one choose among (none when it fixes one).
pub fn status_choices(tab: &Tab) -> Vec<Status> {
    match tab.statuses.len() {
        0 => ALL_STATUSES.to_vec(),
        1 => Vec::new(),
        _ => tab.statuses.to_vec(),
    }
}

/// Agencies by name.
pub fn agency_options(agencies: &[Agency], current: &str) -> Vec<Opt> {
    let mut out: Vec<Opt> = agencies
        .iter()
        .map(|a| Opt::new(a.id.as_str(), a.name.clone(), current))
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

//! The queue's filters: what the GET form sends, how it narrows the tab's list, and the
//! choices the form offers. The form carries only directory codes, dates and the opaque
//! paging cursor, never personal data.

use super::tabs::Tab;
use aduan_app::reports::list::ListQuery;
use aduan_domain::Status;
use aduan_domain::directory::{Agency, AgencyKind, Category};
use aduan_domain::report::Kind;
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

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        !self.pairs().is_empty()
    }

    /// The list API's query for this tab and these filters; `None` when the chosen status is
    /// not one of the tab's (nothing can match) or a field does not parse.
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
        let from = day(given(&self.from))?;
        let to = day(given(&self.to))?;
        let kind = match given(&self.kind) {
            "" => None,
            k => Some(Kind::parse(k)?.as_str().to_owned()),
        };
        let agency_filter = |v: &Option<String>| some(given(v)).filter(|_| may_filter_agency);
        Some(ListQuery {
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

/// One `<option>`.
#[derive(Debug)]
pub struct Opt {
    /// The submitted value.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// The current choice.
    pub selected: bool,
}

impl Opt {
    /// An option, selected when `value` is `current`.
    pub fn new(value: &str, label: String, current: &str) -> Self {
        Self {
            value: value.to_owned(),
            label,
            selected: value == current,
        }
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

/// Provinces; once a region is chosen, also the kabupaten and kota of its province.
pub fn region_options(agencies: &[Agency], current: &str) -> Vec<Opt> {
    let province = current.split('.').next().unwrap_or_default();
    let mut regional: Vec<&Agency> = agencies
        .iter()
        .filter(|a| a.kind.is_regional() && a.region_code.is_some())
        .collect();
    regional.sort_by(|a, b| a.region_code.cmp(&b.region_code));
    let mut out: Vec<Opt> = Vec::new();
    for a in regional {
        let Some(code) = a.region_code.as_deref() else {
            continue;
        };
        let top = code.split('.').next().unwrap_or_default();
        let shown = a.kind == AgencyKind::Provinsi || (!province.is_empty() && top == province);
        if shown && !out.iter().any(|o| o.value == code) {
            out.push(Opt::new(code, a.name.clone(), current));
        }
    }
    out
}

/// Topics; once a category is chosen, also the sub-topics of its topic.
pub fn category_options(categories: &[Category], current: &str) -> Vec<Opt> {
    let topic = current.split('/').next().unwrap_or_default();
    categories
        .iter()
        .filter(|cat| {
            let id = cat.id.as_str();
            !id.contains('/') || (!topic.is_empty() && id.split('/').next() == Some(topic))
        })
        .map(|cat| {
            let depth = cat.id.as_str().matches('/').count();
            let label = format!("{}{}", "— ".repeat(depth), cat.name);
            Opt::new(cat.id.as_str(), label, current)
        })
        .collect()
}

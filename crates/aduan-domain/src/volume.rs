//! The statistics' running counts of reports: how many there are by topic, region, channel and
//! kind, and how many each agency was dispatched, rerouted and rated. The store keeps them in
//! the transaction that writes a report, as [`change`] says, for all time and per month, so a
//! national breakdown is a few index ranges however many reports there are.
//!
//! A report counts in the breakdowns from its submission (in the month it was submitted, WIB)
//! under its current category and kind, until it is deleted (spam, abuse): a change of category
//! moves it. Dispatches, reroutes and ratings count once each, in the month they happened, for
//! the agency concerned.

use crate::event::Event;
use crate::lifecycle::ActionKind;
use crate::report::Report;
use crate::status::Status;
use crate::workdays::Zone;
use chrono::{DateTime, Utc};

/// The breakdowns (`agency` empty) and the per-agency counts (`value` empty, or the stars).
pub const DIMS: [&str; 7] = [
    "category",
    "region",
    "channel",
    "kind",
    "dispatched",
    "rerouted",
    "rating",
];

/// One running count's key: `grain` is `all` (period empty) or `month` (`YYYY-MM`, WIB).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VolumeKey {
    /// `all` or `month`.
    pub grain: &'static str,
    /// Empty, or `YYYY-MM`.
    pub period: String,
    /// One of [`DIMS`].
    pub dim: &'static str,
    /// The agency of a per-agency count, else empty.
    pub agency: String,
    /// The value counted (a category id, a region code...), or empty.
    pub value: String,
}

/// What a report counts under in the breakdowns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// Category id (empty: none yet).
    pub category: String,
    /// Region code (empty: none given).
    pub region: String,
    /// Channel.
    pub channel: String,
    /// Kind.
    pub kind: String,
    /// Month of submission, `YYYY-MM` WIB.
    pub month: String,
}

/// The month of `at`, WIB.
pub fn month_of(at: DateTime<Utc>) -> String {
    Zone::Wib.local_date(at).format("%Y-%m").to_string()
}

impl Counted {
    /// What `report` counts under; `None` once deleted.
    pub fn of(report: &Report) -> Option<Self> {
        (report.state.status != Status::Deleted).then(|| Self {
            category: report
                .state
                .category
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            region: report
                .location
                .as_ref()
                .and_then(|l| l.region_code.clone())
                .unwrap_or_default(),
            channel: report.channel.as_string(),
            kind: report.state.kind.as_str().to_owned(),
            month: month_of(report.submitted_at),
        })
    }

    fn keys(&self) -> Vec<VolumeKey> {
        let values = [
            ("category", &self.category),
            ("region", &self.region),
            ("channel", &self.channel),
            ("kind", &self.kind),
        ];
        values
            .into_iter()
            .flat_map(|(dim, value)| both(&self.month, dim, "", value))
            .collect()
    }
}

fn both(month: &str, dim: &'static str, agency: &str, value: &str) -> [VolumeKey; 2] {
    let key = |grain, period: &str| VolumeKey {
        grain,
        period: period.to_owned(),
        dim,
        agency: agency.to_owned(),
        value: value.to_owned(),
    };
    [key("all", ""), key("month", month)]
}

/// The counts a report moves between: it counted under `before` and counts under `after`
/// (`None`: not counted, as a new or a deleted report).
pub fn moved(before: Option<&Counted>, after: Option<&Counted>) -> Vec<(VolumeKey, i64)> {
    if before == after {
        return Vec::new();
    }
    let mut out: Vec<(VolumeKey, i64)> = Vec::new();
    out.extend(before.into_iter().flat_map(Counted::keys).map(|k| (k, -1)));
    out.extend(after.into_iter().flat_map(Counted::keys).map(|k| (k, 1)));
    out
}

/// The per-agency count `event` adds, the report being held by `agency` after it: a dispatch,
/// a reroute, a rating.
pub fn happened(event: &Event, agency: Option<&str>) -> Vec<(VolumeKey, i64)> {
    let month = month_of(event.at);
    let text = |k: &str| event.payload.get(k).and_then(|v| v.as_str());
    let per_agency = match event.action {
        ActionKind::VerifyDispatch => text("agency").map(|a| ("dispatched", a, String::new())),
        ActionKind::Reroute => text("rerouted_by").map(|a| ("rerouted", a, String::new())),
        ActionKind::Confirm | ActionKind::Rate => {
            let stars = event
                .payload
                .get("rating")
                .and_then(|r| r.get("stars"))
                .and_then(|s| s.as_u64());
            stars.zip(agency).map(|(s, a)| ("rating", a, s.to_string()))
        }
        _ => None,
    };
    per_agency
        .map(|(dim, agency, value)| both(&month, dim, agency, &value).map(|k| (k, 1)).to_vec())
        .unwrap_or_default()
}

/// Sums equal keys, leaves out those that cancel out (a category changed back), and orders
/// the rest by key, so writers lock rows in one order.
pub fn merged(change: impl IntoIterator<Item = (VolumeKey, i64)>) -> Vec<(VolumeKey, i64)> {
    let mut all = std::collections::BTreeMap::new();
    for (k, n) in change {
        *all.entry(k).or_insert(0) += n;
    }
    all.into_iter().filter(|(_, n)| *n != 0).collect()
}

/// What one write of a report changes in the counts: [`moved`] and [`happened`], merged.
pub fn change(
    before: Option<&Counted>,
    after: Option<&Counted>,
    event: &Event,
    agency: Option<&str>,
) -> Vec<(VolumeKey, i64)> {
    merged(
        moved(before, after)
            .into_iter()
            .chain(happened(event, agency)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(category: &str) -> Counted {
        Counted {
            category: category.into(),
            region: "35.78".into(),
            channel: "web".into(),
            kind: "complaint".into(),
            month: "2026-03".into(),
        }
    }

    #[test]
    fn a_new_report_counts_once_in_each_breakdown_for_all_time_and_its_month() {
        let keys = moved(None, Some(&counted("infrastruktur/jalan")));
        assert_eq!(keys.len(), 8);
        assert!(keys.iter().all(|(_, n)| *n == 1));
        assert!(keys.iter().any(|(k, _)| k.dim == "category"
            && k.grain == "month"
            && k.period == "2026-03"
            && k.value == "infrastruktur/jalan"));
    }

    #[test]
    fn a_new_category_moves_the_report_and_nothing_else() {
        let change = merged(moved(
            Some(&counted("infrastruktur")),
            Some(&counted("infrastruktur/jalan")),
        ));
        assert_eq!(change.len(), 4);
        assert!(change.iter().all(|(k, _)| k.dim == "category"));
        assert_eq!(change.iter().map(|(_, n)| n).sum::<i64>(), 0);
    }

    #[test]
    fn a_deleted_report_leaves_every_breakdown() {
        let change = moved(Some(&counted("kesehatan")), None);
        assert!(change.iter().all(|(_, n)| *n == -1));
        assert!(moved(None, None).is_empty());
    }
}

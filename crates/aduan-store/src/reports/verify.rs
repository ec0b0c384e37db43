//! History verification: recompute every report's event chain and the audit log's chain from
//! the stored rows and name whatever was altered, inserted or cut.

use crate::{Store, StoreResult};
use aduan_domain::event::{ChainError, Event, verify_chain};
use std::collections::BTreeMap;

/// One damaged chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryProblem {
    /// `report <tracking id>` or `audit_log`.
    pub subject: String,
    /// What is wrong.
    pub error: ChainError,
}

/// The outcome of a verification run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryReport {
    /// Reports whose chains were checked.
    pub reports: u64,
    /// Events checked.
    pub events: u64,
    /// Audit entries checked.
    pub audit_entries: u64,
    /// Every damaged chain found.
    pub problems: Vec<HistoryProblem>,
}

impl HistoryReport {
    /// Whether every chain is intact.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Pages of reports checked at a time.
const PAGE: u32 = 500;

/// Verifies every chain in the store, page by page, calling `progress` with the reports done.
pub async fn verify_history(
    store: &dyn Store,
    mut progress: impl FnMut(u64),
) -> StoreResult<HistoryReport> {
    let mut out = HistoryReport::default();
    let mut after = None;
    loop {
        let heads = store.list_report_heads(after.as_ref(), PAGE).await?;
        let (Some(first), Some(last)) = (heads.first(), heads.last()) else {
            break;
        };
        let mut by_report: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        for e in store
            .list_events_between(&first.tracking_id, &last.tracking_id)
            .await?
        {
            out.events += 1;
            by_report.entry(e.report.to_string()).or_default().push(e);
        }
        for head in &heads {
            let events = by_report
                .remove(head.tracking_id.as_str())
                .unwrap_or_default();
            if let Err(error) = verify_chain(&events, Some((head.event_count, &head.head_hash))) {
                out.problems.push(HistoryProblem {
                    subject: format!("report {}", head.tracking_id),
                    error,
                });
            }
        }
        out.reports += heads.len() as u64;
        progress(out.reports);
        after = Some(last.tracking_id);
    }
    let (entries, count, head) = store.list_audit().await?;
    out.audit_entries = entries.len() as u64;
    if let Err(error) = verify_chain(&entries, Some((count, &head))) {
        out.problems.push(HistoryProblem {
            subject: "audit_log".into(),
            error,
        });
    }
    Ok(out)
}

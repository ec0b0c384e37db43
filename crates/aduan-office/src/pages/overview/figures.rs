//! The overview's two readings from elsewhere: the reporters' latest confirmations and
//! ratings of the agency's reports, and its SLA figures as the API computes them.

use aduan_app::AppState;
use aduan_app::stats::SlaQuery;
use aduan_domain::AgencyId;
use aduan_domain::lifecycle::Rating;
use aduan_domain::sla::Phase;
use aduan_portal::Ctx;
use aduan_portal::errors::PageError;
use chrono::{DateTime, Utc};

/// Confirmations and ratings listed.
const FEEDBACK_LISTED: u32 = 10;

/// A reporter's confirmation or rating.
pub struct FeedbackRow {
    /// Tracking id.
    pub id: String,
    /// Title, if any.
    pub title: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// What they did, in words.
    pub action: String,
    /// The rating, if given.
    pub rating: Option<Rating>,
}

/// One phase's SLA figures.
pub struct SlaRow {
    /// Phase code.
    pub code: &'static str,
    /// Phase, in words.
    pub label: String,
    /// Decided.
    pub decided: u64,
    /// Within the limit.
    pub within: u64,
    /// Missed (open past due included).
    pub missed: u64,
    /// Open past due.
    pub open_past_due: u64,
    /// The completion breakdown (completion only): auto-closed before the deadline without
    /// the agency completing (neither within nor missed), then the completions confirmed by
    /// the reporter, closed by the agency, and auto-closed.
    pub completions: Option<CompletionCounts>,
    /// Share within the limit, in whole percent.
    pub compliance: Option<i64>,
    /// Median working days.
    pub median: Option<i64>,
    /// 90th percentile working days.
    pub p90: Option<i64>,
}

/// How a completion phase ended, each kind apart.
pub struct CompletionCounts {
    /// Auto-closed before the deadline, never completed by the agency.
    pub auto_closed_before_due: u64,
    /// Confirmed by the reporter.
    pub confirmed: u64,
    /// Closed by the agency, not confirmed.
    pub agency_closed: u64,
    /// Auto-closed after silence.
    pub auto_closed: u64,
}

/// The reporters' latest confirmations and ratings of the agency's reports.
pub async fn feedback(
    state: &AppState,
    c: &Ctx,
    agency: &AgencyId,
) -> Result<Vec<FeedbackRow>, PageError> {
    let mut rows = Vec::new();
    for e in state.store.list_feedback(agency, FEEDBACK_LISTED).await? {
        let title = state
            .store
            .get_report(&e.report)
            .await?
            .and_then(|r| r.state.title);
        rows.push(FeedbackRow {
            id: e.report.to_string(),
            title,
            at: e.at,
            action: c.t(&format!("event-{}", e.action.as_str())),
            rating: serde_json::from_value(e.payload["rating"].clone()).ok(),
        });
    }
    Ok(rows)
}

/// The agency's SLA figures, as the API computes them.
pub async fn sla(state: &AppState, c: &Ctx, agency: &AgencyId) -> Result<Vec<SlaRow>, PageError> {
    let query = SlaQuery {
        agency: Some(agency.to_string()),
        unit: None,
        from: None,
        until: None,
    };
    let figures = aduan_app::stats::sla(state, query).await?.figures;
    let order = [Phase::Verification, Phase::FirstFollowUp, Phase::Completion];
    Ok(order
        .iter()
        .filter_map(|p| {
            figures
                .iter()
                .find(|f| f.phase == *p && f.responsible == agency.as_str())
        })
        .map(|f| SlaRow {
            code: f.phase.as_str(),
            label: c.t(&format!("overview-sla-{}", f.phase.as_str())),
            decided: f.decided,
            within: f.within_limit,
            missed: f.missed,
            open_past_due: f.open_past_due,
            completions: (f.phase == Phase::Completion).then_some(CompletionCounts {
                auto_closed_before_due: f.auto_closed_before_due,
                confirmed: f.confirmed,
                agency_closed: f.agency_closed,
                auto_closed: f.auto_closed,
            }),
            compliance: f.compliance.map(|s| (s * 100.0).round() as i64),
            median: f.median_days,
            p90: f.p90_days,
        })
        .collect())
}

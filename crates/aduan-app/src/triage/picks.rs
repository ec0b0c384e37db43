//! Which suggestion each verification took, per model version: the first, the second or
//! third, or none of the three shown. Counted at the verification itself, with the model
//! active then, and written in the verification's transaction; the national admin sees the
//! shares per version ([`summary`]).

use super::train::figure;
use super::{SuggestRequest, rank};
use crate::AppState;
use crate::auth::Caller;
use crate::error::AppResult;
use aduan_domain::report::{Report, ReportState};
use aduan_store::{TriagePick, TriageTarget};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// What the models are asked about a stored report: what the admin verifying it reads.
pub fn request_of(report: &Report) -> SuggestRequest {
    let location = report.location.as_ref();
    SuggestRequest {
        title: report.state.title.clone().unwrap_or_default(),
        body: report.body.clone(),
        location: location.map(|l| l.text.clone()),
        region_code: location.and_then(|l| l.region_code.clone()),
        channel: Some(report.channel.as_string()),
    }
}

/// The rank (1 to 3, 0 for none) of `chosen` among `shown`.
fn rank_of(shown: &[super::Suggested], chosen: &str) -> u8 {
    shown
        .iter()
        .position(|s| s.id == chosen)
        .map_or(0, |i| u8::try_from(i + 1).unwrap_or(0))
}

/// The picks of a verification of `report` that leaves it in `after`: one per target whose
/// model is active (the agency's only when the verifier chose among agencies, as a national
/// admin does, and not an agency admin, who verifies to their own; the category's only when
/// one was chosen). A model that cannot be asked costs the verification nothing: it is logged
/// and no pick recorded.
pub async fn of_verification(
    state: &AppState,
    report: &Report,
    after: &ReportState,
    chooses_agency: bool,
) -> Vec<TriagePick> {
    let shown = match rank(state, &request_of(report)).await {
        Ok(shown) => shown,
        Err(e) => {
            tracing::warn!(tracking_id = %report.tracking_id, error = %e, "triage suggestions unavailable");
            return Vec::new();
        }
    };
    let mut picks = Vec::new();
    if let (true, Some(version), Some(agency)) = (chooses_agency, shown.agency_model, &after.agency)
    {
        picks.push(TriagePick {
            target: TriageTarget::Agency,
            version,
            rank: rank_of(&shown.agencies, agency.as_str()),
        });
    }
    if let (Some(version), Some(category)) = (shown.category_model, &after.category) {
        picks.push(TriagePick {
            target: TriageTarget::Category,
            version,
            rank: rank_of(&shown.categories, category.as_str()),
        });
    }
    picks
}

/// One model version as the national admin follows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VersionSummary {
    /// The version.
    pub version: i64,
    /// `agency` or `category`.
    pub target: String,
    /// Whether it is the one suggesting now.
    pub active: bool,
    /// Whether it can still be switched back to.
    pub kept: bool,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// Who stored it (`job`, `cli` or an account id).
    pub created_by: String,
    /// Where it learned (`history`, `csv:<file>`).
    pub source: String,
    /// How many examples it learned from.
    pub examples: u64,
    /// Its held-out top-1 and top-3, when measured.
    pub top1: Option<f64>,
    /// See `top1`.
    pub top3: Option<f64>,
    /// Verifications while it was active.
    pub verifications: u64,
    /// Of those, how many took its first suggestion.
    pub first: u64,
    /// Its second or third.
    pub second_or_third: u64,
    /// None of its three.
    pub none: u64,
}

/// Every model version of both targets, newest first, with how often its suggestions were
/// taken: for the national admin only.
pub async fn summary(state: &AppState, caller: &Caller) -> AppResult<Vec<VersionSummary>> {
    super::admin::national_admin(caller)?;
    versions(state).await
}

/// Every model version of both targets, newest first, with how often its suggestions were
/// taken (for the server's own CLI; callers go through [`summary`]).
pub async fn versions(state: &AppState) -> AppResult<Vec<VersionSummary>> {
    let mut out = Vec::new();
    for target in TriageTarget::ALL {
        let counts = state.store.triage_pick_counts(target).await?;
        for m in state.store.list_triage_models(target).await? {
            let of = |rank: u8| {
                counts
                    .iter()
                    .filter(|c| c.version == m.version && c.rank == rank)
                    .map(|c| c.count)
                    .sum::<u64>()
            };
            let (first, second_or_third, none) = (of(1), of(2) + of(3), of(0));
            out.push(VersionSummary {
                version: m.version,
                target: target.as_str().into(),
                active: m.active,
                kept: m.kept,
                created_at: m.created_at,
                created_by: m.created_by.clone(),
                source: m.source.clone(),
                examples: m.examples,
                top1: figure(&m, "top1"),
                top3: figure(&m, "top3"),
                verifications: first + second_or_third + none,
                first,
                second_or_third,
                none,
            });
        }
    }
    out.sort_by_key(|v| std::cmp::Reverse(v.version));
    Ok(out)
}

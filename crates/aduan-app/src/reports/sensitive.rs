//! Sensitive categories chosen by staff: a report that staff put in a sensitive category (at
//! verification, or by any later change of category) becomes confidential, recorded on the
//! event that changed the category, unless its reporter explicitly chose to make it public.
//! Intake applies the same rule to the category the reporter chose; SMS, e-mail and social
//! reports arrive without one, so this is where their sensitivity takes effect.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::lifecycle::{ActionKind, EventDraft};
use aduan_domain::report::{ReportState, confidential_in_category};
use aduan_store::StoredReport;
use serde_json::json;

/// Makes `next` confidential when the action put `report` in a sensitive category and its
/// reporter did not explicitly choose public, and says so in the event's payload
/// (`"confidential": true, "confidential_reason": "sensitive_category"`).
pub async fn apply_category(
    state: &AppState,
    report: &StoredReport,
    next: &mut ReportState,
    draft: &mut EventDraft,
) -> AppResult<()> {
    if !categorised(&report.state, next, draft) {
        return Ok(());
    }
    let Some(category) = &next.category else {
        return Ok(());
    };
    let sensitive = state
        .store
        .get_category(category)
        .await?
        .is_some_and(|c| c.sensitive);
    let choice = state.store.confidential_choice(&report.tracking_id).await?;
    apply(next, draft, sensitive, choice);
    Ok(())
}

/// Whether the action (its event `draft`) took a public report from `before` into a category,
/// so that [`apply`] must look at the category.
pub fn categorised(before: &ReportState, next: &ReportState, draft: &EventDraft) -> bool {
    let moved = draft.action == ActionKind::VerifyDispatch || next.category != before.category;
    moved && !next.confidential && next.category.is_some()
}

/// The rule of [`apply_category`], given whether the category is `sensitive` and the
/// reporter's explicit `choice`.
pub fn apply(
    next: &mut ReportState,
    draft: &mut EventDraft,
    sensitive: bool,
    choice: Option<bool>,
) {
    if !confidential_in_category(next.confidential, choice, sensitive) {
        return;
    }
    next.confidential = true;
    if !draft.payload.is_object() {
        draft.payload = json!({});
    }
    if let Some(map) = draft.payload.as_object_mut() {
        map.insert("confidential".into(), json!(true));
        map.insert("confidential_reason".into(), json!("sensitive_category"));
    }
}

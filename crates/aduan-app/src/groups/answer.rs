//! The group's answer: one text, given as a `follow_up` on each member through the lifecycle
//! (the same checks and transaction as a follow-up on one report), so each reporter is told and
//! each member's clock moves; the members whose lifecycle refuses it are listed with the reason.

use super::manages;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::input::parse_json;
use crate::reports::act::act_as;
use crate::reports::viewer::Viewed;
use aduan_store::{AUDIT_GROUP_ANSWER_REFUSED, GroupActor};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The group's answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupAnswer {
    /// The text every member's reporter reads as a follow-up.
    pub body: String,
}

/// A member that did not take the answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Refusal {
    /// The member.
    pub tracking_id: String,
    /// Why, as the action on that report alone would have answered (`invalid_transition`,
    /// `action_forbidden`, `not_found`, ...).
    pub code: String,
}

/// What the answer did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerOutcome {
    /// The members that got it as a follow-up.
    pub answered: Vec<String>,
    /// The members that refused it, and why.
    pub refused: Vec<Refusal>,
}

/// Gives the group's answer (`body` as [`GroupAnswer`]) as a follow-up on each member, as the
/// caller, who must work for the group's agency (or be a national admin). The answer is kept
/// on the group once at least one member took it; every attempt is audited with its outcome.
pub async fn answer(
    state: &AppState,
    caller: &Caller,
    group: &str,
    body: &[u8],
) -> AppResult<AnswerOutcome> {
    caller.require_user()?;
    let staff = caller.staff().ok_or(AppError::Forbidden)?;
    let req: GroupAnswer = parse_json(body)?;
    let text = req.body.trim();
    if text.is_empty() {
        return Err(AppError::field("body", "required"));
    }
    let found = state
        .store
        .get_group(group)
        .await?
        .ok_or(AppError::NotFound)?;
    if !manages(&staff, &found.agency) {
        return Err(AppError::Forbidden);
    }
    let action = json!({ "action": "follow_up", "body": text });
    let mut outcome = AnswerOutcome {
        answered: Vec::new(),
        refused: Vec::new(),
    };
    for id in &found.members {
        let result = match state.store.get_report(id).await? {
            None => Err(AppError::NotFound),
            Some(report) => match Viewed::of(state, caller, report).await {
                Ok(seen) => act_as(state, &seen, &action).await.map(|_| ()),
                Err(e) => Err(e),
            },
        };
        match result {
            Ok(()) => outcome.answered.push(id.to_string()),
            Err(e) => {
                if matches!(e, AppError::Internal(_)) {
                    tracing::error!(group, tracking_id = %id, error = %e, "group answer failed on a member");
                }
                outcome.refused.push(Refusal {
                    tracking_id: id.to_string(),
                    code: e.status_and_code().1.to_owned(),
                });
            }
        }
    }
    let by = staff.user.to_string();
    let actor = GroupActor {
        by: &by,
        at: state.clock.now(),
    };
    let record = json!({
        "answered": outcome.answered,
        "refused": outcome.refused.iter().map(|r| json!({"report": r.tracking_id, "code": r.code})).collect::<Vec<_>>(),
    });
    if outcome.answered.is_empty() {
        state
            .store
            .append_audit(
                &by,
                actor.at,
                AUDIT_GROUP_ANSWER_REFUSED,
                &format!("group:{group}"),
                record,
            )
            .await?;
    } else {
        state
            .store
            .set_group_answer(group, text, record, actor)
            .await?;
    }
    Ok(outcome)
}

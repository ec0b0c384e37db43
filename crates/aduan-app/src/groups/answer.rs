//! The group's answer: one text, given as a `follow_up` on each member through the lifecycle
//! (the same checks and transaction as a follow-up on one report), so each reporter is told and
//! each member's clock moves; the members whose lifecycle refuses it are listed with the reason,
//! and members the person answering may not see are left alone and only counted.

use super::manage::{acting, managed};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::input::parse_json;
use crate::reports::act::act_as;
use crate::reports::viewer::Viewed;
use aduan_domain::TrackingId;
use aduan_domain::actor::{Actor, Staff};
use aduan_domain::lifecycle::ActionKind;
use aduan_store::AUDIT_GROUP_ANSWER_REFUSED;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The group's answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupAnswer {
    /// The text every member's reporter reads as a follow-up (not only spaces).
    #[schema(
        min_length = 1,
        pattern = r"\S",
        example = "Perbaikan lampu jalan di seluruh kelurahan selesai pekan ini."
    )]
    pub body: String,
}

/// A member that did not take the answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Refusal {
    /// The member.
    pub tracking_id: String,
    /// Why, as the action on that report alone would have answered (`illegal_transition`,
    /// `action_forbidden`, `conflict`, `internal`, ...).
    pub code: String,
}

/// What the answer did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerOutcome {
    /// The members that got it as a follow-up now.
    pub answered: Vec<String>,
    /// The members that already carry this very answer as a follow-up (a repeated request):
    /// not answered twice.
    pub already: Vec<String>,
    /// The members that refused it, and why (only members the caller may see).
    pub refused: Vec<Refusal>,
    /// Members the caller may not see (held by another unit, say): left alone, and counted
    /// only.
    pub unseen: u32,
}

/// What became of one member.
enum Step {
    Answered,
    Already,
    Refused(String),
    Unseen,
}

/// Gives the answer to one member as `staff`, unless it carries it already; a store failure
/// refuses it (`internal`) rather than stopping the others.
async fn answer_one(
    state: &AppState,
    staff: &Staff,
    id: &TrackingId,
    text: &str,
    action: &serde_json::Value,
) -> Step {
    let refused = |e: AppError| {
        if matches!(e, AppError::Internal(_)) {
            tracing::error!(tracking_id = %id, error = %e, "group answer failed on a member");
        }
        Step::Refused(e.status_and_code().1.to_owned())
    };
    let report = match state.store.get_report(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return Step::Unseen,
        Err(e) => return refused(e.into()),
    };
    let seen = match Viewed::new(state, Actor::Staff(staff.clone()), report).await {
        Ok(s) if s.visibility().report() => s,
        Ok(_) => return Step::Unseen,
        Err(e) => return refused(e),
    };
    match state.store.list_events(id).await {
        Ok(events)
            if events
                .iter()
                .any(|e| e.action == ActionKind::FollowUp && e.body.as_deref() == Some(text)) =>
        {
            return Step::Already;
        }
        Ok(_) => {}
        Err(e) => return refused(e.into()),
    }
    match act_as(state, &seen, action).await {
        Ok(_) => Step::Answered,
        Err(e) => refused(e),
    }
}

/// Gives the group's answer (`body` as [`GroupAnswer`]) as a follow-up on each member, as the
/// caller, who must work for the group's agency (or be a national admin). A member that
/// already carries this answer is not answered twice. The answer is kept on the group once a
/// member carries it; every attempt is audited with its outcome.
pub async fn answer(
    state: &AppState,
    caller: &Caller,
    group: &str,
    body: &[u8],
) -> AppResult<AnswerOutcome> {
    // Who may answer is settled before the answer is read.
    let (staff, found) = managed(state, caller, group).await?;
    let req: GroupAnswer = parse_json(body)?;
    let text = req.body.trim();
    if text.is_empty() {
        return Err(AppError::field("body", "required"));
    }
    let action = json!({ "action": "follow_up", "body": text });
    let mut outcome = AnswerOutcome {
        answered: Vec::new(),
        already: Vec::new(),
        refused: Vec::new(),
        unseen: 0,
    };
    for id in &found.members {
        match answer_one(state, &staff, id, text, &action).await {
            Step::Answered => outcome.answered.push(id.to_string()),
            Step::Already => outcome.already.push(id.to_string()),
            Step::Refused(code) => outcome.refused.push(Refusal {
                tracking_id: id.to_string(),
                code,
            }),
            Step::Unseen => outcome.unseen += 1,
        }
    }
    let by = staff.user.to_string();
    let actor = acting(state, &by);
    let record = json!({
        "answered": outcome.answered,
        "already": outcome.already,
        "refused": outcome.refused.iter().map(|r| json!({"report": r.tracking_id, "code": r.code})).collect::<Vec<_>>(),
        "unseen": outcome.unseen,
    });
    if outcome.answered.is_empty() && outcome.already.is_empty() {
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

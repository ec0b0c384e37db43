//! Acting on a report: every action a person takes, through any edge, decided by the one
//! transition function and written with its event in one transaction.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::facts::report_facts;
use crate::input::parse_json as parse;
use crate::reports::action_input::{ActionRequest, to_action};
use crate::reports::viewer::Viewed;
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::lifecycle::{admits, decide};
use aduan_domain::{Role, TrackingId};
use aduan_store::EventActor;
use aduan_store::{Commit, Effects};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// The report's state after the action.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionResponse {
    /// The report.
    pub tracking_id: String,
    /// Status.
    pub status: String,
    /// How it was completed.
    pub completion_kind: Option<String>,
    /// Escalation level.
    pub escalation_level: String,
    /// The version to send with the next action.
    pub version: i64,
}

/// Records on a staff member's event which agency and unit acted, so that reporters and the
/// public see the agency or unit, never the person.
pub fn stamp_staff(payload: &mut Value, role: &StaffRole) {
    let (agency, unit) = match role {
        StaffRole::AgencyAdmin { agency } => (Some(agency.to_string()), None),
        StaffRole::UnitOfficer { agency, unit } => {
            (Some(agency.to_string()), Some(unit.to_string()))
        }
        StaffRole::NationalAdmin => (Some("admin-nasional".to_owned()), None),
        StaffRole::Supervisor { body } => (Some(body.as_str().to_owned()), None),
    };
    if !payload.is_object() {
        *payload = json!({});
    }
    if let Some(map) = payload.as_object_mut() {
        map.insert("by_agency".into(), json!(agency));
        map.insert("by_unit".into(), json!(unit));
    }
}

/// Takes an action as `caller` on the report `tracking_id`: `body` is the request as JSON
/// (`action` names it), `if_match` the version the caller saw, if it sent one (a `version` in
/// the body wins). The caller is the reporter by an access code (in the body or given with the
/// request), staff by role, or the public, who may do nothing.
pub async fn take(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    body: &[u8],
    if_match: AppResult<Option<i64>>,
) -> AppResult<ActionResponse> {
    // Only whether the body is JSON is told before the report is found and shown to be visible
    // to the caller (with, in place of the header, the body's access code): what the action
    // lacks is told only to whoever may act, and a report hidden from the caller answers
    // `not_found` exactly as one that does not exist, whatever the body.
    let raw: Value = parse(body)?;
    let id = TrackingId::parse(tracking_id).map_err(|_| AppError::NotFound)?;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let code = raw.get("access_code").and_then(Value::as_str);
    let actor = caller.actor_for(state, &report, code).await?;
    let seen = Viewed::new(state, actor, report).await?.through(caller.via);
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    // No action is anyone's: a caller who proved nothing is told to sign in or give the code.
    if matches!(seen.actor(), aduan_domain::Actor::Public) {
        return Err(AppError::Unauthorized);
    }
    let kind = action_kind(&raw)?;
    let req: ActionRequest = parse(body)?;
    perform(state, seen, kind, req, if_match).await
}

/// Takes an action (`body` as `POST /reports/{id}/actions` takes it) on the report `seen` is
/// of, as its viewer, whom a channel proved (the reporter's phone number, their own address):
/// on the report as it is now, with the same checks and transition code as [`take`].
pub async fn act_as(state: &AppState, seen: &Viewed, body: &Value) -> AppResult<ActionResponse> {
    let kind = action_kind(body)?;
    let req: ActionRequest = parse(body.to_string().as_bytes())?;
    let now = seen.clone().refreshed(state).await?;
    perform(state, now, kind, req, Ok(None)).await
}

/// The action a request names, if it is one of the table's. A reveal is never one action: it
/// is requested and approved by two people ([`crate::reports::reveal`]).
fn action_kind(raw: &Value) -> AppResult<aduan_domain::lifecycle::ActionKind> {
    let name = raw
        .get("action")
        .and_then(Value::as_str)
        .ok_or_else(|| AppError::field("action", "required"))?;
    let kind = aduan_domain::lifecycle::ActionKind::parse(name)
        .filter(|k| k.in_table())
        .ok_or_else(|| AppError::UnknownAction(name.to_owned()))?;
    if kind == aduan_domain::lifecycle::ActionKind::RevealIdentity {
        return Err(AppError::TwoPersonReveal);
    }
    Ok(kind)
}

/// Decides and writes one action by the viewer of `seen` on its report.
async fn perform(
    state: &AppState,
    seen: Viewed,
    kind: aduan_domain::lifecycle::ActionKind,
    req: ActionRequest,
    if_match: AppResult<Option<i64>>,
) -> AppResult<ActionResponse> {
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    let actor = seen.actor().clone();
    let report = seen.report();
    let id = report.tracking_id;
    let version = req.version.or(if_match?).unwrap_or(report.version);
    if version != report.version {
        return Err(AppError::Conflict);
    }
    let clocks = state.store.list_clocks(&id).await?;
    let facts = report_facts(state, report, &clocks).await?;
    // The status and the caller's role first: the agency, unit or category an action names are
    // looked up only for someone who may take it now.
    admits(&facts, &actor, kind)?;
    let action = to_action(state, kind, &req).await?;
    let mut decision = decide(&facts, &actor, &action)?;
    let mut draft = decision.event;
    crate::reports::sensitive::apply_category(state, report, &mut decision.state, &mut draft)
        .await?;
    let event_actor = match &actor {
        Actor::Staff(s) => {
            stamp_staff(&mut draft.payload, &s.role);
            EventActor {
                id: s.user.to_string(),
                role: s.role.role(),
            }
        }
        Actor::Reporter(r) => EventActor {
            id: r.to_string(),
            role: Role::Reporter,
        },
        Actor::Public | Actor::System => return Err(AppError::Forbidden),
    };
    let now = state.clock.now();
    let clocks = crate::deadlines::moved(
        state,
        clocks,
        kind,
        now,
        Some(&report.state),
        &decision.state,
    )
    .await?;
    let outbox = crate::notify::for_transition(state, report, &draft, &decision.state, now).await?;
    let picks = if kind == aduan_domain::lifecycle::ActionKind::VerifyDispatch {
        let chooses_agency = matches!(
            &actor,
            Actor::Staff(s) if matches!(s.role, aduan_domain::actor::StaffRole::NationalAdmin)
        );
        crate::triage::picks::of_verification(state, report, &decision.state, chooses_agency).await
    } else {
        Vec::new()
    };
    state
        .store
        .commit(Commit::Transition {
            id: &id,
            expected_version: version,
            state: &decision.state,
            event: draft,
            actor: &event_actor,
            at: now,
            effects: Some(Effects {
                clocks: &clocks,
                calendar: &state.calendar(),
                outbox: &outbox,
                picks: &picks,
            }),
        })
        .await?;
    tracing::info!(tracking_id = %id, action = kind.as_str(), role = event_actor.role.as_str(), "action taken");
    Ok(ActionResponse {
        tracking_id: id.to_string(),
        status: decision.state.status.as_str().into(),
        completion_kind: decision.state.completion_kind.map(|c| c.as_str().into()),
        escalation_level: decision.state.escalation_level.as_str().into(),
        version: version + 1,
    })
}

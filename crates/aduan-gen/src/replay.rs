//! Replaying a history through the transition table: every stored event is turned back into
//! the action and actor it records, the windows are recomputed from the times of the events
//! before it, and [`decide`] must allow it and produce exactly the recorded state and event.

use crate::roster::Roster;
use crate::sim::Clocks;
use crate::world::World;
use aduan_domain::actor::{Actor, Role, Staff};
use aduan_domain::event::Event;
use aduan_domain::lifecycle::{
    Action, ActionKind, AgencyTarget, Decision, Rating, ReportFacts, UnitTarget, decide,
    decide_submit,
};
use aduan_domain::report::{ArchiveReason, HandlingClass, Kind, NewReport, ReportState};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{AgencyId, CategoryId, ReporterId, TrackingId, UnitId, UserId};
use aduan_store::History;
use serde_json::Value;

/// Where a history departs from the transition table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("report {report}, event {seq} ({action}): {problem}")]
pub struct ReplayError {
    /// The report.
    pub report: TrackingId,
    /// The event's position.
    pub seq: i64,
    /// The event's action.
    pub action: ActionKind,
    /// What went wrong.
    pub problem: String,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The action an event records, read from its reason, body and payload.
fn action_of(e: &Event, world: &World, state: &ReportState) -> Result<Action, String> {
    use ActionKind as K;
    let p = &e.payload;
    let body = || e.body.clone().unwrap_or_default();
    let reason = || e.reason.clone().unwrap_or_default();
    let archive = || -> Result<Option<ArchiveReason>, String> {
        let code = ArchiveReasonCode::parse(&reason()).ok_or("unknown archive reason")?;
        let duplicate_of = match text(p, "duplicate_of") {
            Some(t) => Some(TrackingId::parse(&t).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Some(ArchiveReason {
            code,
            duplicate_of,
            text: text(p, "reason_text"),
        }))
    };
    let rating = || -> Result<Option<Rating>, String> {
        match p.get("rating") {
            None | Some(Value::Null) => Ok(None),
            Some(r) => serde_json::from_value(r.clone()).map_err(|e| e.to_string()),
        }
    };
    Ok(match e.action {
        K::Submit => return Err("a second submission".into()),
        K::DeadlineMoved => return Err("a calendar change is not an action of the table".into()),
        K::AddInfo => Action::AddInfo { body: body() },
        K::Withdraw => Action::Withdraw,
        K::VerifyDispatch => Action::VerifyDispatch {
            target: Some(AgencyTarget {
                agency: AgencyId::new(text(p, "agency").ok_or("no agency")?),
                inspectorate: text(p, "unit").map(UnitId::new),
            }),
            handling_class: text(p, "handling_class").and_then(|h| HandlingClass::parse(&h)),
            kind: text(p, "kind").and_then(|k| Kind::parse(&k)),
            title: None,
            category: text(p, "category").map(CategoryId::new),
            tags: Some(serde_json::from_value(p["tags"].clone()).map_err(|e| e.to_string())?),
        },
        K::Postpone => Action::Postpone { reason: reason() },
        K::Archive => Action::Archive { reason: archive()? },
        K::Delete => Action::Delete { reason: archive()? },
        K::Appeal => Action::Appeal { reason: reason() },
        K::DispatchUnit => {
            let unit = text(p, "unit").map(UnitId::new);
            Action::DispatchUnit {
                unit: Some(UnitTarget {
                    agency: state.agency.clone().ok_or("no holding agency")?,
                    path: world.unit_path(unit.as_ref()),
                }),
            }
        }
        K::Reroute => Action::Reroute {
            reason: reason(),
            suggested_agency: text(p, "suggested_agency").map(AgencyId::new),
        },
        K::FollowUp => Action::FollowUp { body: body() },
        K::Reply => Action::Reply { body: body() },
        K::Note => Action::Note { body: body() },
        K::Complete => Action::Complete { body: body() },
        K::Confirm => Action::Confirm { rating: rating()? },
        K::Rate => Action::Rate {
            rating: rating()?.ok_or("no rating")?,
        },
        K::AutoClose => Action::AutoClose,
        K::Reopen => Action::Reopen { reason: reason() },
        K::Escalate => Action::Escalate,
        K::RevealIdentity => Action::RevealIdentity { reason: reason() },
        K::OmbudsmanAcknowledge => Action::OmbudsmanAcknowledge { body: body() },
        K::RequestInformation => Action::RequestInformation { body: body() },
        K::RecordFinding => Action::RecordFinding { body: body() },
        K::AnswerInformation => Action::AnswerInformation { body: body() },
    })
}

/// The actor an event records.
fn actor_of(e: &Event, roster: &Roster) -> Result<Actor, String> {
    Ok(match e.role {
        Role::Reporter => Actor::Reporter(ReporterId::from_stored(e.actor.clone())),
        Role::System => Actor::System,
        Role::Public | Role::Citizen => Actor::Public,
        _ => {
            let role = roster
                .role_of(&e.actor)
                .ok_or_else(|| format!("unknown staff id {}", e.actor))?;
            if role.role() != e.role {
                return Err(format!("staff {} recorded as {}", e.actor, e.role));
            }
            let user = UserId(e.actor.parse().map_err(|_| "staff id is not a number")?);
            Actor::Staff(Staff { user, role })
        }
    })
}

/// Whether `d` produced exactly the recorded event and state.
fn matches(d: &Decision, e: &Event, recorded: &ReportState) -> Result<(), String> {
    let ev = &d.event;
    if (
        ev.action,
        ev.from,
        ev.to,
        &ev.reason,
        &ev.body,
        ev.internal,
        &ev.payload,
    ) != (
        e.action, e.from, e.to, &e.reason, &e.body, e.internal, &e.payload,
    ) {
        return Err(format!(
            "decided event {ev:?} differs from the recorded one"
        ));
    }
    if d.state != *recorded {
        return Err(format!(
            "decided state {:?} differs from the recorded {recorded:?}",
            d.state
        ));
    }
    Ok(())
}

/// Replays `history` (its events as sealed for storage) through the transition table.
pub fn replay(world: &World, roster: &Roster, history: &History) -> Result<(), ReplayError> {
    replay_events(world, roster, history, &history.sealed_events())
}

/// Replays `events` — for instance as read back from a store — through the transition table,
/// from the initial state of `history`, and checks each step against the state it recorded.
pub fn replay_events(
    world: &World,
    roster: &Roster,
    history: &History,
    events: &[Event],
) -> Result<(), ReplayError> {
    let report = &history.report;
    let fail = |e: &Event, problem: String| ReplayError {
        report: report.tracking_id,
        seq: e.seq,
        action: e.action,
        problem,
    };
    let (Some(first), Some(step0)) = (events.first(), history.steps.first()) else {
        return Err(ReplayError {
            report: report.tracking_id,
            seq: 0,
            action: ActionKind::Submit,
            problem: "no events".into(),
        });
    };
    if events.len() != history.steps.len() {
        return Err(fail(
            first,
            format!("{} events for {} steps", events.len(), history.steps.len()),
        ));
    }
    let initial = &step0.state;
    let new = NewReport {
        kind: initial.kind,
        title: initial.title.clone(),
        body: report.body.clone(),
        incident_date: report.incident_date,
        location: report.location.clone(),
        requested_agency: initial.requested_agency.clone(),
        category: initial.category.clone(),
        anonymous: report.anonymous,
        confidential: initial.confidential,
        confidential_choice: None,
        show_name: report.show_name,
        channel: report.channel.clone(),
    };
    let on_behalf = first.payload.get("on_behalf").and_then(Value::as_bool) == Some(true);
    let submitter = match first.role {
        Role::Reporter => Actor::Public,
        _ => actor_of(first, roster).map_err(|p| fail(first, p))?,
    };
    let d = decide_submit(&submitter, &new, on_behalf).map_err(|e| fail(first, e.to_string()))?;
    matches(&d, first, initial).map_err(|p| fail(first, p))?;
    let cal = &world.calendar;
    let mut clocks = Clocks::default();
    let mut state = d.state;
    for (e, step) in events.iter().zip(&history.steps).skip(1) {
        let action = action_of(e, world, &state).map_err(|p| fail(e, p))?;
        let actor = actor_of(e, roster).map_err(|p| fail(e, p))?;
        let facts = ReportFacts {
            state: state.clone(),
            reporter: report.reporter.clone(),
            confidential: state.confidential,
            anonymous: report.anonymous,
            show_name: report.show_name,
            unit_path: world.unit_path(state.unit.as_ref()),
            windows: clocks.windows(cal, e.at, &state),
        };
        let d = decide(&facts, &actor, &action).map_err(|err| fail(e, err.to_string()))?;
        matches(&d, e, &step.state).map_err(|p| fail(e, p))?;
        clocks.observe(
            cal,
            e.action,
            e.at,
            &d.state,
            world.zone_of(d.state.agency.as_ref()),
        );
        state = d.state;
    }
    Ok(())
}

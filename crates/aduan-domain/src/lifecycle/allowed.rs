//! Which actions are open to an actor now: every candidate of its side asked of [`decide`] with
//! filler inputs (the real inputs are checked again when the action is sent), so that the pages
//! offer exactly what the table allows and nothing decides it twice.

use super::{Action, ActionKind, AgencyTarget, Rating, ReportFacts, UnitTarget, decide};
use crate::actor::{Actor, StaffRole};
use crate::ids::{AgencyId, UnitId};
use crate::report::{ArchiveReason, HandlingClass};
use crate::status::ArchiveReasonCode;

/// The reporter's actions, in the order pages offer them.
pub const REPORTER_ACTIONS: [ActionKind; 8] = [
    ActionKind::AddInfo,
    ActionKind::Withdraw,
    ActionKind::Reply,
    ActionKind::Confirm,
    ActionKind::Rate,
    ActionKind::Reopen,
    ActionKind::Appeal,
    ActionKind::Escalate,
];

/// The staff actions, in the order pages offer them.
pub const STAFF_ACTIONS: [ActionKind; 14] = [
    ActionKind::VerifyDispatch,
    ActionKind::Postpone,
    ActionKind::Archive,
    ActionKind::Delete,
    ActionKind::DispatchUnit,
    ActionKind::Reroute,
    ActionKind::FollowUp,
    ActionKind::Complete,
    ActionKind::AnswerInformation,
    ActionKind::Note,
    ActionKind::OmbudsmanAcknowledge,
    ActionKind::RequestInformation,
    ActionKind::RecordFinding,
    ActionKind::RevealIdentity,
];

/// Every action open to `actor` on a report with `facts` now: a reporter's
/// ([`reporter_actions`]) or staff's ([`staff_actions`]); none for the public or the system.
pub fn allowed_actions(facts: &ReportFacts, actor: &Actor) -> Vec<ActionKind> {
    let mut out = reporter_actions(facts, actor);
    out.extend(staff_actions(facts, actor));
    out
}

/// The reporter's actions open to `actor` now, in the order of [`REPORTER_ACTIONS`]; none
/// unless `actor` is a reporter.
pub fn reporter_actions(facts: &ReportFacts, actor: &Actor) -> Vec<ActionKind> {
    if !matches!(actor, Actor::Reporter(_)) {
        return Vec::new();
    }
    let body = || "-".to_owned();
    let rating = Rating {
        stars: 5,
        resolved: true,
    };
    let candidates = [
        Action::AddInfo { body: body() },
        Action::Withdraw,
        Action::Reply { body: body() },
        Action::Confirm { rating: None },
        Action::Rate { rating },
        Action::Reopen { reason: body() },
        Action::Appeal { reason: body() },
        Action::Escalate,
    ];
    open(facts, actor, &candidates, &REPORTER_ACTIONS)
}

/// The staff actions open to `actor` now, in the order of [`STAFF_ACTIONS`]; none unless
/// `actor` is staff. A dispatch to a unit is asked with the officer's own unit (an agency
/// admin's, any unit of its agency).
pub fn staff_actions(facts: &ReportFacts, actor: &Actor) -> Vec<ActionKind> {
    let Some(role) = actor.staff_role() else {
        return Vec::new();
    };
    let text = || "-".to_owned();
    let own_agency = match role {
        StaffRole::AgencyAdmin { agency } | StaffRole::UnitOfficer { agency, .. } => agency.clone(),
        _ => AgencyId::new("-"),
    };
    let unit_target = match role {
        StaffRole::UnitOfficer { agency, unit } => Some(UnitTarget {
            agency: agency.clone(),
            path: vec![unit.clone()],
        }),
        StaffRole::AgencyAdmin { agency } => Some(UnitTarget {
            agency: agency.clone(),
            path: vec![UnitId::new("-")],
        }),
        _ => None,
    };
    let reason = || ArchiveReason {
        code: ArchiveReasonCode::Spam,
        duplicate_of: None,
        text: None,
    };
    let mut candidates = vec![
        Action::VerifyDispatch {
            target: Some(AgencyTarget {
                agency: own_agency,
                inspectorate: None,
            }),
            handling_class: Some(HandlingClass::Ordinary),
            kind: None,
            title: None,
            category: None,
            tags: None,
        },
        Action::Postpone { reason: text() },
        Action::Archive {
            reason: Some(reason()),
        },
        Action::Delete {
            reason: Some(reason()),
        },
        Action::Reroute {
            reason: text(),
            suggested_agency: None,
        },
        Action::FollowUp { body: text() },
        Action::Complete { body: text() },
        Action::AnswerInformation { body: text() },
        Action::Note { body: text() },
        Action::OmbudsmanAcknowledge { body: text() },
        Action::RequestInformation { body: text() },
        Action::RecordFinding { body: text() },
        Action::RevealIdentity { reason: text() },
    ];
    if unit_target.is_some() {
        candidates.push(Action::DispatchUnit { unit: unit_target });
    }
    open(facts, actor, &candidates, &STAFF_ACTIONS)
}

/// The kinds of `order` whose candidate `decide` allows.
fn open(
    facts: &ReportFacts,
    actor: &Actor,
    candidates: &[Action],
    order: &[ActionKind],
) -> Vec<ActionKind> {
    let allowed: Vec<ActionKind> = candidates
        .iter()
        .filter(|a| decide(facts, actor, a).is_ok())
        .map(Action::kind)
        .collect();
    order
        .iter()
        .copied()
        .filter(|k| allowed.contains(k))
        .collect()
}

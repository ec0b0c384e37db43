//! Which action forms to offer: the staff actions that the lifecycle's `decide` would allow
//! this staff member now, asked with filler inputs (the real inputs are checked again when
//! the form is sent), and the units a report may be dispatched to.

use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::directory::Unit;
use aduan_domain::lifecycle::{Action, ActionKind, AgencyTarget, ReportFacts, UnitTarget, decide};
use aduan_domain::report::{ArchiveReason, HandlingClass};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{AgencyId, UnitId};

/// The archive and delete reasons staff choose from (docs/domain.md §3), in the order shown.
pub const REASONS: [&str; 8] = [
    "too_general",
    "not_public_service",
    "unintelligible",
    "duplicate",
    "sara_or_abuse",
    "spam",
    "reporter_unreachable",
    "other",
];

/// The staff actions, in the order the page shows their forms.
pub const STAFF_ACTIONS: [&str; 14] = [
    "verify_dispatch",
    "postpone",
    "archive",
    "delete",
    "dispatch_unit",
    "reroute",
    "follow_up",
    "complete",
    "answer_information",
    "note",
    "ombudsman_acknowledge",
    "request_information",
    "record_finding",
    "reveal_identity",
];

fn filler_reason() -> ArchiveReason {
    ArchiveReason {
        code: ArchiveReasonCode::Spam,
        duplicate_of: None,
        text: None,
    }
}

/// The actions `actor` (staff) may take on a report with `facts` now.
pub fn open_actions(facts: &ReportFacts, actor: &Actor) -> Vec<&'static str> {
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
            reason: Some(filler_reason()),
        },
        Action::Delete {
            reason: Some(filler_reason()),
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
    let allowed: Vec<ActionKind> = candidates
        .iter()
        .filter(|a| decide(facts, actor, a).is_ok())
        .map(Action::kind)
        .collect();
    STAFF_ACTIONS
        .into_iter()
        .filter(|name| allowed.iter().any(|k| k.as_str() == *name))
        .collect()
}

/// The units `role` may send the report to, with their names as paths ("Dinas PU › Bidang
/// Jalan"): every unit of the agency for its admin, the officer's own unit and those below it
/// for an officer; never the unit holding it now.
pub fn unit_choices(
    role: &StaffRole,
    units: &[Unit],
    holding: Option<&UnitId>,
) -> Vec<(String, String)> {
    let allowed: Vec<&Unit> = match role {
        StaffRole::AgencyAdmin { .. } => units.iter().collect(),
        StaffRole::UnitOfficer { unit, .. } => units
            .iter()
            .filter(|u| ancestry(units, &u.id).contains(&unit))
            .collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<(String, String)> = allowed
        .into_iter()
        .filter(|u| Some(&u.id) != holding)
        .map(|u| {
            let names: Vec<&str> = ancestry(units, &u.id)
                .into_iter()
                .rev()
                .filter_map(|id| units.iter().find(|x| &x.id == id).map(|x| x.name.as_str()))
                .collect();
            (u.id.to_string(), names.join(" › "))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The unit and its ancestors, the unit first.
fn ancestry<'a>(units: &'a [Unit], id: &'a UnitId) -> Vec<&'a UnitId> {
    let mut out = vec![id];
    let mut current = id;
    while let Some(parent) = units
        .iter()
        .find(|u| &u.id == current)
        .and_then(|u| u.parent.as_ref())
    {
        if out.contains(&parent) {
            break;
        }
        out.push(parent);
        current = parent;
    }
    out
}

//! The actions pages offer ([`allowed_actions`]) against [`decide`]: for every status of the
//! table, every role and scope it names, and a report escalated to the Ombudsman or awaiting
//! an answer to it, an action is offered exactly when `decide` allows it with inputs a person
//! would fill in, and in the order the pages show.

use super::*;
use aduan_domain::lifecycle::{REPORTER_ACTIONS, STAFF_ACTIONS, allowed_actions};

/// The actor cells: every base role and every scope of the table.
const ACTORS: [&str; 16] = [
    "public",
    "reporter",
    "other_reporter",
    "national_admin",
    "agency_admin:own",
    "agency_admin:other",
    "unit_officer:holding",
    "unit_officer:parent",
    "unit_officer:sub",
    "unit_officer:sibling",
    "unit_officer:other_unit",
    "unit_officer:other_agency",
    "ombudsman",
    "ksp",
    "kemendagri",
    "system",
];

/// The action of `kind` as `actor` would send it, with every input given.
fn filled_in(kind: ActionKind, actor: &Actor) -> Action {
    let text = || "Jalan sudah ditambal pada 3 Maret".to_owned();
    let rating = Rating {
        stars: 4,
        resolved: true,
    };
    let (agency, unit) = match actor.staff_role() {
        Some(StaffRole::AgencyAdmin { agency }) => (agency.clone(), None),
        Some(StaffRole::UnitOfficer { agency, unit }) => (agency.clone(), Some(unit.clone())),
        _ => (AgencyId::new(SURABAYA), None),
    };
    match kind {
        ActionKind::AddInfo => Action::AddInfo { body: text() },
        ActionKind::Withdraw => Action::Withdraw,
        ActionKind::Reply => Action::Reply { body: text() },
        ActionKind::Confirm => Action::Confirm { rating: None },
        ActionKind::Rate => Action::Rate { rating },
        ActionKind::Reopen => Action::Reopen { reason: text() },
        ActionKind::Appeal => Action::Appeal { reason: text() },
        ActionKind::Escalate => Action::Escalate,
        ActionKind::VerifyDispatch => Action::VerifyDispatch {
            target: Some(AgencyTarget {
                agency,
                inspectorate: None,
            }),
            handling_class: Some(HandlingClass::Ordinary),
            kind: None,
            title: None,
            category: None,
            tags: None,
        },
        ActionKind::Postpone => Action::Postpone { reason: text() },
        ActionKind::Archive => Action::Archive {
            reason: Some(reason(ArchiveReasonCode::NotPublicService)),
        },
        ActionKind::Delete => Action::Delete {
            reason: Some(reason(ArchiveReasonCode::Spam)),
        },
        ActionKind::DispatchUnit => Action::DispatchUnit {
            unit: Some(match unit {
                Some(unit) => unit_target(unit.as_str()),
                None => unit_target(&format!("{agency}/dinas-kesehatan")),
            }),
        },
        ActionKind::Reroute => Action::Reroute {
            reason: text(),
            suggested_agency: None,
        },
        ActionKind::FollowUp => Action::FollowUp { body: text() },
        ActionKind::Complete => Action::Complete { body: text() },
        ActionKind::AnswerInformation => Action::AnswerInformation { body: text() },
        ActionKind::Note => Action::Note { body: text() },
        ActionKind::OmbudsmanAcknowledge => Action::OmbudsmanAcknowledge { body: text() },
        ActionKind::RequestInformation => Action::RequestInformation { body: text() },
        ActionKind::RecordFinding => Action::RecordFinding { body: text() },
        ActionKind::RevealIdentity => Action::RevealIdentity { reason: text() },
        other => panic!("{other} is not offered on a page"),
    }
}

/// What the pages should offer: the side's actions `decide` allows, in the side's order.
fn expected(facts: &ReportFacts, actor: &Actor) -> Vec<ActionKind> {
    let side: &[ActionKind] = match actor {
        Actor::Reporter(_) => &REPORTER_ACTIONS,
        Actor::Staff(_) => &STAFF_ACTIONS,
        Actor::Public | Actor::System => &[],
    };
    side.iter()
        .copied()
        .filter(|k| decide(facts, actor, &filled_in(*k, actor)).is_ok())
        .collect()
}

#[test]
fn the_actions_offered_are_exactly_those_decide_allows_for_every_status_and_role() {
    let mut problems = Vec::new();
    let mut offered = 0;
    for status in STATUS_LABELS {
        // Plain, escalated to the Ombudsman, and with the Ombudsman's request outstanding.
        for shape in [
            ActionKind::Note,
            ActionKind::RecordFinding,
            ActionKind::AnswerInformation,
        ] {
            let facts = base_facts(status, shape).expect("a status label of the table");
            for cell in ACTORS {
                let actor = actor(cell).expect("an actor of the table");
                let got = allowed_actions(&facts, &actor);
                let want = expected(&facts, &actor);
                offered += got.len();
                if got != want {
                    problems.push(format!(
                        "{status} (as for {shape}), {cell}: offered {got:?}, decide allows {want:?}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(offered > 100, "too few actions offered to check: {offered}");
}

#[test]
fn nobody_but_a_reporter_or_staff_is_offered_any_action() {
    for status in STATUS_LABELS {
        let facts = base_facts(status, ActionKind::Note).expect("a status label of the table");
        for cell in ["public", "system"] {
            let actor = actor(cell).expect("an actor of the table");
            assert_eq!(allowed_actions(&facts, &actor), [], "{status}, {cell}");
        }
    }
}

#[test]
fn a_reporter_on_a_fresh_report_is_offered_to_add_information_or_withdraw() {
    let facts = base_facts("submitted", ActionKind::AddInfo).expect("submitted");
    let reporter = actor("reporter").expect("reporter");
    assert_eq!(
        allowed_actions(&facts, &reporter),
        [ActionKind::AddInfo, ActionKind::Withdraw]
    );
}

//! The action table of `docs/domain.md` §3 against [`decide`]: each row's statuses, outcome and
//! roles, on the base facts of the hand-written table (every window open, valid inputs).

use super::*;
use crate::doc::{code_words, table};

/// The roles a *who* cell may name, and the actor of the hand-written table each stands for.
const WHO: [(&str, &str); 7] = [
    ("public", "public"),
    ("reporter", "reporter"),
    ("national_admin", "national_admin"),
    ("agency_admin", "agency_admin"),
    ("unit_officer", "unit_officer"),
    ("ombudsman", "ombudsman"),
    ("system", "system"),
];

/// The status labels a *from* or *to* word stands for.
fn labels(word: &str) -> Result<Vec<&'static str>, String> {
    Ok(match word {
        "archived" => vec!["archived/other", "archived/withdrawn"],
        "archived/staff" => vec!["archived/other"],
        "completed" => vec![
            "completed/agency_closed",
            "completed/reporter_confirmed",
            "completed/auto_closed",
        ],
        other => vec![
            *STATUS_LABELS
                .iter()
                .find(|l| **l == other)
                .ok_or_else(|| format!("unknown status `{other}`"))?,
        ],
    })
}

/// One row of the contract's action table.
struct ContractRow {
    line: usize,
    actions: Vec<ActionKind>,
    from: BTreeSet<&'static str>,
    /// The status label after, or `None` for "unchanged".
    to: Option<String>,
    who: Vec<&'static str>,
}

fn contract_rows() -> Vec<ContractRow> {
    let (header, rows) = table("action");
    assert_eq!(header, ["action", "from", "to", "who", "needs"]);
    rows.into_iter()
        .map(|(line, cells)| {
            let fail = |e: String| -> ! { panic!("docs/domain.md line {line}: {e}") };
            let actions = code_words(&cells[0])
                .iter()
                .map(|a| {
                    ActionKind::parse(a).unwrap_or_else(|| fail(format!("unknown action `{a}`")))
                })
                .collect();
            let mut from = BTreeSet::new();
            for word in code_words(&cells[1]) {
                from.extend(labels(&word).unwrap_or_else(|e| fail(e)));
            }
            let to = match code_words(&cells[2]).as_slice() {
                [one] => Some(one.clone()),
                [] if cells[2].starts_with("unchanged") => None,
                _ => fail(format!(
                    "a `to` cell is one status or `unchanged`: {}",
                    cells[2]
                )),
            };
            let who = code_words(&cells[3])
                .iter()
                .map(|w| {
                    WHO.iter()
                        .find(|(word, _)| word == w)
                        .map(|(_, actor)| *actor)
                        .unwrap_or_else(|| fail(format!("unknown role `{w}`")))
                })
                .collect();
            ContractRow {
                line,
                actions,
                from,
                to,
                who,
            }
        })
        .collect()
}

/// The status label of the hand-written table for the state a decision leaves.
fn label_after(d: &Decision) -> String {
    let state = &d.state;
    match (state.status, state.completion_kind, &state.archive_reason) {
        (Status::Completed, Some(kind), _) => format!("completed/{kind}"),
        (Status::Archived, _, Some(r)) if r.code == ArchiveReasonCode::Withdrawn => {
            "archived/withdrawn".to_owned()
        }
        (Status::Archived, _, _) => "archived/other".to_owned(),
        (status, _, _) => status.to_string(),
    }
}

/// Whether a decision's outcome is what the `to` cell says.
fn lands_on(to: &Option<String>, before: &str, d: &Decision) -> bool {
    let after = label_after(d);
    match to {
        None => after == before,
        Some(want) => labels(want).is_ok_and(|l| l.contains(&after.as_str())),
    }
}

/// Runs `kind` by `who` on the base facts of `status`.
fn run(kind: ActionKind, status: &str, who: &str) -> Result<Decision, TransitionError> {
    let facts = base_facts(status, kind).unwrap();
    let action = Inputs::valid_for(kind).action(kind).unwrap();
    decide(&facts, &actor(who).unwrap(), &action)
}

#[test]
fn every_action_of_the_contract_table_matches_decide() {
    let rows = contract_rows();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        for &kind in &row.actions {
            seen.insert(kind);
            if kind == ActionKind::Submit {
                continue;
            }
            let at = |what: String| format!("docs/domain.md line {} `{kind}`: {what}", row.line);
            for status in STATUS_LABELS {
                for who in ROLES {
                    let got = run(kind, status, who);
                    let listed = row.from.contains(status) && row.who.contains(&who);
                    match (&got, listed) {
                        (Ok(d), _) if !lands_on(&row.to, status, d) => problems.push(at(format!(
                            "{who} from {status} lands on {}",
                            outcome(&got)
                        ))),
                        (Ok(_), false) => problems.push(at(format!(
                            "{who} may act from {status}, which the row does not allow"
                        ))),
                        _ => {}
                    }
                }
            }
            for status in &row.from {
                if !row.who.iter().any(|who| run(kind, status, who).is_ok()) {
                    problems.push(at(format!("nobody the row names may act from {status}")));
                }
            }
            for who in &row.who {
                if !row.from.iter().any(|status| run(kind, status, who).is_ok()) {
                    problems.push(at(format!("{who} may act from none of the row's statuses")));
                }
            }
        }
    }
    for kind in ActionKind::ALL
        .iter()
        .filter(|a| a.in_table() || **a == ActionKind::Submit)
    {
        if !seen.contains(kind) {
            problems.push(format!("docs/domain.md has no row for `{kind}`"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_contract_lets_the_public_and_reporters_submit_and_staff_only_on_behalf() {
    let rows = contract_rows();
    let submit = rows
        .iter()
        .find(|r| r.actions == [ActionKind::Submit])
        .expect("a submit row");
    assert_eq!(submit.who, ["public", "reporter"]);
    for who in ["public", "reporter"] {
        let new = Inputs::valid_for(ActionKind::Submit).new_report();
        assert!(
            decide_submit(&actor(who).unwrap(), &new, false).is_ok(),
            "{who}"
        );
    }
    let mut walk_in = Inputs::valid_for(ActionKind::Submit);
    walk_in.apply("channel:walk_in").unwrap();
    let new = walk_in.new_report();
    assert!(decide_submit(&actor("agency_admin").unwrap(), &new, true).is_ok());
    assert!(decide_submit(&actor("public").unwrap(), &new, true).is_err());
    assert!(decide_submit(&actor("system").unwrap(), &new, false).is_err());
}

/// The row of `dispatch_unit` says a unit officer sends a report only to its own sub-units,
/// never to its own unit (issue 12, item 17).
#[test]
fn a_unit_officer_may_dispatch_only_to_its_own_sub_units_as_the_contract_says() {
    let rows = contract_rows();
    let row = rows
        .iter()
        .find(|r| r.actions == [ActionKind::DispatchUnit])
        .expect("a dispatch_unit row");
    assert!(row.who.contains(&"unit_officer"));
    let facts = base_facts("in_progress", ActionKind::DispatchUnit).unwrap();
    let officer = actor("unit_officer").unwrap();
    let to = |slug: &str| Action::DispatchUnit {
        unit: Some(unit_target(slug)),
    };
    assert!(
        decide(&facts, &officer, &to(SEKSI_PEMELIHARAAN)).is_ok(),
        "its sub-unit"
    );
    for (slug, what) in [
        (BIDANG_JALAN, "its own unit"),
        (BIDANG_DRAINASE, "a sibling"),
        (DINAS_PU, "its parent"),
    ] {
        let got = decide(&facts, &officer, &to(slug));
        assert_eq!(
            got.as_ref().err().map(TransitionError::code),
            Some("action_forbidden"),
            "{what}: {}",
            outcome(&got)
        );
    }
}

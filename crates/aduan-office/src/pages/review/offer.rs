//! Which action forms to offer: the staff actions the domain says are open to this staff
//! member now (`aduan_domain::lifecycle::staff_actions`, the real inputs are checked again when
//! the form is sent), and the units a report may be dispatched to.

use aduan_domain::UnitId;
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::directory::Unit;
use aduan_domain::lifecycle::{ReportFacts, staff_actions};

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

/// The actions `actor` (staff) may take on a report with `facts` now, by the domain's
/// [`staff_actions`], named as the forms are.
pub fn open_actions(facts: &ReportFacts, actor: &Actor) -> Vec<&'static str> {
    staff_actions(facts, actor)
        .into_iter()
        .map(|k| k.as_str())
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

#[cfg(test)]
mod tests {
    use super::STAFF_ACTIONS;

    #[test]
    fn the_forms_are_the_domains_staff_actions_in_the_same_order() {
        let domain: Vec<&str> = aduan_domain::lifecycle::STAFF_ACTIONS
            .iter()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(domain, STAFF_ACTIONS);
    }
}

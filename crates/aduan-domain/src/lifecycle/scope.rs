//! Scope rules: which agency or unit holds a report, and whether an actor speaks for it.

use super::ReportFacts;
use crate::actor::StaffRole;
use crate::ids::{AgencyId, UnitId};
use crate::visibility::unit_covers;

/// A unit chosen as the target of a dispatch inside an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTarget {
    /// The unit's agency.
    pub agency: AgencyId,
    /// The unit's path, root first, ending with the unit itself.
    pub path: Vec<UnitId>,
}

impl UnitTarget {
    /// The unit itself.
    pub fn unit(&self) -> Option<&UnitId> {
        self.path.last()
    }
}

/// Whether `role` is the admin of the agency that holds the report.
pub fn holds_as_agency_admin(role: &StaffRole, facts: &ReportFacts) -> bool {
    matches!(role, StaffRole::AgencyAdmin { agency } if facts.state.agency.as_ref() == Some(agency))
}

/// Whether `role` is an officer of exactly the holding unit.
pub fn holds_as_unit_officer(role: &StaffRole, facts: &ReportFacts) -> bool {
    matches!(role, StaffRole::UnitOfficer { agency, unit }
        if facts.state.agency.as_ref() == Some(agency) && facts.state.unit.as_ref() == Some(unit))
}

/// Whether `role` may dispatch the report to `target` inside its agency: an agency admin of the
/// holding agency to any of its units; a unit officer whose unit holds the report (itself or a
/// sub-unit) to one of its sub-units, never to its own unit (DOMAIN: "to own sub-units").
pub fn may_dispatch_to(role: &StaffRole, facts: &ReportFacts, target: &UnitTarget) -> bool {
    match role {
        StaffRole::AgencyAdmin { agency } => {
            facts.state.agency.as_ref() == Some(agency) && target.agency == *agency
        }
        StaffRole::UnitOfficer { agency, unit } => {
            facts.state.agency.as_ref() == Some(agency)
                && unit_covers(unit, &facts.unit_path)
                && target.agency == *agency
                && unit_covers(unit, &target.path)
                && target.unit() != Some(unit)
        }
        _ => false,
    }
}

/// Whether `role` may act for the report's holder as the agency or the holding unit.
pub fn holds(role: &StaffRole, facts: &ReportFacts) -> bool {
    holds_as_agency_admin(role, facts) || holds_as_unit_officer(role, facts)
}

/// Whether `role` is the national admin or the admin of the agency the reporter requested.
pub fn verifies(role: &StaffRole, facts: &ReportFacts) -> bool {
    match role {
        StaffRole::NationalAdmin => true,
        StaffRole::AgencyAdmin { agency } => facts.state.requested_agency.as_ref() == Some(agency),
        _ => false,
    }
}

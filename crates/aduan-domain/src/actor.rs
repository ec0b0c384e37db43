//! Who acts or looks: the public, a reporter, staff with a role and scope, or the system.

use crate::ids::{AgencyId, ReporterId, UnitId, UserId};
use crate::text_enum;

text_enum!(
    /// An oversight body whose supervisors read escalated cases.
    SupervisorBody {
        /// Ombudsman Republik Indonesia.
        Ombudsman => "ombudsman",
        /// Kantor Staf Presiden.
        Ksp => "ksp",
        /// Kementerian Dalam Negeri.
        Kemendagri => "kemendagri",
    }
);

text_enum!(
    /// The role an account or an event's actor has, as stored.
    Role {
        /// A citizen with an account.
        Citizen => "citizen",
        /// The reporter of the report in question (account or access code).
        Reporter => "reporter",
        /// Admin Nasional.
        NationalAdmin => "national_admin",
        /// Admin Instansi, scoped to an agency.
        AgencyAdmin => "agency_admin",
        /// Admin Unit, scoped to a unit.
        UnitOfficer => "unit_officer",
        /// Read-only oversight.
        Supervisor => "supervisor",
        /// The system itself (scheduler).
        System => "system",
        /// Anyone, unauthenticated.
        Public => "public",
    }
);

/// A staff member's role with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffRole {
    /// Verifies and dispatches nationally.
    NationalAdmin,
    /// Administers one agency.
    AgencyAdmin {
        /// The agency.
        agency: AgencyId,
    },
    /// Answers for one unit and its sub-units.
    UnitOfficer {
        /// The unit's agency.
        agency: AgencyId,
        /// The unit.
        unit: UnitId,
    },
    /// Reads for an oversight body.
    Supervisor {
        /// The body.
        body: SupervisorBody,
    },
}

impl StaffRole {
    /// The stored role name.
    pub fn role(&self) -> Role {
        match self {
            StaffRole::NationalAdmin => Role::NationalAdmin,
            StaffRole::AgencyAdmin { .. } => Role::AgencyAdmin,
            StaffRole::UnitOfficer { .. } => Role::UnitOfficer,
            StaffRole::Supervisor { .. } => Role::Supervisor,
        }
    }
}

/// A member of staff acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The account.
    pub user: UserId,
    /// Role and scope.
    pub role: StaffRole,
}

/// Whoever performs an action or views a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Anyone without rights to the report (including a holder of only the tracking id).
    Public,
    /// A reporter, proven by login or access code, known by the opaque id.
    Reporter(ReporterId),
    /// Staff.
    Staff(Staff),
    /// The system's scheduler.
    System,
}

impl Actor {
    /// The role recorded in events.
    pub fn role(&self) -> Role {
        match self {
            Actor::Public => Role::Public,
            Actor::Reporter(_) => Role::Reporter,
            Actor::Staff(s) => s.role.role(),
            Actor::System => Role::System,
        }
    }

    /// The staff role, if staff.
    pub fn staff_role(&self) -> Option<&StaffRole> {
        match self {
            Actor::Staff(s) => Some(&s.role),
            _ => None,
        }
    }
}

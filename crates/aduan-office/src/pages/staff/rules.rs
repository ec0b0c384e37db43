//! Who administers whom. The national admin manages every staff account but its own; an
//! agency admin manages the unit officers of its own agency and sees its fellow agency admins
//! without changing them; nobody else administers accounts. A grant (at creation or a change of
//! scope) must be a complete role the acting admin may give. Where the deployment keeps the
//! accounts that may ask for or approve a reveal of an anonymous identity (national admins and
//! supervisors) to the server's CLI (`approvers_from_cli`, the default), the back office
//! neither gives those roles nor changes such an account: nobody can make the second person of
//! their own reveal.

use aduan_domain::actor::{Role, StaffRole};
use aduan_domain::{AgencyId, UserId};
use aduan_store::User;

/// What an acting staff member may do with an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Not even see it.
    None,
    /// See it, change nothing.
    Read,
    /// Disable, enable, reset its password, change its scope.
    Manage,
}

/// Whether `actor` administers accounts at all (sees `/kantor/staf`).
pub fn administers(actor: &StaffRole) -> bool {
    matches!(
        actor,
        StaffRole::NationalAdmin | StaffRole::AgencyAdmin { .. }
    )
}

/// The agency whose staff `actor` is limited to, if any.
pub fn own_agency(actor: &StaffRole) -> Option<&AgencyId> {
    match actor {
        StaffRole::AgencyAdmin { agency } => Some(agency),
        _ => None,
    }
}

/// Whether an account of `role` may ask for or approve a reveal of an anonymous identity.
fn reveals(role: Role) -> bool {
    matches!(role, Role::NationalAdmin | Role::Supervisor)
}

/// What `actor` (account `me`) may do with `target`. Nobody manages their own account here:
/// an admin cannot lock themselves out or raise their own scope; with `approvers_from_cli`,
/// an account that may ask for or approve a reveal is only read.
pub fn reach(actor: &StaffRole, me: UserId, target: &User, approvers_from_cli: bool) -> Reach {
    if target.role == Role::Citizen {
        return Reach::None;
    }
    let reach = match actor {
        StaffRole::NationalAdmin => Reach::Manage,
        StaffRole::AgencyAdmin { agency } if target.agency.as_ref() == Some(agency) => {
            match target.role {
                Role::UnitOfficer => Reach::Manage,
                Role::AgencyAdmin => Reach::Read,
                _ => Reach::None,
            }
        }
        _ => Reach::None,
    };
    let server_only = approvers_from_cli && reveals(target.role);
    if (target.id == me || server_only) && reach == Reach::Manage {
        return Reach::Read;
    }
    reach
}

/// Whether `actor` may give an account the role `grant` (with `approvers_from_cli`, never one
/// that may ask for or approve a reveal).
pub fn may_grant(actor: &StaffRole, grant: &StaffRole, approvers_from_cli: bool) -> bool {
    if approvers_from_cli && reveals(grant.role()) {
        return false;
    }
    match (actor, grant) {
        (StaffRole::NationalAdmin, _) => true,
        (StaffRole::AgencyAdmin { agency }, StaffRole::UnitOfficer { agency: a, .. }) => {
            a == agency
        }
        _ => false,
    }
}

/// The roles `actor` may give, in the order a form offers them.
pub fn grantable_roles(actor: &StaffRole, approvers_from_cli: bool) -> Vec<Role> {
    let all: &[Role] = match actor {
        StaffRole::NationalAdmin => &[
            Role::AgencyAdmin,
            Role::UnitOfficer,
            Role::NationalAdmin,
            Role::Supervisor,
        ],
        StaffRole::AgencyAdmin { .. } => &[Role::UnitOfficer],
        _ => &[],
    };
    all.iter()
        .copied()
        .filter(|r| !(approvers_from_cli && reveals(*r)))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use aduan_domain::UnitId;
    use aduan_domain::actor::SupervisorBody;
    use chrono::Utc;

    fn account(id: i64, role: Role, agency: Option<&str>) -> User {
        User {
            id: UserId(id),
            name: "Akun".into(),
            email: Some(format!("{id}@uji.go.id")),
            phone: None,
            nik: None,
            password_hash: None,
            role,
            agency: agency.map(AgencyId::new),
            unit: agency.map(|a| UnitId::new(format!("{a}/dinas-pu"))),
            body: None,
            disabled: false,
            created_at: Utc::now(),
        }
    }

    fn surabaya_admin() -> StaffRole {
        StaffRole::AgencyAdmin {
            agency: AgencyId::new("kota-surabaya"),
        }
    }

    fn officer(agency: &str) -> StaffRole {
        StaffRole::UnitOfficer {
            agency: AgencyId::new(agency),
            unit: UnitId::new(format!("{agency}/dinas-pu")),
        }
    }

    #[test]
    fn an_agency_admin_manages_its_own_officers_and_only_reads_its_fellow_admins() {
        let me = UserId(1);
        let a = surabaya_admin();
        let own = account(2, Role::UnitOfficer, Some("kota-surabaya"));
        let fellow = account(3, Role::AgencyAdmin, Some("kota-surabaya"));
        let elsewhere = account(4, Role::UnitOfficer, Some("kota-makassar"));
        let national = account(5, Role::NationalAdmin, None);
        assert_eq!(reach(&a, me, &own, true), Reach::Manage);
        assert_eq!(reach(&a, me, &fellow, true), Reach::Read);
        assert_eq!(reach(&a, me, &elsewhere, true), Reach::None);
        assert_eq!(reach(&a, me, &national, true), Reach::None);
    }

    #[test]
    fn the_national_admin_manages_every_staff_account_but_its_own_and_no_citizen() {
        let n = StaffRole::NationalAdmin;
        let me = account(1, Role::NationalAdmin, None);
        let makassar = account(2, Role::AgencyAdmin, Some("kota-makassar"));
        let fellow = account(3, Role::NationalAdmin, None);
        assert_eq!(reach(&n, me.id, &makassar, true), Reach::Manage);
        assert_eq!(reach(&n, me.id, &fellow, false), Reach::Manage);
        assert_eq!(reach(&n, me.id, &me, false), Reach::Read);
        let citizen = account(4, Role::Citizen, None);
        assert_eq!(reach(&n, me.id, &citizen, false), Reach::None);
    }

    #[test]
    fn with_approvers_from_the_cli_the_back_office_only_reads_those_who_reveal() {
        let n = StaffRole::NationalAdmin;
        let me = UserId(1);
        let fellow = account(3, Role::NationalAdmin, None);
        let ombudsman = account(5, Role::Supervisor, None);
        assert_eq!(reach(&n, me, &fellow, true), Reach::Read);
        assert_eq!(reach(&n, me, &ombudsman, true), Reach::Read);
        let body = StaffRole::Supervisor {
            body: SupervisorBody::Ombudsman,
        };
        assert!(!may_grant(&n, &StaffRole::NationalAdmin, true));
        assert!(!may_grant(&n, &body, true));
        assert!(may_grant(&n, &body, false));
        assert_eq!(
            grantable_roles(&n, true),
            [Role::AgencyAdmin, Role::UnitOfficer]
        );
        assert_eq!(grantable_roles(&n, false).len(), 4);
    }

    #[test]
    fn an_agency_admin_grants_only_unit_officers_of_its_own_agency() {
        let a = surabaya_admin();
        assert!(may_grant(&a, &officer("kota-surabaya"), false));
        assert!(!may_grant(&a, &officer("kota-makassar"), false));
        assert!(!may_grant(&a, &StaffRole::NationalAdmin, false));
        assert!(!may_grant(&a, &surabaya_admin(), false));
        assert!(may_grant(
            &StaffRole::NationalAdmin,
            &surabaya_admin(),
            true
        ));
        let ombudsman = StaffRole::Supervisor {
            body: SupervisorBody::Ombudsman,
        };
        assert!(!may_grant(
            &officer("kota-surabaya"),
            &officer("kota-surabaya"),
            false
        ));
        assert!(!administers(&ombudsman) && !administers(&officer("kota-surabaya")));
        assert_eq!(grantable_roles(&a, false), [Role::UnitOfficer]);
    }
}

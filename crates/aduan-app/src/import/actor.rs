//! Who acted in an imported history: the reporter, the system, or a member of staff by role
//! and scope, recorded as the legacy system named them.

use super::format::LineActor;
use super::snapshot::Snapshot;
use aduan_domain::actor::{Actor, Staff, StaffRole, SupervisorBody};
use aduan_domain::{AgencyId, ReporterId, Role, UnitId, UserId};
use aduan_store::EventActor;
use serde_json::Value;

/// An actor for the lifecycle table and the actor the event records.
pub struct Acting {
    /// Who the table decides for.
    pub actor: Actor,
    /// Who the event records: staff as `legacy:<name>` with their role (no account here).
    pub recorded: EventActor,
}

impl Acting {
    /// The public filing a report, recorded as its reporter.
    pub fn public(recorded: EventActor) -> Acting {
        Acting {
            actor: Actor::Public,
            recorded,
        }
    }

    /// Records on a staff member's event which agency and unit acted, as the service does.
    pub fn stamp(&self, payload: &mut Value) {
        if let Actor::Staff(s) = &self.actor {
            crate::reports::act::stamp_staff(payload, &s.role);
        }
    }
}

/// The actor `by` names; the reporter is the report's own.
pub fn acting(by: &LineActor, dir: &Snapshot, reporter: &ReporterId) -> Result<Acting, String> {
    let role = Role::parse(&by.role).ok_or_else(|| format!("unknown role `{}`", by.role))?;
    let staff = |role: StaffRole| {
        let recorded = EventActor {
            id: format!("legacy:{}", by.staff.as_deref().unwrap_or("-")),
            role: role.role(),
        };
        Acting {
            actor: Actor::Staff(Staff {
                user: UserId(0),
                role,
            }),
            recorded,
        }
    };
    Ok(match role {
        Role::Reporter => Acting {
            actor: Actor::Reporter(reporter.clone()),
            recorded: EventActor {
                id: reporter.to_string(),
                role: Role::Reporter,
            },
        },
        Role::System => Acting {
            actor: Actor::System,
            recorded: EventActor::system(),
        },
        Role::NationalAdmin => staff(StaffRole::NationalAdmin),
        Role::AgencyAdmin => {
            let agency = AgencyId::new(by.agency.as_deref().ok_or("agency_admin without agency")?);
            if !dir.has_agency(&agency) {
                return Err(format!("unknown agency `{agency}`"));
            }
            staff(StaffRole::AgencyAdmin { agency })
        }
        Role::UnitOfficer => {
            let unit = UnitId::new(by.unit.as_deref().ok_or("unit_officer without unit")?);
            let place = dir
                .place(&unit)
                .ok_or_else(|| format!("unknown unit `{unit}`"))?;
            staff(StaffRole::UnitOfficer {
                agency: place.agency.clone(),
                unit,
            })
        }
        Role::Supervisor => {
            let body = by.body.as_deref().ok_or("supervisor without body")?;
            let body = SupervisorBody::parse(body)
                .ok_or_else(|| format!("unknown supervisory body `{body}`"))?;
            staff(StaffRole::Supervisor { body })
        }
        Role::Citizen | Role::Public => {
            return Err(format!("`{}` takes no action on a report", by.role));
        }
    })
}

//! The staff who act in generated histories. They are synthetic accounts with user ids from
//! reserved ranges (1,000,001 and up), derived from the directory so the same person acts for
//! the same agency in every run; no account row is written for them.

use crate::world::World;
use aduan_domain::actor::{Actor, Staff, StaffRole, SupervisorBody};
use aduan_domain::{AgencyId, UnitId, UserId};
use aduan_store::EventActor;
use rand::Rng;
use rand::rngs::SmallRng;

const NATIONAL: i64 = 1_000_000;
const NATIONAL_COUNT: i64 = 8;
const OMBUDSMAN: i64 = 1_000_100;
const OMBUDSMAN_COUNT: i64 = 6;
const AGENCY: i64 = 2_000_000;
const UNIT: i64 = 5_000_000;
/// Accounts per agency (admins) and per unit (officers).
const PER_AGENCY: i64 = 3;
const PER_UNIT: i64 = 2;

/// Who may act for what: every agency and unit of the directory, in a fixed order.
#[derive(Debug, Clone)]
pub struct Roster {
    agencies: Vec<AgencyId>,
    units: Vec<(UnitId, AgencyId)>,
}

fn staff(id: i64, role: StaffRole) -> (Actor, EventActor) {
    let recorded = EventActor {
        id: id.to_string(),
        role: role.role(),
    };
    (
        Actor::Staff(Staff {
            user: UserId(id),
            role,
        }),
        recorded,
    )
}

impl Roster {
    /// The roster of a world.
    pub fn new(world: &World) -> Roster {
        Roster {
            agencies: world.agencies.keys().cloned().collect(),
            units: world
                .agencies
                .values()
                .flat_map(|a| {
                    a.units
                        .iter()
                        .map(|(u, _)| (u.id.clone(), u.agency.clone()))
                })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        }
    }

    /// One of the national admins.
    pub fn national_admin(&self, rng: &mut SmallRng) -> (Actor, EventActor) {
        staff(
            NATIONAL + 1 + rng.random_range(0..NATIONAL_COUNT),
            StaffRole::NationalAdmin,
        )
    }

    /// One of the Ombudsman's supervisors.
    pub fn ombudsman(&self, rng: &mut SmallRng) -> (Actor, EventActor) {
        staff(
            OMBUDSMAN + 1 + rng.random_range(0..OMBUDSMAN_COUNT),
            StaffRole::Supervisor {
                body: SupervisorBody::Ombudsman,
            },
        )
    }

    /// One of the admins of `agency`.
    pub fn agency_admin(&self, agency: &AgencyId, rng: &mut SmallRng) -> (Actor, EventActor) {
        let k = self
            .agencies
            .binary_search(agency)
            .unwrap_or(self.agencies.len()) as i64;
        staff(
            AGENCY + k * PER_AGENCY + rng.random_range(0..PER_AGENCY),
            StaffRole::AgencyAdmin {
                agency: agency.clone(),
            },
        )
    }

    /// One of the officers of `unit` (of `agency`).
    pub fn unit_officer(
        &self,
        agency: &AgencyId,
        unit: &UnitId,
        rng: &mut SmallRng,
    ) -> (Actor, EventActor) {
        let k = self
            .units
            .binary_search_by(|(u, _)| u.cmp(unit))
            .unwrap_or(self.units.len()) as i64;
        staff(
            UNIT + k * PER_UNIT + rng.random_range(0..PER_UNIT),
            StaffRole::UnitOfficer {
                agency: agency.clone(),
                unit: unit.clone(),
            },
        )
    }

    /// The role and scope of a recorded staff id, as [`Roster`] hands them out.
    pub fn role_of(&self, id: &str) -> Option<StaffRole> {
        let n: i64 = id.parse().ok()?;
        if (NATIONAL + 1..=NATIONAL + NATIONAL_COUNT).contains(&n) {
            Some(StaffRole::NationalAdmin)
        } else if (OMBUDSMAN + 1..=OMBUDSMAN + OMBUDSMAN_COUNT).contains(&n) {
            Some(StaffRole::Supervisor {
                body: SupervisorBody::Ombudsman,
            })
        } else if (AGENCY..UNIT).contains(&n) {
            let agency = self.agencies.get(((n - AGENCY) / PER_AGENCY) as usize)?;
            Some(StaffRole::AgencyAdmin {
                agency: agency.clone(),
            })
        } else if n >= UNIT {
            let (unit, agency) = self.units.get(((n - UNIT) / PER_UNIT) as usize)?;
            Some(StaffRole::UnitOfficer {
                agency: agency.clone(),
                unit: unit.clone(),
            })
        } else {
            None
        }
    }
}

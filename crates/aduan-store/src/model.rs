//! Rows the store reads and writes that are not domain types themselves.

use aduan_domain::actor::{Role, StaffRole, SupervisorBody};
use aduan_domain::report::Report;
use aduan_domain::{AgencyId, TrackingId, UnitId, UserId};
use chrono::{DateTime, Utc};

/// A report as stored: the domain report plus its chain head.
pub type StoredReport = Report;

/// Who an event is attributed to: an id (user id, reporter's opaque id, `system`) and a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    /// The id recorded.
    pub id: String,
    /// The role recorded.
    pub role: Role,
}

impl EventActor {
    /// The scheduler.
    pub fn system() -> Self {
        Self {
            id: "system".into(),
            role: Role::System,
        }
    }
}

/// A report's recorded chain head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHead {
    /// The report.
    pub tracking_id: TrackingId,
    /// Number of events.
    pub event_count: i64,
    /// Hash of the last event.
    pub head_hash: String,
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Full name.
    pub name: String,
    /// E-mail address (lower-cased).
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// NIK, 16 digits.
    pub nik: Option<String>,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    /// `citizen` or a staff role.
    pub role: Role,
    /// Agency scope (agency admins, unit officers).
    pub agency: Option<AgencyId>,
    /// Unit scope (unit officers).
    pub unit: Option<UnitId>,
    /// Oversight body (supervisors).
    pub body: Option<SupervisorBody>,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// NIK.
    pub nik: Option<String>,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    /// Role.
    pub role: Role,
    /// Agency scope.
    pub agency: Option<AgencyId>,
    /// Unit scope.
    pub unit: Option<UnitId>,
    /// Oversight body.
    pub body: Option<SupervisorBody>,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// When created.
    pub created_at: DateTime<Utc>,
}

impl User {
    /// The staff role with its scope, or `None` for citizens and incomplete scopes.
    pub fn staff_role(&self) -> Option<StaffRole> {
        match self.role {
            Role::NationalAdmin => Some(StaffRole::NationalAdmin),
            Role::AgencyAdmin => Some(StaffRole::AgencyAdmin {
                agency: self.agency.clone()?,
            }),
            Role::UnitOfficer => Some(StaffRole::UnitOfficer {
                agency: self.agency.clone()?,
                unit: self.unit.clone()?,
            }),
            Role::Supervisor => Some(StaffRole::Supervisor { body: self.body? }),
            _ => None,
        }
    }
}

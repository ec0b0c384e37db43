//! The staff forms' fields and how they are read: a name and a contact for a new account, and
//! a role with its scope, which must name an agency and unit of the directory and be complete
//! (a unit officer has a unit of its agency, a supervisor a body).

use aduan_app::AppState;
use aduan_domain::actor::{Role, StaffRole, SupervisorBody};
use aduan_domain::contact::{Email, PhoneNumber};
use aduan_domain::{AgencyId, UnitId};
use aduan_portal::errors::PageError;
use aduan_store::User;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The errors of one form: field → message key.
#[derive(Debug, Default, Clone)]
pub struct Errors(BTreeMap<&'static str, &'static str>);

impl Errors {
    /// Records the error of `field`.
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.insert(field, key);
    }

    /// The message key of `field`'s error.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every error of `other`.
    pub fn merge(&mut self, other: Errors) {
        self.0.extend(other.0);
    }
}

/// A role and scope as typed into a form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ScopeFields {
    /// A staff role's stored name.
    #[serde(default)]
    pub role: String,
    /// Agency slug.
    #[serde(default)]
    pub agency: String,
    /// Unit id.
    #[serde(default)]
    pub unit: String,
    /// Oversight body.
    #[serde(default)]
    pub body: String,
}

impl ScopeFields {
    /// The fields of an account's current scope.
    pub fn of(user: &User) -> Self {
        Self {
            role: user.role.as_str().into(),
            agency: user
                .agency
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            unit: user
                .unit
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            body: user.body.map(|b| b.as_str().into()).unwrap_or_default(),
        }
    }
}

/// The create form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewStaffForm {
    /// Full name.
    #[serde(default)]
    pub name: String,
    /// E-mail (this and/or phone).
    #[serde(default)]
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Agency.
    #[serde(default)]
    pub agency: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Body.
    #[serde(default)]
    pub body: String,
}

impl NewStaffForm {
    /// The scope part.
    pub fn scope(&self) -> ScopeFields {
        ScopeFields {
            role: self.role.clone(),
            agency: self.agency.clone(),
            unit: self.unit.clone(),
            body: self.body.clone(),
        }
    }
}

/// A new account's name and contacts, read.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Name, trimmed.
    pub name: String,
    /// E-mail, normalised.
    pub email: Option<String>,
    /// Phone, normalised.
    pub phone: Option<String>,
}

/// Reads the name and contacts: a name, and an e-mail address and/or a phone number.
pub fn identity(form: &NewStaffForm) -> Result<Identity, Errors> {
    let mut errors = Errors::default();
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add("name", "staff-error-name");
    }
    let email = match form.email.trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(_) => {
                errors.add("email", "staff-error-email");
                None
            }
        },
    };
    let phone = match form.phone.trim() {
        "" => None,
        p => match PhoneNumber::parse(p) {
            Ok(p) => Some(p.as_str().to_owned()),
            Err(_) => {
                errors.add("phone", "staff-error-phone");
                None
            }
        },
    };
    if email.is_none() && phone.is_none() && errors.get("email").is_none() {
        errors.add("email", "staff-error-contact");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Identity { name, email, phone })
}

/// Reads a role and scope, checking agency and unit against the directory: a complete staff
/// role, or the fields' errors.
pub async fn scope(
    state: &AppState,
    f: &ScopeFields,
) -> Result<Result<StaffRole, Errors>, PageError> {
    let mut errors = Errors::default();
    let Some(role) = Role::parse(f.role.trim()).filter(|r| STAFF_ROLES.contains(r)) else {
        errors.add("role", "staff-error-role");
        return Ok(Err(errors));
    };
    let mut agency = None;
    if matches!(role, Role::AgencyAdmin | Role::UnitOfficer) {
        agency = state
            .store
            .get_agency(&AgencyId::new(f.agency.trim()))
            .await?;
        if agency.is_none() {
            errors.add("agency", "staff-error-agency");
        }
    }
    let agency = agency.map(|a| a.id);
    let mut unit = None;
    if role == Role::UnitOfficer {
        // A unit of another agency than the one chosen is no unit at all.
        unit = state
            .store
            .get_unit(&UnitId::new(f.unit.trim()))
            .await?
            .filter(|u| agency.is_none() || agency.as_ref() == Some(&u.agency));
        if unit.is_none() {
            errors.add("unit", "staff-error-unit");
        }
    }
    let body = SupervisorBody::parse(f.body.trim());
    if role == Role::Supervisor && body.is_none() {
        errors.add("body", "staff-error-body");
    }
    let complete = match (role, agency, unit, body) {
        (Role::NationalAdmin, ..) => Some(StaffRole::NationalAdmin),
        (Role::AgencyAdmin, Some(agency), ..) => Some(StaffRole::AgencyAdmin { agency }),
        (Role::UnitOfficer, Some(agency), Some(u), _) => {
            Some(StaffRole::UnitOfficer { agency, unit: u.id })
        }
        (Role::Supervisor, _, _, Some(body)) => Some(StaffRole::Supervisor { body }),
        _ => None,
    };
    Ok(complete.filter(|_| errors.is_empty()).ok_or(errors))
}

/// The roles an account in the back office can have.
pub const STAFF_ROLES: [Role; 4] = [
    Role::NationalAdmin,
    Role::AgencyAdmin,
    Role::UnitOfficer,
    Role::Supervisor,
];

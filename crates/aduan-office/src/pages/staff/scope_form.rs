//! The names the staff pages print (agencies, units, bodies, roles) and the role-and-scope
//! part of the forms, offering only what the acting admin may grant.

use super::form::ScopeFields;
use super::rules::{grantable_roles, own_agency};
use aduan_app::AppState;
use aduan_domain::actor::{Role, StaffRole, SupervisorBody};
use aduan_domain::{AgencyId, UnitId};
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_store::{AgencyFilter, User};
use std::collections::HashMap;

/// One option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The label shown.
    pub label: String,
    /// Chosen.
    pub selected: bool,
}

/// Agencies and units by name, loaded once per page.
#[derive(Debug, Default)]
pub struct Names {
    /// Agencies by name.
    agencies: Vec<(AgencyId, String)>,
    /// Each loaded agency's units, tree order, labelled with their path ("Dinas › Bidang").
    units: HashMap<AgencyId, Vec<(UnitId, String)>>,
}

impl Names {
    /// The agencies `actor` may choose from (the national admin: all; an agency admin: its
    /// own), and the units of `agency` if given.
    pub async fn load(
        state: &AppState,
        actor: &StaffRole,
        agency: Option<&AgencyId>,
    ) -> Result<Self, PageError> {
        let agencies = match own_agency(actor) {
            Some(own) => state.store.get_agency(own).await?.into_iter().collect(),
            None => state.store.list_agencies(&AgencyFilter::default()).await?,
        };
        let mut names = Self {
            agencies: agencies.into_iter().map(|a| (a.id, a.name)).collect(),
            units: HashMap::new(),
        };
        if let Some(a) = agency {
            names.load_units(state, a).await?;
        }
        Ok(names)
    }

    /// Loads the units of `agency` (once).
    pub async fn load_units(
        &mut self,
        state: &AppState,
        agency: &AgencyId,
    ) -> Result<(), PageError> {
        if self.units.contains_key(agency) {
            return Ok(());
        }
        let units = state.store.list_units(agency).await?;
        let by_id: HashMap<&UnitId, &aduan_domain::directory::Unit> =
            units.iter().map(|u| (&u.id, u)).collect();
        let mut labelled: Vec<(UnitId, String)> = units
            .iter()
            .map(|u| {
                let mut path = vec![u.name.as_str()];
                let mut up = u.parent.as_ref();
                while let Some(p) = up.and_then(|p| by_id.get(p)) {
                    path.insert(0, p.name.as_str());
                    up = p.parent.as_ref();
                }
                (u.id.clone(), path.join(" › "))
            })
            .collect();
        labelled.sort_by(|a, b| a.1.cmp(&b.1));
        self.units.insert(agency.clone(), labelled);
        Ok(())
    }

    /// An agency's name (its slug when not loaded).
    pub fn agency_name(&self, id: &AgencyId) -> String {
        self.agencies
            .iter()
            .find(|(a, _)| a == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    /// Whether `id` is an agency the acting admin may choose.
    pub fn has_agency(&self, id: &AgencyId) -> bool {
        self.agencies.iter().any(|(a, _)| a == id)
    }

    /// A unit's label (its id when its agency's units are not loaded).
    pub fn unit_name(&self, agency: &AgencyId, id: &UnitId) -> String {
        self.units
            .get(agency)
            .and_then(|us| us.iter().find(|(u, _)| u == id))
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    }

    /// An account's scope in words: its agency, unit and agency, or oversight body.
    pub fn scope_of(&self, c: &Ctx, u: &User) -> String {
        match (&u.agency, &u.unit, u.body) {
            (Some(a), Some(unit), _) => {
                format!("{} · {}", self.unit_name(a, unit), self.agency_name(a))
            }
            (Some(a), None, _) => self.agency_name(a),
            (None, _, Some(body)) => c.t(&format!("staff-body-{}", body.as_str())),
            _ => String::new(),
        }
    }

    /// Every agency as an option, `selected` chosen.
    pub fn agency_choices(&self, selected: &str) -> Vec<Choice> {
        self.agencies
            .iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name.clone(),
                selected: id.as_str() == selected,
            })
            .collect()
    }

    /// The loaded units of `agency` as options, `selected` chosen.
    pub fn unit_choices(&self, agency: &AgencyId, selected: &str) -> Vec<Choice> {
        self.units
            .get(agency)
            .map(|us| {
                us.iter()
                    .map(|(id, label)| Choice {
                        value: id.to_string(),
                        label: label.clone(),
                        selected: id.as_str() == selected,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The role-and-scope fields of a form, offering what the acting admin may grant.
#[derive(Debug, Default)]
pub struct ScopeForm {
    /// The roles it may grant.
    pub roles: Vec<Choice>,
    /// An agency admin's own agency, which it cannot change.
    pub fixed_agency: Option<Choice>,
    /// Agencies to choose from (the national admin).
    pub agencies: Vec<Choice>,
    /// Units of the chosen (or fixed) agency.
    pub units: Vec<Choice>,
    /// Oversight bodies (supervisors).
    pub bodies: Vec<Choice>,
    /// Whether any body can be granted (the national admin).
    pub offers_bodies: bool,
}

impl ScopeForm {
    /// The fields for `actor`, filled in from `f`.
    pub async fn build(
        state: &AppState,
        c: &Ctx,
        actor: &StaffRole,
        f: &ScopeFields,
        names: &mut Names,
    ) -> Result<Self, PageError> {
        let roles: Vec<Choice> = grantable_roles(actor, state.config.approvers_from_cli)
            .iter()
            .map(|r| Choice {
                value: r.as_str().into(),
                label: c.t(&format!("staff-role-{}", r.as_str())),
                selected: f.role == r.as_str(),
            })
            .collect();
        let fixed_agency = own_agency(actor).map(|a| Choice {
            value: a.to_string(),
            label: names.agency_name(a),
            selected: true,
        });
        let unit_agency = match own_agency(actor) {
            Some(own) => Some(own.clone()),
            None => Some(AgencyId::new(f.agency.trim())).filter(|a| names.has_agency(a)),
        };
        let units = match &unit_agency {
            Some(a) => {
                names.load_units(state, a).await?;
                names.unit_choices(a, f.unit.trim())
            }
            None => Vec::new(),
        };
        let offers_bodies = roles.iter().any(|r| r.value == Role::Supervisor.as_str());
        Ok(Self {
            agencies: if fixed_agency.is_some() {
                Vec::new()
            } else {
                names.agency_choices(f.agency.trim())
            },
            fixed_agency,
            units,
            bodies: SupervisorBody::ALL
                .iter()
                .map(|b| Choice {
                    value: b.as_str().into(),
                    label: c.t(&format!("staff-body-{}", b.as_str())),
                    selected: f.body == b.as_str(),
                })
                .collect(),
            offers_bodies,
            roles,
        })
    }
}

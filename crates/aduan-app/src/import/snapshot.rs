//! The directory as an import reads it: every agency, unit and category read once at the
//! start, so that checking millions of lines asks the database nothing.

use crate::error::AppResult;
use crate::lookup::{Directory, UnitPlace};
use aduan_domain::directory::Category;
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::{AgencyFilter, Store};
use std::collections::HashMap;

/// An in-memory copy of the directory.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    zones: HashMap<AgencyId, Zone>,
    inspectorates: HashMap<AgencyId, UnitId>,
    units: HashMap<UnitId, UnitPlace>,
    categories: HashMap<CategoryId, Category>,
}

impl Snapshot {
    /// Reads the whole directory from `store`.
    pub async fn read(store: &dyn Store) -> AppResult<Snapshot> {
        let agencies = store.list_agencies(&AgencyFilter::default()).await?;
        let mut snapshot = Snapshot::default();
        for agency in &agencies {
            snapshot.zones.insert(agency.id.clone(), agency.zone);
            let units = store.list_units(&agency.id).await?;
            // Units come by id, so each follows its parent.
            let mut paths: HashMap<&UnitId, Vec<UnitId>> = HashMap::new();
            for unit in &units {
                let mut path = unit
                    .parent
                    .as_ref()
                    .and_then(|p| paths.get(p).cloned())
                    .unwrap_or_default();
                path.push(unit.id.clone());
                paths.insert(&unit.id, path);
                if unit.inspectorate {
                    snapshot
                        .inspectorates
                        .insert(agency.id.clone(), unit.id.clone());
                }
            }
            for (id, path) in paths {
                let place = UnitPlace {
                    agency: agency.id.clone(),
                    path,
                };
                snapshot.units.insert(id.clone(), place);
            }
        }
        for c in store.list_categories().await? {
            snapshot.categories.insert(c.id.clone(), c);
        }
        Ok(snapshot)
    }

    /// The agency's time zone (WIB when unknown, as the service counts).
    pub fn zone_of(&self, agency: &AgencyId) -> Zone {
        self.zones.get(agency).copied().unwrap_or(Zone::Wib)
    }

    /// Whether the agency exists.
    pub fn has_agency(&self, agency: &AgencyId) -> bool {
        self.zones.contains_key(agency)
    }

    /// A unit's agency and path.
    pub fn place(&self, unit: &UnitId) -> Option<&UnitPlace> {
        self.units.get(unit)
    }

    /// Whether the category is sensitive.
    pub fn sensitive(&self, category: &CategoryId) -> bool {
        self.categories.get(category).is_some_and(|c| c.sensitive)
    }
}

impl Directory for Snapshot {
    async fn agency_known(&self, id: &AgencyId) -> AppResult<bool> {
        Ok(self.has_agency(id))
    }

    async fn category(&self, id: &CategoryId) -> AppResult<Option<Category>> {
        Ok(self.categories.get(id).cloned())
    }

    async fn inspectorate(&self, agency: &AgencyId) -> AppResult<Option<UnitId>> {
        Ok(self.inspectorates.get(agency).cloned())
    }

    async fn unit(&self, id: &UnitId) -> AppResult<Option<UnitPlace>> {
        Ok(self.units.get(id).cloned())
    }
}

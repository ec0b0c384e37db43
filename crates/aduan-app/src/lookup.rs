//! What checking a report's fields and translating an action need from the directory: whether
//! an agency exists, a category, an agency's inspectorate, a unit's agency and path. The
//! service reads the store ([`AppState`]); an import reads an in-memory copy of the directory
//! taken once ([`crate::import::Snapshot`]), so both check input by the same code.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::directory::Category;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use std::future::Future;

/// A unit's agency and its path from the agency's top unit down to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPlace {
    /// The agency.
    pub agency: AgencyId,
    /// The path, root first, ending with the unit.
    pub path: Vec<UnitId>,
}

/// The directory as input checks read it.
pub trait Directory: Sync {
    /// Whether the agency exists.
    fn agency_known(&self, id: &AgencyId) -> impl Future<Output = AppResult<bool>> + Send;
    /// A category by id.
    fn category(&self, id: &CategoryId)
    -> impl Future<Output = AppResult<Option<Category>>> + Send;
    /// The agency's inspectorate unit, if it has one.
    fn inspectorate(
        &self,
        agency: &AgencyId,
    ) -> impl Future<Output = AppResult<Option<UnitId>>> + Send;
    /// A unit's agency and path, if the unit exists.
    fn unit(&self, id: &UnitId) -> impl Future<Output = AppResult<Option<UnitPlace>>> + Send;
}

impl Directory for AppState {
    async fn agency_known(&self, id: &AgencyId) -> AppResult<bool> {
        Ok(self.store.get_agency(id).await?.is_some())
    }

    async fn category(&self, id: &CategoryId) -> AppResult<Option<Category>> {
        Ok(self.store.get_category(id).await?)
    }

    async fn inspectorate(&self, agency: &AgencyId) -> AppResult<Option<UnitId>> {
        Ok(self.store.inspectorate_of(agency).await?.map(|u| u.id))
    }

    async fn unit(&self, id: &UnitId) -> AppResult<Option<UnitPlace>> {
        let Some(unit) = self.store.get_unit(id).await? else {
            return Ok(None);
        };
        Ok(Some(UnitPlace {
            agency: unit.agency,
            path: self.store.unit_path(id).await?,
        }))
    }
}

//! The agency directory and the categories on SQLite: reads here, writes in `directory/write.rs`.

use crate::SqliteStore;
use aduan_domain::directory::{Agency, Category, CategoryChanges, Unit};
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::{AgencyFilter, DirectoryBatch, DirectoryStore, ImportCounts, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl DirectoryStore for SqliteStore {
    async fn import_directory(
        &self,
        batch: &DirectoryBatch,
        label: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ImportCounts> {
        self.sql.import_directory(batch, label, actor, at).await
    }

    async fn get_agency(&self, id: &AgencyId) -> StoreResult<Option<Agency>> {
        self.sql.get_agency(id).await
    }

    async fn list_agencies(&self, filter: &AgencyFilter) -> StoreResult<Vec<Agency>> {
        self.sql.list_agencies(filter).await
    }

    async fn count_agencies(&self, filter: &AgencyFilter) -> StoreResult<u64> {
        self.sql.count_agencies(filter).await
    }

    async fn list_units(&self, agency: &AgencyId) -> StoreResult<Vec<Unit>> {
        self.sql.list_units(agency).await
    }

    async fn get_unit(&self, id: &UnitId) -> StoreResult<Option<Unit>> {
        self.sql.get_unit(id).await
    }

    async fn unit_path(&self, id: &UnitId) -> StoreResult<Vec<UnitId>> {
        self.sql.unit_path(id).await
    }

    async fn inspectorate_of(&self, agency: &AgencyId) -> StoreResult<Option<Unit>> {
        self.sql.inspectorate_of(agency).await
    }

    async fn list_categories(&self) -> StoreResult<Vec<Category>> {
        self.sql.list_categories().await
    }

    async fn get_category(&self, id: &CategoryId) -> StoreResult<Option<Category>> {
        self.sql.get_category(id).await
    }

    async fn update_category(
        &self,
        id: &CategoryId,
        changes: &CategoryChanges,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Category> {
        self.sql.update_category(id, changes, actor, at).await
    }
}

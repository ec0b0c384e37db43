//! The agency directory and the categories : reads here, writes in `directory/write.rs`.

mod write;

use crate::store::{db_err, sql_impl};
use crate::{
    AGENCY_COLUMNS, AgencyRow, CATEGORY_COLUMNS, CategoryRow, UNIT_COLUMNS, UnitRow, agency_query,
};
use crate::{Stmt, dynamic};
use aduan_domain::directory::{Agency, Category, CategoryChanges, Unit};
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::{
    AgencyFilter, DirectoryBatch, DirectoryStore, ImportCounts, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Executor;

static AGENCY_BY_ID: Stmt =
    Stmt::built(|| format!("SELECT {AGENCY_COLUMNS} FROM agencies WHERE id = ?"));
static ALL_AGENCIES: Stmt = Stmt::built(|| format!("SELECT {AGENCY_COLUMNS} FROM agencies"));
static UNIT_BY_ID: Stmt = Stmt::built(|| format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?"));
static UNITS_OF: Stmt = Stmt::built(|| {
    format!("SELECT {UNIT_COLUMNS} FROM units WHERE agency = ? ORDER BY id COLLATE_BYTES")
});
static ALL_UNITS: Stmt = Stmt::built(|| format!("SELECT {UNIT_COLUMNS} FROM units"));
static INSPECTORATE: Stmt = Stmt::built(|| {
    format!(
        "SELECT {UNIT_COLUMNS} FROM units WHERE agency = ? AND inspectorate ORDER BY id COLLATE_BYTES LIMIT 1"
    )
});
static CATEGORY_BY_ID: Stmt =
    Stmt::built(|| format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE id = ?"));
static ALL_CATEGORIES: Stmt =
    Stmt::built(|| format!("SELECT {CATEGORY_COLUMNS} FROM categories ORDER BY id COLLATE_BYTES"));

/// The path of a unit, deepest first; bounded so that corrupt data cannot loop.
static UNIT_PATH: Stmt = Stmt::new(
    "WITH RECURSIVE path (id, parent, depth) AS ( \
       SELECT id, parent, 0 FROM units WHERE id = ? \
       UNION ALL \
       SELECT u.id, u.parent, p.depth + 1 FROM units u JOIN path p ON u.id = p.parent \
       WHERE p.depth < 64 \
     ) SELECT id FROM path ORDER BY depth DESC",
);

sql_impl! {
impl SqlStore {
    pub(crate) async fn all_agencies<'e>(
        ex: impl Executor<'e, Database = D::DB>,
    ) -> StoreResult<Vec<Agency>> {
        let rows: Vec<AgencyRow> = sqlx::query_as(ALL_AGENCIES.sql::<D>())
            .fetch_all(ex)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(AgencyRow::into_agency).collect()
    }

    pub(crate) async fn all_units<'e>(
        ex: impl Executor<'e, Database = D::DB>,
    ) -> StoreResult<Vec<Unit>> {
        let rows: Vec<UnitRow> = sqlx::query_as(ALL_UNITS.sql::<D>())
            .fetch_all(ex)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(UnitRow::into_unit).collect())
    }

    pub(crate) async fn all_categories<'e>(
        ex: impl Executor<'e, Database = D::DB>,
    ) -> StoreResult<Vec<Category>> {
        let rows: Vec<CategoryRow> = sqlx::query_as(ALL_CATEGORIES.sql::<D>())
            .fetch_all(ex)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(CategoryRow::into_category).collect())
    }

    pub(crate) async fn category<'e>(
        ex: impl Executor<'e, Database = D::DB>,
        id: &CategoryId,
    ) -> StoreResult<Option<Category>> {
        let row: Option<CategoryRow> = sqlx::query_as(CATEGORY_BY_ID.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(ex)
            .await
            .map_err(db_err)?;
        Ok(row.map(CategoryRow::into_category))
    }
}
}

sql_impl! {
#[async_trait]
impl DirectoryStore for SqlStore {
    async fn import_directory(
        &self,
        batch: &DirectoryBatch,
        label: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ImportCounts> {
        self.import_directory_in(batch, label, actor, at).await
    }

    async fn get_agency(&self, id: &AgencyId) -> StoreResult<Option<Agency>> {
        let row: Option<AgencyRow> = sqlx::query_as(AGENCY_BY_ID.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(AgencyRow::into_agency).transpose()
    }

    async fn list_agencies(&self, filter: &AgencyFilter) -> StoreResult<Vec<Agency>> {
        let q = agency_query(filter, false, D::COLLATE_BYTES);
        let mut query = sqlx::query_as::<_, AgencyRow>(sqlx::AssertSqlSafe(dynamic::<D>(q.sql)));
        for b in q.binds {
            query = query.bind(b);
        }
        if let Some(limit) = q.limit {
            query = query.bind(limit);
        }
        let rows = query.fetch_all(self.pool()).await.map_err(db_err)?;
        rows.into_iter().map(AgencyRow::into_agency).collect()
    }

    async fn count_agencies(&self, filter: &AgencyFilter) -> StoreResult<u64> {
        let q = agency_query(filter, true, D::COLLATE_BYTES);
        let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(dynamic::<D>(q.sql)));
        for b in q.binds {
            query = query.bind(b);
        }
        let (n,) = query.fetch_one(self.pool()).await.map_err(db_err)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn list_units(&self, agency: &AgencyId) -> StoreResult<Vec<Unit>> {
        let rows: Vec<UnitRow> = sqlx::query_as(UNITS_OF.sql::<D>())
            .bind(agency.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(UnitRow::into_unit).collect())
    }

    async fn get_unit(&self, id: &UnitId) -> StoreResult<Option<Unit>> {
        let row: Option<UnitRow> = sqlx::query_as(UNIT_BY_ID.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(UnitRow::into_unit))
    }

    async fn unit_path(&self, id: &UnitId) -> StoreResult<Vec<UnitId>> {
        let rows: Vec<(String,)> = sqlx::query_as(UNIT_PATH.sql::<D>())
            .bind(id.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        Ok(rows.into_iter().map(|(id,)| UnitId::new(id)).collect())
    }

    async fn inspectorate_of(&self, agency: &AgencyId) -> StoreResult<Option<Unit>> {
        let row: Option<UnitRow> = sqlx::query_as(INSPECTORATE.sql::<D>())
            .bind(agency.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(UnitRow::into_unit))
    }

    async fn list_categories(&self) -> StoreResult<Vec<Category>> {
        Self::all_categories(self.pool()).await
    }

    async fn get_category(&self, id: &CategoryId) -> StoreResult<Option<Category>> {
        Self::category(self.pool(), id).await
    }

    async fn update_category(
        &self,
        id: &CategoryId,
        changes: &CategoryChanges,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Category> {
        self.update_category_in(id, changes, actor, at).await
    }
}
}

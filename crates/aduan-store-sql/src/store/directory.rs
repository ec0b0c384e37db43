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
    AgencyFilter, DirectoryBatch, DirectoryStore, ImportCounts, ReferenceVersions, StoreError,
    StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Executor;
use std::collections::HashMap;

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

/// Moves one kind of reference data to its next version.
static BUMP_REFERENCE: Stmt =
    Stmt::new("UPDATE reference_versions SET version = version + 1 WHERE kind = ?");
static REFERENCE_VERSIONS: Stmt = Stmt::new("SELECT kind, version FROM reference_versions");

/// The paths of many units, deepest first within each; bounded so that corrupt data cannot
/// loop. `{}` is the list of placeholders.
const UNIT_PATHS: &str = "WITH RECURSIVE path (start, id, parent, depth) AS ( \
       SELECT id, id, parent, CAST(0 AS BIGINT) FROM units WHERE id IN ({}) \
       UNION ALL \
       SELECT p.start, u.id, u.parent, p.depth + 1 FROM units u JOIN path p ON u.id = p.parent \
       WHERE p.depth < 64 \
     ) SELECT start, depth, id FROM path";

sql_impl! {
impl SqlStore {
    /// Moves the version of each of `kinds` (`directory`, `categories`, `calendar`) inside the
    /// edit's transaction `tx`, so that every instance's cached copy is reloaded.
    pub(crate) async fn bump_reference_in(
        tx: &mut sqlx::Transaction<'static, D::DB>,
        kinds: &[&str],
    ) -> StoreResult<()> {
        for kind in kinds {
            sqlx::query(BUMP_REFERENCE.sql::<D>())
                .bind(*kind)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }

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

    async fn unit_paths(&self, ids: &[UnitId]) -> StoreResult<HashMap<UnitId, Vec<UnitId>>> {
        let mut out: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = dynamic::<D>(UNIT_PATHS.replace("{}", &crate::placeholders(ids.len())));
        let mut q = sqlx::query_as::<_, (String, i64, String)>(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(id.as_str());
        }
        let mut rows = q.fetch_all(self.pool()).await.map_err(db_err)?;
        // Root first within each unit's path, as `unit_path` gives it.
        rows.sort_by(|a, b| (&a.0, b.1).cmp(&(&b.0, a.1)));
        for (start, _, id) in rows {
            out.entry(UnitId::new(start))
                .or_default()
                .push(UnitId::new(id));
        }
        Ok(out)
    }

    async fn reference_versions(&self) -> StoreResult<ReferenceVersions> {
        let rows: Vec<(String, i64)> = sqlx::query_as(REFERENCE_VERSIONS.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let mut v = ReferenceVersions::default();
        for (kind, version) in rows {
            match kind.as_str() {
                "directory" => v.directory = version,
                "categories" => v.categories = version,
                "calendar" => v.calendar = version,
                _ => {}
            }
        }
        Ok(v)
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

//! Directory writes: an import is one write transaction with its audit entry; so is a category
//! edit. Imports and category edits are serialised ([`crate::Dialect::serialise`]: SQLite's
//! write lock already does it, PostgreSQL takes an advisory lock), so that the rules checked by
//! the plan (no cycles, one inspectorate per agency) hold when it commits.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{agency_words, other};
use aduan_domain::CategoryId;
use aduan_domain::directory::import::{Stored, plan_import};
use aduan_domain::directory::{Agency, Category, CategoryChanges, Unit};
use aduan_store::{
    AUDIT_CATEGORY_UPDATE, AUDIT_DIRECTORY_IMPORT, DirectoryBatch, ImportCounts, StoreError,
    StoreResult,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{QueryBuilder, Transaction};

/// The advisory lock that serialises directory imports and category edits where needed.
const DIRECTORY_LOCK: i64 = 0x6164_7561_6e44;

static INSERT_AGENCY: Stmt = Stmt::new(
    "INSERT INTO agencies (name, abbreviation, kind, region_code, parent, \
     zone, connected, integrated, source, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
static UPDATE_AGENCY: Stmt = Stmt::new(
    "UPDATE agencies SET name = ?, abbreviation = ?, kind = ?, \
     region_code = ?, parent = ?, zone = ?, connected = ?, integrated = ?, source = ? WHERE id = ?",
);
static INSERT_UNIT: Stmt =
    Stmt::new("INSERT INTO units (agency, parent, name, inspectorate, id) VALUES (?, ?, ?, ?, ?)");
static UPDATE_UNIT: Stmt =
    Stmt::new("UPDATE units SET agency = ?, parent = ?, name = ?, inspectorate = ? WHERE id = ?");
static INSERT_CATEGORY: Stmt = Stmt::new(
    "INSERT INTO categories (name, parent, sensitive, active_from, \
     active_until, id) VALUES (?, ?, ?, ?, ?, ?)",
);
static UPDATE_CATEGORY: Stmt = Stmt::new(
    "UPDATE categories SET name = ?, parent = ?, sensitive = ?, \
     active_from = ?, active_until = ? WHERE id = ?",
);

static DELETE_WORDS: Stmt = Stmt::new("DELETE FROM agency_words WHERE agency = ?");

/// Rows of `agency_words` per statement (two parameters each, well under SQLite's limit).
const WORDS_PER_INSERT: usize = 400;

sql_impl! {
impl SqlStore {
    async fn write_agency(
        tx: &mut Transaction<'static, D::DB>,
        sql: &'static Stmt,
        a: &Agency,
    ) -> StoreResult<()> {
        sqlx::query(sql.sql::<D>())
            .bind(&a.name)
            .bind(&a.abbreviation)
            .bind(a.kind.as_str())
            .bind(&a.region_code)
            .bind(a.parent.as_ref().map(|p| p.as_str()))
            .bind(a.zone.code())
            .bind(a.connected)
            .bind(a.integrated)
            .bind(&a.source)
            .bind(a.id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn write_unit(
        tx: &mut Transaction<'static, D::DB>,
        sql: &'static Stmt,
        u: &Unit,
    ) -> StoreResult<()> {
        sqlx::query(sql.sql::<D>())
            .bind(u.agency.as_str())
            .bind(u.parent.as_ref().map(|p| p.as_str()))
            .bind(&u.name)
            .bind(u.inspectorate)
            .bind(u.id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn write_category(
        tx: &mut Transaction<'static, D::DB>,
        sql: &'static Stmt,
        c: &Category,
    ) -> StoreResult<()> {
        sqlx::query(sql.sql::<D>())
            .bind(&c.name)
            .bind(c.parent.as_ref().map(|p| p.as_str()))
            .bind(c.sensitive)
            .bind(c.active_from)
            .bind(c.active_until)
            .bind(c.id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Replaces the search words of `agencies`.
    async fn write_words(
        tx: &mut Transaction<'static, D::DB>,
        agencies: &[&Agency],
    ) -> StoreResult<()> {
        for a in agencies {
            sqlx::query(DELETE_WORDS.sql::<D>())
                .bind(a.id.as_str())
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        let pairs: Vec<(String, &str)> = agencies
            .iter()
            .flat_map(|a| agency_words(a).into_iter().map(|w| (w, a.id.as_str())))
            .collect();
        for chunk in pairs.chunks(WORDS_PER_INSERT) {
            let mut q = QueryBuilder::<D::DB>::new("INSERT INTO agency_words (word, agency) ");
            q.push_values(chunk, |mut row, (word, agency)| {
                row.push_bind(word.clone()).push_bind(agency.to_string());
            });
            q.build().execute(&mut **tx).await.map_err(db_err)?;
        }
        Ok(())
    }

    pub(super) async fn import_directory_in(
        &self,
        batch: &DirectoryBatch,
        label: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ImportCounts> {
        let mut tx = self.write_tx().await?;
        D::serialise(&mut tx, DIRECTORY_LOCK)
            .await
            .map_err(db_err)?;
        let stored = Stored {
            agencies: Self::all_agencies(&mut *tx).await?,
            units: Self::all_units(&mut *tx).await?,
            categories: Self::all_categories(&mut *tx).await?,
        };
        let plan =
            plan_import(stored, batch).map_err(|e| StoreError::Conflict { constraint: e.rule })?;
        for a in &plan.agencies.insert {
            Self::write_agency(&mut tx, &INSERT_AGENCY, a).await?;
        }
        for a in &plan.agencies.update {
            Self::write_agency(&mut tx, &UPDATE_AGENCY, a).await?;
        }
        let written: Vec<&Agency> = plan
            .agencies
            .insert
            .iter()
            .chain(&plan.agencies.update)
            .collect();
        Self::write_words(&mut tx, &written).await?;
        for u in &plan.units.insert {
            Self::write_unit(&mut tx, &INSERT_UNIT, u).await?;
        }
        for u in &plan.units.update {
            Self::write_unit(&mut tx, &UPDATE_UNIT, u).await?;
        }
        for c in &plan.categories.insert {
            Self::write_category(&mut tx, &INSERT_CATEGORY, c).await?;
        }
        for c in &plan.categories.update {
            Self::write_category(&mut tx, &UPDATE_CATEGORY, c).await?;
        }
        let counts = plan.counts();
        let payload = json!({ "label": label, "counts": counts });
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_DIRECTORY_IMPORT,
            "directory",
            payload,
        )
        .await?;
        let moved = |c: &aduan_store::UpsertCounts| c.inserted + c.updated > 0;
        let mut kinds = Vec::new();
        if moved(&counts.agencies) || moved(&counts.units) {
            kinds.push("directory");
        }
        if moved(&counts.categories) {
            kinds.push("categories");
        }
        Self::bump_reference_in(&mut tx, &kinds).await?;
        tx.commit().await.map_err(other)?;
        Ok(counts)
    }

    pub(super) async fn update_category_in(
        &self,
        id: &CategoryId,
        changes: &CategoryChanges,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Category> {
        let mut tx = self.write_tx().await?;
        D::serialise(&mut tx, DIRECTORY_LOCK)
            .await
            .map_err(db_err)?;
        let before = Self::category(&mut *tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let after = changes.apply(&before).map_err(|e| StoreError::Conflict {
            constraint: format!("category `{id}`: {e}"),
        })?;
        Self::write_category(&mut tx, &UPDATE_CATEGORY, &after).await?;
        let payload = json!({ "before": before, "after": after });
        let subject = format!("category:{id}");
        Self::append_audit_in(&mut tx, actor, at, AUDIT_CATEGORY_UPDATE, &subject, payload).await?;
        Self::bump_reference_in(&mut tx, &["categories"]).await?;
        tx.commit().await.map_err(other)?;
        Ok(after)
    }
}
}

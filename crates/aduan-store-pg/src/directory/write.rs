//! Directory writes on PostgreSQL: an import is one transaction, serialised with the others
//! by an advisory lock,
//! with its audit entry; so is a category edit.

use super::{all_agencies, all_categories, all_units, category};
use crate::{PgStore, Sql, db_err};
use aduan_domain::CategoryId;
use aduan_domain::directory::{Agency, Category, CategoryChanges, Unit};
use aduan_store::{
    AUDIT_CATEGORY_UPDATE, AUDIT_DIRECTORY_IMPORT, DirectoryBatch, ImportCounts, StoreError,
    StoreResult,
};
use aduan_store_sql::{Stored, agency_words, other, plan_import};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, QueryBuilder, Transaction};

/// The advisory lock that serialises directory imports and category edits, so that the
/// rules checked by the plan (no cycles, one inspectorate per agency) hold when it commits.
const DIRECTORY_LOCK: i64 = 0x6164_7561_6e44;

type Tx = Transaction<'static, Postgres>;

const INSERT_AGENCY: &str = "INSERT INTO agencies (name, abbreviation, kind, region_code, parent, \
     zone, connected, integrated, source, id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const UPDATE_AGENCY: &str = "UPDATE agencies SET name = $1, abbreviation = $2, kind = $3, \
     region_code = $4, parent = $5, zone = $6, connected = $7, integrated = $8, source = $9 WHERE id = $10";
const INSERT_UNIT: &str =
    "INSERT INTO units (agency, parent, name, inspectorate, id) VALUES ($1, $2, $3, $4, $5)";
const UPDATE_UNIT: &str =
    "UPDATE units SET agency = $1, parent = $2, name = $3, inspectorate = $4 WHERE id = $5";
const INSERT_CATEGORY: &str = "INSERT INTO categories (name, parent, sensitive, active_from, \
     active_until, id) VALUES ($1, $2, $3, $4, $5, $6)";
const UPDATE_CATEGORY: &str = "UPDATE categories SET name = $1, parent = $2, sensitive = $3, \
     active_from = $4, active_until = $5 WHERE id = $6";

/// Rows of `agency_words` per statement (two parameters each).
const WORDS_PER_INSERT: usize = 400;

async fn write_agency(tx: &mut Tx, sql: &'static str, a: &Agency) -> StoreResult<()> {
    sqlx::query(sql)
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

async fn write_unit(tx: &mut Tx, sql: &'static str, u: &Unit) -> StoreResult<()> {
    sqlx::query(sql)
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

async fn write_category(tx: &mut Tx, sql: &'static str, c: &Category) -> StoreResult<()> {
    sqlx::query(sql)
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
async fn write_words(tx: &mut Tx, agencies: &[&Agency]) -> StoreResult<()> {
    for a in agencies {
        sqlx::query("DELETE FROM agency_words WHERE agency = $1")
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
        let mut q = QueryBuilder::<Postgres>::new("INSERT INTO agency_words (word, agency) ");
        q.push_values(chunk, |mut row, (word, agency)| {
            row.push_bind(word.clone()).push_bind(agency.to_string());
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

pub(super) async fn import(
    store: &PgStore,
    batch: &DirectoryBatch,
    label: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<ImportCounts> {
    let mut tx = store.write_tx().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(DIRECTORY_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let stored = Stored {
        agencies: all_agencies(&mut *tx).await?,
        units: all_units(&mut *tx).await?,
        categories: all_categories(&mut *tx).await?,
    };
    let plan = plan_import(stored, batch)?;
    for a in &plan.agencies.insert {
        write_agency(&mut tx, INSERT_AGENCY, a).await?;
    }
    for a in &plan.agencies.update {
        write_agency(&mut tx, UPDATE_AGENCY, a).await?;
    }
    let written: Vec<&Agency> = plan
        .agencies
        .insert
        .iter()
        .chain(&plan.agencies.update)
        .collect();
    write_words(&mut tx, &written).await?;
    for u in &plan.units.insert {
        write_unit(&mut tx, INSERT_UNIT, u).await?;
    }
    for u in &plan.units.update {
        write_unit(&mut tx, UPDATE_UNIT, u).await?;
    }
    for c in &plan.categories.insert {
        write_category(&mut tx, INSERT_CATEGORY, c).await?;
    }
    for c in &plan.categories.update {
        write_category(&mut tx, UPDATE_CATEGORY, c).await?;
    }
    let counts = plan.counts();
    let payload = json!({ "label": label, "counts": counts });
    Sql::append_audit_in(
        &mut tx,
        actor,
        at,
        AUDIT_DIRECTORY_IMPORT,
        "directory",
        payload,
    )
    .await?;
    tx.commit().await.map_err(other)?;
    Ok(counts)
}

pub(super) async fn update_category(
    store: &PgStore,
    id: &CategoryId,
    changes: &CategoryChanges,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<Category> {
    let mut tx = store.write_tx().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(DIRECTORY_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let before = category(&mut *tx, id).await?.ok_or(StoreError::NotFound)?;
    let after = changes.apply(&before).map_err(|e| StoreError::Conflict {
        constraint: format!("category `{id}`: {e}"),
    })?;
    write_category(&mut tx, UPDATE_CATEGORY, &after).await?;
    let payload = json!({ "before": before, "after": after });
    let subject = format!("category:{id}");
    Sql::append_audit_in(&mut tx, actor, at, AUDIT_CATEGORY_UPDATE, &subject, payload).await?;
    tx.commit().await.map_err(other)?;
    Ok(after)
}

//! The triage models: each version written with its audit entry in one write transaction; the
//! active version of a target switched with the previous one's flag cleared first (the partial
//! unique index `triage_models_active_idx` holds at most one); and which suggestion each
//! verification took, written with the verification (`store/reports.rs`).

use crate::store::{db_err, sql_impl};
use crate::{
    PickCountRow, Stmt, TRIAGE_EXAMPLE_COLUMNS, TRIAGE_MODEL_COLUMNS, TriageExampleRow,
    TriageModelRow, other,
};
use aduan_domain::TrackingId;
use aduan_store::{
    AUDIT_TRIAGE_MODEL_ACTIVATE, AUDIT_TRIAGE_MODEL_ADD, KEPT_TRIAGE_MODELS, NewTriageModel,
    PickCount, StoreError, StoreResult, TriageExample, TriageModelInfo, TriagePick, TriageStore,
    TriageTarget, check_pick,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Transaction;

static INSERT_MODEL: Stmt = Stmt::new(
    "INSERT INTO triage_models \
     (target, model, size_bytes, examples, labels, source, metrics, active, created_by, created_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING version",
);
static GET_MODEL: Stmt =
    Stmt::built(|| format!("SELECT {TRIAGE_MODEL_COLUMNS} FROM triage_models WHERE version = ?"));
static LOCK_MODEL: Stmt = Stmt::built_locking(|| {
    format!("SELECT {TRIAGE_MODEL_COLUMNS} FROM triage_models WHERE version = ?")
});
static MODEL_BYTES: Stmt = Stmt::new("SELECT model FROM triage_models WHERE version = ?");
static LIST_MODELS: Stmt = Stmt::built(|| {
    format!(
        "SELECT {TRIAGE_MODEL_COLUMNS} FROM triage_models WHERE target = ? ORDER BY version DESC"
    )
});
static ACTIVE_VERSION: Stmt =
    Stmt::new("SELECT version FROM triage_models WHERE target = ? AND active");
static CLEAR_ACTIVE: Stmt =
    Stmt::new("UPDATE triage_models SET active = ? WHERE target = ? AND active");
static SET_ACTIVE: Stmt =
    Stmt::new("UPDATE triage_models SET active = ?, activated_at = ? WHERE version = ?");
static DROP_OLD_BYTES: Stmt = Stmt::new(
    "UPDATE triage_models SET model = NULL \
     WHERE target = ? AND NOT active AND model IS NOT NULL AND version NOT IN \
     (SELECT version FROM triage_models WHERE target = ? AND NOT active AND model IS NOT NULL \
      ORDER BY activated_at IS NULL, activated_at DESC, version DESC LIMIT ?)",
);
static EXAMPLES: Stmt = Stmt::built(|| {
    format!(
        "SELECT {TRIAGE_EXAMPLE_COLUMNS} FROM reports WHERE tracking_id > ? \
         AND agency IS NOT NULL AND status IN ('dispatched', 'in_progress', 'completed') \
         ORDER BY tracking_id LIMIT ?"
    )
});
static PICK_COUNTS: Stmt = Stmt::new(
    "SELECT p.version, p.target, p.rank, COUNT(*) AS count FROM triage_picks p \
     WHERE p.target = ? GROUP BY p.version, p.target, p.rank ORDER BY p.version DESC, p.rank",
);
static INSERT_PICK: Stmt = Stmt::new(
    "INSERT INTO triage_picks (report_id, seq, target, version, rank, picked_at) \
     VALUES (?, ?, ?, ?, ?, ?)",
);

fn subject(version: i64) -> String {
    format!("triage:{version}")
}

sql_impl! {
impl SqlStore {
    /// Records, inside `tx`, which suggestions the transition `seq` of `report` took.
    pub(crate) async fn insert_picks_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &TrackingId,
        seq: i64,
        picks: &[TriagePick],
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        for pick in picks {
            check_pick(pick)?;
            sqlx::query(INSERT_PICK.sql::<D>())
                .bind(report.as_str())
                .bind(seq)
                .bind(pick.target.as_str())
                .bind(pick.version)
                .bind(i32::from(pick.rank))
                .bind(D::ts(at))
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }

    /// Makes `info` the active version of its target inside `tx`, audited.
    async fn activate_in(
        tx: &mut Transaction<'static, D::DB>,
        info: &TriageModelInfo,
        previous: Option<i64>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(CLEAR_ACTIVE.sql::<D>())
            .bind(false)
            .bind(info.target.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        sqlx::query(SET_ACTIVE.sql::<D>())
            .bind(true)
            .bind(D::ts(at))
            .bind(info.version)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        let payload = json!({ "target": info.target.as_str(), "previous": previous });
        Self::append_audit_in(
            tx,
            actor,
            at,
            AUDIT_TRIAGE_MODEL_ACTIVATE,
            &subject(info.version),
            payload,
        )
        .await?;
        Ok(())
    }

    async fn active_in(
        tx: &mut Transaction<'static, D::DB>,
        target: TriageTarget,
    ) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(ACTIVE_VERSION.sql::<D>())
            .bind(target.as_str())
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(row.map(|(v,)| v))
    }
}
}

sql_impl! {
#[async_trait]
impl TriageStore for SqlStore {
    async fn add_triage_model(
        &self,
        model: &NewTriageModel,
        activate: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<TriageModelInfo> {
        let size = i64::try_from(model.model.len()).map_err(other)?;
        let mut tx = self.write_tx().await?;
        let (version,): (i64,) = sqlx::query_as(INSERT_MODEL.sql::<D>())
            .bind(model.target.as_str())
            .bind(model.model.clone())
            .bind(size)
            .bind(i64::try_from(model.examples).map_err(other)?)
            .bind(i32::try_from(model.labels).map_err(other)?)
            .bind(model.source.as_str())
            .bind(model.metrics.to_string())
            .bind(false)
            .bind(actor)
            .bind(D::ts(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let payload = json!({
            "target": model.target.as_str(),
            "examples": model.examples,
            "labels": model.labels,
            "source": model.source,
            "size_bytes": size,
        });
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            AUDIT_TRIAGE_MODEL_ADD,
            &subject(version),
            payload,
        )
        .await?;
        let row: TriageModelRow = sqlx::query_as(GET_MODEL.sql::<D>())
            .bind(version)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut info = row.into_info()?;
        if activate {
            let previous = Self::active_in(&mut tx, model.target).await?;
            Self::activate_in(&mut tx, &info, previous, actor, at).await?;
            info.active = true;
        }
        sqlx::query(DROP_OLD_BYTES.sql::<D>())
            .bind(model.target.as_str())
            .bind(model.target.as_str())
            .bind(i64::try_from(KEPT_TRIAGE_MODELS).map_err(other)?)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(other)?;
        Ok(info)
    }

    async fn activate_triage_model(
        &self,
        target: TriageTarget,
        version: i64,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<TriageModelInfo> {
        let mut tx = self.write_tx().await?;
        let row: Option<TriageModelRow> = sqlx::query_as(LOCK_MODEL.sql::<D>())
            .bind(version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut info = match row {
            Some(row) => row.into_info()?,
            None => return Err(StoreError::NotFound),
        };
        if info.target != target {
            return Err(StoreError::NotFound);
        }
        if info.active {
            return Ok(info);
        }
        if !info.kept {
            return Err(StoreError::Conflict {
                constraint: "triage_models.model".into(),
            });
        }
        let previous = Self::active_in(&mut tx, target).await?;
        Self::activate_in(&mut tx, &info, previous, actor, at).await?;
        tx.commit().await.map_err(other)?;
        info.active = true;
        Ok(info)
    }

    async fn list_triage_models(&self, target: TriageTarget) -> StoreResult<Vec<TriageModelInfo>> {
        let rows: Vec<TriageModelRow> = sqlx::query_as(LIST_MODELS.sql::<D>())
            .bind(target.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TriageModelRow::into_info).collect()
    }

    async fn active_triage_version(&self, target: TriageTarget) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(ACTIVE_VERSION.sql::<D>())
            .bind(target.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|(v,)| v))
    }

    async fn triage_model(&self, version: i64) -> StoreResult<Option<(TriageModelInfo, Vec<u8>)>> {
        let row: Option<TriageModelRow> = sqlx::query_as(GET_MODEL.sql::<D>())
            .bind(version)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let bytes: Option<(Option<Vec<u8>>,)> = sqlx::query_as(MODEL_BYTES.sql::<D>())
            .bind(version)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        match bytes {
            Some((Some(bytes),)) => Ok(Some((row.into_info()?, bytes))),
            _ => Ok(None),
        }
    }

    async fn triage_examples(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<TriageExample>> {
        let rows: Vec<TriageExampleRow> = sqlx::query_as(EXAMPLES.sql::<D>())
            .bind(after.map(TrackingId::as_str).unwrap_or(""))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(TriageExampleRow::into_example)
            .collect()
    }

    async fn triage_pick_counts(&self, target: TriageTarget) -> StoreResult<Vec<PickCount>> {
        let rows: Vec<PickCountRow> = sqlx::query_as(PICK_COUNTS.sql::<D>())
            .bind(target.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(PickCountRow::into_count).collect()
    }
}
}

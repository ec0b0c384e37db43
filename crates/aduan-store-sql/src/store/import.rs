//! Bulk loading and imports: each dialect writes a batch of histories its own fastest way
//! inside a transaction opened here; an import adds its legacy ids, attachment records and
//! mark to the same transaction.

use crate::store::{db_err, sql_impl};
use crate::{GET_IMPORT_MARK, ImportMarkRow, LEGACY_CHUNK, UPSERT_IMPORT_MARK, as_i64, other};
use aduan_domain::TrackingId;
use aduan_store::{
    BulkCounts, BulkStore, History, ImportBatch, ImportMark, LegacyReport, NewAttachment,
    StoreResult, check_batch,
};
use async_trait::async_trait;
use sqlx::{QueryBuilder, Transaction};

sql_impl! {
impl SqlStore {
    /// Inserts the legacy ids of `histories` (same order) inside `tx`.
    async fn insert_legacy_ids_in(
        tx: &mut Transaction<'static, D::DB>,
        histories: &[History],
        legacy_ids: &[String],
    ) -> StoreResult<()> {
        let pairs: Vec<(&String, String)> = legacy_ids
            .iter()
            .zip(histories)
            .map(|(l, h)| (l, h.report.tracking_id.to_string()))
            .collect();
        for chunk in pairs.chunks(LEGACY_CHUNK) {
            let mut q =
                QueryBuilder::<D::DB>::new("INSERT INTO legacy_ids (legacy_id, report_id) ");
            q.push_values(chunk, |mut row, (legacy, report)| {
                row.push_bind((*legacy).clone()).push_bind(report.clone());
            });
            q.build().execute(&mut **tx).await.map_err(db_err)?;
        }
        Ok(())
    }

    /// Inserts attachment records inside `tx`.
    async fn insert_attachments_in(
        tx: &mut Transaction<'static, D::DB>,
        attachments: &[NewAttachment],
    ) -> StoreResult<()> {
        for a in attachments {
            Self::insert_attachment_in(&mut **tx, a).await?;
        }
        Ok(())
    }

    /// Records `mark` inside `tx`.
    async fn set_import_mark_in(
        tx: &mut Transaction<'static, D::DB>,
        mark: &ImportMark,
    ) -> StoreResult<()> {
        sqlx::query(UPSERT_IMPORT_MARK.sql::<D>())
            .bind(mark.source.as_str())
            .bind(mark.fingerprint.as_str())
            .bind(as_i64(mark.line))
            .bind(as_i64(mark.byte_offset))
            .bind(as_i64(mark.imported))
            .bind(as_i64(mark.rejected))
            .bind(D::ts(mark.at))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl BulkStore for SqlStore {
    async fn insert_histories(
        &self,
        histories: &[History],
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts> {
        let mut tx = self.write_tx().await?;
        let counts = D::insert_histories_in(&mut tx, self.keyring(), histories, cal).await?;
        tx.commit().await.map_err(other)?;
        Ok(counts)
    }

    async fn import_histories(
        &self,
        batch: &ImportBatch<'_>,
        cal: &aduan_domain::workdays::WorkCalendar,
    ) -> StoreResult<BulkCounts> {
        check_batch(batch)?;
        let mut tx = self.write_tx().await?;
        let counts = if batch.histories.is_empty() {
            BulkCounts::default()
        } else {
            D::insert_histories_in(&mut tx, self.keyring(), batch.histories, cal).await?
        };
        Self::insert_legacy_ids_in(&mut tx, batch.histories, batch.legacy_ids).await?;
        Self::insert_attachments_in(&mut tx, batch.attachments).await?;
        for (report, choice) in batch.choices {
            Self::set_confidential_choice_in(&mut tx, report, *choice).await?;
        }
        Self::set_import_mark_in(&mut tx, batch.mark).await?;
        tx.commit().await.map_err(other)?;
        Ok(counts)
    }

    async fn legacy_reports(&self, legacy_ids: &[String]) -> StoreResult<Vec<LegacyReport>> {
        let mut found = Vec::new();
        for chunk in legacy_ids.chunks(LEGACY_CHUNK) {
            let mut q = QueryBuilder::<D::DB>::new(
                "SELECT legacy_id, report_id FROM legacy_ids WHERE legacy_id IN (",
            );
            let mut ids = q.separated(", ");
            for id in chunk {
                ids.push_bind(id.clone());
            }
            q.push(")");
            let rows: Vec<(String, String)> = q
                .build_query_as()
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
            for (legacy_id, report) in rows {
                found.push(LegacyReport {
                    legacy_id,
                    tracking_id: TrackingId::parse(&report).map_err(other)?,
                });
            }
        }
        Ok(found)
    }

    async fn import_mark(&self, source: &str) -> StoreResult<Option<ImportMark>> {
        let row: Option<ImportMarkRow> = sqlx::query_as(GET_IMPORT_MARK.sql::<D>())
            .bind(source)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(ImportMarkRow::into_mark).transpose()
    }
}
}

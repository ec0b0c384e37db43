//! The similarity index of recurring problems (`aduan_text::similar`): each report's signature
//! and band keys, written in the transaction that writes the report, and the lookup of the
//! reports filed under the same keys.

use crate::store::{db_err, sql_impl};
use crate::{SIMILARITY_OF, SimilarityRow, corrupt};
use aduan_domain::TrackingId;
use aduan_domain::report::Report;
use aduan_store::{SimilarReport, SimilarStore, StoreResult};
use aduan_text::similar::Signature;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Transaction};

/// Reports per statement when writing the index: each writes a signature row (3 values) and
/// `aduan_text::similar::BANDS` band rows (2 values each), within SQLite's 32,766 bound
/// variables.
const CHUNK: usize = 1_000;
/// Most candidates read from the index for one lookup: reports whose text is nearly empty or
/// boilerplate share keys with very many others, and a lookup must stay bounded.
const MAX_CANDIDATES: i64 = 2_000;

sql_impl! {
impl SqlStore {
    /// Files `reports` in the similarity index as they are now, inside the transaction that
    /// writes them (both backends' bulk loaders too); `fresh` when none of them was filed before
    /// (a new report, a bulk load), so nothing needs removing first.
    pub async fn file_similar_in(
        tx: &mut Transaction<'static, D::DB>,
        reports: &[&Report],
        fresh: bool,
    ) -> StoreResult<()> {
        for chunk in reports.chunks(CHUNK) {
            if !fresh {
                for table in ["report_bands", "report_similarity"] {
                    let mut q = QueryBuilder::<D::DB>::new(format!(
                        "DELETE FROM {table} WHERE report_id IN ("
                    ));
                    let mut ids = q.separated(", ");
                    for r in chunk {
                        ids.push_bind(r.tracking_id.to_string());
                    }
                    q.push(")");
                    q.build().execute(&mut **tx).await.map_err(db_err)?;
                }
            }
            let rows: Vec<SimilarityRow> =
                chunk.iter().filter_map(|r| SimilarityRow::of(r)).collect();
            if rows.is_empty() {
                continue;
            }
            let mut q = QueryBuilder::<D::DB>::new(
                "INSERT INTO report_similarity (report_id, place, signature) ",
            );
            q.push_values(&rows, |mut row, r| {
                row.push_bind(r.report_id.clone())
                    .push_bind(r.place.clone())
                    .push_bind(r.signature.clone());
            });
            q.build().execute(&mut **tx).await.map_err(db_err)?;
            let bands: Vec<(i64, &str)> = rows
                .iter()
                .flat_map(|r| r.keys.iter().map(|k| (*k, r.report_id.as_str())))
                .collect();
            let mut q =
                QueryBuilder::<D::DB>::new("INSERT INTO report_bands (band_key, report_id) ");
            q.push_values(&bands, |mut row, (key, id)| {
                row.push_bind(*key).push_bind(id.to_string());
            });
            q.push(" ON CONFLICT (band_key, report_id) DO NOTHING");
            q.build().execute(&mut **tx).await.map_err(db_err)?;
        }
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl SimilarStore for SqlStore {
    async fn similar_reports(
        &self,
        id: &TrackingId,
        min: f64,
        limit: u32,
    ) -> StoreResult<Vec<SimilarReport>> {
        let Some((place, stored)) =
            sqlx::query_as::<_, (String, Vec<u8>)>(SIMILARITY_OF.sql::<D>())
                .bind(id.as_str())
                .fetch_optional(self.pool())
                .await
                .map_err(db_err)?
        else {
            return Ok(Vec::new());
        };
        let mine = Signature::from_bytes(&stored).ok_or_else(|| corrupt("signature"))?;
        let mut q = QueryBuilder::<D::DB>::new(
            "SELECT s.report_id, s.signature FROM report_similarity s WHERE s.report_id IN \
             (SELECT DISTINCT b.report_id FROM report_bands b WHERE b.band_key IN (",
        );
        let mut keys = q.separated(", ");
        for key in mine.band_keys(&place) {
            keys.push_bind(key);
        }
        q.push(") AND b.report_id <> ").push_bind(id.to_string());
        q.push(" ORDER BY b.report_id LIMIT ")
            .push_bind(MAX_CANDIDATES)
            .push(")");
        let rows: Vec<(String, Vec<u8>)> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let mut out = Vec::new();
        for (other, stored) in rows {
            let theirs = Signature::from_bytes(&stored).ok_or_else(|| corrupt("signature"))?;
            let similarity = mine.similarity(&theirs);
            if similarity >= min {
                let tracking_id = TrackingId::parse(&other).map_err(corrupt)?;
                out.push(SimilarReport {
                    tracking_id,
                    similarity,
                });
            }
        }
        out.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.tracking_id.cmp(&b.tracking_id))
        });
        out.truncate(limit as usize);
        Ok(out)
    }
}
}

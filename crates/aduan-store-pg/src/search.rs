//! PostgreSQL's full-text index (migration 0025): two `tsvector`s per report with GIN indexes,
//! made by `to_tsvector('simple', ...)` from lexemes `aduan-text` computed, so that no
//! PostgreSQL dictionary changes a word (weights: title A, body B, follow-ups and notes C,
//! location D). Relevance is scored in `aduan-store-sql`, alike on both backends.

use aduan_store::StoreResult;
use aduan_store_sql::{DocSet, Recent, SearchDialect, SearchDoc, SearchSql, Stmt, db_err};
use sqlx::{Postgres, Transaction};

/// Rows per statement: a handful of arrays however many rows.
const CHUNK: usize = 2_000;

/// Upserts entries from arrays: id, hash, title, body, follow-ups, place, notes. Entries that
/// exist are updated first and only the others inserted, so an entry's number (`n`, migration
/// 0028) is drawn from the sequence once, when its report is first indexed: re-indexing never
/// uses numbers up, and "the newest 100,000 numbers" stays about 100,000 entries. The insert
/// still resolves a conflict (another transaction indexing the same new report).
static UPSERT: Stmt = Stmt::new(
    "WITH d AS ( \
         SELECT id, hash, pub, pub || setweight(to_tsvector('simple', notes), 'C') AS staff FROM ( \
             SELECT id, hash, notes, setweight(to_tsvector('simple', t), 'A') \
                 || setweight(to_tsvector('simple', b), 'B') \
                 || setweight(to_tsvector('simple', f), 'C') \
                 || setweight(to_tsvector('simple', p), 'D') AS pub \
             FROM UNNEST(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], \
                 ?::text[]) AS u(id, hash, t, b, f, p, notes)) x), \
     kept AS ( \
         UPDATE report_search s SET doc_hash = d.hash, public_doc = d.pub, staff_doc = d.staff \
         FROM d WHERE s.report_id = d.id RETURNING s.report_id) \
     INSERT INTO report_search (report_id, doc_hash, public_doc, staff_doc) \
     SELECT id, hash, pub, staff FROM d WHERE id NOT IN (SELECT report_id FROM kept) \
     ON CONFLICT (report_id) DO UPDATE SET doc_hash = excluded.doc_hash, \
         public_doc = excluded.public_doc, staff_doc = excluded.staff_doc",
);

fn sql(set: DocSet) -> SearchSql {
    let doc = match set {
        DocSet::Public => "s.public_doc",
        DocSet::Staff => "s.staff_doc",
    };
    SearchSql {
        head: "report_search s JOIN reports ON reports.tracking_id = s.report_id, \
               to_tsquery('simple', "
            .into(),
        tail: format!(") tq WHERE {doc} @@ tq"),
        // Migration 0028: numbered in indexing order, with an index the planner may walk
        // backwards; migration 0029 puts each entry's band beside its words.
        key: "s.n".into(),
    }
}

fn text(terms: &[String], _set: DocSet) -> String {
    terms.join(" & ")
}

/// How PostgreSQL searches.
pub const SEARCH: SearchDialect = SearchDialect {
    sql,
    text,
    month: "to_char(submitted_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')",
    hashes: "SELECT report_id, doc_hash FROM report_search \
             WHERE report_id >= $1 AND report_id <= $2",
    recent: Some(Recent {
        top: "SELECT COALESCE(MAX(n), 0) FROM report_search",
        between,
    }),
};

/// Entries per band of the index, as a power of two: the GIN indexes hold each entry's band
/// (`n >> 14`, migration 0029) beside its words, so that a stretch of the newest entries is
/// found in the index, never by reading every row that holds the words.
const BAND_BITS: u32 = 14;

/// The entries numbered above `after` (from the first, when `None`) and up to `upto`: their
/// bands, each looked up in the GIN index with the words (a list of equalities, which GIN
/// intersects with the words' entries, where a range would gather the whole stretch first),
/// then the exact bounds.
fn between(after: Option<i64>, upto: i64) -> String {
    match after {
        None => format!("s.n <= {upto}"),
        Some(after) => {
            let bands: Vec<String> = ((after.saturating_add(1) >> BAND_BITS)..=(upto >> BAND_BITS))
                .map(|b| b.to_string())
                .collect();
            format!(
                "(s.n >> {BAND_BITS}) = ANY(ARRAY[{}]::bigint[]) AND s.n > {after} AND s.n <= {upto}",
                bands.join(",")
            )
        }
    }
}

/// Writes `docs`, each replacing its report's entry.
pub async fn write(tx: &mut Transaction<'static, Postgres>, docs: &[SearchDoc]) -> StoreResult<()> {
    for chunk in docs.chunks(CHUNK) {
        let column = |f: fn(&SearchDoc) -> &String| -> Vec<String> {
            chunk.iter().map(|d| f(d).clone()).collect()
        };
        sqlx::query(UPSERT.sql::<crate::PgDialect>())
            .bind(column(|d| &d.report_id))
            .bind(column(|d| &d.hash))
            .bind(column(|d| &d.title))
            .bind(column(|d| &d.body))
            .bind(column(|d| &d.follow))
            .bind(column(|d| &d.place))
            .bind(column(|d| &d.notes))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::between;

    #[test]
    fn a_stretch_names_every_band_its_entries_fall_in_and_its_exact_bounds() {
        // Entries 16,383 and 16,384 sit on either side of the first band's edge.
        assert_eq!(
            between(Some(16_382), 16_384),
            "(s.n >> 14) = ANY(ARRAY[0,1]::bigint[]) AND s.n > 16382 AND s.n <= 16384"
        );
        assert_eq!(
            between(Some(16_383), 32_767),
            "(s.n >> 14) = ANY(ARRAY[1]::bigint[]) AND s.n > 16383 AND s.n <= 32767"
        );
        assert_eq!(
            between(Some(40_000), 40_100),
            "(s.n >> 14) = ANY(ARRAY[2]::bigint[]) AND s.n > 40000 AND s.n <= 40100"
        );
    }

    #[test]
    fn a_stretch_from_the_first_entry_needs_no_band() {
        assert_eq!(between(None, 1_000_000), "s.n <= 1000000");
    }
}

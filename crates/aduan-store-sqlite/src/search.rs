//! SQLite's full-text index (migration 0025): an FTS5 table of lexemes `aduan-text` computed
//! (so its `ascii` tokenizer only splits them at spaces), keyed by each report's stable key in
//! `report_search_keys` (so in indexing order). Not ranked here: FTS5's BM25 counts every row
//! holding each word before it scores one (30 ms for "jalan" at a million reports), so
//! relevance is scored in `aduan-store-sql`, alike on both backends.

use aduan_store::StoreResult;
use aduan_store_sql::{DocSet, SearchDialect, SearchDoc, SearchSql, db_err};
use sqlx::{Pool, QueryBuilder, Sqlite, Transaction};

/// Rows per statement, within SQLite's 32,766 bound variables (six per row).
const CHUNK: usize = 5_000;

fn sql(_set: DocSet) -> SearchSql {
    SearchSql {
        head: "report_search CROSS JOIN report_search_keys sk ON sk.n = report_search.rowid \
               CROSS JOIN reports ON reports.tracking_id = sk.report_id \
               WHERE report_search MATCH "
            .into(),
        tail: String::new(),
        // FTS5 walks its doclists by rowid, newest first, and stops at the window.
        key: "report_search.rowid".into(),
    }
}

/// Every term, quoted; the public text's columns only unless notes may match.
fn text(terms: &[String], set: DocSet) -> String {
    let all = terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" AND ");
    match set {
        DocSet::Public => format!("{{s_title s_body s_follow s_place}} : ({all})"),
        DocSet::Staff => all,
    }
}

/// How SQLite searches.
pub const SEARCH: SearchDialect = SearchDialect {
    sql,
    text,
    month: "strftime('%Y-%m', submitted_at, '+7 hours')",
    hashes: "SELECT report_id, doc_hash FROM report_search_keys \
             WHERE report_id >= ? AND report_id <= ?",
    // FTS5 walks its doclists by rowid, newest first, and stops at the window.
    recent: None,
};

/// Writes `docs`, each replacing its report's entry: the key (kept, or made) with the new
/// fingerprint, then the lexemes under the key.
pub async fn write(tx: &mut Transaction<'static, Sqlite>, docs: &[SearchDoc]) -> StoreResult<()> {
    for chunk in docs.chunks(CHUNK) {
        let mut keys: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO report_search_keys (report_id, doc_hash) ");
        keys.push_values(chunk, |mut row, d| {
            row.push_bind(d.report_id.clone()).push_bind(d.hash.clone());
        });
        keys.push(" ON CONFLICT (report_id) DO UPDATE SET doc_hash = excluded.doc_hash");
        let full = chunk.len() == CHUNK;
        keys.build()
            .persistent(full)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT OR REPLACE INTO report_search \
             (rowid, s_title, s_body, s_follow, s_place, s_notes) \
             SELECT sk.n, v.column2, v.column3, v.column4, v.column5, v.column6 FROM (",
        );
        q.push_values(chunk, |mut row, d| {
            row.push_bind(d.report_id.clone())
                .push_bind(d.title.clone())
                .push_bind(d.body.clone())
                .push_bind(d.follow.clone())
                .push_bind(d.place.clone())
                .push_bind(d.notes.clone());
        });
        q.push(") AS v JOIN report_search_keys sk ON sk.report_id = v.column1");
        q.build()
            .persistent(full)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// FTS5's own check that the index is consistent.
pub async fn check_structure(pool: &Pool<Sqlite>) -> StoreResult<()> {
    sqlx::query("INSERT INTO report_search (report_search) VALUES ('integrity-check')")
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

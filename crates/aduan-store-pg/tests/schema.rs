//! Both backends' migrations: one sequence each, numbered alike, reaching the same schema
//! version and the same columns in every table. Needs PostgreSQL (see `integration.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_store_pg::testing::TestDatabase;
use aduan_store_sqlite::SqliteStore;
use std::collections::{BTreeMap, BTreeSet};

type Columns = BTreeMap<String, BTreeSet<String>>;

/// The full-text index is of each backend's own kind by design (migration 0025: a `tsvector`
/// table on PostgreSQL, an FTS5 table and its shadow tables with a table of keys on SQLite);
/// its tables are all named `report_search...` and are compared apart.
const SEARCH_INDEX: &str = "report_search";

fn columns(rows: Vec<(String, String)>) -> Columns {
    let mut out = Columns::new();
    for (table, column) in rows {
        if table != "_sqlx_migrations" {
            out.entry(table).or_default().insert(column);
        }
    }
    out
}

#[test]
fn both_backends_number_their_migrations_alike() {
    let versions = |m: &sqlx::migrate::Migrator| {
        m.iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        versions(&aduan_store_pg::MIGRATOR),
        versions(&aduan_store_sqlite::MIGRATOR)
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn both_backends_reach_the_same_schema_version_with_the_same_columns_per_table() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::connect(
        &dir.path().join("aduan.db").display().to_string(),
        aduan_store::Keyring::for_tests(),
    )
    .await
    .unwrap();
    let db = TestDatabase::create().await;
    let pg = db.store().await;

    let version = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
    let (sqlite_version,): (i64,) = sqlx::query_as(version)
        .fetch_one(sqlite.pool())
        .await
        .unwrap();
    let (pg_version,): (i64,) = sqlx::query_as(version).fetch_one(pg.pool()).await.unwrap();
    assert_eq!(sqlite_version, pg_version);
    let last = aduan_store_pg::MIGRATOR.iter().map(|m| m.version).max();
    assert_eq!(Some(pg_version), last);

    let sqlite_columns = columns(
        sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(sqlite.pool())
        .await
        .unwrap(),
    );
    let pg_columns = columns(
        sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public'",
        )
        .fetch_all(pg.pool())
        .await
        .unwrap(),
    );
    let (sqlite_index, sqlite_columns): (Columns, Columns) = sqlite_columns
        .into_iter()
        .partition(|(t, _)| t.starts_with(SEARCH_INDEX));
    let (pg_index, pg_columns): (Columns, Columns) = pg_columns
        .into_iter()
        .partition(|(t, _)| t.starts_with(SEARCH_INDEX));
    assert_eq!(sqlite_columns, pg_columns);
    // Both index every report under its tracking id with the fingerprint of its text.
    for index in [&sqlite_index, &pg_index] {
        assert!(
            index
                .values()
                .any(|c| c.contains("report_id") && c.contains("doc_hash"))
        );
    }
}

//! The store contract on SQLite, each test on its own fresh database file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_store::Store;
use aduan_store::contract::Harness;
use aduan_store_sqlite::SqliteStore;
use async_trait::async_trait;
use std::sync::Arc;

struct SqliteHarness {
    _dir: tempfile::TempDir,
    url: String,
    store: Arc<SqliteStore>,
}

async fn fresh() -> SqliteHarness {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = Arc::new(
        SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
            .await
            .unwrap(),
    );
    SqliteHarness {
        _dir: dir,
        url,
        store,
    }
}

#[async_trait]
impl Harness for SqliteHarness {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    async fn reopen(&self) -> Arc<dyn Store> {
        Arc::new(
            SqliteStore::connect(&self.url, aduan_store::Keyring::for_tests())
                .await
                .unwrap(),
        )
    }

    async fn reopen_with(&self, keyring: Arc<aduan_store::Keyring>) -> Arc<dyn Store> {
        Arc::new(SqliteStore::connect(&self.url, keyring).await.unwrap())
    }

    async fn raw_bytes(&self) -> Vec<u8> {
        let file = self._dir.path().join("aduan.db");
        let mut raw = std::fs::read(&file).unwrap();
        for suffix in ["-wal", "-shm"] {
            if let Ok(more) = std::fs::read(format!("{}{suffix}", file.display())) {
                raw.extend(more);
            }
        }
        raw
    }

    async fn exec_sql(&self, sql: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(self.store.pool())
            .await
            .unwrap();
    }
    fn intake_counts(&self) -> (u64, u64) {
        self.store.intake_counts()
    }
}

aduan_store::contract_tests!(fresh);

#[tokio::test]
async fn the_database_runs_in_wal_mode_with_full_synchronous_writes() {
    let h = fresh().await;
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(h.store.pool())
        .await
        .unwrap();
    let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(h.store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
}

/// The public feed (newest first, no status filter) walks the index of public reports, so it
/// never passes over the newest reports still awaiting verification nor sorts every public
/// report, whatever statistics the database has (SQLite refuses an `INDEXED BY` whose partial
/// index the query's conditions do not imply, so this also proves they match).
#[tokio::test]
async fn the_public_feed_walks_the_index_of_public_reports_only() {
    let h = fresh().await;
    let hint = aduan_store_sql::indexed_by::<aduan_store_sqlite::SqliteDialect>(
        aduan_store_sql::PUBLIC_FEED_INDEX,
    );
    let q = aduan_store_sql::list_reports_query::<sqlx::Sqlite, String>(
        &hint,
        &aduan_store::ListScope::Public,
        &aduan_store::ReportFilter::default(),
        None,
        20,
        |t| t.to_rfc3339(),
    );
    let sql = format!("EXPLAIN QUERY PLAN {}", q.sql().as_str());
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(20_i64)
        .fetch_all(h.store.pool())
        .await
        .unwrap();
    assert!(
        plan.iter()
            .any(|(.., step)| step.contains("reports_public_feed_idx")),
        "{plan:?}"
    );
    assert!(
        !plan.iter().any(|(.., step)| step.contains("TEMP B-TREE")),
        "{plan:?}"
    );
}

/// The live count of open limits past due reads its partial indexes, whatever statistics the
/// database has: unhinted, SQLite scanned every clock for those breached before a pause (15 s
/// at a million reports).
#[tokio::test]
async fn the_open_limits_past_due_are_counted_from_their_partial_indexes() {
    let h = fresh().await;
    for past in [true, false] {
        let index = aduan_store_sql::open_past_due_index(past);
        let hint = aduan_store_sql::indexed_by::<aduan_store_sqlite::SqliteDialect>(index);
        let filter = aduan_store::TallyFilter {
            responsible: Some("kota-surabaya".into()),
            ..Default::default()
        };
        let q = aduan_store_sql::open_past_due_query::<sqlx::Sqlite, String>(
            &hint,
            &filter,
            chrono::Utc::now(),
            past,
            |t| t.to_rfc3339(),
        );
        let sql = format!("EXPLAIN QUERY PLAN {}", q.sql().as_str());
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(chrono::Utc::now().to_rfc3339())
            .bind("kota-surabaya")
            .fetch_all(h.store.pool())
            .await
            .unwrap();
        assert!(
            plan.iter().any(|(.., step)| step.contains(index)),
            "{past}: {plan:?}"
        );
    }
}

/// Every work queue tab reads each of its branches from its deadline index in order and stops
/// after a page: no branch scans the table or sorts its matches, whatever statistics the
/// database has (only the merge of the branches' pages sorts, a page per branch).
#[tokio::test]
async fn each_work_queue_tab_reads_its_deadline_index_in_order() {
    let h = fresh().await;
    let cursor = (
        chrono::Utc::now(),
        aduan_domain::TrackingId::generate(&mut aduan_store::contract::rng()),
    );
    for (scope, filter) in aduan_store::contract::queue_tabs() {
        let branches = aduan_store_sql::deadline_branches(&scope, &filter);
        let q = aduan_store_sql::deadline_query::<sqlx::Sqlite, String>(
            aduan_store_sql::indexed_by::<aduan_store_sqlite::SqliteDialect>,
            &scope,
            &filter,
            Some(&cursor),
            25,
            |t| t.to_rfc3339(),
        );
        let sql = format!("EXPLAIN QUERY PLAN {}", q.sql().as_str());
        let mut explain = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(sql));
        for _ in 0..q.sql().as_str().matches('?').count() {
            explain = explain.bind("x");
        }
        let plan = explain.fetch_all(h.store.pool()).await.unwrap();
        let steps = |text: String| {
            plan.iter()
                .filter(move |(.., s)| s.contains(&text))
                .collect::<Vec<_>>()
        };
        for branch in &branches {
            let index = aduan_store_sql::deadline_index(&scope, branch).unwrap();
            assert!(
                steps(format!("USING INDEX {index} ("))
                    .iter()
                    .any(|(.., s)| s.contains("next_due")),
                "{scope:?} {filter:?}: {plan:#?}"
            );
        }
        let routines: Vec<i64> = steps("CO-ROUTINE".into())
            .iter()
            .map(|(id, ..)| *id)
            .collect();
        assert!(
            !steps("TEMP B-TREE".into())
                .iter()
                .any(|(_, parent, ..)| routines.contains(parent) || routines.is_empty()),
            "no branch sorts: {scope:?} {filter:?}: {plan:#?}"
        );
        assert_eq!(steps("SCAN reports".into()).len(), 0, "{plan:#?}");
    }
}

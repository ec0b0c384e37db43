//! The store contract on PostgreSQL. Each test gets a fresh database cloned from a migrated
//! template. The server comes from `ADUAN_TEST_PG_URL`; these tests are `#[ignore]`d so that a
//! plain `cargo test` never counts them as passed without a server: `scripts/test` runs them
//! with `--include-ignored`, and they fail when the variable is unset or the server is down.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_store::Store;
use aduan_store::contract::Harness;
use aduan_store_pg::PgStore;
use aduan_store_pg::testing::TestDatabase;
use async_trait::async_trait;
use std::sync::Arc;

struct PgHarness {
    db: TestDatabase,
    store: Arc<PgStore>,
}

async fn fresh() -> PgHarness {
    let db = TestDatabase::create().await;
    let store = Arc::new(db.store().await);
    PgHarness { db, store }
}

#[async_trait]
impl Harness for PgHarness {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    async fn reopen(&self) -> Arc<dyn Store> {
        Arc::new(self.db.store().await)
    }

    async fn reopen_with(&self, keyring: Arc<aduan_store::Keyring>) -> Arc<dyn Store> {
        Arc::new(PgStore::connect(&self.db.url, keyring).await.unwrap())
    }

    async fn raw_bytes(&self) -> Vec<u8> {
        let out = std::process::Command::new("pg_dump")
            .arg("--dbname")
            .arg(&self.db.url)
            .output()
            .expect("pg_dump runs (Debian's postgresql-client)");
        assert!(
            out.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
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

aduan_store::contract_tests!(fresh, #[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]);

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn commits_are_synchronous() {
    let h = fresh().await;
    let (setting,): (String,) = sqlx::query_as("SHOW synchronous_commit")
        .fetch_one(h.store.pool())
        .await
        .unwrap();
    assert_eq!(setting, "on");
}

/// The public feed (newest first, no filter) can read the index of public reports alone, so
/// it never walks past the newest reports still awaiting verification (a sequential scan is
/// ruled out so that the small test table does not hide whether the index applies).
#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn the_public_feed_reads_the_index_of_public_reports_only() {
    let h = fresh().await;
    let q = aduan_store_sql::list_reports_query::<sqlx::Postgres, chrono::DateTime<chrono::Utc>>(
        "",
        &aduan_store::ListScope::Public,
        &aduan_store::ReportFilter::default(),
        None,
        20,
        |t| t,
    );
    let mut conn = h.store.pool().acquire().await.unwrap();
    sqlx::raw_sql("SET enable_seqscan = off")
        .execute(&mut *conn)
        .await
        .unwrap();
    let sql = format!("EXPLAIN {}", q.sql().as_str());
    let plan: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(20_i64)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert!(
        plan.iter()
            .any(|(l,)| l.contains("reports_public_feed_idx")),
        "{plan:?}"
    );
}

/// Every work queue tab reads each of its branches from its deadline index in order and stops
/// after a page: no branch sorts its matches (a sequential scan and sorting are ruled out
/// where an index path exists, so that the small test table does not hide whether one does).
#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn each_work_queue_tab_reads_its_deadline_index_in_order() {
    let h = fresh().await;
    let mut conn = h.store.pool().acquire().await.unwrap();
    sqlx::raw_sql("SET enable_seqscan = off; SET enable_sort = off; SET enable_bitmapscan = off")
        .execute(&mut *conn)
        .await
        .unwrap();
    let cursor = (
        chrono::Utc::now(),
        aduan_domain::TrackingId::generate(&mut aduan_store::contract::rng()),
    );
    for (scope, filter) in aduan_store::contract::queue_tabs() {
        let mut q = aduan_store_sql::deadline_query::<sqlx::Postgres, chrono::DateTime<chrono::Utc>>(
            |_| String::new(),
            &scope,
            &filter,
            Some(&cursor),
            25,
            |t| t,
        );
        let sql = format!("EXPLAIN {}", q.sql().as_str());
        let args = sqlx::Execute::take_arguments(&mut q.build())
            .unwrap()
            .unwrap();
        let plan: Vec<(String,)> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        let plan: Vec<String> = plan.into_iter().map(|(l,)| l).collect();
        for branch in aduan_store_sql::deadline_branches(&scope, &filter) {
            let index = aduan_store_sql::deadline_index(&scope, &branch).unwrap();
            assert!(
                plan.iter()
                    .any(|l| l.contains(&format!("Index Scan using {index} "))),
                "{scope:?} {filter:?}: {plan:#?}"
            );
        }
        assert!(
            !plan.iter().any(|l| l.contains("Sort  (")),
            "no branch sorts: {scope:?} {filter:?}: {plan:#?}"
        );
    }
}

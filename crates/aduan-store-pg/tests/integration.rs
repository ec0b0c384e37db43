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

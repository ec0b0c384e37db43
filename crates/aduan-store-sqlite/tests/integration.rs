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
    let store = Arc::new(SqliteStore::connect(&url).await.unwrap());
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
        Arc::new(SqliteStore::connect(&self.url).await.unwrap())
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

//! The store contract on PostgreSQL. Each test gets a fresh database cloned from a migrated
//! template. The server comes from `ADUAN_TEST_PG_URL`; these tests are `#[ignore]`d so that a
//! plain `cargo test` never counts them as passed without a server: `scripts/test` runs them
//! with `--include-ignored`, and they fail when the variable is unset or the server is down.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_store::Store;
use aduan_store::contract::Harness;
use aduan_store_pg::{MIGRATOR, PgStore};
use async_trait::async_trait;
use rand::Rng;
use sqlx::{Connection, PgConnection};
use std::sync::Arc;

struct PgHarness {
    admin_url: String,
    db: String,
    url: String,
    store: Arc<PgStore>,
}

fn admin_url() -> String {
    std::env::var("ADUAN_TEST_PG_URL").expect(
        "ADUAN_TEST_PG_URL is not set: PostgreSQL tests need a server (scripts/test finds or starts one)",
    )
}

/// The URL of database `db` on the server of `admin`.
fn with_database(admin: &str, db: &str) -> String {
    let (base, query) = admin
        .split_once('?')
        .map_or((admin, None), |(b, q)| (b, Some(q)));
    let root = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

async fn exec(conn: &mut PgConnection, sql: String) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(conn)
        .await
        .unwrap();
}

async fn fresh() -> PgHarness {
    let admin_url = admin_url();
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("PostgreSQL at ADUAN_TEST_PG_URL");
    let checksum: u64 = MIGRATOR
        .iter()
        .flat_map(|m| m.checksum.iter().copied())
        .fold(1469598103934665603u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(1099511628211)
        });
    let template = format!("aduan_tmpl_{:012x}", checksum & 0xffff_ffff_ffff);
    exec(&mut admin, "SELECT pg_advisory_lock(770817)".into()).await;
    let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut admin)
        .await
        .unwrap();
    if exists.is_none() {
        exec(&mut admin, format!("CREATE DATABASE {template}")).await;
        let mut conn = PgConnection::connect(&with_database(&admin_url, &template))
            .await
            .unwrap();
        MIGRATOR.run(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    let db = format!("aduan_t_{:016x}", rand::rng().random::<u64>());
    exec(
        &mut admin,
        format!("CREATE DATABASE {db} TEMPLATE {template}"),
    )
    .await;
    exec(&mut admin, "SELECT pg_advisory_unlock(770817)".into()).await;
    admin.close().await.unwrap();
    let url = with_database(&admin_url, &db);
    let store = Arc::new(PgStore::connect(&url).await.unwrap());
    PgHarness {
        admin_url,
        db,
        url,
        store,
    }
}

impl Drop for PgHarness {
    fn drop(&mut self) {
        let (admin_url, db) = (self.admin_url.clone(), self.db.clone());
        let dropper = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)");
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await;
                }
            });
        });
        let _ = dropper.join();
    }
}

#[async_trait]
impl Harness for PgHarness {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    async fn reopen(&self) -> Arc<dyn Store> {
        Arc::new(PgStore::connect(&self.url).await.unwrap())
    }

    async fn exec_sql(&self, sql: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(self.store.pool())
            .await
            .unwrap();
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

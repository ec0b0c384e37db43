//! Test support (feature `testing`): a fresh database per test on the server named by
//! `ADUAN_TEST_PG_URL`, cloned from a migrated template, dropped when the handle is dropped.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: a failed step must stop the test

use crate::{MIGRATOR, PgStore};
use rand::Rng;
use sqlx::{Connection, PgConnection};

/// A fresh database for one test.
pub struct TestDatabase {
    admin_url: String,
    db: String,
    /// The URL of the fresh database.
    pub url: String,
}

/// The server's admin URL; panics (failing the test) when unset.
pub fn admin_url() -> String {
    std::env::var("ADUAN_TEST_PG_URL").expect(
        "ADUAN_TEST_PG_URL is not set: PostgreSQL tests need a server (scripts/test finds or starts one)",
    )
}

/// The URL of database `db` on the server of `admin`.
pub fn with_database(admin: &str, db: &str) -> String {
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

impl TestDatabase {
    /// Creates a database from the template of the current migrations (made on first use,
    /// under an advisory lock so parallel tests and processes agree).
    pub async fn create() -> Self {
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
        Self { admin_url, db, url }
    }

    /// A database with no table at all (what `createdb` makes), for a restore to fill.
    pub async fn create_empty() -> Self {
        let admin_url = admin_url();
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("PostgreSQL at ADUAN_TEST_PG_URL");
        let db = format!("aduan_t_{:016x}", rand::rng().random::<u64>());
        exec(
            &mut admin,
            format!("CREATE DATABASE {db} TEMPLATE template0"),
        )
        .await;
        admin.close().await.unwrap();
        let url = with_database(&admin_url, &db);
        Self { admin_url, db, url }
    }

    /// A store on the fresh database.
    pub async fn store(&self) -> PgStore {
        PgStore::connect(&self.url, aduan_store::Keyring::for_tests())
            .await
            .unwrap()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin_url, db) = (self.admin_url.clone(), self.db.clone());
        let dropper = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
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

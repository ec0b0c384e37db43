//! A fresh, empty PostgreSQL database per test, dropped afterwards.

use rand::Rng;
use sqlx::{Connection, PgConnection};

pub struct FreshDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

fn admin_url() -> String {
    std::env::var("ADUAN_TEST_PG_URL")
        .expect("ADUAN_TEST_PG_URL is not set: PostgreSQL tests need a server")
}

/// `admin` with its database replaced by `db`.
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

async fn exec(admin: &str, sql: String) {
    let mut conn = PgConnection::connect(admin).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

impl FreshDatabase {
    pub async fn create() -> Self {
        let admin_url = admin_url();
        let name = format!("aduan_dir_{:016x}", rand::rng().random::<u64>());
        exec(&admin_url, format!("CREATE DATABASE {name}")).await;
        let url = with_database(&admin_url, &name);
        Self {
            admin_url,
            name,
            url,
        }
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        let dropper = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(exec(
                &admin,
                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ));
        });
        let _ = dropper.join();
    }
}

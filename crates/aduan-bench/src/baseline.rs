//! The baseline: what the database alone does with the same rows, durability and concurrency,
//! through a bare sqlx loop from the same number of tasks. Writes go to a scratch database
//! (migrated and with the directory loaded, by `aduan generate --reports 0`), so the data set
//! is never touched by them; it starts empty, which flatters the baseline's index updates a
//! little against a million-report data set. Reads are a SELECT of one public report by id
//! from the data set itself.

use crate::db::{Db, with_database};
use crate::load::{self, Outcome};
use crate::template::Template;
use crate::{Backend, Options, cli};
use sqlx::Connection;
use std::sync::Arc;

/// Both baselines' outcomes.
#[derive(Debug, Clone)]
pub struct Baselines {
    /// One transaction per submission's rows.
    pub write: Outcome,
    /// One report by id.
    pub read: Outcome,
}

/// Runs the read baseline on the data set and the write baseline on a scratch database
/// holding the rows of the template submission `template`.
pub async fn run(
    options: &Options,
    dataset_url: &str,
    public_ids: Arc<Vec<String>>,
    template: &str,
    run_id: &str,
) -> anyhow::Result<Baselines> {
    let data = Db::open(dataset_url).await?;
    let read = {
        let db = data.clone();
        load::drive(
            "baseline: read",
            options.clients,
            options.duration,
            move |c, n| {
                let (db, ids) = (db.clone(), public_ids.clone());
                async move {
                    let i = ((n as usize) * 7_919 + c * 104_729) % ids.len().max(1);
                    let id = ids.get(i).cloned().unwrap_or_default();
                    let found = match &db {
                        Db::Sqlite(p) => sqlx::query("SELECT * FROM reports WHERE tracking_id = ?")
                            .bind(&id)
                            .fetch_optional(p)
                            .await
                            .map(|r| r.is_some()),
                        Db::Pg(p) => sqlx::query("SELECT * FROM reports WHERE tracking_id = $1")
                            .bind(&id)
                            .fetch_optional(p)
                            .await
                            .map(|r| r.is_some()),
                    };
                    match found {
                        Ok(true) => Ok(()),
                        Ok(false) => Err(format!("report {id} not found")),
                        Err(e) => Err(format!("SELECT report {id}: {e}")),
                    }
                }
            },
        )
        .await?
    };

    let scratch = Scratch::create(options).await?;
    cli::generate(&options.exe, &scratch.url, 0).await?;
    let db = Db::open(&scratch.url).await?;
    let rows = Template::copy(&data, dataset_url, &db, template).await?;
    data.close().await;
    let rows = Arc::new(rows);
    let write = {
        let db = db.clone();
        let run_id = run_id.to_owned();
        load::drive(
            "baseline: write",
            options.clients,
            options.duration,
            move |c, n| {
                let (db, rows, unique) = (db.clone(), rows.clone(), format!("{run_id}-{c}-{n}"));
                async move {
                    rows.insert(&db, &unique)
                        .await
                        .map_err(|e| format!("{e:#}"))
                }
            },
        )
        .await?
    };
    db.close().await;
    scratch.drop_it().await?;
    Ok(Baselines { write, read })
}

/// The scratch database of the write baseline, removed afterwards.
struct Scratch {
    url: String,
    server: Option<(String, String)>,
}

impl Scratch {
    async fn create(options: &Options) -> anyhow::Result<Scratch> {
        match &options.backend {
            Backend::Sqlite => {
                let path = options.cache_dir.join("baseline-scratch.db");
                remove_sqlite(&path.display().to_string());
                Ok(Scratch {
                    url: format!("sqlite://{}", path.display()),
                    server: None,
                })
            }
            Backend::Postgres { server_url } => {
                let name = format!("aduan_bench_scratch_{}", std::process::id());
                exec(server_url, &format!("CREATE DATABASE {name}")).await?;
                Ok(Scratch {
                    url: with_database(server_url, &name),
                    server: Some((server_url.clone(), name)),
                })
            }
        }
    }

    async fn drop_it(self) -> anyhow::Result<()> {
        match self.server {
            None => remove_sqlite(self.url.trim_start_matches("sqlite://")),
            Some((server, name)) => {
                exec(
                    &server,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await?;
            }
        }
        Ok(())
    }
}

fn remove_sqlite(path: &str) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
}

async fn exec(server: &str, sql: &str) -> anyhow::Result<()> {
    let mut admin = sqlx::PgConnection::connect(server).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(())
}

//! A fresh store per test, a fake clock, and a small job to count runs with.

use aduan_domain::TimeSource;
use aduan_domain::time::FixedTime;
use aduan_jobs::{Job, JobContext, JobError, JobHandler};
use aduan_store::Store;
use aduan_store::contract::t0;
use aduan_store_pg::testing::TestDatabase;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::mpsc;

enum Db {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(#[allow(dead_code)] TestDatabase),
}

/// A store on a fresh database and a fake clock standing at the contract's `t0`.
pub struct Env {
    pub store: Arc<dyn Store>,
    pub clock: Arc<FixedTime>,
    _db: Db,
}

impl Env {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
        let store =
            aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
                .await
                .unwrap();
        Self::new(Arc::new(store), Db::Sqlite(dir))
    }

    pub async fn postgres() -> Self {
        let db = TestDatabase::create().await;
        let store = db.store().await;
        Self::new(Arc::new(store), Db::Postgres(db))
    }

    fn new(store: Arc<dyn Store>, db: Db) -> Self {
        Self {
            store,
            clock: Arc::new(FixedTime::new(t0())),
            _db: db,
        }
    }

    /// The clock as the worker takes it.
    pub fn clock(&self) -> Arc<dyn TimeSource> {
        self.clock.clone()
    }
}

/// A job that reports its run: the handler sends `n` on a channel, or panics for `n < 0`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Touch {
    pub n: i64,
}

impl Job for Touch {
    const NAME: &'static str = "touch";
}

/// Runs [`Touch`] jobs, sending each `n` to the test.
pub struct Toucher(pub mpsc::UnboundedSender<i64>);

#[async_trait]
impl JobHandler for Toucher {
    type Job = Touch;

    async fn run(&self, _ctx: &JobContext, job: Touch) -> Result<(), JobError> {
        assert!(job.n >= 0, "a negative touch panics");
        let _ = self.0.send(job.n);
        Ok(())
    }
}

//! The one place that picks a storage backend, from the database URL.

use aduan_store::Store;
use aduan_store_pg::PgStore;
use aduan_store_sqlite::SqliteStore;
use anyhow::{Context, bail};
use std::path::Path;
use std::sync::Arc;

/// Opens the store named by `url`, applying pending migrations when `migrate` is set.
pub async fn open_store(url: &str, migrate: bool) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = PgStore::open(url)
            .await
            .context("connecting to PostgreSQL")?;
        if migrate {
            store
                .migrate()
                .await
                .context("migrating the PostgreSQL database")?;
        }
        Ok(Arc::new(store))
    } else if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let store = SqliteStore::open(url)
            .await
            .context("opening the SQLite database")?;
        if migrate {
            store
                .migrate()
                .await
                .context("migrating the SQLite database")?;
        }
        Ok(Arc::new(store))
    } else {
        bail!("database_url must start with sqlite:// or postgres://, got `{url}`")
    }
}

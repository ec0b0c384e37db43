//! The one place that picks a storage backend, from the database URL.

use crate::settings::Settings;
use aduan_store::{Keyring, Store};
use aduan_store_pg::PgStore;
use aduan_store_sqlite::SqliteStore;
use anyhow::{Context, bail};
use std::path::Path;
use std::sync::Arc;

/// `url` with its password hidden (in the user part and in a `password=` query parameter),
/// fit to print.
pub fn redacted(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((user, host)) => match user.split_once(':') {
                Some((name, _)) => format!("{scheme}://{name}:***@{host}"),
                None => base.to_owned(),
            },
            None => base.to_owned(),
        },
        None => base.to_owned(),
    };
    match query {
        None => base,
        Some(q) => {
            let params: Vec<String> = q
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
    }
}

/// Whether log lines are JSON (`log_format = "json"`, set once at start): then the line naming
/// the database is a log line like the others, so a log collector reads every line.
pub static JSON_LOGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Opens the deployment's database (`database_url`) with its keyring (see
/// [`crate::secret_key::keyring`]), applying pending migrations when `migrate` is set.
pub async fn open_store(settings: &Settings, migrate: bool) -> anyhow::Result<Arc<dyn Store>> {
    Ok(open_store_keyed(settings, migrate).await?.0)
}

/// [`open_store`], with the keyring it loaded (loaded once: `key_command` runs once).
pub async fn open_store_keyed(
    settings: &Settings,
    migrate: bool,
) -> anyhow::Result<(Arc<dyn Store>, Arc<Keyring>)> {
    let keyring = crate::secret_key::keyring(settings)?;
    let store = open_store_at(&settings.database_url(), keyring.clone(), migrate).await?;
    Ok((store, keyring))
}

/// Opens the store named by `url` with `keyring`, applying pending migrations (and sealing
/// identities left in plain text by a version before issue 20) when `migrate` is set. Says on
/// stderr which database it opens (password hidden), so an operator who forgot
/// `--data-dir` sees it before anything is written. Refuses a database whose identities are
/// sealed with a key the keyring does not hold.
pub async fn open_store_at(
    url: &str,
    keyring: Arc<Keyring>,
    migrate: bool,
) -> anyhow::Result<Arc<dyn Store>> {
    if JSON_LOGS.load(std::sync::atomic::Ordering::Relaxed) {
        tracing::info!(database = %redacted(url), "opening the database");
    } else {
        eprintln!("aduan: database {}", redacted(url));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = PgStore::open(url, keyring)
            .await
            .context("connecting to PostgreSQL")?;
        if migrate {
            store
                .migrate()
                .await
                .context("migrating the PostgreSQL database")?;
        }
        checked(Arc::new(store), migrate).await
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
        let store = SqliteStore::open(url, keyring)
            .await
            .context("opening the SQLite database")?;
        if migrate {
            store
                .migrate()
                .await
                .context("migrating the SQLite database")?;
        }
        checked(Arc::new(store), migrate).await
    } else {
        bail!("database_url must start with sqlite:// or postgres://, got `{url}`")
    }
}

/// `store`, unless some of its identities are sealed with a key its keyring does not hold (a
/// wrong or missing key would otherwise seal new identities with another key, and every old
/// one would fail to open); then, when `migrated`, with every identity a version before issue
/// 20 left in plain text sealed (after the check, so a wrong key seals nothing). A database
/// opened without migrating and not yet migrated to issue 20 has nothing sealed to check.
async fn checked(store: Arc<dyn Store>, migrated: bool) -> anyhow::Result<Arc<dyn Store>> {
    let unknown = match store.unknown_key_in_use().await {
        Ok(unknown) => unknown,
        Err(_) if !migrated => return Ok(store),
        Err(e) => return Err(e).context("checking the keys that seal identities"),
    };
    if let Some(key) = unknown {
        bail!(
            "identities in this database are sealed with key {key} but the key material holds \
             only {}: give this instance the deployment's key material (secret_key, \
             key_command or key_file)",
            store.keyring_ids().join(", ")
        );
    }
    if migrated {
        let sealed = store
            .seal_plain_identities()
            .await
            .context("sealing identities stored in plain text")?;
        if sealed > 0 {
            tracing::warn!(
                sealed,
                "sealed identities an earlier version stored in plain text, and compacted the \
                 database so their text is gone from its files"
            );
        }
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn a_printed_database_url_never_shows_the_password() {
        assert_eq!(
            redacted("postgres://aduan:s3cret@db.example:5432/aduan"),
            "postgres://aduan:***@db.example:5432/aduan"
        );
        assert_eq!(
            redacted("postgres://aduan@db/aduan?sslmode=require&password=s3cret"),
            "postgres://aduan@db/aduan?sslmode=require&password=***"
        );
        assert_eq!(
            redacted("sqlite:///srv/aduan/aduan.db"),
            "sqlite:///srv/aduan/aduan.db"
        );
        assert_eq!(
            redacted("postgres://a:p@ss@host/db"),
            "postgres://a:***@host/db"
        );
    }
}

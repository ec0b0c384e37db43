//! Consistent copies of a deployment and their checked restoration (`aduan backup` and
//! `aduan restore`). A backup is a directory: a snapshot of the database (SQLite's `VACUUM
//! INTO`, or `pg_dump` of a snapshot PostgreSQL exports, taken while the service keeps
//! running), every attachment blob that snapshot refers to under `blobs/`, `SHA256SUMS` over
//! all of them and `MANIFEST.json` (the counts of every table's rows, the ids of the keys its
//! identities need), written last so that a backup without it is known to be unfinished.
//!
//! Key material is never part of a backup: identities stay sealed in it, and the manifest names
//! only key ids, so that a restore can say which key it lacks before it writes anything.

mod blobs;
mod database;
mod manifest;
mod pgtools;

pub use blobs::CopiedIn;
pub use database::Database;
pub use manifest::{MANIFEST, Manifest, SUMS, Sums};

use aduan_attachments::BlobStore;
use anyhow::{Context, bail};
use std::path::Path;

/// Told how far a backup or a restore has come.
pub trait Progress: Sync {
    /// A stage begins (`database`, `attachments`, `check`) with `total` steps.
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
}

/// Reports nothing.
impl Progress for () {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// The key ids of the key material a backup or a restore runs with.
#[derive(Debug, Clone, Copy)]
pub struct KeyIds<'a> {
    /// Every key's id.
    pub all: &'a [&'a str],
    /// The deployment key's id (the last key).
    pub deployment: &'a str,
}

/// Writes a backup of `db` and the blobs in `store` into `to`, which must not exist or be
/// empty; the service may keep running meanwhile.
pub async fn backup(
    db: &Database,
    store: &dyn BlobStore,
    keys: KeyIds<'_>,
    to: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<Manifest> {
    make_private_dir(to)?;
    progress.stage("database", 1);
    let file = db.file_name();
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let facts = database::snapshot(db, &to.join(file)).await?;
    let mut sums = Sums::default();
    sums.0.insert(
        file.to_owned(),
        manifest::sha256_of(&to.join(file)).await?.0,
    );
    progress.advance(1);
    let copied = blobs::copy_out(store, &facts.blob_keys, to, &mut sums, progress).await?;
    sums.write(to)?;
    let manifest = Manifest {
        format: manifest::FORMAT,
        aduan_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at,
        backend: db.backend().to_owned(),
        database_file: file.to_owned(),
        rows: facts.rows,
        blobs: (facts.blob_keys.len() - copied.missing.len()) as u64,
        blob_bytes: copied.bytes,
        blob_sealing: copied.sealing,
        missing_blobs: copied.missing,
        sealing_keys: facts.sealing_keys,
        deployment_key: keys.deployment.to_owned(),
    };
    manifest.write(to)?;
    std::fs::File::open(to)?.sync_all()?;
    Ok(manifest)
}

/// Checks every file of the backup in `from` against `SHA256SUMS` and returns its manifest.
pub async fn check(from: &Path, progress: &dyn Progress) -> anyhow::Result<Manifest> {
    let manifest = Manifest::read(from)?;
    let sums = Sums::read(from)?;
    sums.of(&manifest.database_file)?;
    progress.stage("check", sums.0.len() as u64);
    for (name, sum) in &sums.0 {
        let (actual, _) = manifest::sha256_of(&from.join(name)).await?;
        if &actual != sum {
            bail!("{name} does not match its sum in {SUMS}: the backup is damaged");
        }
        progress.advance(1);
    }
    let blobs = sums.0.keys().filter(|n| n.starts_with("blobs/")).count() as u64;
    if blobs != manifest.blobs {
        bail!(
            "{SUMS} lists {blobs} blobs where the manifest counts {}: the backup is incomplete",
            manifest.blobs
        );
    }
    Ok(manifest)
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Its blobs, put or found already present.
    pub blobs: CopiedIn,
}

/// Restores the backup in `from` into `db` (which must not exist, or hold no table) and
/// `store`: first checks that the key material holds every key the backup needs and that every
/// file matches its sum, then puts the blobs, then the database (all of it or nothing), and
/// last compares the rows of every table with the manifest's counts.
pub async fn restore(
    from: &Path,
    db: &Database,
    store: &dyn BlobStore,
    keys: KeyIds<'_>,
    progress: &dyn Progress,
) -> anyhow::Result<Restored> {
    let manifest = Manifest::read(from)?;
    if manifest.backend != db.backend() {
        bail!(
            "this backup is of a {} database and restores into {} only, not into {}",
            manifest.backend,
            manifest.backend,
            db.backend()
        );
    }
    let mut lacking: Vec<&str> = manifest
        .sealing_keys
        .iter()
        .chain([&manifest.deployment_key])
        .chain(manifest.blob_sealing.keys().filter(|id| *id != "plain"))
        .map(String::as_str)
        .filter(|id| !keys.all.contains(id))
        .collect();
    lacking.sort_unstable();
    lacking.dedup();
    if !lacking.is_empty() {
        bail!(
            "the backup's identities need key(s) {} but the key material holds only {}: key \
             material is never inside a backup, so give restore the deployment's key material \
             from where it is kept apart (secret_key, key_command or key_file)",
            lacking.join(", "),
            keys.all.join(", ")
        );
    }
    database::ensure_empty(db).await?;
    check(from, progress).await?;
    let sums = Sums::read(from)?;
    let blobs = blobs::copy_in(store, from, &sums, progress).await?;
    progress.stage("database", 1);
    database::restore(&from.join(&manifest.database_file), db)
        .await
        .context("restoring the database")?;
    progress.advance(1);
    let rows = database::rows(db).await?;
    for (table, expected) in &manifest.rows {
        let got = rows.get(table).copied();
        if got != Some(*expected) {
            bail!(
                "after the restore, table {table} holds {} rows where the backup counted \
                 {expected}",
                got.map_or_else(|| "no".to_owned(), |n| n.to_string())
            );
        }
    }
    Ok(Restored { manifest, blobs })
}

/// Creates `dir` readable by its owner only, or makes it so when it exists and is empty.
fn make_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    use std::os::unix::fs::PermissionsExt;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("{} is not a directory", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: a backup goes into a new directory",
                dir.display()
            );
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("making {} private", dir.display()))?;
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))
}

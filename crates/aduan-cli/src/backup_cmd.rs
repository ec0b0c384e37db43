//! `aduan backup` and `aduan restore`: a consistent copy of the database and the attachments
//! taken while the service runs, and its restoration into a new database, checked file by
//! file, table by table and chain by chain. Key material never goes into a backup.

use crate::backend::open_store_at;
use crate::settings::Settings;
use aduan_backup::{Database, KeyIds, Progress};
use aduan_store::verify_history;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;

/// `aduan backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// A new (or empty) directory to write the backup into, outside the data directory.
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
}

/// `aduan restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup's directory.
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// Only check every file of the backup against its sums; restore nothing.
    #[arg(long)]
    check: bool,
}

/// A progress bar per stage.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:12} {wide_bar} {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self(bar)
    }
}

impl Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        self.0.set_message(name.to_owned());
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

/// Runs `aduan backup`.
pub async fn backup(settings: &Settings, args: BackupArgs) -> anyhow::Result<ExitCode> {
    let ring = crate::secret_key::existing_keyring(settings)?;
    let url = settings.database_url();
    // Opening checks that the key material opens every identity: a backup that the keys at
    // hand cannot open would only be found out at the worst moment.
    drop(open_store_at(&url, ring.clone(), false).await?);
    let blobs = settings.attachments.blob_store(&settings.data_dir)?;
    let ids = ring.ids();
    let keys = KeyIds {
        all: &ids,
        deployment: ids.last().copied().unwrap_or_default(),
    };
    let bar = Bar::new();
    let manifest = aduan_backup::backup(
        &Database::from_url(&url)?,
        blobs.as_ref(),
        keys,
        &args.to,
        &bar,
    )
    .await?;
    bar.0.finish_and_clear();
    let rows = |t: &str| manifest.rows.get(t).copied().unwrap_or(0);
    println!(
        "backup of the {} database written to {}: {} reports, {} events, {} audit entries, \
         {} attachment blobs ({} bytes)",
        manifest.backend,
        args.to.display(),
        rows("reports"),
        rows("events"),
        rows("audit_log"),
        manifest.blobs,
        manifest.blob_bytes
    );
    println!(
        "the key material is not in it: keep it apart; restoring needs key(s) {}",
        needed(&manifest).join(", ")
    );
    if let Some(plain) = manifest.blob_sealing.get("plain") {
        println!(
            "{plain} attachment files are stored unsealed (from before files were sealed): run \
             aduan keys rotate to seal them"
        );
    }
    if !manifest.missing_blobs.is_empty() {
        for key in manifest.missing_blobs.iter().take(20) {
            eprintln!("aduan: missing from the blob store: {key}");
        }
        eprintln!(
            "aduan: {} attachment files the database refers to are missing from the blob store \
             (listed in MANIFEST.json); the backup holds everything else",
            manifest.missing_blobs.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `aduan restore`.
pub async fn restore(settings: &Settings, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let bar = Bar::new();
    if args.check {
        let manifest = aduan_backup::check(&args.from, &bar).await?;
        bar.0.finish_and_clear();
        println!(
            "backup of {} intact: every file matches its sum ({} attachment blobs); restoring \
             needs key(s) {}",
            manifest.created_at,
            manifest.blobs,
            needed(&manifest).join(", ")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let ring = crate::secret_key::existing_keyring(settings)?;
    let url = settings.database_url();
    let blobs = settings.attachments.blob_store(&settings.data_dir)?;
    let ids = ring.ids();
    let keys = KeyIds {
        all: &ids,
        deployment: ids.last().copied().unwrap_or_default(),
    };
    let db = Database::from_url(&url)?;
    let restored = aduan_backup::restore(&args.from, &db, blobs.as_ref(), keys, &bar).await?;
    bar.0.finish_and_clear();
    println!(
        "restored the backup of {} into {}: {} tables with the rows the backup counted; {} \
         attachment blobs put, {} already there",
        restored.manifest.created_at,
        crate::backend::redacted(&url),
        restored.manifest.rows.len(),
        restored.blobs.put,
        restored.blobs.present
    );
    let store = open_store_at(&url, ring, false).await?;
    let history = verify_history(store.as_ref(), |_| {}).await?;
    println!(
        "checked {} reports, {} events and {} audit entries",
        history.reports, history.events, history.audit_entries
    );
    if history.is_intact() {
        println!("history intact");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &history.problems {
        println!("DAMAGED {}: {}", p.subject, p.error);
    }
    Ok(ExitCode::from(1))
}

/// The key ids a backup needs: those of its identities, of its attachment files and the
/// deployment key's.
fn needed(manifest: &aduan_backup::Manifest) -> Vec<String> {
    let mut ids = manifest.sealing_keys.clone();
    let files = manifest.blob_sealing.keys().filter(|id| *id != "plain");
    for id in files.chain([&manifest.deployment_key]) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

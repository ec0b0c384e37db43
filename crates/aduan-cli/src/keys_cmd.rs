//! `aduan keys`: the key material that seals reporters' identities and attachment files. `new`
//! prints a new key, `status` shows which keys seal how many identities, and `rotate` seals
//! every identity and every attachment file again with the current key, online, in batches,
//! resumable, with progress bars, then leaves no old text in the database's files.

use crate::backend::open_store_at;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_attachments::{BlobKey, SealedBlobStore};
use aduan_domain::TimeSource;
use aduan_store::{AUDIT_KEYS_ROTATE, Keyring, Store, keyring};
use anyhow::{Context, bail};
use futures_util::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// Subcommands of `aduan keys`.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Print a new random key (32 bytes, base64), to put first in the key material.
    New,
    /// The keys of the key material, the current one first, and how many identities each seals.
    Status,
    /// Seal every identity and every attachment file again with the current key (files
    /// stored before files were sealed too), in batches, while the service runs.
    Rotate {
        /// Only put a new key in front of the key file's material (when the material comes
        /// from a file, key_file or the default one) and stop: restart every instance on it,
        /// then run `aduan keys rotate` again without this flag. Refused while an older key
        /// still seals identities (finish that rotation first).
        #[arg(long)]
        new_key: bool,
        /// Reporters read per transaction.
        #[arg(long, default_value_t = 500)]
        batch: u32,
        /// Leave the database's files as they are afterwards (on SQLite no VACUUM, which locks
        /// writers out while it runs; the old text then stays in free pages, zeroed only as
        /// they are reused).
        #[arg(long)]
        no_compact: bool,
    },
}

/// Runs `aduan keys ...`.
pub async fn run(command: KeysCommand, settings: &Settings) -> anyhow::Result<()> {
    match command {
        KeysCommand::New => {
            println!("{}", keyring::new_key_text().as_str());
            Ok(())
        }
        KeysCommand::Status => {
            let ring = crate::secret_key::keyring(settings)?;
            let store = open_store_at(&settings.database_url(), ring.clone(), true).await?;
            print_status(&ring, store.as_ref()).await
        }
        KeysCommand::Rotate {
            new_key,
            batch,
            no_compact,
        } => {
            let ring = crate::secret_key::keyring(settings)?;
            let store = open_store_at(&settings.database_url(), ring.clone(), true).await?;
            if new_key {
                return prepend_new_key(settings, &ring, store.as_ref()).await;
            }
            let raw = settings.attachments.blob_store(&settings.data_dir)?;
            let files = aduan_app::Attachments::sealed(raw, &ring)
                .context("the key material's blob keys")?;
            rotate(&ring, store.as_ref(), &files, batch, !no_compact).await
        }
    }
}

async fn print_status(ring: &Keyring, store: &dyn Store) -> anyhow::Result<()> {
    let uses = store.identity_keys().await?;
    let count = |id: Option<&str>| {
        uses.iter()
            .find(|u| u.key_id.as_deref() == id)
            .map_or(0, |u| u.identities)
    };
    for (n, id) in ring.ids().into_iter().enumerate() {
        let role = if n == 0 { "current" } else { "older" };
        println!("{id}\t{role}\t{} identities", count(Some(id)));
    }
    let plain = count(None);
    if plain > 0 {
        println!("-\tplain text\t{plain} identities");
    }
    Ok(())
}

/// The key file that holds the material, when it comes from one.
fn key_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    if !settings.secret_key.expose().trim().is_empty() || !settings.key_command.trim().is_empty() {
        bail!(
            "--new-key writes the key file, but this key material comes from secret_key or \
             key_command: put a new key (aduan keys new) first there, then run aduan keys rotate"
        );
    }
    Ok(if settings.key_file.trim().is_empty() {
        crate::secret_key::default_key_file(&settings.data_dir)
    } else {
        PathBuf::from(settings.key_file.trim())
    })
}

/// Puts a new key in front of the key file's material, unless a key other than the current
/// one still seals identities (look-ups try only the current and the previous key, so a
/// third would lose those).
async fn prepend_new_key(
    settings: &Settings,
    old: &Keyring,
    store: &dyn Store,
) -> anyhow::Result<()> {
    let path = key_file(settings)?;
    let unfinished: Vec<String> = store
        .identity_keys()
        .await?
        .into_iter()
        .filter(|u| u.identities > 0 && u.key_id.as_deref() != Some(old.current_id()))
        .map(|u| u.key_id.unwrap_or_else(|| "plain text".into()))
        .collect();
    if !unfinished.is_empty() {
        bail!(
            "identities are still sealed with {} rather than the current key {}: run aduan keys \
             rotate to finish that rotation before adding a new key",
            unfinished.join(", "),
            old.current_id()
        );
    }
    let ring = old
        .with_current(aduan_store::DeploymentKey::generate())
        .context("adding a new key")?;
    crate::secret_key::replace_key_file(&path, &ring.to_text())?;
    println!(
        "new current key {} in {}: give this material to every instance and restart them all, \
         then run aduan keys rotate to seal every identity with it",
        ring.current_id(),
        path.display()
    );
    Ok(())
}

/// What sealing the attachment files again did.
struct FilesSealed {
    sealed: u64,
    total: u64,
    /// Files that did not open (damaged, or sealed with a key the material lacks), with why.
    failed: Vec<String>,
}

/// Seals every attachment file again with the current key, those stored before files were
/// sealed too; a file that does not open is named and passed over.
async fn seal_files(files: &SealedBlobStore) -> anyhow::Result<FilesSealed> {
    let keys: Vec<BlobKey> = files.raw().list().map_ok(|b| b.key).try_collect().await?;
    let bar = ProgressBar::new(keys.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} attachment files, {msg}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let (mut sealed, mut failed) = (0, Vec::new());
    for key in &keys {
        match files.seal_again(key).await {
            Ok(true) => {
                sealed += 1;
                bar.set_message(format!("{sealed} sealed again"));
            }
            Ok(false) => {}
            Err(e) => failed.push(format!("{key}: {e}")),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(FilesSealed {
        sealed,
        total: keys.len() as u64,
        failed,
    })
}

async fn rotate(
    ring: &Keyring,
    store: &dyn Store,
    files: &SealedBlobStore,
    batch: u32,
    compact: bool,
) -> anyhow::Result<()> {
    let total: u64 = store
        .identity_keys()
        .await?
        .iter()
        .map(|u| u.identities)
        .sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} identities, {msg}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let (mut after, mut scanned, mut resealed) = (None::<String>, 0u64, 0u64);
    loop {
        let step = store.reseal_identities(after.as_deref(), batch).await?;
        let Some(last) = step.last else { break };
        scanned += step.scanned;
        resealed += step.resealed;
        bar.set_position(scanned.min(total));
        bar.set_message(format!("{resealed} sealed again"));
        after = Some(last);
    }
    bar.finish_and_clear();
    let files = seal_files(files).await?;
    if compact {
        store.compact_identities().await?;
    }
    let now = SystemTimeSource.now();
    let payload = serde_json::json!({
        "key": ring.current_id(),
        "identities": scanned,
        "resealed": resealed,
        "files": files.total,
        "files_resealed": files.sealed,
        "files_failed": files.failed.len(),
        "compacted": compact,
    });
    store
        .append_audit("cli", now, AUDIT_KEYS_ROTATE, ring.current_id(), payload)
        .await?;
    println!(
        "sealed {} of {} attachment files again with key {}",
        files.sealed,
        files.total,
        ring.current_id()
    );
    println!(
        "sealed {resealed} of {scanned} identities again with key {}{}",
        ring.current_id(),
        if compact {
            "; the database's files hold no older text"
        } else {
            ""
        }
    );
    print_status(ring, store).await?;
    if !files.failed.is_empty() {
        for failed in files.failed.iter().take(20) {
            eprintln!("aduan: not sealed again: {failed}");
        }
        bail!(
            "{} attachment files did not open and were left as they are (see above): restore \
             them from a backup or give the key material the key they need, then run aduan keys \
             rotate again",
            files.failed.len()
        );
    }
    Ok(())
}

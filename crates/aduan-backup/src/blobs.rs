//! The attachments' part of a backup: every blob the snapshot refers to, copied out of the
//! blob store into `blobs/<key>` with its SHA-256, and put back into a blob store after each
//! file is checked against its sum. A blob already in the target store with the same bytes is
//! left as it is, so an interrupted restore can run again.

use crate::Progress;
use crate::manifest::{Sums, sha256_of};
use aduan_attachments::{BlobBody, BlobKey, BlobStore, Sealing};
use anyhow::{Context, bail};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use tokio::io::AsyncWriteExt;

/// The directory of the blobs in a backup, and the prefix of their lines in `SHA256SUMS`.
pub const BLOBS: &str = "blobs";

/// What [`copy_out`] copied.
#[derive(Debug, Default)]
pub struct CopiedOut {
    /// Bytes copied.
    pub bytes: u64,
    /// Files by the id of the key that seals them (`plain` for those stored before files were
    /// sealed).
    pub sealing: BTreeMap<String, u64>,
    /// Blobs the snapshot refers to that the blob store does not hold.
    pub missing: Vec<String>,
}

/// Copies the blobs under `keys` from `store` (as stored: sealed) into `dir`, adding each
/// one's sum to `sums`. A blob the store lacks is named in [`CopiedOut::missing`], not fatal:
/// a backup of everything else is worth more than none.
pub async fn copy_out(
    store: &dyn BlobStore,
    keys: &[String],
    dir: &Path,
    sums: &mut Sums,
    progress: &dyn Progress,
) -> anyhow::Result<CopiedOut> {
    progress.stage("attachments", keys.len() as u64);
    let mut out = CopiedOut::default();
    for key in keys {
        let key = BlobKey::parse(key)?;
        let Some(read) = store.get(&key).await? else {
            out.missing.push(key.to_string());
            progress.advance(1);
            continue;
        };
        let name = format!("{BLOBS}/{key}");
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let mut file = tokio::fs::File::create(&path)
            .await
            .with_context(|| format!("writing {}", path.display()))?;
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(HEAD);
        let mut body = read.body;
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            hasher.update(&chunk);
            let wanted = HEAD.saturating_sub(head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..wanted]);
            out.bytes += chunk.len() as u64;
            file.write_all(&chunk).await?;
        }
        file.sync_all().await?;
        sums.0.insert(name, hex::encode(hasher.finalize()));
        let sealing = match Sealing::of_head(&head) {
            Sealing::Key(id) => id,
            Sealing::Plain => "plain".to_owned(),
        };
        *out.sealing.entry(sealing).or_default() += 1;
        progress.advance(1);
    }
    Ok(out)
}

/// The bytes of a blob that tell what seals it.
const HEAD: usize = 64;

/// What [`copy_in`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CopiedIn {
    /// Blobs put into the store.
    pub put: u64,
    /// Blobs the store already held with the same bytes.
    pub present: u64,
}

/// Puts every blob of the backup in `dir` into `store`, each checked against its sum first.
pub async fn copy_in(
    store: &dyn BlobStore,
    dir: &Path,
    sums: &Sums,
    progress: &dyn Progress,
) -> anyhow::Result<CopiedIn> {
    let prefix = format!("{BLOBS}/");
    let blobs: Vec<(&String, &String)> = sums
        .0
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix))
        .collect();
    progress.stage("attachments", blobs.len() as u64);
    let mut out = CopiedIn::default();
    for (name, sum) in blobs {
        let key = BlobKey::parse(&name[prefix.len()..])?;
        let path = dir.join(name);
        let (actual, _) = sha256_of(&path).await?;
        if &actual != sum {
            bail!("{name} does not match its sum in SHA256SUMS: the backup is damaged");
        }
        match store.get(&key).await? {
            Some(held) => {
                let mut hasher = Sha256::new();
                let mut body = held.body;
                while let Some(chunk) = body.next().await {
                    hasher.update(&chunk?);
                }
                if &hex::encode(hasher.finalize()) != sum {
                    bail!("the blob store already holds other bytes under {key}");
                }
                out.present += 1;
            }
            None => {
                store.put(&key, BlobBody::File(path)).await?;
                out.put += 1;
            }
        }
        progress.advance(1);
    }
    Ok(out)
}

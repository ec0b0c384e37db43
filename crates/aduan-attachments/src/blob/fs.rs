//! Blobs as files under a root directory: written atomically (a temporary file in the same
//! directory, flushed, renamed, the directory flushed), read and listed as streams.

use super::{BlobBody, BlobError, BlobInfo, BlobKey, BlobListing, BlobRead, BlobStore, READ_CHUNK};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The prefixes of this store's temporary files: an upload in progress (or one a crash cut
/// short) and a readiness probe. No key starts with a dot, so none is ever listed as a blob.
const TEMP_PREFIXES: [&str; 2] = [".tmp-", ".ready-"];

/// Blobs as files under a root directory, one file per key.
#[derive(Debug, Clone)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    /// Blobs under `root`, which is created when the first blob is stored.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Blobs under `<data_dir>/attachments`, the default place.
    pub fn in_data_dir(data_dir: impl AsRef<Path>) -> Self {
        Self::new(data_dir.as_ref().join("attachments"))
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob under `key` is kept.
    pub fn path(&self, key: &BlobKey) -> PathBuf {
        key.as_str()
            .split('/')
            .fold(self.root.clone(), |p, s| p.join(s))
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, BlobError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(std::io::Error::other)?
        .map_err(BlobError::Io)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Calls `visit` with the relative name (`/`-separated) and metadata of every file under
/// `root`, at most four levels down; a missing root has none. `visit` returns whether to go on.
fn walk(
    root: &Path,
    visit: &mut dyn FnMut(&str, &Path, &std::fs::Metadata) -> bool,
) -> std::io::Result<()> {
    fn dir(
        at: &Path,
        rel: &str,
        depth: usize,
        visit: &mut dyn FnMut(&str, &Path, &std::fs::Metadata) -> bool,
    ) -> std::io::Result<bool> {
        let entries = match std::fs::read_dir(at) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let path = entry.path();
            let meta = match entry.metadata() {
                Ok(meta) => meta,
                // Removed since the directory was read (another instance's sweep).
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            let go_on = if meta.is_dir() {
                depth >= 4 || dir(&path, &rel, depth + 1, visit)?
            } else {
                visit(&rel, &path, &meta)
            };
            if !go_on {
                return Ok(false);
            }
        }
        Ok(true)
    }
    dir(root, "", 1, visit).map(|_| ())
}

fn modified(meta: &std::fs::Metadata) -> std::io::Result<DateTime<Utc>> {
    Ok(DateTime::<Utc>::from(meta.modified()?))
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, key: &BlobKey, body: BlobBody) -> Result<u64, BlobError> {
        let path = self.path(key);
        let dir = path
            .parent()
            .ok_or_else(|| std::io::Error::other("a blob path has no directory"))?
            .to_path_buf();
        let made = dir.clone();
        // Dropping the temporary path (a failed chunk, a cancelled upload) removes the file.
        let (tmp, file) = blocking(move || {
            std::fs::create_dir_all(&made)?;
            let tmp = tempfile::Builder::new()
                .prefix(TEMP_PREFIXES[0])
                .tempfile_in(&made)?;
            let file = tmp.as_file().try_clone()?;
            Ok((tmp.into_temp_path(), file))
        })
        .await?;
        let mut file = tokio::fs::File::from_std(file);
        let mut body = body.into_stream();
        let mut written = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        blocking(move || {
            tmp.persist(&path).map_err(|e| e.error)?;
            sync_dir(&dir)
        })
        .await?;
        Ok(written)
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<BlobRead>, BlobError> {
        let file = match tokio::fs::File::open(self.path(key)).await {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let size = file.metadata().await?.len();
        let body = tokio_util::io::ReaderStream::with_capacity(file, READ_CHUNK)
            .map(|c| c.map_err(BlobError::Io))
            .boxed();
        Ok(Some(BlobRead { size, body }))
    }

    async fn delete(&self, key: &BlobKey) -> Result<bool, BlobError> {
        let path = self.path(key);
        blocking(move || match std::fs::remove_file(&path) {
            Ok(()) => {
                if let Some(dir) = path.parent() {
                    sync_dir(dir)?;
                }
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        })
        .await
    }

    /// The root exists (made if missing) and takes a file: a temporary one, removed at once.
    async fn ping(&self) -> Result<(), BlobError> {
        let root = self.root.clone();
        blocking(move || {
            std::fs::create_dir_all(&root)?;
            tempfile::Builder::new()
                .prefix(TEMP_PREFIXES[1])
                .tempfile_in(&root)?
                .close()
        })
        .await
    }

    /// Walks the root on a blocking thread, handing each blob over as it is found; files whose
    /// names are no keys (temporary files) are passed over.
    fn list(&self) -> BlobListing {
        let root = self.root.clone();
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<BlobInfo, BlobError>>(256);
        tokio::task::spawn_blocking(move || {
            let walked = walk(&root, &mut |rel, _, meta| {
                let Ok(key) = BlobKey::parse(rel) else {
                    return true;
                };
                let info = modified(meta).map(|last_modified| BlobInfo {
                    key,
                    size: meta.len(),
                    last_modified,
                });
                tx.blocking_send(info.map_err(BlobError::Io)).is_ok()
            });
            if let Err(e) = walked {
                let _ = tx.blocking_send(Err(BlobError::Io(e)));
            }
        });
        futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        })
        .boxed()
    }

    /// Removes the temporary files of uploads a crash cut short, last written before `before`.
    async fn remove_abandoned(&self, before: DateTime<Utc>) -> Result<u64, BlobError> {
        let root = self.root.clone();
        blocking(move || {
            let mut stale = Vec::new();
            walk(&root, &mut |_, path, meta| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let temporary = TEMP_PREFIXES.iter().any(|p| name.starts_with(p));
                if temporary && modified(meta).is_ok_and(|m| m < before) {
                    stale.push(path.to_path_buf());
                }
                true
            })?;
            let mut removed = 0;
            for path in stale {
                match std::fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(removed)
        })
        .await
    }
}

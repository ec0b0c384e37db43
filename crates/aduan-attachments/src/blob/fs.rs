//! Where attachment bytes live: the [`BlobStore`] trait and its filesystem implementation.

use async_trait::async_trait;
use rand::Rng;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The name of a stored blob: one to four `/`-separated segments of ASCII letters, digits,
/// `-`, `_` and `.`, each starting with a letter or digit (so no `..`, no leading `/`, no
/// hidden files), at most 200 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobKey(String);

impl BlobKey {
    /// Checks a key read back from storage or built by a caller.
    pub fn parse(key: &str) -> Result<BlobKey, BlobError> {
        let invalid = || BlobError::InvalidKey(key.chars().take(64).collect());
        if key.is_empty() || key.len() > 200 {
            return Err(invalid());
        }
        let segments: Vec<&str> = key.split('/').collect();
        if segments.len() > 4 {
            return Err(invalid());
        }
        for segment in segments {
            let mut chars = segment.chars();
            let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
            let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !starts_well || !rest_ok {
                return Err(invalid());
            }
        }
        Ok(BlobKey(key.to_owned()))
    }

    /// A fresh random key, `xx/<32 hex digits>`: 128 bits, fanned out over 256 directories.
    pub fn generate(rng: &mut impl Rng) -> BlobKey {
        let id: [u8; 16] = rng.random();
        let hex = hex::encode(id);
        BlobKey(format!("{}/{hex}", &hex[..2]))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BlobKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What went wrong storing or reading a blob.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The key is not a safe blob name.
    #[error("invalid blob key `{0}`")]
    InvalidKey(String),
    /// The storage failed.
    #[error("blob storage failed: {0}")]
    Io(#[from] std::io::Error),
}

impl BlobError {
    /// A stable snake_case code for the HTTP edge.
    pub fn code(&self) -> &'static str {
        match self {
            BlobError::InvalidKey(_) => "invalid_blob_key",
            BlobError::Io(_) => "internal",
        }
    }
}

/// Stores attachment bytes by key. A completed `put` is durable: after a crash the blob is
/// either whole or absent, never half written.
#[async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores `bytes` under `key`, replacing any blob already there.
    async fn put(&self, key: &BlobKey, bytes: &[u8]) -> Result<(), BlobError>;
    /// The bytes under `key`, or `None` when there are none.
    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError>;
    /// Removes the blob under `key`; returns whether there was one.
    async fn delete(&self, key: &BlobKey) -> Result<bool, BlobError>;
    /// Checks that blobs can be stored now (readiness).
    async fn ping(&self) -> Result<(), BlobError>;
}

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

    fn path(&self, key: &BlobKey) -> PathBuf {
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

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to
/// disk, renamed over `path`, and the directory flushed so that the rename survives a crash.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a blob path has no directory"))?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, key: &BlobKey, bytes: &[u8]) -> Result<(), BlobError> {
        let path = self.path(key);
        let bytes = bytes.to_vec();
        blocking(move || write_atomically(&path, &bytes)).await
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.path(key);
        blocking(move || match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        })
        .await
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
                .prefix(".ready-")
                .tempfile_in(&root)?
                .close()
        })
        .await
    }
}

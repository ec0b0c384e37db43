//! Where attachment bytes live: the [`BlobStore`] trait, which streams in both directions so
//! that no whole file need be held in memory, and its filesystem implementation.

#[cfg(feature = "contract")]
pub mod contract;
mod fs;
mod key;
mod sealed;

pub use fs::FsBlobStore;
pub use key::BlobKey;
pub use sealed::{BlobSealKey, SealedBlobStore, Sealing};

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt};
use std::path::PathBuf;

/// Bytes as they come: chunks, each of which may fail.
pub type ByteStream = BoxStream<'static, Result<Bytes, BlobError>>;

/// Every stored blob, one item at a time (see [`BlobStore::list`]).
pub type BlobListing = BoxStream<'static, Result<BlobInfo, BlobError>>;

/// Chunks read from a file at a time.
pub const READ_CHUNK: usize = 64 * 1024;

/// What went wrong storing or reading a blob.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The key is not a safe blob name.
    #[error("invalid blob key `{0}`")]
    InvalidKey(String),
    /// The storage failed.
    #[error("blob storage failed: {0}")]
    Io(#[from] std::io::Error),
    /// A remote store (object storage) failed or could not be reached.
    #[error("blob storage failed: {0}")]
    Remote(Box<dyn std::error::Error + Send + Sync>),
}

impl BlobError {
    /// A stable snake_case code for the HTTP edge.
    pub fn code(&self) -> &'static str {
        match self {
            BlobError::InvalidKey(_) => "invalid_blob_key",
            BlobError::Io(_) | BlobError::Remote(_) => "internal",
        }
    }
}

/// What to store: bytes already in memory (the sanitizer's output), a file on disk, or a
/// stream of chunks. A file or a stream is read chunk by chunk, never whole.
pub enum BlobBody {
    /// Bytes in memory.
    Bytes(Bytes),
    /// The contents of a file.
    File(PathBuf),
    /// Chunks as they arrive.
    Stream(ByteStream),
}

impl BlobBody {
    /// The body as a stream of chunks (a file is read [`READ_CHUNK`] bytes at a time).
    pub fn into_stream(self) -> ByteStream {
        match self {
            BlobBody::Bytes(b) => futures_util::stream::once(async move { Ok(b) }).boxed(),
            BlobBody::Stream(s) => s,
            BlobBody::File(path) => {
                let open = async move { tokio::fs::File::open(path).await };
                futures_util::stream::once(open)
                    .map(|file| match file {
                        Ok(f) => tokio_util::io::ReaderStream::with_capacity(f, READ_CHUNK)
                            .map(|c| c.map_err(BlobError::Io))
                            .boxed(),
                        Err(e) => {
                            futures_util::stream::once(async move { Err(BlobError::Io(e)) }).boxed()
                        }
                    })
                    .flatten()
                    .boxed()
            }
        }
    }
}

impl From<Bytes> for BlobBody {
    fn from(b: Bytes) -> Self {
        BlobBody::Bytes(b)
    }
}

impl From<Vec<u8>> for BlobBody {
    fn from(b: Vec<u8>) -> Self {
        BlobBody::Bytes(Bytes::from(b))
    }
}

impl std::fmt::Debug for BlobBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BlobBody::Bytes(b) => write!(f, "BlobBody::Bytes({} bytes)", b.len()),
            BlobBody::File(p) => write!(f, "BlobBody::File({})", p.display()),
            BlobBody::Stream(_) => f.write_str("BlobBody::Stream"),
        }
    }
}

/// A stored blob being read: its size and its bytes as a stream.
pub struct BlobRead {
    /// Its size in bytes.
    pub size: u64,
    /// Its bytes, chunk by chunk.
    pub body: ByteStream,
}

impl BlobRead {
    /// Reads the whole blob into memory (for tests and small blobs only).
    pub async fn into_bytes(self) -> Result<Vec<u8>, BlobError> {
        let mut out = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
        let mut body = self.body;
        while let Some(chunk) = body.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }
}

impl std::fmt::Debug for BlobRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BlobRead({} bytes)", self.size)
    }
}

/// One stored blob, as [`BlobStore::list`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    /// Its key.
    pub key: BlobKey,
    /// Its size in bytes.
    pub size: u64,
    /// When it was last written.
    pub last_modified: DateTime<Utc>,
}

/// Stores attachment bytes by key. A completed `put` is durable and whole: after a crash the
/// blob is either whole or absent, never half written; a `put` that fails leaves no blob.
#[async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores `body` under `key`, replacing any blob already there, reading it chunk by chunk;
    /// returns how many bytes were stored.
    async fn put(&self, key: &BlobKey, body: BlobBody) -> Result<u64, BlobError>;

    /// The blob under `key` as a stream, with its size; `None` when there is none.
    async fn get(&self, key: &BlobKey) -> Result<Option<BlobRead>, BlobError>;

    /// Removes the blob under `key`; returns whether there was one. Removing a blob that is
    /// not there (or no longer: another instance removed it) is no error.
    async fn delete(&self, key: &BlobKey) -> Result<bool, BlobError>;

    /// Checks that blobs can be stored now (readiness).
    async fn ping(&self) -> Result<(), BlobError>;

    /// Every stored blob with its size and last write, in no particular order, as a stream:
    /// for the orphan sweep and for backups. Nothing but blobs (no half-written upload).
    fn list(&self) -> BlobListing;

    /// Removes what failed uploads left behind and was last written before `before` (a
    /// store whose failed uploads leave nothing removes nothing); returns how many.
    async fn remove_abandoned(&self, before: DateTime<Utc>) -> Result<u64, BlobError> {
        let _ = before;
        Ok(0)
    }

    /// Stores bytes already in memory under `key` (the sanitizer's output).
    async fn put_bytes(&self, key: &BlobKey, bytes: Bytes) -> Result<u64, BlobError> {
        self.put(key, BlobBody::Bytes(bytes)).await
    }
}

//! Aduan's attachments: deciding what an uploaded file is by its content (never by its name),
//! refusing what is not allowed or too large, making the copy that others download without
//! identifying metadata (GPS position, camera serials, PDF author), and storing the bytes
//! through a [`BlobStore`] that streams them in and out (files under the data directory by
//! default; object storage is another crate's implementation of the same trait).
//!
//! No HTTP and no database here: the web layer calls [`prepare`] (or [`inspect`] and
//! [`sanitize`]), stores both copies with a [`BlobStore`] under fresh [`BlobKey`]s, and records
//! the attachment through the store.

mod blob;
mod error;
mod format;
mod sanitize;
mod spool;

#[cfg(feature = "contract")]
pub use blob::contract;
pub use blob::{
    BlobBody, BlobError, BlobInfo, BlobKey, BlobListing, BlobRead, BlobSealKey, BlobStore,
    ByteStream, FsBlobStore, READ_CHUNK, SealedBlobStore, Sealing,
};
pub use error::AttachmentError;
pub use format::{Format, Inspected, Kind, Limits, inspect};
pub use sanitize::sanitize;
pub use spool::{Gate, HEAD, Spool, SpoolError, Spooled};

use sha2::{Digest, Sha256};

/// An accepted upload: what it is, and the copy others download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// What the original is.
    pub inspected: Inspected,
    /// SHA-256 of the original, lower-case hex, to show later that the evidence is unchanged.
    pub sha256: String,
    /// The original without identifying metadata.
    pub sanitized: Vec<u8>,
}

/// Inspects `bytes` under `limits` and makes the sanitized copy; the original is untouched.
pub fn prepare(
    bytes: &[u8],
    declared_name: &str,
    limits: &Limits,
) -> Result<Prepared, AttachmentError> {
    let inspected = limits.inspect(bytes, declared_name)?;
    let sanitized = sanitize(bytes, inspected.format)?;
    Ok(Prepared {
        inspected,
        sha256: sha256_hex(bytes),
        sanitized,
    })
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

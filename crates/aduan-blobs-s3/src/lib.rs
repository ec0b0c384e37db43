//! Aduan's attachment blobs in S3-compatible object storage (AWS S3, MinIO, Ceph's RADOS
//! Gateway, ...): [`S3BlobStore`] implements `aduan_attachments::BlobStore` on the
//! `object_store` crate. Every key lives under the configured prefix, so a bucket may hold
//! other things beside Aduan's blobs; bodies larger than one part go up as multipart uploads,
//! so no large body is held whole in memory, and downloads are streamed.

mod store;

pub use store::{PART_SIZE, S3BlobStore};

/// Where the blobs go and with which credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct S3Config {
    /// The bucket (it must exist).
    pub bucket: String,
    /// The service's address, such as `https://minio.internal:9000`; empty: AWS S3 of the
    /// region.
    pub endpoint: String,
    /// The region (any name for a MinIO; `us-east-1` is usual).
    pub region: String,
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// Whether a plain `http://` endpoint is allowed (a test server on loopback).
    pub allow_http: bool,
    /// The folder of the bucket the blobs live in (`/`-separated), such as `aduan/attachments`;
    /// empty: the bucket's top.
    pub prefix: String,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("allow_http", &self.allow_http)
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// Why an [`S3Config`] cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No bucket is named.
    #[error("bucket is empty: name the bucket the blobs go to")]
    NoBucket,
    /// One credential is set without the other.
    #[error("access_key_id and secret_access_key must both be set")]
    Credentials,
    /// The endpoint is no http(s) address, or is plain http without `allow_http`.
    #[error("endpoint `{0}` must start with https:// (or http:// with allow_http = true)")]
    Endpoint(String),
    /// The prefix is no clean `/`-separated path.
    #[error("prefix `{0}` must be `/`-separated names of letters, digits, `-`, `_` and `.`")]
    Prefix(String),
    /// The client could not be built.
    #[error("object storage client: {0}")]
    Client(#[from] object_store::Error),
}

impl S3Config {
    /// Checks the settings without reaching the service.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.bucket.trim().is_empty() {
            return Err(ConfigError::NoBucket);
        }
        if self.access_key_id.trim().is_empty() != self.secret_access_key.trim().is_empty()
            || self.access_key_id.trim().is_empty()
        {
            return Err(ConfigError::Credentials);
        }
        let endpoint = self.endpoint.trim();
        let allowed = endpoint.is_empty()
            || endpoint.starts_with("https://")
            || (endpoint.starts_with("http://") && self.allow_http);
        if !allowed {
            return Err(ConfigError::Endpoint(endpoint.to_owned()));
        }
        let prefix_ok = self.prefix.is_empty()
            || self.prefix.split('/').all(|s| {
                s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if !prefix_ok {
            return Err(ConfigError::Prefix(self.prefix.clone()));
        }
        Ok(())
    }
}

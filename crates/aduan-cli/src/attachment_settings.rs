//! The `[attachments]` settings: size limits, the orphan sweep's interval, and where the
//! blobs are stored (`[attachments.storage]`: the data directory, or S3-compatible object
//! storage), and the blob store they make.

use crate::secret_key::Secret;
use aduan_app::blob_sweep::{DEFAULT_ORPHAN_SWEEP_MINUTES, MIN_ORPHAN_SWEEP_MINUTES};
use aduan_attachments::{BlobStore, FsBlobStore, Limits};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// The environment variables that give the object storage's credentials, preferred over the
/// file so that secrets stay out of it.
pub const ACCESS_KEY_ENV: &str = "ADUAN_S3_ACCESS_KEY_ID";
/// See [`ACCESS_KEY_ENV`].
pub const SECRET_KEY_ENV: &str = "ADUAN_S3_SECRET_ACCESS_KEY";

/// Attachments: how large, how long an unrecorded blob is kept, and where they are stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttachmentSettings {
    /// Largest image accepted, in bytes.
    pub image: u64,
    /// Largest PDF accepted, in bytes.
    pub pdf: u64,
    /// Largest video accepted, in bytes.
    pub video: u64,
    /// How often the orphan sweep runs, in minutes, and how old a blob no attachment records
    /// must be before it is deleted (at least 5).
    pub orphan_sweep_minutes: u32,
    /// Uploads received at a time (each written to `<data_dir>/spool` as it arrives; the
    /// others wait, their bodies unread).
    pub receiving_at_once: usize,
    /// Files cleaned at a time (each holds the file and its cleaned copy in memory).
    pub cleaning_at_once: usize,
    /// Where the blobs are stored.
    pub storage: StorageSettings,
}

impl Default for AttachmentSettings {
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            image: limits.image,
            pdf: limits.pdf,
            video: limits.video,
            orphan_sweep_minutes: DEFAULT_ORPHAN_SWEEP_MINUTES,
            receiving_at_once: aduan_app::uploads::RECEIVING,
            cleaning_at_once: aduan_app::uploads::CLEANING,
            storage: StorageSettings::default(),
        }
    }
}

/// Which kind of blob store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// Files under `<data_dir>/attachments`.
    #[default]
    Local,
    /// An S3-compatible bucket.
    S3,
}

/// `[attachments.storage]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageSettings {
    /// `local` or `s3`.
    pub kind: StorageKind,
    /// The bucket (s3).
    pub bucket: String,
    /// The service's address; empty: AWS S3 of the region (s3).
    pub endpoint: String,
    /// The region (s3).
    pub region: String,
    /// The access key id; `ADUAN_S3_ACCESS_KEY_ID` is preferred (s3).
    pub access_key_id: String,
    /// The secret access key; `ADUAN_S3_SECRET_ACCESS_KEY` is preferred (s3).
    pub secret_access_key: Secret,
    /// Whether a plain http endpoint is allowed (s3).
    pub allow_http: bool,
    /// The bucket's folder for the blobs (s3).
    pub prefix: String,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            kind: StorageKind::Local,
            bucket: String::new(),
            endpoint: String::new(),
            region: "us-east-1".into(),
            access_key_id: String::new(),
            secret_access_key: Secret::default(),
            allow_http: false,
            prefix: "attachments".into(),
        }
    }
}

/// What the printed defaults say about `[attachments]` and `[attachments.storage]`.
pub const DOC: &str = "\n# Attachments. image, pdf, video: the largest file accepted per kind, in bytes.\n\
# orphan_sweep_minutes: a file is stored before the record that names it commits, so a crash\n\
# in between leaves it unrecorded; every orphan_sweep_minutes a worker deletes the stored\n\
# files no attachment records that are older than that (so an orphan lives at most twice as\n\
# long); at least 5. receiving_at_once: uploads received at a time, each written to\n\
# data_dir/spool as it arrives (the others wait up to 30 s, then are asked to try again);\n\
# cleaning_at_once: files cleaned at a time, each holding the file and its copy in memory.\n\
# [attachments.storage] kind: local (files under data_dir/attachments) or s3 (an\n\
# S3-compatible bucket: AWS S3, MinIO, Ceph). For s3: bucket (must exist), endpoint (empty:\n\
# AWS S3 of the region), region, access_key_id and secret_access_key (better given as\n\
# ADUAN_S3_ACCESS_KEY_ID and ADUAN_S3_SECRET_ACCESS_KEY in the environment), allow_http\n\
# (a plain http endpoint, such as a test server on loopback) and prefix (the bucket's folder\n\
# for Aduan's files; nothing else may be put there, the sweep would delete it).\n";

impl AttachmentSettings {
    /// The size limits.
    pub fn limits(&self) -> Limits {
        Limits {
            image: self.image,
            pdf: self.pdf,
            video: self.video,
        }
    }

    /// The credentials from the environment, where set, in place of the file's.
    pub fn with_credentials_from(mut self, env: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(id) = env(ACCESS_KEY_ENV).filter(|v| !v.trim().is_empty()) {
            self.storage.access_key_id = id;
        }
        if let Some(secret) = env(SECRET_KEY_ENV).filter(|v| !v.trim().is_empty()) {
            self.storage.secret_access_key = Secret::new(secret);
        }
        self
    }

    /// The blob store these settings name with every file sealed at rest by `ring`'s blob
    /// keys: what the service stores and reads attachments through.
    pub fn sealed_blob_store(
        &self,
        data_dir: &Path,
        ring: &aduan_store::Keyring,
    ) -> anyhow::Result<Arc<dyn BlobStore>> {
        let sealed = aduan_app::Attachments::sealed(self.blob_store(data_dir)?, ring)
            .context("the key material's blob keys")?;
        Ok(sealed)
    }

    /// The blob store these settings name, checked (not yet reached: `/readyz` does that), as
    /// it stores bytes: sealed files are read as they are (for backups).
    pub fn blob_store(&self, data_dir: &Path) -> anyhow::Result<Arc<dyn BlobStore>> {
        anyhow::ensure!(
            self.orphan_sweep_minutes >= MIN_ORPHAN_SWEEP_MINUTES,
            "[attachments] orphan_sweep_minutes must be at least {MIN_ORPHAN_SWEEP_MINUTES}, got {}",
            self.orphan_sweep_minutes
        );
        let s = &self.storage;
        match s.kind {
            StorageKind::Local => Ok(Arc::new(FsBlobStore::in_data_dir(data_dir))),
            StorageKind::S3 => {
                let config = aduan_blobs_s3::S3Config {
                    bucket: s.bucket.clone(),
                    endpoint: s.endpoint.clone(),
                    region: s.region.clone(),
                    access_key_id: s.access_key_id.clone(),
                    secret_access_key: s.secret_access_key.expose().to_owned(),
                    allow_http: s.allow_http,
                    prefix: s.prefix.clone(),
                };
                let store = aduan_blobs_s3::S3BlobStore::new(&config)
                    .context("the [attachments.storage] settings")?;
                Ok(Arc::new(store))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn s3(bucket: &str) -> AttachmentSettings {
        let mut s = AttachmentSettings::default();
        s.storage.kind = StorageKind::S3;
        s.storage.bucket = bucket.into();
        s.storage.endpoint = "http://127.0.0.1:9000".into();
        s.storage.allow_http = true;
        s
    }

    #[test]
    fn credentials_from_the_environment_win_over_the_file_and_stay_hidden() {
        let mut file = s3("aduan");
        file.storage.access_key_id = "from-file".into();
        file.storage.secret_access_key = Secret::new("file-secret".into());
        let env = |name: &str| match name {
            ACCESS_KEY_ENV => Some("from-env".to_owned()),
            SECRET_KEY_ENV => Some("env-secret".to_owned()),
            _ => None,
        };
        let s = file.with_credentials_from(env);
        assert_eq!(s.storage.access_key_id, "from-env");
        assert_eq!(s.storage.secret_access_key.expose(), "env-secret");
        assert!(!format!("{s:?}").contains("env-secret"));
        assert!(!toml::to_string(&s).unwrap().contains("env-secret"));
        assert!(s.blob_store(Path::new("/nonexistent")).is_ok());
    }

    #[test]
    fn storage_settings_that_cannot_work_stop_the_start_with_the_setting_named() {
        let dir = Path::new("/nonexistent");
        let err = |s: AttachmentSettings| format!("{:#}", s.blob_store(dir).err().unwrap());
        let no_keys = err(s3("aduan"));
        assert!(no_keys.contains("[attachments.storage]"), "{no_keys}");
        assert!(no_keys.contains("access_key_id"), "{no_keys}");
        let mut empty = s3("");
        empty.storage.access_key_id = "id".into();
        empty.storage.secret_access_key = Secret::new("secret".into());
        assert!(err(empty).contains("bucket"));
        let fast = AttachmentSettings {
            orphan_sweep_minutes: 1,
            ..AttachmentSettings::default()
        };
        assert!(err(fast).contains("orphan_sweep_minutes must be at least 5"));
        assert!(
            AttachmentSettings::default().blob_store(dir).is_ok(),
            "local by default"
        );
    }
}

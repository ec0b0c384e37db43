//! [`S3BlobStore`]: the blob store on `object_store`'s S3 client.

use crate::{ConfigError, S3Config};
use aduan_attachments::{BlobBody, BlobError, BlobInfo, BlobKey, BlobListing, BlobRead, BlobStore};
use async_trait::async_trait;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
    WriteMultipart,
};
use std::sync::Arc;
use std::time::Duration;

/// The size of each part of a multipart upload, and the largest body sent in one request.
pub const PART_SIZE: usize = 8 * 1024 * 1024;
/// Parts of one upload sent at the same time: at most this many parts, plus the one being
/// filled, are held in memory.
const PARTS_IN_FLIGHT: usize = 2;

/// Blobs as objects in an S3-compatible bucket, each under `<prefix>/<key>`.
#[derive(Debug, Clone)]
pub struct S3BlobStore {
    client: Arc<AmazonS3>,
    prefix: Option<Path>,
}

fn remote(e: object_store::Error) -> BlobError {
    BlobError::Remote(Box::new(e))
}

impl S3BlobStore {
    /// A store on the bucket `config` names; checks the settings but reaches no server (see
    /// [`BlobStore::ping`]).
    pub fn new(config: &S3Config) -> Result<Self, ConfigError> {
        config.check()?;
        // TLS on ring, the provider the rest of the workspace uses, unless the process already
        // chose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(config.bucket.trim())
            .with_region(if config.region.trim().is_empty() {
                "us-east-1"
            } else {
                config.region.trim()
            })
            .with_access_key_id(config.access_key_id.trim())
            .with_secret_access_key(config.secret_access_key.trim())
            .with_allow_http(config.allow_http)
            .with_client_options(
                ClientOptions::new()
                    .with_allow_http(config.allow_http)
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(120)),
            )
            // A server that is down fails readiness within seconds, not minutes.
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 3,
                retry_timeout: Duration::from_secs(20),
            });
        if !config.endpoint.trim().is_empty() {
            builder = builder.with_endpoint(config.endpoint.trim());
        }
        let prefix = (!config.prefix.is_empty()).then(|| Path::from(config.prefix.as_str()));
        Ok(Self {
            client: Arc::new(builder.build()?),
            prefix,
        })
    }

    /// The object the blob under `key` is kept in.
    fn path(&self, key: &BlobKey) -> Path {
        match &self.prefix {
            Some(prefix) => Path::from(format!("{prefix}/{key}")),
            None => Path::from(key.as_str()),
        }
    }

    /// The key of the object at `location`, if it is a blob of this store.
    fn key(&self, location: &Path) -> Option<BlobKey> {
        let rel: Vec<String> = match &self.prefix {
            Some(prefix) => location
                .prefix_match(prefix)?
                .map(|p| p.as_ref().to_owned())
                .collect(),
            None => location.parts().map(|p| p.as_ref().to_owned()).collect(),
        };
        BlobKey::parse(&rel.join("/")).ok()
    }

    /// Sends `first` and the rest of `body` as a multipart upload, aborted if anything fails.
    async fn put_in_parts(
        &self,
        path: &Path,
        first: Vec<Bytes>,
        mut body: aduan_attachments::ByteStream,
    ) -> Result<u64, BlobError> {
        let upload = self.client.put_multipart(path).await.map_err(remote)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        let mut written = 0u64;
        for chunk in first {
            written += chunk.len() as u64;
            writer.put(chunk);
        }
        let failed = loop {
            let chunk = match body.next().await {
                None => break None,
                Some(Err(e)) => break Some(e),
                Some(Ok(chunk)) => chunk,
            };
            if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                break Some(remote(e));
            }
            written += chunk.len() as u64;
            writer.put(chunk);
        };
        match failed {
            None => {
                writer.finish().await.map_err(remote)?;
                Ok(written)
            }
            Some(e) => {
                // An abort that fails leaves an incomplete upload in the bucket: invisible to
                // readers and to the listing, removed by the bucket's lifecycle rule
                // (docs/deployment.md).
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(object = %path, error = %abort, "aborting an upload failed");
                }
                Err(e)
            }
        }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    /// A body of at most [`PART_SIZE`] bytes in one request; a larger one as a multipart
    /// upload, part by part, which the object store shows only once it is complete.
    async fn put(&self, key: &BlobKey, body: BlobBody) -> Result<u64, BlobError> {
        let path = self.path(key);
        let mut body = body.into_stream();
        let mut first = Vec::new();
        let mut buffered = 0usize;
        while buffered <= PART_SIZE {
            match body.next().await {
                Some(chunk) => {
                    let chunk = chunk?;
                    buffered += chunk.len();
                    first.push(chunk);
                }
                None => {
                    let payload: PutPayload = first.into_iter().collect();
                    self.client.put(&path, payload).await.map_err(remote)?;
                    return Ok(buffered as u64);
                }
            }
        }
        self.put_in_parts(&path, first, body).await
    }

    async fn get(&self, key: &BlobKey) -> Result<Option<BlobRead>, BlobError> {
        match self.client.get(&self.path(key)).await {
            Ok(got) => Ok(Some(BlobRead {
                size: got.meta.size,
                body: got.into_stream().map_err(remote).boxed(),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(remote(e)),
        }
    }

    /// Whether the object was there is asked first: S3 deletes what is missing without
    /// complaint.
    async fn delete(&self, key: &BlobKey) -> Result<bool, BlobError> {
        let path = self.path(key);
        match self.client.head(&path).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => return Ok(false),
            Err(e) => return Err(remote(e)),
        }
        self.client.delete(&path).await.map_err(remote)?;
        Ok(true)
    }

    /// The bucket answers a listing, with these credentials: one request for a folder that no
    /// key names (so it lists nothing), which a missing bucket, refused credentials or an
    /// unreachable server fail.
    async fn ping(&self) -> Result<(), BlobError> {
        let probe = match &self.prefix {
            Some(prefix) => prefix.clone().join(".ready"),
            None => Path::from(".ready"),
        };
        match self.client.list(Some(&probe)).next().await {
            None | Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(remote(e)),
        }
    }

    /// Every object under the prefix whose name is a key, page by page as the bucket lists
    /// them (an upload in progress is no object until it completes).
    fn list(&self) -> BlobListing {
        let me = self.clone();
        self.client
            .list(self.prefix.as_ref())
            .map_err(remote)
            .try_filter_map(move |meta| {
                let info = me.key(&meta.location).map(|key| BlobInfo {
                    key,
                    size: meta.size,
                    last_modified: meta.last_modified,
                });
                async move { Ok(info) }
            })
            .boxed()
    }
}

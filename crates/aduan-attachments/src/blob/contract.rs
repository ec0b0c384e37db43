//! The behaviour every [`BlobStore`] shares, as cases a backend's tests run on a fresh, empty
//! store of its own (see [`blob_store_tests!`](crate::blob_store_tests)): the filesystem
//! store's tests and the object storage's run the same ones.

// Test code: a failed step must stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::{BlobBody, BlobError, BlobInfo, BlobKey, BlobStore};
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use rand::SeedableRng;

/// `n` keys, the same in every run.
pub fn keys(n: usize) -> Vec<BlobKey> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(16);
    (0..n).map(|_| BlobKey::generate(&mut rng)).collect()
}

/// `len` bytes that differ from chunk to chunk, so a chunk lost or repeated shows.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i >> 16) as u8)
        .collect()
}

/// `bytes` as a stream of chunks of `chunk` bytes, as an upload arrives.
pub fn streamed(bytes: &[u8], chunk: usize) -> BlobBody {
    let chunks: Vec<Result<Bytes, BlobError>> = bytes
        .chunks(chunk)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    BlobBody::Stream(futures_util::stream::iter(chunks).boxed())
}

async fn read(store: &dyn BlobStore, key: &BlobKey) -> Option<Vec<u8>> {
    match store.get(key).await.unwrap() {
        Some(read) => Some(read.into_bytes().await.unwrap()),
        None => None,
    }
}

/// Every blob `store` lists, sorted by key.
pub async fn listed(store: &dyn BlobStore) -> Vec<BlobInfo> {
    let mut all: Vec<BlobInfo> = store.list().try_collect().await.unwrap();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

/// A body of several megabytes goes in as a stream and comes back whole, in more than one
/// chunk, with its size known before the first.
pub async fn a_multi_megabyte_blob_streams_in_and_back_out_whole(store: &dyn BlobStore) {
    let body = pattern(12 * 1024 * 1024 + 17);
    let key = &keys(1)[0];
    let stored = store.put(key, streamed(&body, 1 << 20)).await.unwrap();
    assert_eq!(stored, body.len() as u64);
    let read = store.get(key).await.unwrap().expect("the blob is there");
    assert_eq!(read.size, body.len() as u64);
    let chunks: Vec<Bytes> = read.body.try_collect().await.unwrap();
    assert!(chunks.len() > 1, "read in chunks, not whole");
    assert!(chunks.iter().all(|c| c.len() <= 8 * 1024 * 1024));
    assert!(chunks.concat() == body, "the bytes came back changed");
}

/// A blob is stored, read back, replaced by a second `put` and deleted; deleting it again
/// finds nothing and is no error.
pub async fn a_blob_is_stored_replaced_and_deleted(store: &dyn BlobStore) {
    let key = &keys(1)[0];
    assert!(read(store, key).await.is_none());
    store
        .put_bytes(key, Bytes::from_static(b"first"))
        .await
        .unwrap();
    assert_eq!(read(store, key).await.as_deref(), Some(&b"first"[..]));
    store.put(key, b"second".to_vec().into()).await.unwrap();
    assert_eq!(read(store, key).await.as_deref(), Some(&b"second"[..]));
    assert!(store.delete(key).await.unwrap());
    assert!(
        !store.delete(key).await.unwrap(),
        "deleting twice finds nothing"
    );
    assert!(read(store, key).await.is_none());
}

/// A file on disk is stored as it is.
pub async fn a_file_is_stored_as_it_is(store: &dyn BlobStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bukti.pdf");
    let body = pattern(300 * 1024);
    std::fs::write(&path, &body).unwrap();
    let key = &keys(1)[0];
    assert_eq!(
        store.put(key, BlobBody::File(path)).await.unwrap(),
        body.len() as u64
    );
    assert!(read(store, key).await.unwrap() == body);
}

/// The listing names every blob once, with its size and a last write close to now, and
/// nothing else; a deleted blob leaves it.
pub async fn the_listing_names_every_blob_with_its_size_and_last_write(store: &dyn BlobStore) {
    let before = chrono::Utc::now() - chrono::Duration::minutes(5);
    assert!(listed(store).await.is_empty(), "a fresh store is empty");
    let keys = keys(3);
    for (i, key) in keys.iter().enumerate() {
        store.put(key, vec![7; 10 * (i + 1)].into()).await.unwrap();
    }
    let all = listed(store).await;
    let mut expected: Vec<(BlobKey, u64)> = keys.iter().cloned().zip([10, 20, 30]).collect();
    expected.sort();
    let found: Vec<(BlobKey, u64)> = all.iter().map(|b| (b.key.clone(), b.size)).collect();
    assert_eq!(found, expected);
    let after = chrono::Utc::now() + chrono::Duration::minutes(5);
    assert!(
        all.iter()
            .all(|b| b.last_modified > before && b.last_modified < after)
    );
    store.delete(&keys[1]).await.unwrap();
    assert_eq!(listed(store).await.len(), 2);
}

/// An upload whose body fails halfway stores nothing, and leaves a blob already under its
/// key as it was.
pub async fn a_failed_upload_stores_nothing_and_keeps_the_blob_it_would_replace(
    store: &dyn BlobStore,
) {
    let keys = keys(2);
    let broken = || {
        let chunks: Vec<Result<Bytes, BlobError>> = vec![
            Ok(Bytes::from(pattern(256 * 1024))),
            Err(BlobError::Io(std::io::Error::other("the client went away"))),
        ];
        BlobBody::Stream(futures_util::stream::iter(chunks).boxed())
    };
    assert!(store.put(&keys[0], broken()).await.is_err());
    assert!(read(store, &keys[0]).await.is_none());
    store
        .put(&keys[1], b"evidence".to_vec().into())
        .await
        .unwrap();
    assert!(store.put(&keys[1], broken()).await.is_err());
    assert_eq!(
        read(store, &keys[1]).await.as_deref(),
        Some(&b"evidence"[..])
    );
    let all = listed(store).await;
    assert_eq!(all.len(), 1, "{all:?}");
    store.ping().await.unwrap();
}

/// Expands every case above into a `#[tokio::test]`; `$fresh` is an async fn taking the test's
/// name and returning `Option<(store, guard)>`: a fresh, empty store and what keeps it alive,
/// or `None` to skip (a server that is not here).
#[macro_export]
macro_rules! blob_store_tests {
    ($fresh:path) => {
        $crate::blob_store_tests!(@cases $fresh,
            a_multi_megabyte_blob_streams_in_and_back_out_whole,
            a_blob_is_stored_replaced_and_deleted,
            a_file_is_stored_as_it_is,
            the_listing_names_every_blob_with_its_size_and_last_write,
            a_failed_upload_stores_nothing_and_keeps_the_blob_it_would_replace
        );
    };
    (@cases $fresh:path, $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let Some((store, _guard)) = $fresh(stringify!($case)).await else {
                    return;
                };
                $crate::contract::$case(&*store).await;
            }
        )*
    };
}

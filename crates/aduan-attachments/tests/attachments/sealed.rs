//! Attachment files sealed at rest: the sealed store behaves as every blob store does, while
//! its files on disk hold none of the plain bytes; a sealed file renamed, cut or altered does
//! not open; a file stored before sealing still reads and is sealed again on demand, as is one
//! sealed with an older key.

use aduan_attachments::contract::{keys, listed, pattern, streamed};
use aduan_attachments::{
    BlobBody, BlobKey, BlobSealKey, BlobStore, FsBlobStore, SealedBlobStore, Sealing,
};
use std::sync::Arc;
use zeroize::Zeroizing;

fn key(id: &str, byte: u8) -> BlobSealKey {
    BlobSealKey::new(id.into(), Zeroizing::new([byte; 32])).unwrap()
}

fn sealed(raw: &Arc<FsBlobStore>, ids: &[(&str, u8)]) -> SealedBlobStore {
    let raw: Arc<dyn BlobStore> = raw.clone();
    SealedBlobStore::new(raw, ids.iter().map(|(id, b)| key(id, *b)).collect()).unwrap()
}

async fn fresh(_test: &str) -> Option<(Arc<dyn BlobStore>, tempfile::TempDir)> {
    let data = tempfile::tempdir().unwrap();
    let raw = Arc::new(FsBlobStore::in_data_dir(data.path()));
    let store: Arc<dyn BlobStore> = Arc::new(sealed(&raw, &[("0a0b0c0d", 7)]));
    Some((store, data))
}

// Every case but the listing's, whose sizes are the stored (sealed) sizes here.
aduan_attachments::blob_store_tests!(@cases fresh,
    a_multi_megabyte_blob_streams_in_and_back_out_whole,
    a_blob_is_stored_replaced_and_deleted,
    a_file_is_stored_as_it_is,
    a_failed_upload_stores_nothing_and_keeps_the_blob_it_would_replace
);

async fn read(store: &dyn BlobStore, key: &BlobKey) -> Result<Vec<u8>, String> {
    let read = store.get(key).await.map_err(|e| e.to_string())?.unwrap();
    let size = read.size;
    let bytes = read.into_bytes().await.map_err(|e| e.to_string())?;
    assert_eq!(size, bytes.len() as u64, "the size told before the bytes");
    Ok(bytes)
}

#[tokio::test]
async fn every_length_round_trips_and_the_file_on_disk_holds_none_of_the_plain_bytes() {
    let data = tempfile::tempdir().unwrap();
    let raw = Arc::new(FsBlobStore::in_data_dir(data.path()));
    let store = sealed(&raw, &[("0a0b0c0d", 7)]);
    let chunk = 64 * 1024;
    let lengths = [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 3 * chunk + 17];
    for (n, len) in lengths.into_iter().enumerate() {
        let key = &keys(lengths.len())[n];
        // GPS text repeated, as EXIF would carry it, streamed in uneven pieces.
        let plain: Vec<u8> = b"GPS -7.2575 112.7521 serial SN-4471 "
            .iter()
            .copied()
            .cycle()
            .take(len)
            .collect();
        store.put(key, streamed(&plain, 10_007)).await.unwrap();
        assert_eq!(read(&store, key).await.unwrap(), plain, "{len} bytes");
        let on_disk = read(raw.as_ref(), key).await.unwrap();
        assert!(on_disk.starts_with(b"ADUANB1\n0a0b0c0d"));
        if len >= 20 {
            let needle = &plain[..20];
            assert!(
                !on_disk.windows(needle.len()).any(|w| w == needle),
                "{len} plain bytes readable on disk"
            );
        }
    }
    let sizes: Vec<u64> = listed(&store).await.iter().map(|b| b.size).collect();
    assert!(sizes.iter().all(|s| *s >= 35 + 16), "{sizes:?}");
}

#[tokio::test]
async fn a_sealed_file_renamed_cut_altered_or_with_its_header_cut_does_not_open() {
    let data = tempfile::tempdir().unwrap();
    let raw = Arc::new(FsBlobStore::in_data_dir(data.path()));
    let store = sealed(&raw, &[("0a0b0c0d", 7)]);
    let keys = keys(4);
    let plain = pattern(200_000);
    store.put(&keys[0], plain.clone().into()).await.unwrap();
    let bytes = read(raw.as_ref(), &keys[0]).await.unwrap();

    raw.put(&keys[1], bytes.clone().into()).await.unwrap();
    let renamed = read(&store, &keys[1]).await.unwrap_err();
    assert!(renamed.contains("does not open"), "{renamed}");

    raw.put(&keys[0], bytes[..bytes.len() - 1].to_vec().into())
        .await
        .unwrap();
    assert!(
        read(&store, &keys[0]).await.is_err(),
        "a file cut by a byte"
    );
    raw.put(&keys[0], bytes[..bytes.len() - 70_000].to_vec().into())
        .await
        .unwrap();
    assert!(
        read(&store, &keys[0]).await.is_err(),
        "a file cut by a chunk"
    );

    raw.put(&keys[0], bytes[..20].to_vec().into())
        .await
        .unwrap();
    let short = read(&store, &keys[0]).await.unwrap_err();
    assert!(
        short.contains("damaged header"),
        "not read as plain: {short}"
    );
    assert!(
        store.seal_again(&keys[0]).await.is_err(),
        "nor sealed again"
    );

    let mut altered = bytes.clone();
    altered[100_000] ^= 1;
    raw.put(&keys[0], altered.into()).await.unwrap();
    assert!(read(&store, &keys[0]).await.is_err(), "an altered byte");

    raw.put(&keys[0], bytes.into()).await.unwrap();
    assert_eq!(read(&store, &keys[0]).await.unwrap(), plain, "as it was");

    let stranger = sealed(&raw, &[("0e0e0e0e", 9)]);
    let unknown = read(&stranger, &keys[0]).await.unwrap_err();
    assert!(unknown.contains("key 0a0b0c0d"), "{unknown}");
}

#[tokio::test]
async fn a_plain_file_and_one_sealed_with_an_older_key_read_and_are_sealed_again_on_demand() {
    let data = tempfile::tempdir().unwrap();
    let raw = Arc::new(FsBlobStore::in_data_dir(data.path()));
    let keys = keys(3);
    let plain = pattern(150_000);
    raw.put(&keys[0], BlobBody::from(plain.clone()))
        .await
        .unwrap();
    sealed(&raw, &[("0a0b0c0d", 7)])
        .put(&keys[1], plain.clone().into())
        .await
        .unwrap();

    let store = sealed(&raw, &[("0f0f0f0f", 3), ("0a0b0c0d", 7)]);
    assert_eq!(store.sealing(&keys[0]).await.unwrap(), Some(Sealing::Plain));
    let old = Sealing::Key("0a0b0c0d".into());
    assert_eq!(store.sealing(&keys[1]).await.unwrap(), Some(old));
    assert_eq!(store.sealing(&keys[2]).await.unwrap(), None);
    for key in &keys[..2] {
        assert_eq!(read(&store, key).await.unwrap(), plain);
        assert!(store.seal_again(key).await.unwrap(), "sealed again");
        assert!(!store.seal_again(key).await.unwrap(), "already current");
        let now = Sealing::Key("0f0f0f0f".into());
        assert_eq!(store.sealing(key).await.unwrap(), Some(now));
        assert_eq!(read(&store, key).await.unwrap(), plain);
    }
    let current_only = sealed(&raw, &[("0f0f0f0f", 3)]);
    assert_eq!(read(&current_only, &keys[1]).await.unwrap(), plain);
}

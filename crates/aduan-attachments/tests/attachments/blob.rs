//! The filesystem blob store: the behaviour every blob store shares, atomic writes that leave
//! no temporary file, the sweep of temporary files a crash left, and keys that cannot escape.

use aduan_attachments::contract::{keys, listed};
use aduan_attachments::{BlobError, BlobKey, BlobStore, FsBlobStore};
use rand::SeedableRng;
use std::sync::Arc;

async fn fresh(_test: &str) -> Option<(Arc<dyn BlobStore>, tempfile::TempDir)> {
    let data = tempfile::tempdir().unwrap();
    let store: Arc<dyn BlobStore> = Arc::new(FsBlobStore::in_data_dir(data.path()));
    Some((store, data))
}

aduan_attachments::blob_store_tests!(fresh);

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

#[tokio::test]
async fn a_stored_blob_leaves_no_temporary_file_behind() {
    let data = tempfile::tempdir().unwrap();
    let store = FsBlobStore::in_data_dir(data.path());
    assert_eq!(store.root(), data.path().join("attachments"));
    let keys = keys(5);
    for k in &keys {
        store
            .put(k, k.as_str().as_bytes().to_vec().into())
            .await
            .unwrap();
    }
    store.ping().await.unwrap();
    let mut files = files_under(store.root());
    files.sort();
    let mut expected: Vec<String> = keys
        .iter()
        .map(|k| k.as_str().rsplit('/').next().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(files, expected);
}

#[tokio::test]
async fn temporary_files_a_crash_left_are_never_listed_and_are_removed_once_stale() {
    let data = tempfile::tempdir().unwrap();
    let store = FsBlobStore::in_data_dir(data.path());
    let key = &keys(1)[0];
    store.put(key, b"whole".to_vec().into()).await.unwrap();
    let dir = store.path(key).parent().unwrap().to_path_buf();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let stale = dir.join(".tmp-cut-short");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let fresh = dir.join(".tmp-in-progress");
    std::fs::write(&fresh, b"half").unwrap();

    let all = listed(&store).await;
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(&all[0].key, key);

    let cutoff = chrono::Utc::now() - chrono::Duration::minutes(30);
    assert_eq!(store.remove_abandoned(cutoff).await.unwrap(), 1);
    assert!(!stale.exists(), "the stale temporary file is gone");
    assert!(fresh.exists(), "an upload in progress is left alone");
    assert!(store.path(key).exists(), "blobs are no temporary files");
}

#[tokio::test]
async fn a_store_whose_root_cannot_be_made_is_not_ready() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("attachments"), b"a file, not a folder").unwrap();
    let store = FsBlobStore::in_data_dir(data.path());
    assert!(store.ping().await.is_err());
}

#[test]
fn generated_keys_are_distinct_and_valid() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let a = BlobKey::generate(&mut rng);
    let b = BlobKey::generate(&mut rng);
    assert_ne!(a, b);
    assert_eq!(BlobKey::parse(a.as_str()).unwrap(), a);
    assert_eq!(a.as_str().len(), 2 + 1 + 32);
}

#[test]
fn keys_that_could_leave_the_root_are_refused() {
    for bad in [
        "",
        "../etc/passwd",
        "/etc/passwd",
        "a/../b",
        "a/./b",
        "a//b",
        "a/",
        ".tmp-x",
        "a\\b",
        "a b",
        "ab/..",
        "C:x",
        "a/b/c/d/e",
        &"x".repeat(201),
    ] {
        let r = BlobKey::parse(bad);
        assert!(
            matches!(r, Err(BlobError::InvalidKey(_))),
            "{bad:?} gave {r:?}"
        );
    }
    for good in ["ab/0123abcd", "sanitized/ab/cd.jpg", "x"] {
        assert_eq!(BlobKey::parse(good).unwrap().as_str(), good);
    }
}

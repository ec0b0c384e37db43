//! The filesystem blob store: round trips, atomic writes, and keys that cannot escape.

use aduan_attachments::{BlobError, BlobKey, BlobStore, FsBlobStore};
use rand::SeedableRng;

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
async fn a_blob_is_stored_read_back_replaced_and_deleted() {
    let data = tempfile::tempdir().unwrap();
    let store = FsBlobStore::in_data_dir(data.path());
    assert_eq!(store.root(), data.path().join("attachments"));
    let key = BlobKey::generate(&mut rand::rngs::StdRng::seed_from_u64(7));
    assert_eq!(store.get(&key).await.unwrap(), None);
    store.put(&key, b"first").await.unwrap();
    assert_eq!(
        store.get(&key).await.unwrap().as_deref(),
        Some(&b"first"[..])
    );
    store.put(&key, b"second").await.unwrap();
    assert_eq!(
        store.get(&key).await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    assert!(store.delete(&key).await.unwrap());
    assert!(
        !store.delete(&key).await.unwrap(),
        "deleting twice finds nothing"
    );
    assert_eq!(store.get(&key).await.unwrap(), None);
}

#[tokio::test]
async fn a_stored_blob_leaves_no_temporary_file_behind() {
    let data = tempfile::tempdir().unwrap();
    let store = FsBlobStore::in_data_dir(data.path());
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let keys: Vec<BlobKey> = (0..5).map(|_| BlobKey::generate(&mut rng)).collect();
    for k in &keys {
        store.put(k, k.as_str().as_bytes()).await.unwrap();
    }
    let mut files = files_under(store.root());
    files.sort();
    let mut expected: Vec<String> = keys
        .iter()
        .map(|k| k.as_str().rsplit('/').next().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(files, expected);
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

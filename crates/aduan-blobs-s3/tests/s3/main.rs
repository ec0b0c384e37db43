//! The object storage against a real S3-compatible server (moto, started by `scripts/test`):
//! the behaviour every blob store shares, prefixes that keep keys in, readiness, and settings
//! refused before any request. Without the server each server test says
//! `SKIPPED: moto missing` and returns, unless `ADUAN_REQUIRE` names `s3`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_attachments::contract::{keys, listed};
use aduan_attachments::{BlobKey, BlobStore};
use aduan_blobs_s3::{ConfigError, S3BlobStore, S3Config};
use aduan_testkit::s3;
use std::sync::Arc;

fn config(url: &str, bucket: &str, prefix: &str) -> S3Config {
    S3Config {
        bucket: bucket.into(),
        endpoint: url.into(),
        region: "us-east-1".into(),
        access_key_id: s3::ACCESS_KEY_ID.into(),
        secret_access_key: s3::SECRET_ACCESS_KEY.into(),
        allow_http: true,
        prefix: prefix.into(),
    }
}

async fn fresh(test: &str) -> Option<(Arc<dyn BlobStore>, ())> {
    let url = s3::server(test)?;
    let bucket = s3::bucket_name(test);
    s3::create_bucket(&url, &bucket);
    let store = S3BlobStore::new(&config(&url, &bucket, "aduan/attachments")).unwrap();
    Some((Arc::new(store), ()))
}

aduan_attachments::blob_store_tests!(fresh);

#[tokio::test]
async fn a_key_never_escapes_its_prefix() {
    let test = "a_key_never_escapes_its_prefix";
    let Some(url) = s3::server(test) else { return };
    let bucket = s3::bucket_name(test);
    s3::create_bucket(&url, &bucket);
    let store = |prefix: &str| S3BlobStore::new(&config(&url, &bucket, prefix)).unwrap();
    let (ours, longer, top) = (store("aduan/a"), store("aduan/ab"), store(""));
    let key = &keys(1)[0];
    ours.put(key, b"bukti".to_vec().into()).await.unwrap();

    assert!(
        longer.get(key).await.unwrap().is_none(),
        "a prefix is a folder, not a start"
    );
    assert!(listed(&longer).await.is_empty());
    assert_eq!(listed(&ours).await.len(), 1);
    let everything: Vec<String> = listed(&top)
        .await
        .into_iter()
        .map(|b| b.key.to_string())
        .collect();
    assert_eq!(
        everything,
        [format!("aduan/a/{key}")],
        "the object sits inside its prefix"
    );
    assert!(!longer.delete(key).await.unwrap());
    assert!(
        ours.get(key).await.unwrap().is_some(),
        "another prefix deletes nothing of ours"
    );
}

#[tokio::test]
async fn a_reachable_bucket_is_ready() {
    let test = "a_reachable_bucket_is_ready";
    let Some(url) = s3::server(test) else { return };
    let bucket = s3::bucket_name(test);
    s3::create_bucket(&url, &bucket);
    let store = S3BlobStore::new(&config(&url, &bucket, "")).unwrap();
    store.ping().await.unwrap();
    let missing = S3BlobStore::new(&config(&url, "no-such-bucket-here", "")).unwrap();
    assert!(
        missing.ping().await.is_err(),
        "a bucket that does not exist is not ready"
    );
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_is_not_ready() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store =
        S3BlobStore::new(&config(&format!("http://127.0.0.1:{port}"), "aduan", "")).unwrap();
    let started = std::time::Instant::now();
    let err = store.ping().await.unwrap_err();
    assert_eq!(err.code(), "internal");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "readiness answers soon"
    );
    let key = BlobKey::parse("ab/cd").unwrap();
    assert!(store.get(&key).await.is_err());
}

#[test]
fn settings_that_cannot_work_are_refused_before_any_request() {
    let good = config("http://127.0.0.1:9000", "aduan", "aduan/attachments");
    assert!(good.check().is_ok());
    let refused = |c: S3Config| S3BlobStore::new(&c).unwrap_err();
    assert!(matches!(
        refused(S3Config {
            bucket: " ".into(),
            ..good.clone()
        }),
        ConfigError::NoBucket
    ));
    assert!(matches!(
        refused(S3Config {
            secret_access_key: String::new(),
            ..good.clone()
        }),
        ConfigError::Credentials
    ));
    let plain = refused(S3Config {
        allow_http: false,
        ..good.clone()
    });
    assert!(plain.to_string().contains("allow_http"), "{plain}");
    assert!(matches!(
        refused(S3Config {
            endpoint: "minio:9000".into(),
            ..good.clone()
        }),
        ConfigError::Endpoint(_)
    ));
    for prefix in ["../up", "/abs", "a//b", "a/"] {
        assert!(matches!(
            refused(S3Config {
                prefix: prefix.into(),
                ..good.clone()
            }),
            ConfigError::Prefix(_)
        ));
    }
    assert!(
        !format!("{good:?}").contains(s3::SECRET_ACCESS_KEY),
        "the secret is not shown"
    );
}

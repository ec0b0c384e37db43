//! Attachment blobs: downloads stream with their length, the orphan sweep removes what a
//! crash between storing a blob and recording it left (and nothing else), and attachments
//! stored in S3-compatible object storage (moto, started by `scripts/test`) come back whole.

use crate::attachments::{files, upload};
use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_app::blob_sweep::{self, sweep_orphan_blobs};
use aduan_attachments::{BlobKey, BlobStore, FsBlobStore};
use aduan_domain::TimeSource;
use aduan_testkit::s3;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use http_body_util::BodyExt;
use serde_json::json;
use std::sync::Arc;
use tower::ServiceExt;

/// Uploads a photo to a new report as its reporter; the report, its access code and the
/// attachment's download path.
async fn uploaded(app: &TestApp, photo: &[u8]) -> (String, String, String) {
    let (id, code) = app.submit(json!({})).await;
    let (status, body) = upload(app, &id, As::Code(&code), "foto.jpg", photo).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let path = format!("/api/v1/reports/{id}/attachments/{}", body["id"]);
    (id, code, path)
}

/// Downloads `path` with an access code: status, Content-Length and body.
async fn fetch(app: &TestApp, path: &str, code: &str) -> (StatusCode, Option<u64>, Vec<u8>) {
    let req = Request::get(path).header("x-access-code", code);
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let length = res
        .headers()
        .get("content-length")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, length, body)
}

fn backdate(path: &std::path::Path, by: Duration) {
    let at = std::time::SystemTime::now() - by.to_std().unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(at).unwrap();
}

async fn a_blob_stored_without_its_record_is_swept_once_older_than_the_interval(app: TestApp) {
    let data = tempfile::tempdir().unwrap();
    let files_store = Arc::new(FsBlobStore::in_data_dir(data.path()));
    let app = app.with_blobs(files_store.clone());
    app.clock.set(Utc::now());
    let photo = files::phone_photo(1);
    let (id, code, path) = uploaded(&app, &photo).await;
    let recorded = app
        .store
        .list_attachments(&aduan_domain::TrackingId::parse(&id).unwrap())
        .await
        .unwrap()
        .remove(0);
    let mut rng = rand::rng();
    // A crash after storing the blobs, before their record committed: two hours ago, and now.
    let (old_orphan, young_orphan) = (BlobKey::generate(&mut rng), BlobKey::generate(&mut rng));
    for key in [&old_orphan, &young_orphan] {
        files_store.put(key, photo.clone().into()).await.unwrap();
    }
    let hours_ago = Duration::hours(2);
    backdate(&files_store.path(&old_orphan), hours_ago);
    for key in [&recorded.original_key, &recorded.sanitized_key] {
        backdate(&files_store.path(&BlobKey::parse(key).unwrap()), hours_ago);
    }

    // The workers' periodic sweep, as a worker runs it.
    let mut registry = aduan_jobs::Registry::new();
    blob_sweep::register(&mut registry, &app.state);
    let clock: Arc<dyn TimeSource> = app.clock.clone();
    assert_eq!(
        registry
            .enqueue_periodic(app.store.as_ref(), clock.now())
            .await
            .unwrap(),
        1
    );
    let ran = aduan_jobs::run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap();
    assert_eq!(ran.done, 1);

    assert!(
        files_store.get(&old_orphan).await.unwrap().is_none(),
        "the old orphan is gone"
    );
    assert!(
        files_store.get(&young_orphan).await.unwrap().is_some(),
        "a young blob stays"
    );
    let (status, length, copy) = fetch(&app, &path, &code).await;
    assert_eq!(status, StatusCode::OK, "a recorded blob stays");
    assert_eq!(length, Some(copy.len() as u64), "sent with its length");

    // Two instances sweeping at once: one deletes, the other finds it gone; neither fails.
    backdate(&files_store.path(&young_orphan), hours_ago);
    let (now, hour) = (clock.now(), Duration::hours(1));
    let (a, b) = tokio::join!(
        sweep_orphan_blobs(&app.state, now, hour),
        sweep_orphan_blobs(&app.state, now, hour)
    );
    assert_eq!(a.unwrap().deleted + b.unwrap().deleted, 1);
    assert!(files_store.get(&young_orphan).await.unwrap().is_none());
    assert_eq!(fetch(&app, &path, &code).await.2, copy);
}

on_both_backends!(a_blob_stored_without_its_record_is_swept_once_older_than_the_interval);

#[tokio::test]
async fn an_attachment_uploaded_through_the_api_lands_in_the_bucket_and_downloads_identical() {
    let test = "an_attachment_uploaded_through_the_api_lands_in_the_bucket";
    let Some(url) = s3::server(test) else { return };
    let bucket = s3::bucket_name(test);
    s3::create_bucket(&url, &bucket);
    let config = aduan_blobs_s3::S3Config {
        bucket,
        endpoint: url,
        region: "us-east-1".into(),
        access_key_id: s3::ACCESS_KEY_ID.into(),
        secret_access_key: s3::SECRET_ACCESS_KEY.into(),
        allow_http: true,
        prefix: "aduan/attachments".into(),
    };
    let bucket_store = Arc::new(aduan_blobs_s3::S3BlobStore::new(&config).unwrap());
    let app = TestApp::sqlite().await.with_blobs(bucket_store.clone());
    let ready = app.get("/readyz", As::Anon).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);

    let photo = files::jpeg();
    let (id, code, path) = uploaded(&app, &photo).await;
    let recorded = app
        .store
        .list_attachments(&aduan_domain::TrackingId::parse(&id).unwrap())
        .await
        .unwrap()
        .remove(0);
    let in_bucket = aduan_attachments::contract::listed(bucket_store.as_ref()).await;
    let mut keys: Vec<String> = in_bucket.iter().map(|b| b.key.to_string()).collect();
    keys.sort();
    let mut expected = vec![
        recorded.original_key.clone(),
        recorded.sanitized_key.clone(),
    ];
    expected.sort();
    assert_eq!(keys, expected, "both copies are in the bucket");
    let key = BlobKey::parse(&recorded.original_key).unwrap();
    let sealed = bucket_store.get(&key).await.unwrap().unwrap();
    let sealed = sealed.into_bytes().await.unwrap();
    assert!(
        !sealed.windows(64).any(|w| w == &photo[..64]),
        "the evidence is sealed in the bucket"
    );
    let original = app
        .state
        .attachments
        .blobs
        .get(&key)
        .await
        .unwrap()
        .unwrap();
    assert!(
        original.into_bytes().await.unwrap() == photo,
        "the evidence is kept byte for byte"
    );

    let (status, length, copy) = fetch(&app, &path, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(length, Some(recorded.sanitized_size as u64));
    let (_, _, again) = fetch(&app, &format!("{path}?original=true"), &code).await;
    assert!(
        again == photo,
        "the uploader downloads the original identical"
    );
    assert_eq!(copy.len() as i64, recorded.sanitized_size);
}

//! The HTTP edge, driven through the router without a socket.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_app::AppState;
use aduan_domain::time::FixedTime;
use aduan_store_sqlite::SqliteStore;
use aduan_web::build_router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::sync::Arc;
use tower::ServiceExt;

async fn app() -> (tempfile::TempDir, Arc<SqliteStore>, axum::Router) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = Arc::new(
        SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
            .await
            .unwrap(),
    );
    let clock = Arc::new(FixedTime::new(chrono::Utc::now()));
    let router = build_router(AppState {
        store: store.clone(),
        replica: None,
        clock,
        calendar: Default::default(),
        reference: Default::default(),
        figures: Default::default(),
        triage: Default::default(),
        config: Default::default(),
        attachments: std::sync::Arc::new(aduan_app::Attachments {
            blobs: std::sync::Arc::new(aduan_attachments::FsBlobStore::in_data_dir(dir.path())),
            limits: Default::default(),
            orphan_sweep_minutes: aduan_app::blob_sweep::DEFAULT_ORPHAN_SWEEP_MINUTES,
            intake: aduan_app::uploads::Intake::in_dir(dir.path().join("spool")),
        }),
        deployment_key: std::sync::Arc::new(aduan_store::DeploymentKey::generate()),
    });
    (dir, store, router)
}

async fn get(router: axum::Router, path: &str) -> (StatusCode, serde_json::Value) {
    let res = router
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn the_health_check_answers_ok() {
    let (_dir, _store, router) = app().await;
    let (status, body) = get(router, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_names_the_database_and_fails_when_it_is_gone() {
    let (_dir, store, router) = app().await;
    let (status, body) = get(router.clone(), "/readyz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "sqlite");
    let warnings = body["warnings"].to_string();
    assert!(warnings.contains("directory_empty"), "{warnings}");
    assert!(
        warnings.contains("calendar_missing_year"),
        "an empty calendar is a warning, not silent arithmetic"
    );
    store.close().await;
    let (status, body) = get(router, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn readiness_fails_when_attachments_cannot_be_stored() {
    let (dir, _store, router) = app().await;
    assert_eq!(get(router.clone(), "/readyz").await.0, StatusCode::OK);
    // The attachments' directory replaced by a file: nothing can be stored under it.
    let root = dir.path().join("attachments");
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::write(&root, b"not a directory").unwrap();
    let (status, body) = get(router, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["attachments"], "unavailable");
}

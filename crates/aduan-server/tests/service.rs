//! The service as the composition root builds it: the pages' fallback, the channel endpoints
//! the settings open, and the registry's refusal of settings it cannot run on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aduan_server::chat::ChatChannels;
use aduan_server::workers::{JobSettings, registry};
use aduan_testkit::{As, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

#[tokio::test]
async fn an_unknown_path_is_a_page_and_an_unknown_api_path_is_json() {
    let app = TestApp::sqlite().await;
    let page = app.get("/tidak-ada", As::Anon).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text.contains("<!doctype html>"), "{}", page.text);
    assert!(page.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let api = app.get("/api/v1/tidak-ada", As::Anon).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.body["code"], "not_found", "{}", api.text);
}

#[tokio::test]
async fn the_sms_endpoints_open_only_when_the_settings_enable_them() {
    let app = TestApp::sqlite().await;
    let closed = aduan_sms::SmsSettings::default();
    let router = aduan_server::service(app.state.clone(), &closed, &ChatChannels::off())
        .await
        .unwrap();
    let res = router
        .oneshot(
            Request::get(aduan_sms::INBOUND_PATH)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let mut open = aduan_sms::SmsSettings {
        enabled: true,
        secret: "rahasia-kannel-panjang".into(),
        ..aduan_sms::SmsSettings::default()
    };
    assert!(
        aduan_server::channels::sms_routes(&open, &app.state)
            .await
            .unwrap()
            .is_some()
    );
    open.keywords
        .insert("ENTAH".into(), "instansi-yang-tidak-ada".into());
    let refused = aduan_server::service(app.state.clone(), &open, &ChatChannels::off())
        .await
        .expect_err("a keyword naming no agency is refused");
    assert!(
        refused
            .to_string()
            .contains("not an agency of the directory"),
        "{refused}"
    );
}

#[tokio::test]
async fn the_registry_refuses_a_retention_shorter_than_the_appeal_windows() {
    let app = TestApp::sqlite().await;
    let (smtp, kannel, sms) = Default::default();
    let mut jobs = JobSettings {
        retention_days: 29,
        notifier: "log",
        smtp: &smtp,
        kannel: &kannel,
        sms: &sms,
        chat: ChatChannels::off(),
    };
    let key = aduan_store::DeploymentKey::generate();
    let refused = registry(&jobs, key.clone(), &app.state).err().unwrap();
    assert!(
        refused
            .to_string()
            .contains("retention_days must be at least 30"),
        "{refused}"
    );
    jobs.retention_days = 30;
    let names = registry(&jobs, key, &app.state).unwrap().names();
    assert!(names.len() > 4, "{names:?}");
}

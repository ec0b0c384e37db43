//! The rate limiter and per-client idempotency as API clients meet them: 429 with Retry-After
//! and a translated `rate_limited`, limits that hold across instances, addresses found through
//! trusted proxies only, and Idempotency-Keys that belong to one client and one request.

use crate::common::{TestApp, report_body};
use crate::on_both_backends;
use aduan_app::limiter::Cidr;
use aduan_app::{AppConfig, AppState};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

/// A POST of `body` to `path` arriving from `peer`, with extra headers.
async fn post_from(
    router: &Router,
    peer: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Value,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::post(path).header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::from(body.to_string())).unwrap();
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    let res = router.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn login(password: &str) -> Value {
    json!({"login": "citizen@uji.go.id", "password": password})
}

async fn wrong_passwords_then_the_right_one_answer_429_with_retry_after_in_both_languages(
    app: TestApp,
) {
    let r = &app.router;
    for _ in 0..5 {
        let (status, _, _) =
            post_from(r, "203.0.113.5", "/api/v1/auth/login", &[], login("salah")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, headers, body) = post_from(
        r,
        "203.0.113.5",
        "/api/v1/auth/login",
        &[],
        login("rahasia-citizen"),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "2");
    assert_eq!(body["code"], "rate_limited");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Terlalu banyak percobaan"),
        "{body}"
    );
    let english = [("accept-language", "en")];
    let (_, _, body) = post_from(
        r,
        "198.51.100.8",
        "/api/v1/auth/login",
        &english,
        login("rahasia-citizen"),
    )
    .await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Too many attempts"),
        "{body}"
    );

    app.clock.advance(chrono::Duration::seconds(2));
    let (status, _, body) = post_from(
        r,
        "203.0.113.5",
        "/api/v1/auth/login",
        &[],
        login("rahasia-citizen"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn anonymous_submissions_are_limited_per_address_and_not_for_other_addresses(app: TestApp) {
    let r = &app.router;
    for i in 0..30 {
        let (status, _, body) = post_from(
            r,
            "203.0.113.20",
            "/api/v1/reports",
            &[],
            report_body(json!({})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "submission {i}: {body}");
    }
    let (status, headers, body) = post_from(
        r,
        "203.0.113.20",
        "/api/v1/reports",
        &[],
        report_body(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(headers["retry-after"], "3600");
    let (status, _, _) = post_from(
        r,
        "203.0.113.21",
        "/api/v1/reports",
        &[],
        report_body(json!({})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "another address is not limited"
    );
}

async fn forwarded_for_names_the_client_only_behind_a_trusted_proxy(app: TestApp) {
    let state = AppState {
        config: Arc::new(AppConfig {
            trusted_proxies: vec![Cidr::parse("10.0.0.0/8").unwrap()],
            ..AppConfig::default()
        }),
        ..app.state.clone()
    };
    let r = &aduan_web::build_router(state);
    let key = |k: &'static str| [("idempotency-key", k), ("x-forwarded-for", "198.51.100.1")];
    // Through the proxy, two clients with the same key file two reports.
    let (s1, _, first) = post_from(
        r,
        "10.0.0.2",
        "/api/v1/reports",
        &key("k"),
        report_body(json!({})),
    )
    .await;
    let other = [
        ("idempotency-key", "k"),
        ("x-forwarded-for", "198.51.100.2"),
    ];
    let (s2, _, second) = post_from(
        r,
        "10.0.0.2",
        "/api/v1/reports",
        &other,
        report_body(json!({})),
    )
    .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_ne!(first["tracking_id"], second["tracking_id"]);
    // A client that is not a proxy cannot pose as the first one.
    let (s3, _, third) = post_from(
        r,
        "203.0.113.50",
        "/api/v1/reports",
        &key("k"),
        report_body(json!({})),
    )
    .await;
    assert_eq!(s3, StatusCode::CREATED, "{third}");
    assert_eq!(third["replayed"], false);
    assert_ne!(third["tracking_id"], first["tracking_id"]);
}

async fn one_idempotency_key_from_two_people_files_two_reports_and_a_changed_body_is_refused(
    app: TestApp,
) {
    let r = &app.router;
    let key = [("idempotency-key", "shared-key-1")];
    let (s1, _, first) = post_from(
        r,
        "203.0.113.30",
        "/api/v1/reports",
        &key,
        report_body(json!({})),
    )
    .await;
    let (s2, _, second) = post_from(
        r,
        "203.0.113.31",
        "/api/v1/reports",
        &key,
        report_body(json!({"title": "Sampah menumpuk di pasar"})),
    )
    .await;
    assert_eq!(
        (s1, s2),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{second}"
    );
    assert_ne!(
        first["tracking_id"], second["tracking_id"],
        "the second person's report is filed"
    );
    assert!(
        second["access_code"].is_string(),
        "and they get their own access code"
    );
    let (s, _, replay) = post_from(
        r,
        "203.0.113.30",
        "/api/v1/reports",
        &key,
        report_body(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(replay["tracking_id"], first["tracking_id"]);
    let (s, _, refused) = post_from(
        r,
        "203.0.113.30",
        "/api/v1/reports",
        &key,
        report_body(json!({"title": "Judul lain"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "idempotency_mismatch");
}

async fn wrong_access_codes_for_one_report_are_refused_after_ten_without_locking_out_the_reporter(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({})).await;
    let path = format!("/api/v1/reports/{id}");
    let get = |c: String, from: &'static str| {
        let mut req = Request::get(path.as_str())
            .header("x-access-code", c)
            .body(Body::empty())
            .unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(from.parse::<SocketAddr>().unwrap()));
        app.router.clone().oneshot(req)
    };
    let guesser = "203.0.113.40:1";
    for i in 0..10 {
        let res = get(format!("ZZZZ-ZZZZ-ZZZZ-{i:04}"), guesser)
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "not visible to a stranger yet"
        );
    }
    let res = get(code.clone(), guesser).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["retry-after"], "900");
    // The reporter, on their own phone, still reads and acts on their report.
    let res = get(code, "198.51.100.77:1").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

on_both_backends!(
    wrong_passwords_then_the_right_one_answer_429_with_retry_after_in_both_languages,
    anonymous_submissions_are_limited_per_address_and_not_for_other_addresses,
    forwarded_for_names_the_client_only_behind_a_trusted_proxy,
    one_idempotency_key_from_two_people_files_two_reports_and_a_changed_body_is_refused,
    wrong_access_codes_for_one_report_are_refused_after_ten_without_locking_out_the_reporter,
);

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn a_limit_reached_on_one_instance_holds_on_another() {
    let app = TestApp::postgres().await;
    let other = app.another_instance().await;
    for _ in 0..5 {
        let (status, _, _) = post_from(
            &app.router,
            "203.0.113.5",
            "/api/v1/auth/login",
            &[],
            login("salah"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _, _) = post_from(
        &other.router,
        "192.0.2.1",
        "/api/v1/auth/login",
        &[],
        login("rahasia-citizen"),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

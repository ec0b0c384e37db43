//! The limit on every write: each POST, PUT, PATCH and DELETE of the API, Open311, the portal
//! and the back office counts against its writer (a partner by its key, an account by its id,
//! anyone else by their address) and is refused past the allowance with 429 and Retry-After in
//! its surface's form, while reads go on.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_store::LimitPolicy;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use std::net::SocketAddr;
use tower::ServiceExt;

/// A request arriving from `peer`: its status, Retry-After and body text (a JSON request
/// carries `{}`).
async fn from_peer(
    router: &Router,
    method: Method,
    peer: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let json = headers.iter().any(|(k, _)| *k == "content-type");
    let body = if json { "{}" } else { "" };
    request_from(router, method, peer, path, headers, body).await
}

/// A POST of `body` arriving from `peer`.
async fn from_peer_with_body(
    router: &Router,
    peer: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, Option<String>, String) {
    request_from(router, Method::POST, peer, path, headers, body).await
}

async fn request_from(
    router: &Router,
    method: Method,
    peer: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::from(body.to_owned())).unwrap();
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, retry, String::from_utf8_lossy(&bytes).into_owned())
}

const JSON: (&str, &str) = ("content-type", "application/json");

/// Every write operation of the OpenAPI document, with its path made concrete.
async fn documented_writes(app: &TestApp) -> Vec<(Method, String)> {
    let doc = app.get("/api/openapi.json", As::Anon).await;
    let mut writes = Vec::new();
    for (path, item) in doc.body["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            let url = crate::openapi::concrete_url(path, item);
            writes.push((method.to_uppercase().parse().unwrap(), url));
        }
    }
    writes
}

/// The page forms tried, across the portal and the back office, and a path no page has.
const PAGE_WRITES: &[&str] = &[
    "/akun/masuk",
    "/akun/daftar",
    "/akun/konfirmasi",
    "/akun/lupa-sandi",
    "/lapor",
    "/bahasa",
    "/laporan/ZZZZZZZZZZ/komentar",
    "/laporan/ZZZZZZZZZZ/aksi",
    "/akun/keluar",
    "/kantor/massal",
    "/kantor/staf/1/status",
    "/kantor/sesi/akhiri",
    "/tidak-ada-halaman-ini",
];

async fn every_write_of_every_surface_is_refused_past_the_address_allowance(app: TestApp) {
    let app = app.with_config(|c| c.limits.write_address = LimitPolicy::fixed(1, 600));
    let r = &app.router;
    let me = "203.0.113.20";
    // The one write allowed: it uses the address's allowance up.
    let (first, _, _) = from_peer(r, Method::POST, me, "/api/v1/auth/logout", &[JSON]).await;
    assert_ne!(first, StatusCode::TOO_MANY_REQUESTS);

    let writes = documented_writes(&app).await;
    assert!(writes.len() > 25, "{} writes documented", writes.len());
    for (method, url) in &writes {
        let (status, retry, body) = from_peer(r, method.clone(), me, url, &[JSON]).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{method} {url}: {body}"
        );
        assert!(
            retry.is_some_and(|s| s.parse::<u64>().unwrap() > 0),
            "{method} {url}"
        );
        assert!(body.contains("\"rate_limited\""), "{method} {url}: {body}");
    }
    for format in ["json", "xml"] {
        let url = format!("/open311/v2/requests.{format}");
        let (status, retry, body) = from_peer(r, Method::POST, me, &url, &[]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{url}: {body}");
        assert!(retry.is_some(), "{url}");
        assert!(body.contains("429"), "{url}: {body}");
        assert_eq!(
            body.trim_start().starts_with('<'),
            format == "xml",
            "{body}"
        );
    }
    let form = ("content-type", "application/x-www-form-urlencoded");
    for path in PAGE_WRITES {
        let (status, retry, body) = from_peer(r, Method::POST, me, path, &[form]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(retry.is_some(), "{path}");
        assert!(body.contains("Terlalu banyak"), "{path}: {body}");
    }

    // Reads go on, and another address still writes.
    let (status, _, _) = from_peer(r, Method::GET, me, "/api/v1/agencies", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = from_peer(r, Method::GET, me, "/lapor", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let other = "198.51.100.20";
    let (status, _, body) = from_peer(r, Method::POST, other, "/api/v1/auth/logout", &[JSON]).await;
    assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

async fn an_account_and_a_partner_are_counted_apart_from_their_address(app: TestApp) {
    let key = app.partner_key("siapdesa", json!(["35.78"])).await;
    let token = app.login("citizen").await;
    let app = app.with_config(|c| {
        c.limits.write_account = LimitPolicy::fixed(2, 600);
        c.limits.write_partner = LimitPolicy::fixed(2, 600);
        c.limits.write_address = LimitPolicy::fixed(3, 600);
    });
    let r = &app.router;
    let me = "203.0.113.30";
    let bearer = format!("Bearer {token}");
    let as_citizen = [JSON, ("authorization", bearer.as_str())];
    let as_partner = [JSON, ("x-api-key", key.as_str())];
    let partner_path = "/api/v1/partner/reports";
    let write = "/api/v1/reports/ZZZZZZZZZZ/actions";
    for _ in 0..2 {
        // A write answered (the report does not exist), and counted all the same.
        let (status, _, body) = from_peer(r, Method::POST, me, write, &as_citizen).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, _, body) = from_peer(r, Method::POST, me, partner_path, &as_partner).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (status, _, _) = from_peer(r, Method::POST, me, write, &as_citizen).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the account's third write"
    );
    let (status, _, _) = from_peer(r, Method::POST, me, partner_path, &as_partner).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the partner's third write"
    );

    // Their address was not charged for them; made-up credentials are charged to it.
    let made_up = [JSON, ("authorization", "Bearer bukan-token")];
    let fake_key = [
        JSON,
        ("x-api-key", "apk_0000000000000000000000000000000000000000"),
    ];
    let (status, _, _) = from_peer(r, Method::POST, me, write, &made_up).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = from_peer(r, Method::POST, me, partner_path, &fake_key).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = from_peer(r, Method::POST, me, write, &[JSON]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the address's third write");
    let (status, _, _) = from_peer(r, Method::POST, me, write, &made_up).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up token past the address's allowance"
    );
}

async fn a_partner_filing_through_open311_is_counted_by_the_key_in_its_form(app: TestApp) {
    let key = app.partner_key("siapdesa", json!(["35.78"])).await;
    let app = app.with_config(|c| {
        c.limits.write_partner = LimitPolicy::fixed(2, 600);
        c.limits.write_address = LimitPolicy::fixed(1, 600);
    });
    let r = &app.router;
    let me = "203.0.113.40";
    let form = ("content-type", "application/x-www-form-urlencoded");
    let path = "/open311/v2/requests.json";
    let with_key = |key: &str| format!("{path}?api_key={key}");
    // The key in the form: the partner's allowance, not the address's.
    let req_form = [form];
    for _ in 0..2 {
        let (status, _, body) = from_peer_with_body(
            r,
            me,
            path,
            &req_form,
            &format!("api_key={key}&service_code=x"),
        )
        .await;
        assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
    let (status, _, _) = from_peer_with_body(
        r,
        me,
        path,
        &req_form,
        &format!("api_key={key}&service_code=x"),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the partner's third write"
    );
    // The key in the query string counts the same.
    let (status, _, _) = from_peer(r, Method::POST, me, &with_key(&key), &[]).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the same partner by its query"
    );
    let (status, _, body) = from_peer_with_body(r, me, path, &req_form, "service_code=x").await;
    assert_ne!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address was not charged: {body}"
    );
}

on_both_backends!(
    a_partner_filing_through_open311_is_counted_by_the_key_in_its_form,
    every_write_of_every_surface_is_refused_past_the_address_allowance,
    an_account_and_a_partner_are_counted_apart_from_their_address,
);

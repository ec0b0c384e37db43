//! The OpenAPI document is built from the same list as the router: every documented
//! operation answers, and the document describes every API route.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};

async fn every_documented_operation_is_routed_and_every_route_is_documented(app: TestApp) {
    let doc = app.get("/api/openapi.json", As::Anon).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.body["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc.body["openapi"]
    );
    let paths = doc.body["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            documented.push(format!("{m} {path}"));
            let url = format!(
                "/api/v1{}",
                path.replace("{tracking_id}", "ZZZZZZZZZZ")
                    .replace("{id}", "x")
            );
            let res = app
                .send(m.clone(), &url, As::Anon, Some(serde_json::json!({})), &[])
                .await;
            // An unrouted path answers 404/405 with an empty body; ours always carry a JSON body.
            assert!(
                !res.text.is_empty() && res.status != StatusCode::METHOD_NOT_ALLOWED,
                "{m} {url} is documented but not routed ({})",
                res.status
            );
        }
    }
    documented.sort();
    let expected = [
        "GET /agencies",
        "GET /categories",
        "GET /me",
        "GET /reports",
        "GET /reports/{tracking_id}",
        "GET /reports/{tracking_id}/events",
        "GET /reports/{tracking_id}/status",
        "POST /auth/login",
        "POST /auth/logout",
        "POST /auth/register",
        "POST /reports",
        "POST /reports/{tracking_id}/actions",
        "PUT /categories/{id}",
    ];
    for e in expected {
        assert!(
            documented.iter().any(|d| d == e),
            "{e} missing from the document: {documented:?}"
        );
    }
}

on_both_backends!(every_documented_operation_is_routed_and_every_route_is_documented);

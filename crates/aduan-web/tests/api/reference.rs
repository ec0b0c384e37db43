//! The directory and categories through the API.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn agencies_and_categories_are_listed_for_pickers(app: TestApp) {
    let all = app.get("/api/v1/agencies", As::Anon).await;
    assert_eq!(all.body.as_array().unwrap().len(), 3, "{}", all.text);
    let cities = app.get("/api/v1/agencies?kind=kota&q=sura", As::Anon).await;
    let ids: Vec<&str> = cities
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kota-surabaya"]);
    assert_eq!(
        app.get("/api/v1/agencies?kind=planet", As::Anon).await.body["fields"]["kind"],
        "invalid"
    );
    let cats = app.get("/api/v1/categories", As::Anon).await;
    let sensitive: Vec<&str> = cats
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["sensitive"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(sensitive, ["kekerasan-seksual"]);
}

async fn only_the_national_admin_edits_a_category_and_the_edit_is_audited(app: TestApp) {
    let path = "/api/v1/categories/infrastruktur%2Fjalan";
    let change = json!({"sensitive": true, "active_until": "2030-12-31"});
    let surabaya = app.login("surabaya").await;
    let r = app
        .send(
            Method::PUT,
            path,
            As::Token(&surabaya),
            Some(change.clone()),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send(Method::PUT, path, As::Anon, Some(change.clone()), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let national = app.login("national").await;
    let r = app
        .send(Method::PUT, path, As::Token(&national), Some(change), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        (
            r.body["sensitive"].as_bool(),
            r.body["active_until"].as_str()
        ),
        (Some(true), Some("2030-12-31"))
    );
    let r = app
        .send(
            Method::PUT,
            path,
            As::Token(&national),
            Some(json!({"active_until": null})),
            &[],
        )
        .await;
    assert_eq!(
        r.body["active_until"],
        serde_json::Value::Null,
        "null removes the date"
    );
    let r = app
        .send(
            Method::PUT,
            "/api/v1/categories/tidak-ada",
            As::Token(&national),
            Some(json!({"sensitive": true})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "category.update")
            .count(),
        2
    );
    let (id, _) = app.submit(json!({})).await;
    let view = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(
        view.body["confidential"], true,
        "the new default applies to new reports"
    );
}

on_both_backends!(
    agencies_and_categories_are_listed_for_pickers,
    only_the_national_admin_edits_a_category_and_the_edit_is_audited,
);

//! The directory and categories through the API.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::json;

/// The ids of a list's page.
fn ids(page: &serde_json::Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn agencies_and_categories_are_listed_for_pickers(app: TestApp) {
    let all = app.get("/api/v1/agencies", As::Anon).await;
    assert_eq!(ids(&all.body).len(), 3, "{}", all.text);
    assert!(all.body["next_cursor"].is_null(), "{}", all.text);
    let cities = app.get("/api/v1/agencies?kind=kota&q=sura", As::Anon).await;
    assert_eq!(ids(&cities.body), ["kota-surabaya"]);
    assert_eq!(
        app.get("/api/v1/agencies?kind=planet", As::Anon).await.body["fields"]["kind"],
        "invalid"
    );
    let cats = app.get("/api/v1/categories", As::Anon).await;
    assert!(
        cats.body["next_cursor"].is_null(),
        "the categories come whole"
    );
    let sensitive: Vec<&str> = cats.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["sensitive"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(sensitive, ["kekerasan-seksual"]);
}

async fn the_agency_list_says_when_there_is_more_and_its_pages_hold_every_agency_once(
    app: TestApp,
) {
    let everyone = ids(&app.get("/api/v1/agencies", As::Anon).await.body);
    let mut walked = Vec::new();
    let mut url = "/api/v1/agencies?limit=1".to_owned();
    let mut pages = 0;
    loop {
        let page = app.get(&url, As::Anon).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert_eq!(ids(&page.body).len(), 1, "{}", page.text);
        walked.extend(ids(&page.body));
        pages += 1;
        match page.body["next_cursor"].as_str() {
            Some(cursor) => url = format!("/api/v1/agencies?limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        pages, 3,
        "one page per agency, and the last says it is the last"
    );
    assert_eq!(walked, everyone);
    let bad = app.get("/api/v1/agencies?cursor=%25%25", As::Anon).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(bad.body["fields"]["cursor"], "invalid");
}

async fn every_list_answers_items_and_next_cursor(app: TestApp) {
    let (id, code) = app.submit(serde_json::json!({})).await;
    let me = As::Code(&code);
    for (path, who) in [
        ("/api/v1/agencies".to_owned(), As::Anon),
        ("/api/v1/categories".to_owned(), As::Anon),
        ("/api/v1/calendar".to_owned(), As::Anon),
        ("/api/v1/reports".to_owned(), As::Anon),
        (format!("/api/v1/reports/{id}/events"), me),
        (format!("/api/v1/reports/{id}/attachments"), me),
    ] {
        let res = app.get(&path, who).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
        let keys: Vec<&String> = res.body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["items", "next_cursor"], "{path}: {}", res.text);
        assert!(res.body["items"].is_array(), "{path}: {}", res.text);
    }
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
    the_agency_list_says_when_there_is_more_and_its_pages_hold_every_agency_once,
    every_list_answers_items_and_next_cursor,
    only_the_national_admin_edits_a_category_and_the_edit_is_audited,
);

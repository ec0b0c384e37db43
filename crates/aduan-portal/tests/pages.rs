//! Snapshots of the citizens' pages: the report form `/lapor` and the public page of a
//! report, `/laporan/{id}`, as a visitor without an account sees them. Both backends answer
//! against the same snapshot (`tests/snapshots/pages__*.snap`). The values that vary between
//! runs (the tracking id, the CSRF token) are replaced by placeholders; every time comes
//! from the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_testkit::{REPORTER_IDENTITY, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::Visitor;

async fn the_report_form_matches_its_snapshot(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.get("/").await;
    let page = v.get("/lapor").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = v.redacted(&page.html, &[]);
    insta::assert_snapshot!("report_form", html);
}

async fn the_public_page_of_an_anonymous_report_matches_its_snapshot(app: TestApp) {
    let (id, _) = app.public_report(json!({"anonymous": true})).await;
    let mut v = Visitor::new(&app);
    v.get("/").await;
    let page = v.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    for part in REPORTER_IDENTITY {
        assert!(!page.html.contains(part), "{part} shows on the public page");
    }
    let html = v.redacted(&page.html, &[(&id, "tracking_id")]);
    insta::assert_snapshot!("public_report_page_anonymous", html);
}

on_both_backends!(
    the_report_form_matches_its_snapshot,
    the_public_page_of_an_anonymous_report_matches_its_snapshot,
);

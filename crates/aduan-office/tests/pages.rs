//! The pages' authorization matrix ([`matrix`]), and snapshots of the back office's report screen, `/kantor/laporan/{id}`, as the staff who
//! handle the report see it: Kota Surabaya's admin, on an anonymous report and on a named
//! one. Both backends answer against the same snapshot (`tests/snapshots/pages__*.snap`).
//! The values that vary between runs (the tracking id, the CSRF token) are replaced by
//! placeholders; every time comes from the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

#[path = "pages/matrix.rs"]
mod matrix;

use aduan_testkit::{As, REPORTER_IDENTITY, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::{Value, json};
use support::Visitor;

/// A report with `overrides`, verified by the national admin and dispatched to Kota Surabaya.
async fn dispatched(app: &TestApp, overrides: Value) -> String {
    let (id, _) = app.submit(overrides).await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    id
}

/// The report screen as Kota Surabaya's admin, logged in through the portal.
async fn screen(app: &TestApp, id: &str) -> String {
    let mut v = Visitor::new(app);
    let res = v.login("surabaya").await;
    assert!(res.status.is_redirection(), "{}", res.html);
    let page = v.get(&format!("/kantor/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    v.redacted(&page.html, &[(id, "tracking_id")])
}

async fn the_report_screen_of_an_anonymous_report_for_its_agency_matches_its_snapshot(
    app: TestApp,
) {
    let id = dispatched(&app, json!({"anonymous": true})).await;
    let html = screen(&app, &id).await;
    for part in REPORTER_IDENTITY {
        assert!(!html.contains(part), "{part} shows to the agency");
    }
    insta::assert_snapshot!("office_report_screen_anonymous", html);
}

async fn the_report_screen_of_a_named_report_for_its_agency_matches_its_snapshot(app: TestApp) {
    let id = dispatched(&app, json!({})).await;
    let html = screen(&app, &id).await;
    insta::assert_snapshot!("office_report_screen_named", html);
}

on_both_backends!(
    the_report_screen_of_an_anonymous_report_for_its_agency_matches_its_snapshot,
    the_report_screen_of_a_named_report_for_its_agency_matches_its_snapshot,
);

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

/// `page` with each of `known`'s values, the visitor's CSRF token and the form's fresh
/// idempotency key replaced by placeholders.
fn redacted(v: &Visitor<'_>, page: &str, known: &[(&str, &str)]) -> String {
    let mut out = page.to_owned();
    if let Some(token) = v.cookie(aduan_pagekit::CSRF_COOKIE) {
        out = out.replace(token, "[csrf]");
    }
    for (value, name) in known {
        out = out.replace(value, &format!("[{name}]"));
    }
    field_values_replaced(&out, "idem")
}

/// `html` with the value of every form field named `name` replaced by `[name]`.
fn field_values_replaced(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&marker) {
        let start = at + marker.len();
        out.push_str(&rest[..start]);
        out.push_str(&format!("[{name}]"));
        rest = &rest[start..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

async fn the_report_form_matches_its_snapshot(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.get("/").await;
    let page = v.get("/lapor").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = redacted(&v, &page.html, &[]);
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
    let html = redacted(&v, &page.html, &[(&id, "tracking_id")]);
    insta::assert_snapshot!("public_report_page_anonymous", html);
}

on_both_backends!(
    the_report_form_matches_its_snapshot,
    the_public_page_of_an_anonymous_report_matches_its_snapshot,
);

//! Snapshots of the citizens' pages: the report form `/lapor` and the public page of a
//! report, `/laporan/{id}`, as a visitor without an account sees them. Both backends answer
//! against the same snapshot (`tests/snapshots/pages__*.snap`). The values that vary between
//! runs (the tracking id, the CSRF token) are replaced by placeholders; every time comes
//! from the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::Visitor;

/// The name, e-mail, phone (digits) and NIK of the testkit's reporter.
const IDENTITY: [&str; 4] = [
    "Siti Rahmawati",
    "siti.rahmawati@contoh.id",
    "81234567890",
    "3578014507900001",
];

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

/// An anonymous report, verified and dispatched to Kota Surabaya, sent on to its Bidang
/// Jalan and followed up there: public.
async fn public_anonymous_report(app: &TestApp) -> String {
    let (id, _) = app
        .submit(json!({"anonymous": true, "title": "Jalan berlubang di Jl. Ahmad Yani"}))
        .await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"});
    app.act_ok(&id, As::Token(&surabaya), to_unit).await;
    let follow = json!({"action": "follow_up", "body": "Petugas akan menambal jalan pekan ini."});
    app.act_ok(&id, As::Token(&surabaya), follow).await;
    id
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
    let id = public_anonymous_report(&app).await;
    let mut v = Visitor::new(&app);
    v.get("/").await;
    let page = v.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    for part in IDENTITY {
        assert!(!page.html.contains(part), "{part} shows on the public page");
    }
    let html = redacted(&v, &page.html, &[(&id, "tracking_id")]);
    insta::assert_snapshot!("public_report_page_anonymous", html);
}

on_both_backends!(
    the_report_form_matches_its_snapshot,
    the_public_page_of_an_anonymous_report_matches_its_snapshot,
);

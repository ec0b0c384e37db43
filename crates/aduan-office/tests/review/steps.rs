//! Steps shared by the report screen's tests: staff in a browser-less browser, reports
//! brought to a stage through the API, and reading values off a page.

use super::support::Visitor;
use super::support::multipart::Multipart;
use aduan_testkit::{As, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// The name, e-mail, phone (the digits of both `0812...` and `+62812...`) and NIK of the
/// testkit's reporter.
pub const IDENTITY: [&str; 4] = [
    "Siti Rahmawati",
    "siti.rahmawati@contoh.id",
    "81234567890",
    "3578014507900001",
];

/// A staff member logged in through the portal's form.
pub async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

/// The report screen's path.
pub fn screen(id: &str) -> String {
    format!("/kantor/laporan/{id}")
}

/// The version the page's forms carry.
pub fn version(html: &str) -> String {
    let start = html
        .find("name=\"version\" value=\"")
        .expect("the page has an action form")
        + 22;
    html[start..].split('"').next().unwrap().to_owned()
}

/// Opens the report screen (which must answer 200) and returns its HTML.
pub async fn open(v: &mut Visitor<'_>, id: &str) -> String {
    let page = v.get(&screen(id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    page.html
}

/// Sends an action form from the report screen with the page's current version; returns
/// the redirect's target after checking it is one.
pub async fn act(v: &mut Visitor<'_>, id: &str, fields: &[(&str, &str)]) -> String {
    let html = open(v, id).await;
    let version = version(&html);
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    let res = v.post_form(&format!("{}/aksi", screen(id)), &all).await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "{fields:?}: {}",
        res.html
    );
    res.location().unwrap().to_owned()
}

/// Sends the follow-up or final-answer form (multipart) with files.
pub async fn answer(
    v: &mut Visitor<'_>,
    id: &str,
    action: &str,
    body: &str,
    files: &[(&str, &str, Vec<u8>)],
) -> super::support::Page {
    let html = open(v, id).await;
    let token = v.csrf().await;
    let mut form = Multipart::new()
        .text("csrf", &token)
        .text("action", action)
        .text("version", &version(&html))
        .text("body", body);
    for (name, mime, bytes) in files {
        form = form.file("files", name, mime, bytes);
    }
    let (ct, bytes) = form.finish();
    v.request(
        Method::POST,
        &format!("{}/jawaban", screen(id)),
        Some(&ct),
        bytes,
    )
    .await
}

/// A report as the testkit's reporter submits it, with `overrides`.
pub async fn submitted(app: &TestApp, overrides: Value) -> (String, String) {
    app.submit(overrides).await
}

/// A report verified by the national admin and dispatched to Kota Surabaya.
pub async fn dispatched(app: &TestApp, overrides: Value) -> (String, String) {
    let (id, code) = submitted(app, overrides).await;
    let national = app.login("national").await;
    let to_surabaya = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), to_surabaya).await;
    (id, code)
}

/// A dispatched report that Kota Surabaya's admin sent on to its Dinas PU.
pub async fn at_dinas_pu(app: &TestApp, overrides: Value) -> (String, String) {
    let (id, code) = dispatched(app, overrides).await;
    let surabaya = app.login("surabaya").await;
    let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"});
    app.act_ok(&id, As::Token(&surabaya), to_unit).await;
    (id, code)
}

/// The reporter, in the portal with the tracking id and access code.
pub async fn reporter<'a>(app: &'a TestApp, id: &str, code: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.post_form("/lacak", &[("id", id), ("code", code)]).await;
    assert!(res.status.is_redirection(), "{}", res.html);
    v
}

/// The report's current state, as the national admin reads it through the API.
pub async fn state_of(app: &TestApp, id: &str) -> Value {
    let national = app.login("national").await;
    app.get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await
        .body
}

/// Asserts that none of the reporter's identity appears in `html`.
pub fn assert_no_identity(html: &str, whose_page: &str) {
    for part in IDENTITY {
        assert!(!html.contains(part), "{whose_page} shows {part}");
    }
}

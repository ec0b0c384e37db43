//! Steps shared by the queue's tests: staff in a browser-less browser, reports brought to a
//! stage through the API, and reading rows off the queue page.

use super::support::Visitor;
use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// The name, e-mail, phone digits and NIK of the testkit's reporter.
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

/// The queue page at `query` (e.g. `?tab=dipegang`), which must answer 200.
pub async fn queue(v: &mut Visitor<'_>, query: &str) -> String {
    let page = v.get(&format!("/kantor{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.html);
    page.html
}

/// A report submitted without an account, with `overrides`; its tracking id.
pub async fn submitted(app: &TestApp, overrides: Value) -> String {
    app.submit(overrides).await.0
}

/// A report the reporter asked Kota Makassar to handle.
pub async fn for_makassar(app: &TestApp) -> String {
    submitted(
        app,
        json!({
            "requested_agency": "kota-makassar",
            "title": "Lampu jalan padam di Jl. Pettarani",
            "location": {"text": "Jl. A. P. Pettarani, Makassar", "region_code": "73.71"}
        }),
    )
    .await
}

/// The national admin's bearer token.
pub async fn national(app: &TestApp) -> String {
    app.login("national").await
}

/// Verifies and dispatches `id` to `agency` as the national admin.
pub async fn dispatch(app: &TestApp, id: &str, agency: &str) {
    let token = national(app).await;
    let body = json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    assert_eq!(app.act_ok(id, As::Token(&token), body).await, "dispatched");
}

/// Dispatches `id` to Kota Surabaya and, as its admin, to the Dinas PU.
pub async fn at_dinas_pu(app: &TestApp, id: &str) {
    dispatch(app, id, "kota-surabaya").await;
    let token = app.login("surabaya").await;
    let body = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"});
    app.act_ok(id, As::Token(&token), body).await;
}

/// The report as the national admin sees it through the API.
pub async fn view(app: &TestApp, id: &str) -> Value {
    let token = national(app).await;
    app.get(&format!("/api/v1/reports/{id}"), As::Token(&token))
        .await
        .body
}

/// The `<li>` of report `id` in a queue page.
pub fn row<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("value=\"{id}\""))
        .or_else(|| html.find(&format!("/kantor/laporan/{id}\"")))
        .unwrap_or_else(|| panic!("{id} is listed"));
    let start = html[..at].rfind("<li").unwrap();
    let end = at + html[at..].find("</li>").unwrap();
    &html[start..end]
}

/// Whether report `id` is listed.
pub fn listed(html: &str, id: &str) -> bool {
    html.contains(&format!("/kantor/laporan/{id}\""))
}

/// Where report `id` is listed (for order).
pub fn place(html: &str, id: &str) -> usize {
    html.find(&format!("/kantor/laporan/{id}\""))
        .unwrap_or_else(|| panic!("{id} is listed"))
}

/// The `href` of the link marked `rel`, unescaped.
pub fn link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!("rel=\"{rel}\""))?;
    let start = html[..at].rfind("href=\"")? + 6;
    let end = start + html[start..].find('"')?;
    Some(html[start..end].replace("&amp;", "&").replace("&#38;", "&"))
}

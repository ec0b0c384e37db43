//! A sensitive category makes a report confidential whoever chooses it: the reporter at
//! intake, or staff at verification (SMS, e-mail and social reports arrive without one),
//! unless the reporter explicitly chose to make the report public.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use serde_json::json;

fn verify_as_sensitive() -> serde_json::Value {
    json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary",
        "category": "kekerasan-seksual"})
}

async fn a_sensitive_category_chosen_by_staff_makes_the_report_confidential_with_an_event(
    app: TestApp,
) {
    let national = app.login("national").await;
    let n = As::Token(&national);
    let (ordinary, _) = app.submit(json!({"category": "infrastruktur"})).await;
    let (uncategorised, _) = app.submit(json!({"category": null})).await;
    for id in [&ordinary, &uncategorised] {
        app.act_ok(id, n, verify_as_sensitive()).await;
        let public = app.get(&format!("/api/v1/reports/{id}"), As::Anon).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND, "{}", public.text);
        let staff = app.get(&format!("/api/v1/reports/{id}"), n).await;
        assert_eq!(staff.body["confidential"], true, "{}", staff.text);
        let events = app.get(&format!("/api/v1/reports/{id}/events"), n).await;
        let verify = &events.body["items"][1];
        assert_eq!(verify["action"], "verify_dispatch");
        assert_eq!(verify["payload"]["confidential"], true, "{}", events.text);
        assert_eq!(
            verify["payload"]["confidential_reason"],
            "sensitive_category"
        );
        let list = app.get("/api/v1/reports?limit=100", As::Anon).await;
        assert!(!list.text.contains(id.as_str()), "not in the public list");
    }
}

async fn a_reporter_who_explicitly_chose_public_stays_public_in_a_sensitive_category(app: TestApp) {
    let national = app.login("national").await;
    let (id, _) = app
        .submit(json!({"category": "infrastruktur", "confidential": false}))
        .await;
    app.act_ok(&id, As::Token(&national), verify_as_sensitive())
        .await;
    let public = app.get(&format!("/api/v1/reports/{id}"), As::Anon).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(public.body["confidential"], false);
    let events = app
        .get(&format!("/api/v1/reports/{id}/events"), As::Anon)
        .await;
    let verify = &events.body["items"][1];
    assert_eq!(verify["action"], "verify_dispatch", "{}", events.text);
    assert!(verify["payload"].get("confidential").is_none());
}

on_both_backends!(
    a_sensitive_category_chosen_by_staff_makes_the_report_confidential_with_an_event,
    a_reporter_who_explicitly_chose_public_stays_public_in_a_sensitive_category,
);

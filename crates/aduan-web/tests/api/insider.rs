//! A staff member who filed a report of their own is its reporter whenever they show its access
//! code, even from a client that also holds their staff session: nothing they do on it carries
//! their role, agency or unit.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn a_staff_member_showing_the_code_acts_on_their_own_report_as_its_reporter(app: TestApp) {
    let surabaya = app.login("surabaya").await;
    let filed = app
        .post(
            "/api/v1/reports",
            As::Token(&surabaya),
            aduan_testkit::report_body(json!({
                "anonymous": true, "reporter": null, "requested_agency": "kota-surabaya"
            })),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["tracking_id"].as_str().unwrap().to_owned();
    let code = filed.body["access_code"].as_str().unwrap().to_owned();

    // The admin of the requested agency, holding the code, adds information as the reporter.
    let add = app
        .send(
            Method::POST,
            &format!("/api/v1/reports/{id}/actions"),
            As::Token(&surabaya),
            Some(json!({"action": "add_info", "body": "Lubangnya makin lebar sejak kemarin."})),
            &[("x-access-code", code.as_str())],
        )
        .await;
    assert_eq!(add.status, StatusCode::OK, "{}", add.text);
    let events = app.store.list_events(&id.parse().unwrap()).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.action, aduan_domain::lifecycle::ActionKind::AddInfo);
    assert_eq!(last.role, aduan_domain::Role::Reporter);
    assert!(
        !serde_json::to_string(&last.payload)
            .unwrap()
            .contains("kota-surabaya"),
        "no agency stamp: {:?}",
        last.payload
    );

    // Without the code the same session is the agency's admin again, who may not withdraw.
    let as_staff = app
        .act(&id, As::Token(&surabaya), json!({"action": "withdraw"}))
        .await;
    assert_eq!(as_staff.status, StatusCode::FORBIDDEN, "{}", as_staff.text);
}

on_both_backends!(a_staff_member_showing_the_code_acts_on_their_own_report_as_its_reporter);

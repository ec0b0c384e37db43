//! Every error code of the API, with its status; bad input never gives a 500.

use crate::common::{As, TestApp, report_body};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn code(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("<none>")
}

async fn each_error_has_its_status_and_stable_code(app: TestApp) {
    let reports = "/api/v1/reports";
    let (s, b) = raw(&app, reports, "application/json", b"{\"kind\": ".to_vec()).await;
    assert_eq!(
        (s, code(&b)),
        (StatusCode::BAD_REQUEST, "invalid_request"),
        "malformed JSON"
    );
    let (s, b) = raw(&app, reports, "text/plain", b"hello".to_vec()).await;
    assert_eq!(
        (s, code(&b)),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let wrong_type = report_body(json!({"anonymous": "sometimes"}));
    let (s, b) = raw(
        &app,
        reports,
        "application/json",
        wrong_type.to_string().into_bytes(),
    )
    .await;
    assert_eq!(
        (s, code(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        "{b}"
    );
    assert_eq!(b["fields"]["anonymous"], "invalid");
    let missing = json!({"kind": "complaint", "title": "x"});
    let (s, b) = raw(
        &app,
        reports,
        "application/json",
        missing.to_string().into_bytes(),
    )
    .await;
    assert_eq!(
        (s, b["fields"]["body"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("required")),
        "{b}"
    );
    let bad_values = report_body(
        json!({"kind": "gossip", "requested_agency": "kota-atlantis", "reporter": {"name": "A", "nik": "123"}}),
    );
    let (s, b) = raw(
        &app,
        reports,
        "application/json",
        bad_values.to_string().into_bytes(),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        b["fields"],
        json!({"kind": "invalid", "requested_agency": "unknown_agency", "reporter.nik": "invalid_nik"})
    );
    let huge = report_body(json!({"body": "a".repeat(70 * 1024)}));
    let (s, b) = raw(
        &app,
        reports,
        "application/json",
        huge.to_string().into_bytes(),
    )
    .await;
    assert_eq!(
        (s, code(&b)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );

    let (id, code_) = app.submit(json!({})).await;
    let me = As::Code(&code_);
    let r = app.act(&id, me, json!({"action": "teleport"})).await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_action")
    );
    let r = app.act(&id, me, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::FORBIDDEN, "action_forbidden"),
        "the reporter may see but not verify"
    );
    let national = app.login("national").await;
    let n = As::Token(&national);
    let r = app.act(&id, n, json!({"action": "archive"})).await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    let r = app
        .act(&id, n, json!({"action": "postpone", "reason": "  "}))
        .await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    let r = app
        .act(&id, n, json!({"action": "follow_up", "body": "x"}))
        .await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::CONFLICT, "illegal_transition")
    );
    app.act_ok(
        &id,
        n,
        json!({"action": "postpone", "reason": "Lengkapi alamat.", "version": 1}),
    )
    .await;
    let r = app
        .act(
            &id,
            n,
            json!({"action": "archive", "reason": "spam", "version": 1}),
        )
        .await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::CONFLICT, "conflict"),
        "a stale version"
    );
    let r = app
        .send(
            Method::POST,
            &format!("/api/v1/reports/{id}/actions"),
            n,
            Some(json!({"action": "archive", "reason": "spam"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(code(&r.body), "conflict", "a stale If-Match");
    let r = app.act(&id, As::Anon, json!({"action": "withdraw"})).await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::NOT_FOUND, "not_found"),
        "not visible is 404, not 403"
    );
    let r = app.get("/api/v1/reports/NOTANID", As::Anon).await;
    assert_eq!(
        (r.status, code(&r.body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let r = app
        .get("/api/v1/reports?status=lost&limit=0", As::Anon)
        .await;
    assert_eq!(
        r.body["fields"],
        json!({"status": "invalid", "limit": "out_of_range"}),
        "{}",
        r.text
    );
}

#[test]
fn every_error_code_has_a_message_in_both_languages() {
    for code in aduan_app::error::ERROR_CODES {
        for lang in aduan_i18n::Lang::ALL {
            assert!(
                aduan_i18n::catalogue().has(lang, &format!("api-error-{code}")),
                "no {lang} message for {code}"
            );
        }
    }
}

async fn an_error_message_follows_the_callers_language_and_keeps_its_code(app: TestApp) {
    let en = app
        .send(
            Method::GET,
            "/api/v1/reports/NOTANID",
            As::Anon,
            None,
            &[("accept-language", "en-US,en;q=0.9")],
        )
        .await;
    assert_eq!(code(&en.body), "not_found");
    assert_eq!(en.body["message"], "Not found.");
    let id = app.get("/api/v1/reports/NOTANID", As::Anon).await;
    assert_eq!(code(&id.body), "not_found");
    assert_eq!(id.body["message"], "Tidak ditemukan.");
    let bad = app
        .send(
            Method::GET,
            "/api/v1/reports?status=lost",
            As::Anon,
            None,
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(bad.body["message"], "Some fields are not valid.");
    assert_eq!(bad.body["fields"], json!({"status": "invalid"}));
}

/// What an action's body lacks is told only to whoever may act on the report: to anyone else,
/// a confidential report answers exactly as one that does not exist, whatever the body.
async fn an_action_on_a_report_hidden_from_the_caller_answers_as_one_that_does_not_exist(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({"confidential": true})).await;
    let citizen = app.login("citizen").await;
    for who in [As::Anon, As::Token(&citizen)] {
        for body in [
            json!({}),
            json!({"action": "dance"}),
            json!({"action": "note"}),
        ] {
            let hidden = app
                .post(&format!("/api/v1/reports/{id}/actions"), who, body.clone())
                .await;
            let absent = app
                .post("/api/v1/reports/ZZZZZZZZZZ/actions", who, body.clone())
                .await;
            assert_eq!(
                hidden.status,
                StatusCode::NOT_FOUND,
                "{body}: {}",
                hidden.text
            );
            assert_eq!(hidden.body, absent.body, "{body}");
        }
    }
    // Its reporter, by the access code in the body, and the national admin, who see it, are
    // told what the action lacks.
    let national = app.login("national").await;
    for (who, body) in [
        (As::Anon, json!({"action": "dance", "access_code": code})),
        (As::Token(&national), json!({"action": "dance"})),
    ] {
        let told = app
            .post(&format!("/api/v1/reports/{id}/actions"), who, body)
            .await;
        assert_eq!(
            told.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            told.text
        );
        assert_eq!(told.body["code"], "unknown_action");
    }
}

on_both_backends!(
    an_action_on_a_report_hidden_from_the_caller_answers_as_one_that_does_not_exist,
    each_error_has_its_status_and_stable_code,
    an_error_message_follows_the_callers_language_and_keeps_its_code
);

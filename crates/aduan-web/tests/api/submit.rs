//! Submission: idempotency, sensitive categories, staff intake, logged-in citizens.

use crate::common::{As, TestApp, report_body};
use crate::on_both_backends;
use aduan_store::{ListScope, ReportFilter};
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn the_same_idempotency_key_twice_gives_one_report(app: TestApp) {
    let key = [("idempotency-key", "b0a4f2c1-lapor-1")];
    let first = app
        .send(
            Method::POST,
            "/api/v1/reports",
            As::Anon,
            Some(report_body(json!({}))),
            &key,
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["replayed"], false);
    let again = app
        .send(
            Method::POST,
            "/api/v1/reports",
            As::Anon,
            Some(report_body(json!({}))),
            &key,
        )
        .await;
    assert_eq!(again.body["tracking_id"], first.body["tracking_id"]);
    assert_eq!(
        (
            again.body["status"].as_str(),
            again.body["replayed"].as_bool()
        ),
        (Some("submitted"), Some(true))
    );
    assert!(
        again.body.get("access_code").is_none(),
        "a replay never repeats the access code"
    );
    let all = app
        .store
        .list_reports(&ListScope::All, &ReportFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

async fn a_sensitive_category_without_a_choice_becomes_confidential(app: TestApp) {
    let national = app.login("national").await;
    let n = As::Token(&national);
    let (quiet, _) = app.submit(json!({"category": "kekerasan-seksual"})).await;
    let (public, _) = app
        .submit(json!({"category": "kekerasan-seksual", "confidential": false}))
        .await;
    let (plain, _) = app.submit(json!({})).await;
    let expect = [(&quiet, true), (&public, false), (&plain, false)];
    for (id, confidential) in expect {
        let view = app.get(&format!("/api/v1/reports/{id}"), n).await;
        assert_eq!(view.body["confidential"], confidential, "{id}");
    }
    let r = app
        .post(
            "/api/v1/reports",
            As::Anon,
            report_body(json!({"category": "corona-virus"})),
        )
        .await;
    assert_eq!(
        r.body["fields"]["category"], "category_inactive",
        "a finished campaign topic is closed"
    );
}

async fn staff_file_a_walk_in_report_and_hand_over_the_access_code(app: TestApp) {
    let surabaya = app.login("surabaya").await;
    let body = json!({
        "kind": "complaint", "title": "Antrean KTP", "body": "Pelapor datang langsung: antrean KTP-el tiga hari.",
        "channel": "walk_in", "requested_agency": "kota-surabaya",
        "on_behalf": {"reporter": {"name": "Pak Darmo", "phone": "0813 1111 2222"}, "anonymous": false}
    });
    let r = app
        .post("/api/v1/reports", As::Token(&surabaya), body.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let code = r.body["access_code"].as_str().unwrap();
    let id = r.body["tracking_id"].as_str().unwrap();
    let own = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(code))
        .await;
    assert_eq!(
        (
            own.body["channel"].as_str(),
            own.body["reporter"]["phone"].as_str()
        ),
        (Some("walk_in"), Some("+6281311112222"))
    );
    let citizen = app.post("/api/v1/reports", As::Anon, body).await;
    assert_eq!(
        citizen.body["code"], "action_forbidden",
        "only staff file on behalf"
    );
    let ksp = app.login("ksp").await;
    let mut by_ksp = report_body(json!({"channel": "walk_in"}));
    by_ksp["on_behalf"] = json!({"reporter": {"name": "X", "phone": "081311112223"}});
    let r = app.post("/api/v1/reports", As::Token(&ksp), by_ksp).await;
    assert_eq!(
        r.body["code"], "action_forbidden",
        "supervisors only read: {}",
        r.text
    );
}

async fn a_logged_in_citizen_reports_without_an_access_code_and_lists_their_own(app: TestApp) {
    let token = app.login("citizen").await;
    let me = As::Token(&token);
    let r = app
        .post(
            "/api/v1/reports",
            me,
            report_body(json!({"reporter": null})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.body.get("access_code").is_none());
    let id = r.body["tracking_id"].as_str().unwrap();
    let own = app.get(&format!("/api/v1/reports/{id}"), me).await;
    assert_eq!(own.body["reporter"]["name"], "Akun citizen");
    app.act_ok(id, me, json!({"action": "add_info", "body": "Tambahan."}))
        .await;
    let mine = app.get("/api/v1/reports?mine=true", me).await;
    assert_eq!(
        mine.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        mine.text
    );
    let public = app.get("/api/v1/reports", me).await;
    assert!(
        public.body["items"].as_array().unwrap().is_empty(),
        "not yet verified: not public"
    );
}

on_both_backends!(
    the_same_idempotency_key_twice_gives_one_report,
    a_sensitive_category_without_a_choice_becomes_confidential,
    staff_file_a_walk_in_report_and_hand_over_the_access_code,
    a_logged_in_citizen_reports_without_an_access_code_and_lists_their_own,
);

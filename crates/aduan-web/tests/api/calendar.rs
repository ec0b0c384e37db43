//! The working-day calendar through the API: read by anyone, edited by the national admin,
//! every edit audited and felt at once by the deadlines the app computes.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

fn idul_fitri(date: &str, kind: &str) -> Value {
    json!({"date": date, "name": "Idulfitri 1447 H", "kind": kind,
        "source": "SKB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025"})
}

async fn delete(app: &TestApp, date: &str, who: As<'_>) -> crate::common::Res {
    app.send(
        Method::DELETE,
        &format!("/api/v1/calendar/{date}"),
        who,
        None,
        &[],
    )
    .await
}

async fn dates(app: &TestApp, query: &str) -> Vec<String> {
    let res = app.get(&format!("/api/v1/calendar{query}"), As::Anon).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_owned())
        .collect()
}

async fn anyone_lists_the_calendar_of_a_year_by_date(app: TestApp) {
    let national = app.login("national").await;
    for (date, kind) in [
        ("2026-03-24", "cuti_bersama"),
        ("2026-03-20", "cuti_bersama"),
        ("2027-03-10", "libur_nasional"),
    ] {
        let r = app
            .post(
                "/api/v1/calendar",
                As::Token(&national),
                idul_fitri(date, kind),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    assert_eq!(
        dates(&app, "?year=2026").await,
        ["2026-03-20", "2026-03-24"]
    );
    assert_eq!(
        dates(&app, "").await,
        ["2026-03-20", "2026-03-24"],
        "the current year by default"
    );
    assert_eq!(dates(&app, "?year=2027").await, ["2027-03-10"]);
    assert!(dates(&app, "?year=2025").await.is_empty());
    let listed = app.get("/api/v1/calendar?year=2026", As::Anon).await;
    let first = &listed.body["items"][0];
    assert!(listed.body["next_cursor"].is_null(), "a year comes whole");
    assert_eq!(
        (&first["name"], &first["kind"]),
        (&json!("Idulfitri 1447 H"), &json!("cuti_bersama"))
    );
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .starts_with("SKB Nomor 1497")
    );
    let bad = app.get("/api/v1/calendar?year=99999", As::Anon).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["fields"]["year"], "out_of_range");
}

async fn the_national_admin_adds_and_removes_dates_and_each_edit_is_audited(app: TestApp) {
    let national = app.login("national").await;
    let added = app
        .post(
            "/api/v1/calendar",
            As::Token(&national),
            json!({"date": "2026-04-02", "name": "  Libur tambahan  ", "kind": "other"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["date"], "2026-04-02");
    assert_eq!(added.body["name"], "Libur tambahan", "trimmed");
    assert_eq!(added.body["source"], Value::Null);
    assert_eq!(added.body["reports_moved"], 0);

    let again = app
        .post(
            "/api/v1/calendar",
            As::Token(&national),
            json!({"date": "2026-04-02", "name": "Lagi", "kind": "libur_nasional"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert_eq!(again.body["code"], "conflict");
    assert!(
        again.body["message"]
            .as_str()
            .unwrap()
            .contains("2026-04-02")
    );

    for (body, field) in [
        (
            json!({"date": "2026-04-03", "name": " ", "kind": "other"}),
            "name",
        ),
        (
            json!({"date": "2026-04-03", "name": "X", "kind": "libur"}),
            "kind",
        ),
        (
            json!({"date": "3 April", "name": "X", "kind": "other"}),
            "date",
        ),
    ] {
        let r = app
            .post("/api/v1/calendar", As::Token(&national), body)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains(field), "{field}: {}", r.text);
    }

    let removed = delete(&app, "2026-04-02", As::Token(&national)).await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text);
    assert_eq!(removed.body["name"], "Libur tambahan");
    assert!(dates(&app, "?year=2026").await.is_empty());
    let gone = delete(&app, "2026-04-02", As::Token(&national)).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let bad = delete(&app, "kemarin", As::Token(&national)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let (audit, _, _) = app.store.list_audit().await.unwrap();
    let national_id = app
        .store
        .find_user_by_login("national@uji.go.id")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let edits: Vec<(&str, &str, &str)> = audit
        .iter()
        .filter(|e| e.action.starts_with("calendar."))
        .map(|e| (e.action.as_str(), e.subject.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        edits,
        [
            ("calendar.add", "calendar:2026-04-02", national_id.as_str()),
            (
                "calendar.remove",
                "calendar:2026-04-02",
                national_id.as_str()
            ),
        ],
        "one entry per edit that happened, none for the refused ones"
    );
}

async fn only_the_national_admin_edits_the_calendar(app: TestApp) {
    let body = idul_fitri("2026-03-20", "cuti_bersama");
    let anon = app.post("/api/v1/calendar", As::Anon, body.clone()).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    for key in ["surabaya", "ombudsman", "citizen"] {
        let token = app.login(key).await;
        let r = app
            .post("/api/v1/calendar", As::Token(&token), body.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{key}: {}", r.text);
        assert_eq!(r.body["code"], "action_forbidden");
    }
    let national = app.login("national").await;
    let ok = app
        .post("/api/v1/calendar", As::Token(&national), body)
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let surabaya = app.login("surabaya").await;
    let r = delete(&app, "2026-03-20", As::Token(&surabaya)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        dates(&app, "?year=2026").await,
        ["2026-03-20"],
        "still listed"
    );
}

async fn verification_due(app: &TestApp, id: &str, token: &str) -> String {
    let r = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["sla"]["phase"], "verification", "{}", r.text);
    r.body["sla"]["due_at"].as_str().unwrap().to_owned()
}

async fn a_holiday_added_moves_an_open_deadline_at_once_and_records_it(app: TestApp) {
    // Submitted Monday 2 March 2026, 09:00 WIB: verification is due at the end of Thursday.
    let (id, _) = app.submit(json!({})).await;
    let national = app.login("national").await;
    let due = verification_due(&app, &id, &national).await;
    assert!(due.starts_with("2026-03-05T23:59:59"), "{due}");

    let added = app
        .post(
            "/api/v1/calendar",
            As::Token(&national),
            json!({"date": "2026-03-04", "name": "Libur mendadak", "kind": "other"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["reports_moved"], 1);
    let due = verification_due(&app, &id, &national).await;
    assert!(
        due.starts_with("2026-03-06T23:59:59"),
        "one day later: {due}"
    );

    let removed = delete(&app, "2026-03-04", As::Token(&national)).await;
    assert_eq!(removed.body["reports_moved"], 1);
    let due = verification_due(&app, &id, &national).await;
    assert!(due.starts_with("2026-03-05T23:59:59"), "back again: {due}");

    let events = app
        .get(
            &format!("/api/v1/reports/{id}/events"),
            As::Token(&national),
        )
        .await;
    let moved = events.text.matches("deadline_moved").count();
    assert_eq!(moved, 2, "{}", events.text);
}

on_both_backends!(
    anyone_lists_the_calendar_of_a_year_by_date,
    the_national_admin_adds_and_removes_dates_and_each_edit_is_audited,
    only_the_national_admin_edits_the_calendar,
    a_holiday_added_moves_an_open_deadline_at_once_and_records_it,
);

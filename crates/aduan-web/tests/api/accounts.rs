//! Login by e-mail or phone, sessions that expire and are revoked, registration.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::json;

async fn a_citizen_registers_logs_in_by_phone_and_logs_out(app: TestApp) {
    let r = app
        .post(
            "/api/v1/auth/register",
            As::Anon,
            json!({"name": "Budi", "phone": "0812-9999-0000", "password": "kata-sandi-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["role"], "citizen");
    let bad = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "081299990000", "password": "salah"}),
        )
        .await;
    assert_eq!(
        (bad.status, bad.body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_credentials"))
    );
    let ok = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "0812 9999 0000", "password": "kata-sandi-1"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    let cookie = ok.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with("aduan_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let token = ok.body["token"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/me", As::Token(token)).await.body["name"],
        "Budi"
    );
    assert_eq!(
        app.post("/api/v1/auth/logout", As::Token(token), json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/me", As::Token(token)).await.status,
        StatusCode::UNAUTHORIZED,
        "revoked"
    );
    let dup = app
        .post(
            "/api/v1/auth/register",
            As::Anon,
            json!({"name": "B", "phone": "081299990000", "password": "kata-sandi-2"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    let weak = app
        .post(
            "/api/v1/auth/register",
            As::Anon,
            json!({"name": "C", "email": "c@contoh", "password": "pendek"}),
        )
        .await;
    assert_eq!(
        weak.body["fields"],
        json!({"email": "invalid_email", "password": "password_too_short"})
    );
}

async fn a_session_expires_and_a_disabled_account_cannot_log_in(app: TestApp) {
    let alias = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"email": "ksp@uji.go.id", "password": "rahasia-ksp"}),
        )
        .await;
    assert_eq!(alias.status, StatusCode::OK, "email is an alias of login");
    let token = app.login("national").await;
    assert_eq!(
        app.get("/api/v1/me", As::Token(&token)).await.body["role"],
        "national_admin"
    );
    app.clock.advance(Duration::hours(13));
    assert_eq!(
        app.get("/api/v1/me", As::Token(&token)).await.status,
        StatusCode::UNAUTHORIZED,
        "expired"
    );
    let user = app
        .store
        .find_user_by_login("dinkes@uji.go.id")
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_user_disabled(
            user.id,
            true,
            "test",
            aduan_domain::TimeSource::now(app.clock.as_ref()),
        )
        .await
        .unwrap();
    let r = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "dinkes@uji.go.id", "password": "rahasia-dinkes"}),
        )
        .await;
    assert_eq!(r.body["code"], "invalid_credentials");
}

on_both_backends!(
    a_citizen_registers_logs_in_by_phone_and_logs_out,
    a_session_expires_and_a_disabled_account_cannot_log_in,
);

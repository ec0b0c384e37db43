//! Login by e-mail or phone, sessions that expire and are revoked, registration by confirmed
//! address that answers the same whether or not the address has an account.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::json;

async fn a_citizen_registers_logs_in_by_phone_and_logs_out(app: TestApp) {
    let r = app
        .register_confirmed(
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

async fn registering_answers_the_same_for_a_taken_address_and_only_its_owner_hears_of_it(
    app: TestApp,
) {
    let body = |email: &str| json!({"name": "Penyamar", "email": email, "password": "kata-sandi-1", "language": "en"});
    let taken = app
        .post("/api/v1/auth/register", As::Anon, body("citizen@uji.go.id"))
        .await;
    let fresh = app
        .post("/api/v1/auth/register", As::Anon, body("baru@contoh.id"))
        .await;
    assert_eq!(taken.status, StatusCode::ACCEPTED, "{}", taken.text);
    assert_eq!(
        (taken.status, &taken.body),
        (fresh.status, &fresh.body),
        "the same answer either way"
    );
    assert_eq!(
        taken.body,
        json!({"status": "confirmation_sent", "sent_to": "email"})
    );

    let outbox = app.store.list_outbox(None, 50).await.unwrap();
    let to = |who: &str| {
        outbox
            .iter()
            .filter(|m| m.recipient == who)
            .map(|m| m.template.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(to("citizen@uji.go.id"), ["account_exists"]);
    assert_eq!(to("baru@contoh.id"), ["account_confirm"]);
    assert!(
        outbox
            .iter()
            .all(|m| m.language == aduan_store::Language::En),
        "in the language asked"
    );
    // The owner's password is untouched and nobody can log in as the newcomer yet.
    let login = |login: &str, password: &str| json!({"login": login, "password": password});
    let owner = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            login("citizen@uji.go.id", "rahasia-citizen"),
        )
        .await;
    assert_eq!(owner.status, StatusCode::OK);
    let early = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            login("baru@contoh.id", "kata-sandi-1"),
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNAUTHORIZED,
        "not before the link is used"
    );
    // Registering the taken address again within the hour writes no second notice.
    app.post("/api/v1/auth/register", As::Anon, body("citizen@uji.go.id"))
        .await;
    let again = app.store.list_outbox(None, 50).await.unwrap();
    assert_eq!(again.len(), outbox.len(), "one notice an hour");
}

async fn a_confirmation_link_creates_the_account_once_and_not_after_a_day(app: TestApp) {
    let body = |email: &str| json!({"name": "Sari", "email": email, "password": "kata-sandi-1"});
    let created = app.register_confirmed(body("sari@contoh.id")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["email"], "sari@contoh.id");
    let token = app.link_token("account_confirm", "sari@contoh.id").await;
    let confirm = |password: &str| json!({"token": token, "password": password});
    let twice = app
        .post("/api/v1/auth/confirm", As::Anon, confirm("kata-sandi-1"))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(twice.body["fields"], json!({"token": "invalid_or_expired"}));
    let ok = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "sari@contoh.id", "password": "kata-sandi-1"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    let late = app
        .post("/api/v1/auth/register", As::Anon, body("lambat@contoh.id"))
        .await;
    assert_eq!(late.status, StatusCode::ACCEPTED);
    let token = app.link_token("account_confirm", "lambat@contoh.id").await;
    let wrong = app
        .post(
            "/api/v1/auth/confirm",
            As::Anon,
            json!({"token": token, "password": "sandi-orang-lain"}),
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNAUTHORIZED,
        "only with the password chosen"
    );
    app.clock.advance(Duration::hours(24));
    let expired = app
        .post(
            "/api/v1/auth/confirm",
            As::Anon,
            json!({"token": token, "password": "kata-sandi-1"}),
        )
        .await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .find_user_by_login("lambat@contoh.id")
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_taken_phone_beside_a_new_e_mail_is_neither_told_nor_kept(app: TestApp) {
    let owner = app
        .register_confirmed(
            json!({"name": "Budi", "phone": "081299990001", "password": "kata-sandi-1"}),
        )
        .await;
    assert_eq!(owner.status, StatusCode::CREATED, "{}", owner.text);
    let body = json!({
        "name": "Penyamar", "email": "penyamar@contoh.id", "phone": "0812-9999-0001",
        "password": "kata-sandi-2"
    });
    let created = app.register_confirmed(body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(
        created.body["phone"],
        serde_json::Value::Null,
        "the taken phone is left out"
    );
    let outbox = app.store.list_outbox(None, 50).await.unwrap();
    assert!(
        !outbox.iter().any(|m| m.template == "account_exists"),
        "the phone's owner is not written to, and the e-mail is not told"
    );
}

async fn an_address_hears_from_registration_a_few_times_an_hour_and_the_answer_stays_the_same(
    app: TestApp,
) {
    let body = json!({"name": "Sari", "email": "banjir@contoh.id", "password": "kata-sandi-1"});
    for _ in 0..5 {
        let r = app
            .post("/api/v1/auth/register", As::Anon, body.clone())
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
        assert_eq!(r.body["status"], "confirmation_sent");
    }
    let outbox = app.store.list_outbox(None, 50).await.unwrap();
    let sent = outbox
        .iter()
        .filter(|m| m.recipient == "banjir@contoh.id")
        .count();
    assert_eq!(sent, 3, "three messages an hour to one address");
}

on_both_backends!(
    a_taken_phone_beside_a_new_e_mail_is_neither_told_nor_kept,
    an_address_hears_from_registration_a_few_times_an_hour_and_the_answer_stays_the_same,
    registering_answers_the_same_for_a_taken_address_and_only_its_owner_hears_of_it,
    a_confirmation_link_creates_the_account_once_and_not_after_a_day,
    a_citizen_registers_logs_in_by_phone_and_logs_out,
    a_session_expires_and_a_disabled_account_cannot_log_in,
);
